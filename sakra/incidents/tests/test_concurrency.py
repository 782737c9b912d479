"""Real concurrency on PostgreSQL: 50 reports at once get 50 unique references and counts."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from sakra.incidents import summary
from sakra.incidents.models import Incident
from sakra.incidents.services import report_incident

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database server with row locks"
)


def _run_in_threads(count, target):
    barrier = threading.Barrier(count)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            target(n)
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_reports_unique_references(org, fire):
    reporter = org.user()
    moment = timezone.now() - timedelta(minutes=5)

    def one(n):
        report_incident(
            by=reporter, category=fire, occurred_at=moment, unit=org.alfa_unit,
            description=f"Samtidig rapport {n}",
        )  # fmt: skip

    assert _run_in_threads(50, one) == []
    references = list(Incident.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 50
    # The dashboards' monthly summary counted every one of them, once.
    assert summary.differences() == []


@pytest.mark.django_db(transaction=True)
def test_simultaneous_replays_create_one(org, fire):
    reporter = org.user()
    moment = timezone.now() - timedelta(minutes=5)

    def one(n):
        report_incident(
            by=reporter, category=fire, occurred_at=moment, unit=org.alfa_unit,
            description="Dubbelklick", idempotency_key="same-key",
        )  # fmt: skip

    assert _run_in_threads(8, one) == []
    assert Incident.objects.count() == 1
    assert summary.differences() == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_escalate_each_report_once(org, threat):
    from sakra.accounts.choices import Role
    from sakra.accounts.models import Notification
    from sakra.incidents.services import escalate_unacknowledged

    chief = org.user(Role.SECURITY_CHIEF)
    reporter = org.user()
    for n in range(5):
        report_incident(
            by=reporter, category=threat, occurred_at=timezone.now(), unit=org.alfa_unit,
            description=f"Hot {n}", is_acute=True,
        )  # fmt: skip
    Incident.objects.update(created_at=timezone.now() - timedelta(minutes=30))
    counts = []
    assert _run_in_threads(4, lambda n: counts.append(escalate_unacknowledged(15))) == []
    assert sum(counts) == 5
    escalations = Notification.objects.filter(recipient=chief, subject__startswith="ESKALERAD")
    assert escalations.count() == 5
