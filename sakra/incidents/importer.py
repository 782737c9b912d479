"""Importing history from the previous deviation system (CSV or XLSX), all or nothing.

Columns (the header row names them; order is free; see docs/user/incidents.md):
external_id*, category* (code), unit* (code), site (code), occurred_at* (local time,
YYYY-MM-DD HH:MM), aware_at, description*, immediate_measures, people_harmed, police_reported,
severity (1–4), status (default closed), dismissed_reason, near_miss (yes/no), and for a
disruption of critical supply: supply (code or name), disruption_started_at,
disruption_ended_at, disruption_hours.  * = required.

Rows whose external_id is already in Sakra are skipped, so re-running a file adds nothing.
Imported rows store no reporter, create no reporting obligations and notify nobody: they are
history.
"""

from __future__ import annotations

import csv
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core import bulk
from sakra.core.audit import log_rows_created
from sakra.core.validation import MAX_INTEGER, check_date, check_no_marking, check_text
from sakra.organisation.choices import UnitKind
from sakra.organisation.models import Site, Unit

from . import summary
from .choices import SUPPLY_CHOICES, Severity, Status
from .disruptions import check_disruption
from .models import LOCAL_ZONE, Incident, IncidentCategory
from .services import allocate_references, validate_report
from .uploads import check_zip

COLUMNS = [
    "external_id", "category", "unit", "site", "occurred_at", "aware_at", "description",
    "immediate_measures", "people_harmed", "police_reported", "severity", "status",
    "dismissed_reason", "near_miss", "supply", "disruption_started_at", "disruption_ended_at",
    "disruption_hours",
]  # fmt: skip
REQUIRED = ["external_id", "category", "unit", "occurred_at", "description"]
#: The longest text each column takes (the report form's limits).
LIMITS = {"external_id": 100, "description": 5000, "immediate_measures": 5000,
          "dismissed_reason": 2000}  # fmt: skip
#: Rows per insert: large enough to amortise the round trips, small enough to keep memory low.
BATCH_SIZE = 1000
TRUE = {"1", "true", "yes", "ja", "x"}
FALSE = {"", "0", "false", "no", "nej"}


@dataclass
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("Row {row}, column {column}: {reason}").format(
            row=self.row, column=self.column, reason=self.reason
        )


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


class UnreadableFile(ValueError):
    """The file is no UTF-8 CSV or readable workbook; the message says why."""


