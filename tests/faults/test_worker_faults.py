"""Faults met by real `sakra worker` processes on PostgreSQL: the database away and back, a
worker killed between sending an e-mail and recording it, two workers at once.

Slow (each starts worker processes): `pytest -m "not slow"` leaves them out. SQLite's faults
(busy, full, read-only) are tested in-process (sakra/core/tests/test_storage_errors.py).
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification, OutboxEmail
from sakra.accounts.services import notify
from sakra.core.models import PeriodicRun, WorkerBeat
from sakra.incidents.choices import Severity, TimelineKind
from sakra.incidents.models import Incident, IncidentCategory
from sakra.incidents.services import report_incident

from .proxy import Proxy

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes need a server"),
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90  # a loaded CI machine takes a while to start Django


@pytest.fixture
def workers(tmp_path):
    """Start `sakra worker` processes on the test database; all are stopped at the end."""
    started: list[subprocess.Popen] = []

    def start(*args, port=None, **env):
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST']}:{port or db['PORT']}/{db['NAME']}"
        log = open(tmp_path / f"worker{len(started)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "sakra.cli", "worker", *args],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "tests.faults.settings",
                "SAKRA_TEST_MAILBOX": str(tmp_path / "mail"),
                "LOG_LEVEL": "WARNING",
                **env,
            },
        )
        process.log = Path(log.name)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def _until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def proxy():
    db = connection.settings_dict
    proxy = Proxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.start()
    yield proxy
    proxy.stop()


def test_database_away_and_back_the_worker_goes_on_and_escalations_catch_up(org, workers, proxy):
    threat = IncidentCategory.objects.create(
        code="t-hot", name_sv="Hot", name_en="Threat", area=org.area,
        default_severity=Severity.HIGH,
    )  # fmt: skip
    chief = org.user(Role.SECURITY_CHIEF)
    worker = workers("--periodic-interval", "1", port=proxy.port)
    assert _until(lambda: WorkerBeat.objects.filter(enqueued_at__isnull=False).exists(),
                  START_TIMEOUT), worker.log.read_text()  # fmt: skip

    proxy.stop()  # PostgreSQL restarts: connections cut, new ones refused
    away = timezone.now()
    incident, _created = report_incident(
        by=org.user(), category=threat, occurred_at=away, unit=org.alfa_unit,
        description="Hot i entrén", is_acute=True,
    )  # fmt: skip
    # Reported while the worker could not see it; due for escalation during the outage.
    Incident.objects.filter(pk=incident.pk).update(created_at=away - timedelta(minutes=20))
    time.sleep(3)
    assert worker.poll() is None, worker.log.read_text()
    proxy.start()

    assert _until(lambda: Incident.objects.get(pk=incident.pk).escalated_at, 45), (
        worker.log.read_text()
    )
    back = timezone.now()
    assert worker.poll() is None
    assert "database is unavailable" in worker.log.read_text()
    entry = incident.timeline.get(kind=TimelineKind.NOTIFICATION_SENT, data__reason="escalation")
    assert entry.data["late_minutes"] >= 5
    # One escalation, not one per retry (the chief hears of other deadlines too).
    assert Notification.objects.filter(recipient=chief, kind="incidents.escalated").count() == 1
    # The periodic jobs go on after the outage, and the heartbeat with them.
    assert _until(lambda: PeriodicRun.objects.filter(enqueued_at__gt=back).exists(), 15)
    assert _until(lambda: WorkerBeat.objects.filter(finished_at__gt=back).exists(), 15)

    worker.send_signal(signal.SIGTERM)  # as systemd stops it
    assert worker.wait(timeout=20) == 0


def test_worker_killed_between_send_and_record_sends_once(org, workers, tmp_path):
    notify([org.user()], "Akut händelse")  # commits; its task is queued
    row = OutboxEmail.objects.get()
    lease = {"SAKRA_OUTBOX_LEASE_SECONDS": "2", "EMAIL_TIMEOUT": "1"}
    first = workers("--no-periodic", SAKRA_TEST_DIE_AFTER_SEND="1", **lease)
    assert first.wait(timeout=START_TIMEOUT) == -signal.SIGKILL, first.log.read_text()
    mail = tmp_path / "mail"
    assert (mail / "transmitted").read_text().split() == [f"<{row.key}@localhost>"]
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1  # sent, not recorded

    second = workers("--periodic-interval", "1", **lease)
    assert _until(lambda: OutboxEmail.objects.get().sent_at, START_TIMEOUT), second.log.read_text()
    transmitted = (mail / "transmitted").read_text().split()
    assert len(transmitted) == 2 and len(set(transmitted)) == 1  # the same message again
    assert (mail / "delivered").read_text().split() == transmitted[:1]  # received once
    row.refresh_from_db()
    assert row.attempts == 2


def test_two_workers_enqueue_each_periodic_job_once_per_period(workers):
    both = [workers("--periodic-interval", "1") for _ in range(2)]
    assert _until(lambda: WorkerBeat.objects.filter(enqueued_at__isnull=False).count() == 2,
                  START_TIMEOUT), both[0].log.read_text() + both[1].log.read_text()  # fmt: skip
    time.sleep(3)
    for process in both:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    periods = PeriodicRun.objects.values("job").annotate(n=Count("pk"))
    assert periods and all(row["n"] >= 3 for row in periods)
    for row in periods:
        # One task per claimed period, whichever worker claimed it; never one per worker.
        assert DBTaskResult.objects.filter(task_path=row["job"]).count() == row["n"]
        assert row["n"] <= PeriodicRun.objects.values("period").distinct().count()
