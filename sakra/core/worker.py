"""`sakra worker`: django-tasks' database worker, made to outlive its database.

Three threads share the process:
- the task loop (the main thread) claims and runs one task at a time;
- the heart writes this worker's `WorkerBeat` every few seconds (alive, last enqueued, last
  finished a task) and hands back the tasks of workers whose heart stopped;
- the clock enqueues the periodic jobs once per period in all (`hooks.enqueue_periodic_tasks`).

Each of them meets a database that went away (restart, fail-over, a dropped connection, SQLite
busy beyond its timeout) the same way: it logs, closes its connection, waits a growing back-off
and tries again. A task that fails on such an error goes back to the queue to run again later;
a task stopped by a second SIGTERM goes back too. See docs/admin/worker.md.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import sys
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import (
    TaskContext,
    TaskResultStatus,
    task_backends,
    task_finished,
    task_started,
)
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .hooks import enqueue_periodic_tasks
from .models import PeriodicRun, WorkerBeat

logger = logging.getLogger("sakra.worker")

#: What a database that went away raises (psycopg and sqlite3 alike, through Django).
GONE = (OperationalError, InterfaceError)
#: How often the heart writes; the stale time in the settings must be several of these.
BEAT_SECONDS = 5.0
#: A task that met a database error this many times (claims) fails instead of going back.
MAX_ATTEMPTS = 10
#: Claim rows older than this are pruned (the readiness answer reads the heartbeats).
KEEP_RUNS = timedelta(days=2)


class Backoff:
    """A growing wait between attempts: 1, 2, 4 … seconds up to `most`, with some jitter so
    workers that lost the database together do not all knock at once."""

    def __init__(self, first: float = 1.0, most: float = 30.0):
        self.first, self.most, self.failures = first, most, 0

    def next(self) -> float:
        delay = min(self.most, self.first * 2**self.failures)
        self.failures += 1
        return delay * random.uniform(0.8, 1.0)  # noqa: S311 # nosec B311 - jitter, not a secret

    def reset(self) -> bool:
        """Back to the first wait; True when there had been failures (to log the recovery)."""
        had, self.failures = self.failures, 0
        return had > 0


def reconnect() -> None:
    """Drop this thread's connections: the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            # The server is gone: the socket is closed all the same; forget the wrapper's state.
            connection.connection = None


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