class ImportFailed(Exception):
    def __init__(self, result: ImportResult):
        self.result = result
        super().__init__(
            _("{count} errors; nothing was imported.").format(count=len(result.errors))
        )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The data rows as dicts keyed by lower-case column name, read as they are needed.

    Row numbers start at 2. An unreadable file raises UnreadableFile while being read.
    """
    values = _workbook_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    header = next(values, None)
    if header is None:
        return
    header = [str(h).strip().lower() for h in header]
    for row in values:
        yield dict(zip(header, (str(v).strip() for v in row), strict=False))


def _csv_rows(path: Path) -> Iterator[list[str]]:
    not_utf8 = _("The file is not UTF-8 text: save it as “CSV UTF-8” and try again.")
    try:
        with path.open(encoding="utf-8-sig", newline="") as source:
            try:
                # The header line alone: a long cell further down can mislead the sniffer.
                dialect = csv.Sniffer().sniff(source.readline(), delimiters=";,\t")
            except csv.Error:
                dialect = csv.excel  # one column, or no delimiter found: the header check tells
            source.seek(0)
            yield from csv.reader(source, dialect)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(not_utf8) from exc
    except csv.Error as exc:
        raise UnreadableFile(_("The file is not a readable CSV file: {error}").format(
            error=exc)) from exc  # fmt: skip


def _workbook_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = UnreadableFile(_("The file is not a readable Excel workbook (.xlsx)."))
    try:
        check_zip(path.read_bytes())  # a zip bomb is refused before anything is unpacked
    except ValidationError as exc:
        raise UnreadableFile(" ".join(exc.messages)) from exc
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            for row in book.active.iter_rows(values_only=True):
                yield [_cell(v) for v in row]
        finally:
            book.close()
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise unreadable from exc


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("T", " "))
    try:
        check_date(moment)
    except ValidationError as exc:
        raise ValueError(value) from exc
    return timezone.make_aware(moment, LOCAL_ZONE) if timezone.is_naive(moment) else moment


def _names(choices) -> dict[str, object]:
    """A choice by its code or its label, in lower case: looked up once per import."""
    names = {}
    for code, label in choices:
        names[str(label).lower()] = code
        names[str(code).lower()] = code
    return names


def _choice(value: str, names: dict, default):
    if not value:
        return default
    try:
        return names[value.strip().lower()]
    except KeyError:
        raise ValueError(value) from None


class _Lookups:
    """The reference rows a row names, read once per import (three queries)."""

    def __init__(self):
        self.categories = {c.code: c for c in IncidentCategory.objects.all()}
        self.units = {u.code: u for u in Unit.objects.all()}
        self.sites = {s.code: s for s in Site.objects.all()}
        self.severities = _names(Severity.choices)
        self.statuses = _names(Status.choices)
        self.supplies = _names(SUPPLY_CHOICES)
        # A unit's administration from its path, as `Unit.administration` finds it (a query
        # per unit there).
        by_path = {u.path: u for u in self.units.values() if u.kind == UnitKind.ADMINISTRATION}
        self.administrations = {
            unit.pk: unit if unit.kind == UnitKind.ADMINISTRATION else next(
                (by_path[p] for step in range(Unit.steplen, len(unit.path), Unit.steplen)
                 if (p := unit.path[:step]) in by_path), None)
            for unit in self.units.values()
        }  # fmt: skip


def _clean_cells(number: int, row: dict, errors: list[RowError]) -> bool:
    """Every cell in NFC, none with NUL or control characters, none too long; checked before
    any cell reaches a query (PostgreSQL refuses NUL even in a WHERE clause)."""
    before = len(errors)
    for column, text in list(row.items()):
        try:
            row[column] = check_text(text)
        except ValidationError as exc:
            errors.append(RowError(number, column, exc.messages[0]))
            row[column] = ""
    for column, limit in LIMITS.items():
        if len(row.get(column) or "") > limit:
            errors.append(RowError(number, column, _("at most {limit} characters").format(
                limit=limit)))  # fmt: skip
    return len(errors) == before


def _parse(number: int, row: dict, lookups: _Lookups, errors: list[RowError]) -> dict | None:
    before = len(errors)

    def fail(column, reason):
        errors.append(RowError(number, column, str(reason)))

    for column in REQUIRED:
        if not row.get(column):
            fail(column, _("required"))
    values: dict = {"external_id": row.get("external_id", "")}
    category = lookups.categories.get(row.get("category", ""))
    if row.get("category") and category is None:
        fail("category", _("unknown category code “{code}”").format(code=row["category"]))
    unit = lookups.units.get(row.get("unit", ""))
    if row.get("unit") and unit is None:
        fail("unit", _("unknown unit code “{code}”").format(code=row["unit"]))
    site = lookups.sites.get(row.get("site", "")) if row.get("site") else None
    if row.get("site") and site is None:
        fail("site", _("unknown site code “{code}”").format(code=row["site"]))
    values.update(_moments(row, ("occurred_at", "aware_at"), fail))
    try:
        values["people_harmed"] = int(row.get("people_harmed") or 0)
        if not 0 <= values["people_harmed"] <= MAX_INTEGER:
            fail("people_harmed", _("not between 0 and {limit}").format(limit=MAX_INTEGER))
    except ValueError:
        fail("people_harmed", _("not a whole number"))
    for column, name in (("police_reported", "police_reported"), ("near_miss", "is_near_miss")):
        answer = (row.get(column) or "").lower()
        if answer not in TRUE | FALSE:
            fail(column, _("answer yes or no"))
        values[name] = answer in TRUE
    try:
        values["severity"] = int(
            _choice(
                row.get("severity", ""),
                lookups.severities,
                category.default_severity if category else 2,
            )
        )
    except ValueError:
        fail("severity", _("unknown severity"))
    try:
        values["status"] = _choice(row.get("status", ""), lookups.statuses, Status.CLOSED)
    except ValueError:
        fail("status", _("unknown status"))
    values["dismissed_reason"] = row.get("dismissed_reason", "")
    try:
        check_no_marking(values["dismissed_reason"])
    except ValidationError as exc:
        fail("dismissed_reason", exc.messages[0])
    if values.get("status") == Status.DISMISSED and not values["dismissed_reason"]:
        fail("dismissed_reason", _("required when the status is dismissed"))
    disruption = _disruption(row, lookups, category, values.get("occurred_at"), fail)
    if len(errors) > before:
        return None
    values["disruption"] = disruption
    values["aware_at"] = values.get("aware_at") or values["occurred_at"]
    values.update(category=category, unit=unit, site=site)
    values["description"] = row.get("description", "")
    values["immediate_measures"] = row.get("immediate_measures", "")
    try:
        validate_report(
            by=None, category=category, occurred_at=values["occurred_at"],
            aware_at=values["aware_at"], unit=unit, site=site,
            description=values["description"], immediate_measures=values["immediate_measures"],
            people_harmed=values["people_harmed"], anonymous=False, imported=True,
        )  # fmt: skip
    except ValidationError as exc:
        _fail_each(exc, fail)
        return None
    return values


def _disruption(row: dict, lookups: _Lookups, category, occurred_at, fail):
    """The disruption of critical supply the row records, checked as a report's is (a category
    of disruption names its supply; the start defaults to when it happened)."""
    given = {}
    try:
        given["supply"] = _choice(row.get("supply", ""), lookups.supplies, "")
    except ValueError:
        fail("supply", _("unknown critical supply “{name}”").format(name=row["supply"]))
        return None
    columns = ("disruption_started_at", "disruption_ended_at")
    given.update(_moments(row, columns, fail))
    if any(row.get(column) and column not in given for column in columns):
        return None
    try:
        return check_disruption(
            category=category, supply=given["supply"],
            started_at=given.get("disruption_started_at"),
            ended_at=given.get("disruption_ended_at"),
            hours=(row.get("disruption_hours") or "").replace(",", ".") or None,
            occurred_at=occurred_at,
        )  # fmt: skip
    except ValidationError as exc:
        _fail_each(exc, fail)
        return None


def _moments(row: dict, columns, fail) -> dict:
    """The columns given as dates and times, each one that is not failed by its column."""
    moments = {}
    for column in columns:
        if row.get(column):
            try:
                moments[column] = _moment(row[column])
            except ValueError:
                fail(column, _("not a date and time (YYYY-MM-DD HH:MM)"))
    return moments


def _fail_each(exc: ValidationError, fail) -> None:
    """A check's refusal keyed by field, each message failed by its column."""
    for column, messages in exc.message_dict.items():
        for message in messages:
            fail(column, message)


