"""Exports to CSV and Excel: one filename style, streamed, cells that a spreadsheet shows and
never runs.

An app gives its headers and its rows as plain values (strings, numbers, dates); this
module writes them::

    return export_response(fmt, name="atgarder", sheet=_("Actions"), headers=headers(),
                           rows=(row(action) for action in actions))
"""

from __future__ import annotations

import csv
import datetime
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .audit import reading_export

#: A cell starting with one of these is read as a formula by Excel and LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Characters a spreadsheet skips before it decides whether a cell is a formula.
_INVISIBLE_LEAD = "\ufeff\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\u00ad\u00a0 "

FORMATS = ("csv", "xlsx")
#: CSV lines sent at a time: one write to the client per line cost more than the line.
CSV_BLOCK = 200


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay.

    A formula hidden behind a BOM or a zero-width character, or typed with a full-width
    "＝" (which NFKC folds to "="), is caught too.
    """
    if not isinstance(value, str):
        return value
    if value[:1].isascii() and value[:1].isalnum():
        return value  # most cells: a letter or digit first is read as text (and is its own NFKC)
    lead = unicodedata.normalize("NFKC", value.lstrip(_INVISIBLE_LEAD)[:1])
    if value.startswith(FORMULA_PREFIXES) or lead.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def filename(name: str, fmt: str) -> str:
    """`name-YYYY-MM-DD.fmt`, the day in the region's time."""
    return f"{name}-{timezone.localdate().isoformat()}.{fmt}"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value.tzinfo else value
    return neutralise(value)


class _Echo:
    def write(self, value):
        return value


def csv_response(*, name: str, headers: Sequence[str], rows: Iterable[Sequence]):
    """CSV for Swedish Excel (a BOM, semicolons), streamed row by row."""

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo(), delimiter=";")
        block = ["\ufeff" + writer.writerow([_cell(value) for value in headers])]
        # A read the rows log meanwhile is a read in this export (the audit trail says so).
        for row in reading_export(rows, "csv"):
            block.append(writer.writerow([_cell(value) for value in row]))
            if len(block) == CSV_BLOCK:
                yield "".join(block)
                block = []
        yield "".join(block)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(name, "csv")}"'
    return response


def _xlsx_cell(value):
    """A cell the workbook can hold: a control character stored before the checks existed (or
    by a path that skipped them) is shown as "�" instead of failing the whole export."""
    value = _cell(value)
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def xlsx_response(*, name: str, sheet: str, headers: Sequence[str], rows: Iterable[Sequence]):
    """An Excel workbook written row by row into a temporary file, never all in memory."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(str(sheet)[:31])
    worksheet.append([_xlsx_cell(value) for value in headers])
    for row in reading_export(rows, "xlsx"):
        worksheet.append([_xlsx_cell(value) for value in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename(name, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export_response(
    fmt: str, *, name: str, sheet: str, headers: Sequence[str], rows: Iterable[Sequence]
):
    """The export in `fmt` ("csv" or "xlsx"); 404 for any other format."""
    if fmt == "csv":
        return csv_response(name=name, headers=headers, rows=rows)
    if fmt == "xlsx":
        return xlsx_response(name=name, sheet=sheet, headers=headers, rows=rows)
    raise Http404
