"""The worker outlives its database, hands tasks back, enqueues periodic jobs once per period
and beats; the readiness answer and the banner read the beats. In-process, both databases."""

import signal
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sakra.accounts.choices import Role
from sakra.core import worker
from sakra.core.heartbeat import BackgroundStatus, background_status
from sakra.core.hooks import enqueue_periodic_tasks, periodic_tasks
from sakra.core.models import PeriodicRun, WorkerBeat

CALLS: list[str] = []


@task()
def flaky(outcome: str) -> str:
    """A task for these tests: fails as told."""
    CALLS.append(outcome)
    if outcome == "database":
        raise OperationalError("server closed the connection unexpectedly")
    if outcome == "bug":
        raise ValueError("a bug in the task")
    if outcome == "stop":
        raise SystemExit(1)  # what a second SIGTERM raises in the middle of a task
    return outcome


def _worker(**kwargs) -> worker.ResilientWorker:
    return worker.ResilientWorker(
        heart=worker.Heart("test-worker"), queue_names=["default"], interval=0, batch=False,
        backend_name="default", startup_delay=False, max_tasks=None, worker_id="test-worker",
        excluded_queue_names=[], **kwargs,
    )  # fmt: skip


def _status(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


def test_backoff_grows_to_its_cap_and_starts_over():
    backoff = worker.Backoff(first=1, most=8)
    waits = [backoff.next() for _ in range(6)]
    assert waits[0] <= 1 and 1.6 <= waits[1] <= 2 and 6.4 <= waits[3] <= 8
    assert max(waits) <= 8 and waits[5] >= 6.4
    assert backoff.reset() is True and backoff.reset() is False
    assert backoff.next() <= 1


def test_every_worker_names_the_same_period():
    at = datetime(2026, 12, 7, 14, 2, 31, tzinfo=UTC)
    assert worker.period_start(at, 60) == datetime(2026, 12, 7, 14, 2, tzinfo=UTC)
    assert worker.period_start(at + timedelta(seconds=28), 60) == worker.period_start(at, 60)
    assert worker.period_start(at + timedelta(seconds=29), 60) != worker.period_start(at, 60)


def test_periodic_jobs_enqueued_once_per_period_however_many_workers(db):
    jobs = periodic_tasks()
    period = worker.period_start(timezone.now(), 60)
    assert enqueue_periodic_tasks(period, worker_id="a") == len(jobs)
    assert enqueue_periodic_tasks(period, worker_id="b") == 0  # the second worker skips
    assert DBTaskResult.objects.count() == len(jobs)
    assert set(PeriodicRun.objects.values_list("worker_id", flat=True)) == {"a"}
    assert enqueue_periodic_tasks(period + timedelta(minutes=1), worker_id="b") == len(jobs)
    assert DBTaskResult.objects.count() == 2 * len(jobs)


def test_the_task_loop_waits_out_the_database_and_goes_on(db, caplog):
    result = flaky.enqueue("fine")
    w = _worker()
    real_claim, failures, sleeps = w.claim, [], []

    def claim():
        if len(failures) < 3:
            failures.append(1)
            raise OperationalError('connection to server at "127.0.0.1" failed: refused')
        task_result = real_claim()
        w.running = task_result is not None  # stop once the queue is empty
        return task_result

    w.claim = claim
    with (
        mock.patch.object(worker.time, "sleep", sleeps.append),
        mock.patch.object(worker, "reconnect") as reconnect,
    ):
        w.run()
    assert _status(result) == TaskResultStatus.SUCCESSFUL
    assert reconnect.call_count == 3
    assert sleeps[:3] == sorted(sleeps[:3]) and sleeps[2] > sleeps[0]  # a growing back-off
    assert "database is unavailable" in caplog.text and "answers again" in caplog.text


def test_a_task_failing_on_the_database_is_queued_again_not_lost(db):
    result = flaky.enqueue("database")
    w = _worker()
    with mock.patch.object(worker, "reconnect"):
        w.run_task(w.claim())
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY and row.run_after > timezone.now()
    # A database error that never goes away is the task's own: after ten claims it fails.
    DBTaskResult.objects.filter(pk=result.id).update(
        run_after=timezone.now(), worker_ids=["w"] * (worker.MAX_ATTEMPTS - 1)
    )
    with mock.patch.object(worker, "reconnect"):
        w.run_task(w.claim())
    assert _status(result) == TaskResultStatus.FAILED
    # Its own bug is a failure, as before: it is not run again and again.
    other = flaky.enqueue("bug")
    w.run_task(w.claim())
    assert _status(other) == TaskResultStatus.FAILED


def test_sigterm_lets_the_task_in_hand_finish_and_a_second_hands_it_back(db):
    w = _worker()
    w.running_task = True
    w.shutdown(signal.SIGTERM, None)  # the first signal only asks
    assert w.running is False
    result = flaky.enqueue("stop")
    w.running_task = False
    with pytest.raises(SystemExit), mock.patch.object(worker, "reconnect"):
        w.run_task(w.claim())
    assert _status(result) == TaskResultStatus.READY  # handed back, not left running
    # Told to stop while claiming: the claimed task goes straight back.
    pending = flaky.enqueue("fine")
    w.running = True
    real_claim = w.claim

    def claim_then_stop():
        task_result = real_claim()
        w.running = False
        return task_result

    w.claim = claim_then_stop
    with mock.patch.object(worker, "reconnect"):
        w.run()
    assert _status(pending) == TaskResultStatus.READY and "fine" not in CALLS[-1:]


def test_a_task_left_running_by_a_dead_worker_goes_back(db, settings):
    settings.SAKRA_WORKER_STALE_SECONDS = 60
    now = timezone.now()
    WorkerBeat.objects.create(worker_id="alive", seen_at=now)
    WorkerBeat.objects.create(worker_id="dead", seen_at=now - timedelta(minutes=5))
    orphan, busy = flaky.enqueue("fine"), flaky.enqueue("fine")
    for result, owner in ((orphan, "dead"), (busy, "alive")):
        DBTaskResult.objects.filter(pk=result.id).update(
            status=TaskResultStatus.RUNNING, worker_ids=[owner],
            started_at=now - timedelta(minutes=4),
        )  # fmt: skip
    assert worker.Heart("me").hand_back_abandoned() == 1
    assert _status(orphan) == TaskResultStatus.READY
    assert _status(busy) == TaskResultStatus.RUNNING


def test_heartbeat_and_readiness(db, client, settings):
    settings.SAKRA_WORKER_MARGIN_SECONDS = 180
    response = client.get(reverse("health-worker"))
    assert response.status_code == 503 and response.json()["status"] == "stopped"
    assert client.get(reverse("health")).status_code == 200  # the load balancer's answer
    heart = worker.Heart("w1")
    heart.enqueued()
    heart.finished()
    heart.beat()
    body = client.get(reverse("health-worker")).json()
    assert body["status"] == "ok" and body["workers"] == 1 and body["last_enqueued"]
    # Alive but nothing enqueued for ten minutes (the queue's database is out of reach).
    WorkerBeat.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    response = client.get(reverse("health-worker"))
    assert response.status_code == 503
    status = background_status()
    assert not status.running and status.since == WorkerBeat.objects.get().enqueued_at


@pytest.mark.parametrize(
    ("who", "warned"), [("chief", True), ("admin", True), ("coordinator", False)]
)
def test_the_banner_warns_those_who_act_in_one_query(db, client, org, settings, who, warned):
    settings.SAKRA_WORKER_MARGIN_SECONDS = 180
    user = {
        "chief": lambda: org.user(Role.SECURITY_CHIEF),
        "admin": lambda: org.user(is_staff=True),
        "coordinator": lambda: org.user(Role.SECURITY_COORDINATOR),
    }[who]()
    client.force_login(user)
    at = timezone.now() - timedelta(minutes=20)
    WorkerBeat.objects.create(worker_id="w", seen_at=at, enqueued_at=at, finished_at=at)
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("accounts:me")).content.decode()
    beats = [q for q in queries.captured_queries if "core_workerbeat" in q["sql"]]
    assert len(beats) == (1 if warned else 0)
    assert ('id="background-stopped"' in html) is warned
    if warned:
        assert timezone.localtime(at).strftime("%H:%M") in html
    WorkerBeat.objects.update(seen_at=timezone.now(), enqueued_at=timezone.now(),
                              finished_at=timezone.now())  # fmt: skip
    assert 'id="background-stopped"' not in client.get(reverse("accounts:me")).content.decode()


