"""The e-mail outbox: claim a row for a lease, send it with its key, then mark it sent.

The claim is committed before the send, so two workers never send one row at the same time.
A worker killed between the send and the mark leaves the row claimed; when the lease has run
out the sweep sends it again with the same Message-ID (the row's key). That is "at least
once" for the worker, and once for every mail system that drops a Message-ID it has already
delivered (docs/admin/worker.md).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxEmail

logger = logging.getLogger("sakra.outbox")


def lease() -> timedelta:
    """How long a claimed e-mail is left to its sender before another may send it."""
    return timedelta(seconds=settings.SAKRA_OUTBOX_LEASE_SECONDS)


def due():
    """Unsent rows nobody holds: never claimed, or their sender's lease ran out."""
    return OutboxEmail.objects.filter(sent_at__isnull=True).filter(
        Q(leased_until__isnull=True) | Q(leased_until__lt=timezone.now())
    )


def message_id(row: OutboxEmail) -> str:
    """The same on every attempt and every host: the key at the sender's mail domain."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "sakra"
    return f"<{row.key}@{domain}>"


def _message(row: OutboxEmail) -> EmailMessage:
    notification = row.notification
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{settings.SAKRA_BASE_URL}{notification.url}".strip()
    return EmailMessage(
        notification.subject,
        body,
        None,
        [notification.recipient.email],
        headers={"Message-ID": message_id(row), "X-Sakra-Outbox-Key": str(row.key)},
    )


def send(rows) -> int:
    """Send each of `rows` that is still due; returns how many were sent now."""
    sent = 0
    for row in rows.select_related("notification__recipient"):
        # The claim commits on its own (autocommit): it must be on record before the send.
        claimed = (
            due()
            .filter(pk=row.pk)
            .update(leased_until=timezone.now() + lease(), attempts=F("attempts") + 1)
        )
        if not claimed:
            continue
        try:
            _message(row).send(fail_silently=False)
        except OSError as exc:  # smtplib's errors are OSErrors; the lease makes the retry wait
            logger.warning("E-mail %s not sent (attempt %s): %s", row.key, row.attempts + 1, exc)
            OutboxEmail.objects.filter(pk=row.pk).update(last_error=str(exc)[:500])
            continue
        OutboxEmail.objects.filter(pk=row.pk).update(
            sent_at=timezone.now(), leased_until=None, last_error=""
        )
        sent += 1
    return sent


def send_due(limit: int = 200) -> int:
    """The sweep: what no task sent (the worker was down, a send failed, a worker died)."""
    return send(OutboxEmail.objects.filter(pk__in=list(due().values_list("pk", flat=True)[:limit])))