def _incident(values: dict, fresh: dict, reference: str, lookups: _Lookups) -> dict:
    """The new incident's row by column, as `report_incident` would have filled it."""
    category, unit, site = values["category"], values["unit"], values["site"]
    administration = lookups.administrations[unit.pk]
    local = timezone.localtime(values["occurred_at"], LOCAL_ZONE)  # as Incident.set_local_dates
    closed = values["status"] in (Status.CLOSED, Status.DISMISSED)
    return {
        **fresh,
        "reference": reference,
        "category_id": category.pk,
        "area_id": category.area_id,
        "unit_id": unit.pk,
        "administration_id": administration.pk if administration else None,
        "site_id": site.pk if site else None,
        "is_restricted": category.is_restricted,
        "occurred_at": values["occurred_at"],
        "aware_at": values["aware_at"],
        "occurred_date": local.date(),
        "occurred_year": local.year,
        "closed_at": values["aware_at"] if closed else None,
        "external_id": values["external_id"],
        "description": values["description"],
        "immediate_measures": values["immediate_measures"],
        "people_harmed": values["people_harmed"],
        "police_reported": values["police_reported"],
        "is_near_miss": values["is_near_miss"],
        **values["disruption"].fields(),
        "severity": values["severity"],
        "status": values["status"],
        "dismissed_reason": values["dismissed_reason"],
    }


def _chunks(path: Path, errors: list[RowError]) -> Iterator[list[tuple[int, dict]]]:
    """The file's clean, non-empty rows with their numbers, a batch at a time."""
    chunk = []
    for number, row in enumerate(read_rows(path), start=2):
        if _clean_cells(number, row, errors) and any(row.values()):
            chunk.append((number, row))
            if len(chunk) == BATCH_SIZE:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _known(chunk) -> set[str]:
    ids = [row["external_id"] for _n, row in chunk if row.get("external_id")]
    return set(Incident.objects.filter(external_id__in=ids).values_list("external_id", flat=True))


def import_incidents(
    path: Path, *, by=None, dry_run: bool = False, all_or_nothing: bool = True
) -> ImportResult:
    """Validate every row, then create the new ones in one transaction (nothing on any error).

    The file is read twice, a batch of rows at a time, so that memory stays flat however long
    it is: first to check every row and number the new ones in the order they happened, then
    to insert them.
    """
    result = ImportResult()
    lookups = _Lookups()
    seen: set[str] = set()
    accepted: list[tuple[datetime, int]] = []  # (aware at, row number) of each new row
    for chunk in _chunks(path, result.errors):
        known = _known(chunk)
        for number, row in chunk:
            if row.get("external_id") in known:
                result.skipped += 1
                continue
            if row.get("external_id") in seen:
                result.errors.append(RowError(number, "external_id", _("repeated in the file")))
                continue
            seen.add(row.get("external_id", ""))
            values = _parse(number, row, lookups, result.errors)
            if values is not None:
                accepted.append((values["aware_at"], number))
    del seen
    if result.errors and all_or_nothing:
        raise ImportFailed(result)
    if dry_run:
        result.created = len(accepted)
        return result
    accepted.sort()  # references follow the history
    changed = _("The file changed while it was being imported; nothing was imported.")
    fresh = bulk.defaults(Incident)
    counts: Counter = Counter()
    with transaction.atomic():
        references = dict(
            zip(
                (number for _at, number in accepted),
                allocate_references([at for at, _number in accepted]),
                strict=True,
            )
        )
        del accepted
        for chunk in _chunks(path, []):
            rows = []
            for number, row in chunk:
                if number in references:
                    values = _parse(number, row, lookups, [])
                    if values is None:
                        raise UnreadableFile(changed)
                    rows.append(_incident(values, fresh, references[number], lookups))
            # The rows, their audit entries and nothing else: three statements a chunk.
            ids = bulk.insert(Incident, rows, returning_ids=True)
            log_rows_created(
                Incident,
                [(pk, row["reference"], row) for pk, row in zip(ids, rows, strict=True)],
                actor=by,
                source="import-incidents",
            )
            counts.update(
                tuple(row[field] for field in summary.KEY)
                for row in rows
                if row["status"] != Status.DISMISSED
            )
            result.created += len(rows)
        if result.created != len(references):
            raise UnreadableFile(changed)
        summary.add(counts)  # once an import: its rows are locked to the end
    return result
