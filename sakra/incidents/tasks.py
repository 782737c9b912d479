"""Background work of incidents: the acute channel's escalation."""

from django.conf import settings
from django_tasks import task


@task()
def escalate_unacknowledged() -> int:
    """Acute reports not acknowledged in time go to the security chief, once (idempotent)."""
    from .services import escalate_unacknowledged as escalate

    return escalate(getattr(settings, "SAKRA_ACUTE_ESCALATION_MINUTES", 15))


PERIODIC = [escalate_unacknowledged]
