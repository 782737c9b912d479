"""Background work of accounts: e-mail for notifications, through the outbox."""

from django_tasks import task

from . import outbox
from .models import OutboxEmail


@task()
def start_and_end_appointments() -> int:
    """Appointments whose from or to date has come take effect (idempotent)."""
    from .appointments.services import sync_all

    return sync_all()


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send the e-mails of these notifications now; what is already sent is skipped."""
    return outbox.send(OutboxEmail.objects.filter(notification_id__in=notification_ids))


@task()
def send_due_emails() -> int:
    """Every minute: e-mails not yet sent (a lost task, a failed send, a worker that died)."""
    return outbox.send_due()


# One list: a second assignment replaced the first, and appointments never started by
# themselves.
PERIODIC = [start_and_end_appointments, send_due_emails]
