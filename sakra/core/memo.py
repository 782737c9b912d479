"""A small per-process memo for values that are a pure function of their key.

Not a cache to invalidate: the key names everything the value is made of, so a change to
any of it is a new key, and old entries age out, the least recently used first. Nothing in
it outlives the process or is shared between processes, and nothing needs a signal to stay
right. Put in the key what the value depends on (the user, the language, the rows read for
the request), never a stand-in for it such as a time or a version number kept elsewhere.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    """At most `size` values by key; `get(key, compute)` computes a value once per key."""

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()  # outside the lock: two threads may both compute, never wrongly
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