def period_start(now: datetime, seconds: float) -> datetime:
    """The start of the period `now` falls in: whole multiples of `seconds` since the epoch,
    so every worker with the same interval names the same period."""
    return datetime.fromtimestamp(now.timestamp() // seconds * seconds, tz=now.tzinfo)


class Heart:
    """This worker's heartbeat, and the hand-back of tasks that dead workers left running."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.lock = threading.Lock()
        self.enqueued_at: datetime | None = None
        self.finished_at: datetime | None = None

    def enqueued(self) -> None:
        with self.lock:
            self.enqueued_at = timezone.now()

    def finished(self) -> None:
        with self.lock:
            self.finished_at = timezone.now()

    def beat(self) -> None:
        with self.lock:
            values = {"seen_at": timezone.now(), "host": socket.gethostname()[:255]}
            values["pid"] = os.getpid()
            if self.enqueued_at:
                values["enqueued_at"] = self.enqueued_at
            if self.finished_at:
                values["finished_at"] = self.finished_at
        WorkerBeat.objects.update_or_create(worker_id=self.worker_id, defaults=values)

    def hand_back_abandoned(self) -> int:
        """Tasks left running by a worker not heard of within the stale time go back to the
        queue (a worker killed mid-task, a machine that died); every task is idempotent."""
        stale = timezone.now() - timedelta(seconds=settings.SAKRA_WORKER_STALE_SECONDS)
        alive = set(
            WorkerBeat.objects.filter(seen_at__gte=stale).values_list("worker_id", flat=True)
        )
        count = 0
        running = DBTaskResult.objects.running().filter(started_at__lt=stale)
        for row in running.only("id", "worker_ids", "started_at", "task_path"):
            if row.worker_ids and row.worker_ids[-1] in alive:
                continue
            count += hand_back(row.pk, started_at=row.started_at)
            logger.warning(
                "Task %s (%s) was left running by worker %s, which stopped; queued again.",
                row.pk, row.task_path, row.worker_ids[-1] if row.worker_ids else "?",
            )  # fmt: skip
        return count

    def run(self, stop: threading.Event) -> None:
        backoff = Backoff()
        last_prune = 0.0
        while not stop.is_set():
            wait = BEAT_SECONDS
            try:
                self.beat()
                self.hand_back_abandoned()
                if time.monotonic() - last_prune > 3600:
                    prune()
                    last_prune = time.monotonic()
                backoff.reset()
            except GONE as exc:
                wait = backoff.next()
                logger.warning("Heartbeat: the database is unavailable (%s); again in %.0f s.",
                               first_line(exc), wait)  # fmt: skip
                reconnect()
            except Exception:
                logger.exception("Heartbeat failed; again in %.0f s.", wait)
                reconnect()
            stop.wait(wait)


def hand_back(pk, *, started_at=None, delay: float = 0.0) -> int:
    """Put a running task back in the queue (READY), to run after `delay` seconds."""
    rows = DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING)
    if started_at is not None:
        rows = rows.filter(started_at=started_at)  # not if it was claimed again meanwhile
    return rows.update(
        status=TaskResultStatus.READY,
        run_after=timezone.now() + timedelta(seconds=delay),
        started_at=None,
    )


def prune() -> None:
    """Old claim rows and the heartbeats of workers long gone."""
    PeriodicRun.objects.filter(period__lt=timezone.now() - KEEP_RUNS).delete()
    WorkerBeat.objects.filter(seen_at__lt=timezone.now() - KEEP_RUNS).delete()


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class Clock:
    """Enqueues the periodic jobs once per period (in all workers together)."""

    def __init__(self, heart: Heart, interval: float):
        self.heart, self.interval = heart, interval

    def tick(self) -> int:
        count = enqueue_periodic_tasks(
            period_start(timezone.now(), self.interval), worker_id=self.heart.worker_id
        )
        self.heart.enqueued()
        return count

    def run(self, stop: threading.Event) -> None:
        backoff = Backoff()
        while not stop.is_set():
            try:
                self.tick()
                if backoff.reset():
                    logger.warning("Periodic jobs: the database answers again; enqueued.")
                # Wake just after the next period starts (a little later for a random worker,
                # so the first to wake claims and the others find the claim).
                now = time.time()
                wait = self.interval - now % self.interval + random.uniform(0, 0.2)  # noqa: S311 # nosec B311
            except GONE as exc:
                wait = backoff.next()
                logger.warning("Periodic jobs: the database is unavailable (%s); again in %.0f s.",
                               first_line(exc), wait)  # fmt: skip
                reconnect()
            except Exception:
                wait = self.interval
                logger.exception("Periodic jobs failed; again in %.0f s.", wait)
                reconnect()
            stop.wait(wait)


class ResilientWorker(Worker):
    """django-tasks' database worker that waits out a database outage instead of dying."""

    def __init__(self, *, heart: Heart, **kwargs):
        super().__init__(**kwargs)
        self.heart = heart
        self.backoff = Backoff()
        #: Tasks this worker must put back in the queue once the database answers again.
        self.to_hand_back: set = set()

    def claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def run(self) -> None:
        logger.info("Worker %s started.", self.worker_id)
        while self.running:
            # While claiming, a SIGTERM only asks to stop (it does not exit in the middle): a
            # task claimed then is handed back below, never left running.
            self.running_task = True
            try:
                for pk in list(self.to_hand_back):
                    hand_back(pk)
                    self.to_hand_back.discard(pk)
                task_result = self.claim()
                if self.backoff.reset():
                    logger.warning("Tasks: the database answers again; working on.")
            except GONE as exc:
                self.running_task = False
                self.rest(exc)
                continue
            finally:
                self.running_task = False
            if task_result is not None and not self.running:
                self.give_back(task_result.pk, None)
            elif task_result is not None:
                self.run_task(task_result)
            elif self.running:
                time.sleep(self.interval)

    def rest(self, exc: BaseException) -> None:
        wait = self.backoff.next()
        logger.warning("Tasks: the database is unavailable (%s); again in %.0f s.",
                       first_line(exc), wait)  # fmt: skip
        reconnect()
        time.sleep(wait)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one task: successful, failed (its own error), or back in the queue (the
        database went away under it, or the worker was told to stop at once)."""
        self.running_task = True
        backend = type(task_backends[self.backend_name])
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            task_started.send(sender=backend, task_result=task_result)
            args = [TaskContext(task_result=task_result)] if task.takes_context else []
            value = task.call(*args, *task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=backend, task_result=db_task_result.task_result)
            self.heart.finished()
        except GONE as exc:
            if len(db_task_result.worker_ids) < MAX_ATTEMPTS:
                self.give_back(db_task_result.pk, exc)
            else:  # not an outage but the task's own query (SQLite says OperationalError too)
                self.fail(db_task_result, backend, exc)
        except (KeyboardInterrupt, SystemExit):
            self.give_back(db_task_result.pk, None)
            raise
        except Exception as exc:
            self.fail(db_task_result, backend, exc)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def fail(self, db_task_result: DBTaskResult, backend, exc: BaseException) -> None:
        try:
            db_task_result.set_failed(exc)
            task_finished.send(sender=backend, task_result=db_task_result.task_result)
            self.heart.finished()
        except GONE as gone:
            self.give_back(db_task_result.pk, gone)

    def give_back(self, pk, exc: BaseException | None) -> None:
        delay = self.backoff.next() if exc is not None else 0.0
        if exc is not None:
            logger.warning("Task %s met a database error (%s); it runs again in %.0f s.",
                           pk, first_line(exc), delay)  # fmt: skip
        reconnect()
        try:
            hand_back(pk, delay=delay)
        except GONE:
            self.to_hand_back.add(pk)  # after the outage, before the next claim


def run(*, periodic_interval: float | None, worker_id: str | None = None,
        queue_names: tuple[str, ...] = ("default",), poll: float = 1.0) -> None:  # fmt: skip
    """Run a worker until SIGTERM/SIGINT (the task in hand finishes; a second signal hands
    it back). `periodic_interval=None`: this worker runs tasks but enqueues no periodic jobs."""
    heart = Heart(worker_id or new_worker_id())
    stop = threading.Event()
    threading.Thread(target=heart.run, args=(stop,), name="heart", daemon=True).start()
    if periodic_interval:
        clock = Clock(heart, periodic_interval)
        threading.Thread(target=clock.run, args=(stop,), name="clock", daemon=True).start()
    worker = ResilientWorker(
        heart=heart,
        queue_names=list(queue_names),
        interval=poll,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=heart.worker_id,
        excluded_queue_names=[],
    )
    worker.configure_signals()
    try:
        worker.run()
    finally:
        stop.set()
    sys.exit(0)
