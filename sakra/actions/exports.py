"""The action register as CSV or Excel, with spreadsheet formulas neutralised."""

import csv
import io
import itertools
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.spreadsheets import neutralise

from .models import Action


def headers() -> list[str]:
    return [
        _("ID"), _("Title"), _("Status"), _("Priority"), _("Owner"), _("Unit"),
        _("Security area"), _("Due date"), _("Overdue"), _("Caused by"), _("Had effect"),
        _("Effect checked on"), _("Created"),
    ]  # fmt: skip


def row(action: Action) -> list:
    source = action.source_type.model_class() if action.source_type_id else None
    effect = {True: _("Yes"), False: _("No"), None: ""}[action.was_effective]
    return [
        action.pk,
        action.title,
        action.get_status_display(),
        action.get_priority_display(),
        action.owner.full_name,
        action.unit.name,
        action.area.name if action.area_id else "",
        action.due_date.isoformat(),
        _("Yes") if action.is_overdue else "",
        str(source._meta.verbose_name) if source else "",
        effect,
        action.effect_checked_at.isoformat() if action.effect_checked_at else "",
        timezone.localtime(action.created_at).strftime("%Y-%m-%d %H:%M"),
    ]


def _filename(extension: str) -> str:
    return f"atgarder-{timezone.localdate().isoformat()}.{extension}"


def as_csv(actions: Iterable[Action]) -> StreamingHttpResponse:
    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        yield "\ufeff"  # Excel opens UTF-8 correctly only with a BOM
        for values in itertools.chain([headers()], (row(action) for action in actions)):
            writer.writerow([neutralise(value) for value in values])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def as_xlsx(actions: Iterable[Action]) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Actions"))
    sheet.append(headers())
    for action in actions:
        sheet.append([neutralise(value) for value in row(action)])
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(
        content.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