def test_the_report_page_says_call_when_background_work_stopped(db, client, org):
    client.force_login(org.user())
    assert 'id="call-if-urgent"' in client.get(reverse("incidents:report")).content.decode()
    now = timezone.now()
    WorkerBeat.objects.create(worker_id="w", seen_at=now, enqueued_at=now, finished_at=now)
    assert 'id="call-if-urgent"' not in client.get(reverse("incidents:report")).content.decode()


def test_old_claims_and_heartbeats_are_pruned(db):
    old = timezone.now() - timedelta(days=3)
    PeriodicRun.objects.create(job="x", period=old)
    PeriodicRun.objects.create(job="x", period=timezone.now())
    WorkerBeat.objects.create(worker_id="gone", seen_at=old)
    worker.prune()
    assert PeriodicRun.objects.count() == 1 and not WorkerBeat.objects.exists()


def test_background_status_is_the_newest_of_each_heartbeat_over_every_worker(db, settings):
    settings.SAKRA_WORKER_MARGIN_SECONDS = 180
    settings.SAKRA_WORKER_STALE_SECONDS = 60
    nobody = background_status()
    assert (nobody.running, nobody.since, nobody.workers) == (False, None, 0)
    now = timezone.now()
    # One worker alive that has not enqueued lately, one gone quiet that did the rest.
    WorkerBeat.objects.create(worker_id="a", seen_at=now, enqueued_at=now - timedelta(hours=1))
    WorkerBeat.objects.create(worker_id="b", seen_at=now - timedelta(minutes=2),
                              enqueued_at=now, finished_at=now - timedelta(seconds=30))  # fmt: skip
    status = background_status(now)
    assert status.running and status.workers == 1
    assert (status.seen_at, status.enqueued_at, status.finished_at) == (
        now, now, now - timedelta(seconds=30))  # fmt: skip
    assert status.since == now - timedelta(seconds=30)
    WorkerBeat.objects.filter(worker_id="b").update(finished_at=None)
    assert background_status(now) == BackgroundStatus(
        running=False, since=None, seen_at=now, enqueued_at=now, finished_at=None, workers=1,
        margin_seconds=180,
    )  # fmt: skip
