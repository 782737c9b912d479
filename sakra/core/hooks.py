"""Extension points that let each app plug in without `core` knowing any domain.

An app may provide `demo.py` with `load(out) -> list[str]` (demo data, idempotent; returns
lines to print), and `tasks.py` with `PERIODIC`, a list of tasks the worker enqueues once a
minute (each must be idempotent).
"""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> Iterator[ModuleType]:
    """The `name` module of every Sakra app that has one, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("sakra."):
            continue
        try:
            yield import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise


def enqueue_periodic_tasks() -> int:
    """Enqueue every app's periodic tasks once; returns how many were enqueued."""
    count = 0
    for module in app_modules("tasks"):
        for task in getattr(module, "PERIODIC", ()):
            task.enqueue()
            count += 1
    return count
