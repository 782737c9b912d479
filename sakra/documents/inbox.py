"""Governing documents in "Mina uppgifter": the documents a person owns whose review is due
within 30 days or overdue, and the versions they were sent and have yet to confirm reading."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.hooks import InboxItem, InboxSection

from .choices import DocumentStatus, VersionState
from .models import Acknowledgement, DistributionRecipient, Document
from .tasks import REMIND_DAYS_BEFORE

SHOWN = 5


def sections(user) -> list[InboxSection]:
    """At most four queries: a count and a page for each section that has items."""
    today = timezone.localdate()
    found = []
    reviews = Document.objects.filter(
        owner=user,
        status=DocumentStatus.ADOPTED,
        next_review__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
    ).order_by("next_review", "pk")
    if count := reviews.count():
        found.append(
            InboxSection(
                key="document-reviews",
                title=_("Governing documents to review"),
                items=[
                    InboxItem(
                        title=row.title,
                        url=row.get_absolute_url(),
                        due=row.next_review,
                        overdue=row.next_review < today,
                    )
                    for row in reviews[:SHOWN]
                ],
                count=count,
                url=reverse("documents:due"),
            )
        )
    unread = (
        DistributionRecipient.objects.filter(
            user=user, must_acknowledge=True, version__state=VersionState.ADOPTED
        )
        .exclude(Exists(Acknowledgement.objects.filter(version=OuterRef("version"), user=user)))
        .select_related("version__document")
        .order_by("version__acknowledge_by", "pk")
    )
    if count := unread.count():
        found.append(
            InboxSection(
                key="document-acknowledgements",
                title=_("Governing documents to confirm reading"),
                items=[
                    InboxItem(
                        title=row.version.document.title,
                        url=row.version.document.get_absolute_url(),
                        due=row.version.acknowledge_by,
                        overdue=bool(
                            row.version.acknowledge_by and row.version.acknowledge_by < today
                        ),
                    )
                    for row in unread[:SHOWN]
                ],
                count=count,
                url=reverse("documents:index"),
            )
        )
    return found
