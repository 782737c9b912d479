"""Exporting incidents to CSV and XLSX, streamed, with spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from sakra.core.spreadsheets import neutralise

from .choices import Severity, Status


def headers() -> list[str]:
    return [
        _("Reference"), _("Occurred"), _("Region aware"), _("Category"), _("Security area"),
        pgettext("organisation unit", "Administration"), _("Unit"), _("Site"), _("Severity"),
        _("Status"), _("Acute"),
        _("People harmed"), _("Reported to the police"), _("Handler"), _("Description"),
        _("Immediate measures"),
    ]  # fmt: skip


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def rows(incidents: Iterable) -> Iterator[list]:
    yes, no = _("Yes"), _("No")
    for incident in incidents:
        yield [
            neutralise(value)
            for value in (
                incident.reference,
                _local(incident.occurred_at),
                _local(incident.aware_at),
                str(incident.category),
                str(incident.area),
                str(incident.administration or ""),
                str(incident.unit),
                str(incident.site or ""),
                str(Severity(incident.severity).label),
                str(Status(incident.status).label),
                yes if incident.is_acute else no,
                incident.people_harmed,
                yes if incident.police_reported else no,
                str(incident.handler or ""),
                incident.description,
                incident.immediate_measures,
            )
        ]


class _Echo:
    def write(self, value):
        return value


def csv_stream(incidents: Iterable) -> Iterator[str]:
    """CSV for Swedish Excel: a BOM and semicolons."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(headers())
    for row in rows(incidents):
        yield writer.writerow(row)


def xlsx_file(incidents: Iterable):
    """A write-only workbook in a temporary file (rows never all held in memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Incidents"))
    sheet.append(headers())
    for row in rows(incidents):
        sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
