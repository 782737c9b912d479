"""Is background work running? Read from the workers' heartbeats (`WorkerBeat`), in one query.

Background work runs when, within the margin (SAKRA_WORKER_MARGIN_SECONDS), a worker was seen,
enqueued the periodic jobs and finished a task: all three, since a worker that is alive but
cannot reach the queue, or enqueues jobs that nobody runs, escalates nothing either.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import WorkerBeat


@dataclass(frozen=True)
class BackgroundStatus:
    """The heartbeats summed up: whether background work runs, and since when it has not."""

    running: bool
    #: The last moment all of it ran (the oldest of the three), None if it never has.
    since: datetime | None
    seen_at: datetime | None
    enqueued_at: datetime | None
    finished_at: datetime | None
    workers: int
    margin_seconds: int


def background_status(now: datetime | None = None) -> BackgroundStatus:
    now = now or timezone.now()
    margin = settings.SAKRA_WORKER_MARGIN_SECONDS
    stale = now - timedelta(seconds=settings.SAKRA_WORKER_STALE_SECONDS)
    # The few rows themselves, summed up here: an aggregate of the same cost more to build than
    # to run, on every page of those who are warned (docs/performance.md, the crisis page).
    beats = list(WorkerBeat.objects.order_by().values_list("seen_at", "enqueued_at", "finished_at"))
    stamps = [max((beat[i] for beat in beats if beat[i]), default=None) for i in range(3)]
    since = None if None in stamps else min(stamps)
    return BackgroundStatus(
        running=since is not None and since >= now - timedelta(seconds=margin),
        since=since,
        seen_at=stamps[0],
        enqueued_at=stamps[1],
        finished_at=stamps[2],
        workers=sum(1 for seen_at, *_ in beats if seen_at >= stale),
        margin_seconds=margin,
    )
