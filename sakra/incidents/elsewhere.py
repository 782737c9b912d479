"""Figures reported elsewhere: counts of deviations the region handles in another system
(patient safety, medicines, medical devices, radiation, infection control), typed in or
imported from CSV/XLSX, per security area, category, administration and year.

They are kept apart from Sakra's own reports: the statistics and the annual report show them
beside Sakra's counts, marked with their source system, and never add them to those counts.

Import columns (the header row names them, order free): area* (code), year*, count*,
source_system*, category (code), administration (name), note. * = required. A row whose area,
category, administration, year and source system are already recorded replaces that figure,
so re-importing a corrected file corrects it. All rows or none.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE
from sakra.core.hooks import year_is_closed
from sakra.core.validation import MAX_INTEGER, check_stored_text
from sakra.organisation.choices import UnitKind
from sakra.organisation.models import SecurityArea, Unit

from .importer import RowError, UnreadableFile, read_rows
from .models import FigureReportedElsewhere, IncidentCategory
from .statistics import FIRST_YEAR

COLUMNS = ["area", "year", "count", "source_system", "category", "administration", "note"]
REQUIRED = ["area", "year", "count", "source_system"]
#: The most rows one file may hold: figures are per area, category and administration.
MAX_ROWS = 5000


class ImportRefused(Exception):
    """The file had errors; nothing was recorded."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_("{count} errors; nothing was imported.").format(count=len(errors)))


def _check(area, year, count, source_system, category, administration, note) -> dict[str, Any]:
    """The figure's values, checked; ValidationError keyed by field."""
    last = timezone.localdate().year
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= last:
        message = _("Choose a year from {first} to {last}.").format(first=FIRST_YEAR, last=last)
        raise ValidationError({"year": message})
    if year_is_closed(year):
        raise ValidationError({"year": _("The year is closed: its annual report is approved.")})
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_INTEGER:
        raise ValidationError({"count": _("Give a whole number, 0 or more.")})
    if category is not None and category.area_id != area.pk:
        raise ValidationError({"category": _("The category is not one of the area's.")})
    if administration is not None and administration.kind != UnitKind.ADMINISTRATION:
        raise ValidationError({"administration": _("Choose an administration.")})
    texts = {}
    for field, value, limit in (("source_system", source_system, 100), ("note", note, 300)):
        try:
            texts[field] = check_stored_text((value or "").strip())
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from exc
        if len(texts[field]) > limit:
            raise ValidationError({field: _("At most {n} characters.").format(n=limit)})
    if not texts["source_system"]:
        raise ValidationError({"source_system": _("Name the system the figure comes from.")})
    return {
        "area": area,
        "year": year,
        "count": count,
        "category": category,
        "administration": administration,
        **texts,
    }


def _may_record(by, area: SecurityArea) -> None:
    if by is not None and not (
        FigureReportedElsewhere.objects.areas_for(by, CHANGE).filter(pk=area.pk).exists()
    ):
        raise PermissionDenied(_("You may not record figures for this security area."))


def _store(values: dict, by) -> FigureReportedElsewhere:
    """Record the figure, or replace the one recorded for the same key (an audited change)."""
    key = {name: values[name] for name in ("area", "category", "administration", "year")}
    row = (
        FigureReportedElsewhere.objects.select_for_update()
        .order_by("pk")
        .filter(**key, source_system__iexact=values["source_system"])
        .first()
    )
    if row is None:
        return FigureReportedElsewhere.objects.create(**values, recorded_by=by)
    row.count, row.note, row.recorded_by = values["count"], values["note"], by
    row.version += 1
    row.save(update_fields=["count", "note", "recorded_by", "version", "updated_at"])
    return row


@transaction.atomic
def record_figure(
    *,
    by: Any,
    area: SecurityArea,
    year: int,
    count: int,
    source_system: str,
    category: IncidentCategory | None = None,
    administration: Unit | None = None,
    note: str = "",
) -> FigureReportedElsewhere:
    """Record a figure reported elsewhere, or correct the one recorded for the same area,
    category, administration, year and source system. `by=None` is the system (demo)."""
    if not isinstance(area, SecurityArea):
        raise ValidationError({"area": _("Choose a security area.")})
    _may_record(by, area)
    values = _check(area, year, count, source_system, category, administration, note)
    return _store(values, by)


