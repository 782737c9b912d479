"""The import bench's raw baseline writes rows the application can read (bench/run.py)."""

from datetime import UTC, datetime

from django.db import connection

from bench.run import insert_incidents
from sakra.incidents.models import Incident


def test_the_baseline_insert_fills_every_required_column(org, fire):
    moment = datetime(2020, 3, 1, 12, tzinfo=UTC)
    rows = [
        (moment, moment, f"AVV-R-{n:07d}", fire.pk, fire.area_id, org.alfa_unit.pk, moment,
         moment, moment.date(), moment.year, "Inbrott i förrådet", f"bench-import-{n}")
        for n in range(2)
    ]  # fmt: skip
    with connection.cursor() as cursor:
        insert_incidents(cursor, rows)
    imported = Incident.objects.filter(external_id__startswith="bench-import-")
    assert sorted(imported.values_list("reference", "status", "dismissal_kind")) == [
        ("AVV-R-0000000", "closed", ""),
        ("AVV-R-0000001", "closed", ""),
    ]
