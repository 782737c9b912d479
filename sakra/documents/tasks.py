"""The documents' background work: the text of attached files read for the search, the owner
reminded of a review 30 days before it (once) and when it is overdue (once), and a recipient who
has not confirmed reading the version in force by its date reminded (once)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django_tasks import task

from sakra.accounts.notifications import Message
from sakra.accounts.services import notify

from . import services
from .choices import DocumentStatus, ReminderKind
from .extraction import file_text
from .models import (
    Acknowledgement,
    DistributionRecipient,
    Document,
    DocumentVersion,
    ReviewReminder,
)
from .notifications import ACKNOWLEDGE_OVERDUE, REVIEW_OVERDUE, REVIEW_SOON

#: The owner hears of a coming review this many days before it.
REMIND_DAYS_BEFORE = 30


@task()
def extract_attachment_text(version_id: int) -> int:
    """Read the text of one version's file into the search; idempotent."""
    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is None or not version.attachment:
        return 0
    with version.attachment.open("rb") as handle:
        text = file_text(handle.read(), version.attachment_type)
    services.store_attachment_text(version.pk, text)
    return len(text)


@task()
def read_unread_attachments() -> int:
    """Catch up files whose reading was lost (a worker stopped): a few per minute."""
    count = 0
    for pk in (
        DocumentVersion.objects.filter(attachment_read=False)
        .exclude(attachment="")
        .values_list("pk", flat=True)[:20]
    ):
        extract_attachment_text.call(pk)
        count += 1
    return count


def _send(document: Document, kind: str, message: Message) -> bool:
    try:
        with transaction.atomic():
            ReviewReminder.objects.create(document=document, due_on=document.next_review, kind=kind)
            notify([document.owner], message, url=document.get_absolute_url())
    except IntegrityError:
        return False
    return True


@task()
def send_review_reminders() -> int:
    """Each review date reminds the owner once 30 days before and once when passed."""
    today = timezone.localdate()
    in_force = Document.objects.filter(
        status=DocumentStatus.ADOPTED, next_review__isnull=False, owner__is_active=True
    ).select_related("owner")
    sent = 0
    for kind, rows in (
        (
            ReminderKind.BEFORE,
            in_force.filter(
                next_review__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
                next_review__gte=today,
            ),
        ),
        (ReminderKind.OVERDUE, in_force.filter(next_review__lt=today)),
    ):
        unsent = rows.exclude(
            Exists(
                ReviewReminder.objects.filter(
                    document=OuterRef("pk"), due_on=OuterRef("next_review"), kind=kind
                )
            )
        )
        for document in unsent.iterator(chunk_size=500):
            remind = REVIEW_SOON if kind == ReminderKind.BEFORE else REVIEW_OVERDUE
            message = remind(title=document.title, date=document.next_review.isoformat())
            sent += _send(document, kind, message)
    return sent


@task()
def send_acknowledgement_reminders() -> int:
    """Each recipient who must confirm reading the version in force, and has not by its date,
    is reminded once (a version replaced since is no longer asked about)."""
    today = timezone.localdate()
    waiting = (
        DistributionRecipient.objects.filter(
            must_acknowledge=True,
            reminded_at__isnull=True,
            user__is_active=True,
            version__acknowledge_by__lt=today,
            version__document__current=F("version"),
        )
        .exclude(
            Exists(
                Acknowledgement.objects.filter(version=OuterRef("version"), user=OuterRef("user"))
            )
        )
        .select_related("user", "version__document")
    )
    sent = 0
    for recipient in waiting.iterator(chunk_size=500):
        with transaction.atomic():
            # Claimed before it is sent: two workers at once send it once.
            claimed = DistributionRecipient.objects.filter(
                pk=recipient.pk, reminded_at__isnull=True
            ).update(reminded_at=timezone.now())
            if not claimed:
                continue
            version = recipient.version
            message = ACKNOWLEDGE_OVERDUE(
                title=version.document.title, date=version.acknowledge_by.isoformat()
            )
            notify([recipient.user], message, url=version.document.get_absolute_url())
            sent += 1
    return sent


PERIODIC = [send_review_reminders, send_acknowledgement_reminders, read_unread_attachments]
