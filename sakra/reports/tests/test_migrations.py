"""reports 0002: the report's prints move into core's table of documents made by the worker,
every job kept and a finished one's PDF turned into its file."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0001_initial"), ("core", "0002_printjob")]
AFTER = [("reports", "0002_prints_move_to_core")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_reports_prints_are_kept_in_core_with_their_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    apps = _migrate(BEFORE)
    report = apps.get_model("reports", "AnnualReport").objects.create(year=2025)
    Old = apps.get_model("reports", "PrintJob")
    asked = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    done = Old.objects.create(report=report, status="done", progress=100,
                              content=b"%PDF-1.4 old", seconds=6.2, finished_at=asked)  # fmt: skip
    failed = Old.objects.create(report=report, status="failed", progress=20)
    Old.objects.filter(pk__in=[done.pk, failed.pk]).update(requested_at=asked)
    try:
        apps = _migrate(AFTER)
        jobs = list(apps.get_model("core", "PrintJob").objects.order_by("pk"))
        assert [(j.kind, j.object_id, j.status) for j in jobs] == [
            ("reports.annual_report", report.pk, "done"),
            ("reports.annual_report", report.pk, "failed"),
        ]
        assert all(job.requested_at == asked for job in jobs)
        assert jobs[0].seconds == 6.2 and jobs[0].progress == 100
        assert jobs[0].file.name == f"prints/{jobs[0].pk}/sakerhetsberattelse-2025.pdf"
        assert (tmp_path / jobs[0].file.name).read_bytes() == b"%PDF-1.4 old"
        assert not jobs[1].file
        assert "reports_printjob" not in connection.introspection.table_names()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