@dataclass
class _Lookups:
    areas: dict[str, SecurityArea]
    categories: dict[str, IncidentCategory]
    administrations: dict[str, Unit]

    @classmethod
    def load(cls) -> _Lookups:
        return cls(
            areas={area.code.lower(): area for area in SecurityArea.objects.all()},
            categories={c.code.lower(): c for c in IncidentCategory.objects.all()},
            administrations={u.name.lower(): u for u in Unit.objects.administrations()},
        )


def _integer(text: str) -> int | None:
    cleaned = text.replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]  # a whole number read from a workbook
    return int(cleaned) if cleaned.isdigit() else None


def _parse(number: int, row: dict, lookups: _Lookups, errors: list[RowError]) -> dict | None:
    def refuse(column: str, reason: str) -> None:
        errors.append(RowError(number, column, reason))

    before = len(errors)
    for column in REQUIRED:
        if not row.get(column):
            refuse(column, _("This column is required."))
    if len(errors) > before:
        return None
    area = lookups.areas.get(row["area"].lower())
    if area is None:
        refuse("area", _("No security area has this code."))
    category = None
    if row.get("category"):
        category = lookups.categories.get(row["category"].lower())
        if category is None:
            refuse("category", _("No category has this code."))
    administration = None
    if row.get("administration"):
        administration = lookups.administrations.get(row["administration"].lower())
        if administration is None:
            refuse("administration", _("No administration has this name."))
    year, count = _integer(row["year"]), _integer(row["count"])
    if year is None:
        refuse("year", _("Give the year as four digits."))
    if count is None:
        refuse("count", _("Give a whole number, 0 or more."))
    if len(errors) > before:
        return None
    try:
        return _check(
            area, year, count, row["source_system"], category, administration, row.get("note", "")
        )
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            for message in messages:
                refuse(column, message)
    return None


@transaction.atomic
def import_figures(path: Path, *, by: Any) -> int:
    """Record every row of the CSV or XLSX file at `path`; all or nothing. Returns how many
    figures were recorded or corrected; ImportRefused (with every row's errors) otherwise."""
    lookups, errors, rows = _Lookups.load(), [], []
    try:
        for number, row in enumerate(read_rows(path), start=2):
            if number - 1 > MAX_ROWS:
                errors.append(RowError(number, "", _("The file has too many rows.")))
                break
            if not any(row.values()):
                continue
            values = _parse(number, row, lookups, errors)
            if values is not None:
                rows.append(values)
    except UnreadableFile as exc:
        raise ImportRefused([RowError(1, "", str(exc))]) from exc
    if not rows and not errors:
        errors.append(RowError(1, "", _("The file has no rows to import.")))
    for values in rows:
        try:
            _may_record(by, values["area"])
        except PermissionDenied as exc:
            errors.append(RowError(0, "area", str(exc)))
            break
    if errors:
        raise ImportRefused(errors)
    for values in rows:
        _store(values, by)
    return len(rows)


def import_upload(uploaded, *, by: Any) -> int:
    """An uploaded file through `import_figures` (the page's form)."""
    suffix = ".xlsx" if uploaded.name.lower().endswith(".xlsx") else ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
        handle.flush()
        return import_figures(Path(handle.name), by=by)


def figures_for(year: int, *, years=None, area=None, administration=None):
    """The figures reported elsewhere for the statistics (the region's, whoever looks: counts
    without personal data), in one query."""
    rows = FigureReportedElsewhere.objects.select_related("area", "category", "administration")
    rows = rows.filter(year__in=list(years) if years else [year])
    if area is not None:
        rows = rows.filter(area=area)
    if administration is not None:
        rows = rows.filter(administration=administration)
    return rows.order_by("area__position", "area__name_sv", "category__name_sv", "year", "pk")
