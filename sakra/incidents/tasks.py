"""Background work of incidents: the acute channel's escalation, the nightly retention."""

from django.conf import settings
from django.utils import timezone
from django_tasks import task


@task()
def escalate_unacknowledged() -> int:
    """Acute reports not acknowledged in time go to the security chief, once (idempotent)."""
    from .services import escalate_unacknowledged as escalate

    return escalate(settings.SAKRA_ACUTE_ESCALATION_MINUTES)


@task()
def apply_retention() -> int:
    """Remove the personal data that is due, in the night hour, when the region turned it on.

    The worker enqueues this every minute: outside SAKRA_RETENTION_HOUR (local time) it does
    nothing, inside it each run clears at most SAKRA_RETENTION_BATCH incidents, so a backlog
    is worked off over the hour (and the following nights) without one long run.
    """
    if not settings.SAKRA_RETENTION_ENABLED:
        return 0
    if timezone.localtime().hour != settings.SAKRA_RETENTION_HOUR:
        return 0
    from .retention import apply_retention as apply

    return apply(limit=settings.SAKRA_RETENTION_BATCH).removed


@task()
def send_manager_digests() -> int:
    """Yesterday's reports to the managers who chose a daily digest, once each (idempotent:
    a (person, day) row is the claim), from SAKRA_DIGEST_HOUR local time on."""
    from .following.services import send_digests

    return send_digests(hour=settings.SAKRA_DIGEST_HOUR)


PERIODIC = [escalate_unacknowledged, apply_retention, send_manager_digests]
