"""The organisation and its people from the region's own catalogues (CSV or XLSX).

Each import reads the whole file, checks every row, works out the differences against what
Sakra holds (a `Plan` of `Change`s, worded in Swedish for the dry run) and only then applies
them, in one transaction: a file with one bad row changes nothing. Running the same file again
finds no differences.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sakra.core.validation import check_text
from sakra.incidents.importer import RowError, UnreadableFile, read_rows

__all__ = ["Change", "ImportRefused", "Plan", "RowError", "UnreadableFile", "read_rows"]


@dataclass(frozen=True)
class Change:
    """One difference between the file and Sakra: a kind (new, renamed …) and its wording."""

    kind: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Plan:
    """The differences an import found, applied or (in a dry run) only shown."""

    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0

    def add(self, kind: str, text: str) -> None:
        self.changes.append(Change(kind, text))

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)


class ImportRefused(Exception):
    """The file has errors; nothing was changed. `errors` says where and why."""

    def __init__(self, errors: list):
        self.errors = errors
        super().__init__(_("{count} errors; nothing was changed.").format(count=len(errors)))


TRUE = frozenset({"1", "true", "yes", "ja", "x"})
FALSE = frozenset({"", "0", "false", "no", "nej"})


def clean_rows(path, errors: list[RowError], limits: dict[str, int]) -> Iterator[tuple[int, dict]]:
    """The file's non-empty rows with their numbers, every cell checked, read as they are
    needed (an import of people takes them a thousand at a time)."""
    for number, row in enumerate(read_rows(path), start=2):
        ok = True
        for column, text in list(row.items()):
            try:
                row[column] = check_text(text)
            except ValidationError as exc:
                errors.append(RowError(number, column, exc.messages[0]))
                ok = False
        for column, limit in limits.items():
            if len(row.get(column) or "") > limit:
                errors.append(
                    RowError(number, column, _("at most {limit} characters").format(limit=limit))
                )
                ok = False
        if ok and any(row.values()):
            yield number, row
