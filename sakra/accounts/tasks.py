"""Background work of accounts: e-mail for notifications."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from .models import Notification


@task()
def start_and_end_appointments() -> int:
    """Appointments whose from or to date has come take effect (idempotent)."""
    from .appointments.services import sync_all

    return sync_all()


PERIODIC = [start_and_end_appointments]


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send each notification once; a retried task skips those already e-mailed."""
    sent = 0
    pending = Notification.objects.filter(
        pk__in=notification_ids, send_email=True, emailed_at__isnull=True
    ).select_related("recipient")
    for notification in pending:
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{settings.SAKRA_BASE_URL}{notification.url}".strip()
        send_mail(
            notification.subject,
            body,
            None,
            [notification.recipient.email],
            fail_silently=False,
        )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
