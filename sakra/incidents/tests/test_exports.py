"""The incident export's content: the columns people's sheets read, row by row, in both formats."""

import csv
import io
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sakra.accounts.choices import Role
from sakra.incidents.models import LOCAL_ZONE


def _csv(client, query=""):
    response = client.get(reverse("incidents:export-csv") + query)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _xlsx(client, query=""):
    response = client.get(reverse("incidents:export-xlsx") + query)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_writes_each_row_as_the_list_shows_it(client, org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    older = report(
        org.user(), occurred_at=datetime(2026, 1, 5, 8, 30, tzinfo=LOCAL_ZONE),
        description="Rök i soprummet", immediate_measures="-Stängde dörren", people_harmed=2,
        police_reported=True, is_acute=True,
    )  # fmt: skip
    newer = report(
        org.user(), occurred_at=datetime(2026, 2, 1, 23, 15, tzinfo=LOCAL_ZONE), site=None,
        is_near_miss=True,
    )  # fmt: skip
    client.force_login(coordinator)
    rows = _csv(client)
    assert rows[0][:3] == ["Referens", "Inträffade", "Regionen fick kännedom"]
    assert len(rows[0]) == 19
    assert [row[0] for row in rows[1:]] == [newer.reference, older.reference]  # newest first
    first = rows[2]
    aware = timezone.localtime(older.aware_at, LOCAL_ZONE).strftime("%Y-%m-%d %H:%M")
    assert first[:11] == [
        older.reference, "2026-01-05 08:30", aware, "Brand", "Brand", "Alfa förvaltning",
        org.alfa_unit.name, org.site.name, str(older.get_severity_display()),
        str(older.get_status_display()), "Ja",
    ]  # fmt: skip
    assert first[11:] == [
        "2", "Ja", str(older.handler or ""), "Rök i soprummet", "'-Stängde dörren", "Nej", "",
        "",
    ]  # fmt: skip
    assert rows[1][7] == "" and rows[1][16] == "Ja"  # no site; a near miss
    # The workbook holds the same cells, numbers as numbers.
    sheet = _xlsx(client)
    assert [[("" if v is None else str(v)) for v in row] for row in sheet] == rows
    assert sheet[2][11] == 2


def test_the_export_follows_the_filters_and_the_language(client, org, report):
    report(org.user(), occurred_at=datetime(2025, 6, 1, 12, tzinfo=LOCAL_ZONE))
    kept = report(org.user(), occurred_at=datetime(2026, 6, 1, 12, tzinfo=LOCAL_ZONE))
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    rows = _csv(client, "?occurred_from=2026-01-01")
    assert [row[0] for row in rows[1:]] == [kept.reference]
    with timezone.override(LOCAL_ZONE):
        client.cookies.load({"django_language": "en"})
        english = _csv(client, "?occurred_from=2026-01-01")
    assert english[0][0] == "Reference" and english[1][3] == "Fire"
