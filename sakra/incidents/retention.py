"""Retention (gallring) of the personal data of incidents, and the legal hold that stops it.

The public record of an event is kept (Arkivlagen): category, times, place, severity, status
and handling stay for statistics. The personal data is kept no longer than needed (GDPR art.
5.1 e): a closed incident whose category's period has run out loses its reporter, its free
text, the text of its comments and its attached files. docs/admin/retention.md says what is
removed, what is kept and why.

The clock starts when the incident is closed or dismissed; an open incident is never touched.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.accounts.models import Notification, User
from sakra.core.concurrency import save_new_version

from .choices import Status, TimelineKind
from .models import (
    Attachment,
    AuthorityNotice,
    Incident,
    IncidentCategory,
    TimelineEntry,
    _localised,
)
from .querysets import LEGAL_HOLD
from .services import _locked, checked_text

logger = logging.getLogger("sakra.retention")

#: Incidents are looked up and cleared this many at a time: memory stays flat at any size.
CHUNK = 500
CLOSED_STATUSES = (Status.CLOSED, Status.DISMISSED)
#: Free text written by people; other timeline entries are written by Sakra about staff acting
#: in their roles (assignments, alerts, acknowledgements) and stay as the record of handling.
FREE_TEXT_KINDS = (
    TimelineKind.COMMENT,
    TimelineKind.STATUS_CHANGE,
    TimelineKind.ATTACHMENT_ADDED,
    TimelineKind.LEGAL_HOLD,
    TimelineKind.ACTION,  # the action's title, copied into the post
)
#: The incident's free text, all emptied (and its reporter set to nobody).
PERSONAL_TEXT_FIELDS = (
    "description",
    "immediate_measures",
    "dismissed_reason",
    "legal_hold_reason",
)
#: What the audit trail shows instead of a removed value: it must not copy the data it removes.
REMOVED = "[removed]"


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` moved by `months` calendar months (a 31st becomes the month's last day)."""
    total = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


def due_incidents(now: datetime | None = None, incidents=None) -> QuerySet[Incident]:
    """Closed incidents past their category's period whose personal data is still there.

    Held incidents are included (callers split them off with `legal_hold`), so that a dry
    run can say what a hold stops. One condition per category: no join, and the partial
    index `incident_retention_due` serves it.
    """
    now = now or timezone.now()
    periods = IncidentCategory.objects.filter(retention_months__isnull=False).values_list(
        "pk", "retention_months"
    )
    due = reduce(
        or_,
        (Q(category_id=pk, closed_at__lt=add_months(now, -m)) for pk, m in periods),
        Q(pk__in=[]),
    )
    incidents = Incident.objects.all() if incidents is None else incidents
    return incidents.filter(due, status__in=CLOSED_STATUSES, personal_data_removed_at__isnull=True)


@dataclass(frozen=True)
class DueIncident:
    """One line of the plan: what would be cleared, and why (or why not)."""

    pk: int
    reference: str
    category_sv: str
    closed_at: datetime
    retention_months: int
    legal_hold: bool
    legal_hold_reason: str
    category_en: str

    @property
    def category(self) -> str:
        """The category's name in the reader's language (as `IncidentCategory.name`)."""
        return _localised(self, "category")

    @property
    def due_since(self) -> datetime:
        return add_months(self.closed_at, self.retention_months)

    def age_months(self, now: datetime) -> int:
        """Whole months since it was closed."""
        months = (now.year - self.closed_at.year) * 12 + now.month - self.closed_at.month
        return months - (1 if now.day < self.closed_at.day else 0)


PLAN_FIELDS = (
    "pk", "reference", "category__name_sv", "closed_at", "category__retention_months",
    "legal_hold", "legal_hold_reason", "category__name_en",
)  # fmt: skip


def plan(now: datetime | None = None, incidents=None) -> Iterator[DueIncident]:
    """What the next run would clear (and what a legal hold stops), oldest id first, streamed.

    `incidents` narrows it, e.g. to `Incident.objects.for_user(user, LEGAL_HOLD)`.
    """
    rows = due_incidents(now, incidents).order_by("pk").values_list(*PLAN_FIELDS)
    for row in rows.iterator(chunk_size=CHUNK):
        yield DueIncident(*row)


@dataclass
class RetentionResult:
    """How many incidents a run cleared, and how many due ones a legal hold kept."""

    removed: int = 0
    held: int = 0


def apply_retention(*, by: User | None = None, now: datetime | None = None,
                    limit: int | None = None) -> RetentionResult:  # fmt: skip
    """Clear every due incident not under a legal hold, each in its own transaction.

    Chunked by id so that neither memory nor a lock grows with the backlog; `limit` bounds
    one run (the nightly task), the next run goes on where this one stopped. `by` is the
    person who ran it (None for the nightly task).
    """
    now = now or timezone.now()
    result = RetentionResult()
    last_pk = 0
    while limit is None or result.removed < limit:
        ids = list(
            due_incidents(now)
            .filter(legal_hold=False, pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:CHUNK]
        )
        if not ids:
            break
        for pk in ids:
            if limit is not None and result.removed >= limit:
                break
            result.removed += remove_personal_data(pk, by=by, now=now)
        last_pk = ids[-1]
    result.held = due_incidents(now).filter(legal_hold=True).count()
    logger.info(
        "Retention: personal data removed from %d incidents; %d due incidents are under a "
        "legal hold.",
        result.removed,
        result.held,
    )
    return result


@transaction.atomic
def remove_personal_data(incident_id: int, *, by: User | None = None,
                         now: datetime | None = None) -> bool:  # fmt: skip
    """Clear one incident's personal data if it is still due and not held; True when done.

    The conditions are checked again on the locked row, so a legal hold set a moment ago
    wins. The audit entry names the fields removed and never their values; the files are
    deleted after the commit.
    """
    now = now or timezone.now()
    incident = (
        due_incidents(now)
        .filter(pk=incident_id, legal_hold=False)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("category")
        .first()
    )
    if incident is None:
        return False
    reporter_id = incident.reporter_id
    removed = [name for name in PERSONAL_TEXT_FIELDS if getattr(incident, name)]
    if reporter_id is not None:
        removed.insert(0, "reporter")
    Incident.objects.filter(pk=incident.pk).update(
        reporter=None,
        description="",
        immediate_measures="",
        dismissed_reason="",
        legal_hold_reason="",
        # The key and hash were derived from the report; an anonymous key must also stay unique.
        idempotency_key="",
        request_hash="",
        personal_data_removed_at=now,
        version=F("version") + 1,
        updated_at=now,
    )
    timeline = TimelineEntry.objects.filter(incident=incident)
    cleared_texts = timeline.filter(kind__in=FREE_TEXT_KINDS).exclude(text="").update(text="")
    files = list(
        Attachment.objects.filter(incident=incident).exclude(file="").values_list("file", flat=True)
    )
    Attachment.objects.filter(incident=incident).update(original_name="")
    # The notifications to authorities keep when and under which reference they were sent;
    # their text (what the handler chose to tell, people included) goes with the rest.
    AuthorityNotice.objects.filter(duty__incident=incident).update(content={})
    if reporter_id is not None:
        # What the reporter wrote or attached stays as a fact of the handling, without them.
        timeline.filter(author_id=reporter_id).update(author=None)
        Attachment.objects.filter(incident=incident, uploaded_by_id=reporter_id).update(
            uploaded_by=None
        )
        with disable_auditlog():
            # "Your report AVV-… is closed" links the person to the incident.
            Notification.objects.filter(
                recipient_id=reporter_id, url=incident.get_absolute_url()
            ).delete()
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.PERSONAL_DATA_REMOVED,
        created_at=now,
        data={
            "retention_months": incident.category.retention_months,
            "closed_at": incident.closed_at.isoformat(),
            "comments_cleared": cleared_texts,
            "files_deleted": len(files),
        },
    )
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Incident),
        object_pk=str(incident.pk),
        object_id=incident.pk,
        object_repr=str(incident),
        action=LogEntry.Action.UPDATE,
        actor=by,
        actor_email=getattr(by, "email", None),
        changes={
            **{name: [REMOVED, None if name == "reporter" else ""] for name in removed},
            "personal_data_removed_at": [None, now.isoformat()],
        },
        additional_data={
            "retention": {
                "category": incident.category.code,
                "retention_months": incident.category.retention_months,
                "closed_at": incident.closed_at.isoformat(),
                "timeline_texts_cleared": cleared_texts,
                "files_deleted": len(files),
            }
        },
    )
    if files:
        storage = Attachment._meta.get_field("file").storage
        transaction.on_commit(lambda: _delete_files(storage, files))
    return True


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # The row says the file is gone; a file the storage cannot delete is reported.
            logger.exception("Retention: could not delete the attachment file %s", name)


def _hold_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason (for example the police case).")})
    return checked_text("reason", reason)


@transaction.atomic
def set_legal_hold(incident: Incident, *, by: User, reason: str, version: int) -> Incident:
    """Stop the removal of this incident's personal data until the hold is lifted."""
    incident = _locked(incident, by, LEGAL_HOLD, version)
    reason = _hold_reason(reason)
    if incident.personal_data_removed_at is not None:
        raise ValidationError(
            _(
                "The personal data of this incident has already been removed; nothing is "
                "left to hold."
            )
        )
    if incident.legal_hold:
        raise ValidationError(_("The incident is already under a legal hold."))
    incident.legal_hold, incident.legal_hold_reason = True, reason
    incident.legal_hold_set_at, incident.legal_hold_set_by = timezone.now(), by
    save_new_version(
        incident, "legal_hold", "legal_hold_reason", "legal_hold_set_at", "legal_hold_set_by"
    )
    TimelineEntry.objects.create(
        incident=incident, kind=TimelineKind.LEGAL_HOLD, author=by, text=reason,
        data={"hold": True},
    )  # fmt: skip
    return incident


@transaction.atomic
def lift_legal_hold(incident: Incident, *, by: User, reason: str, version: int) -> Incident:
    """Let retention take its course again; a due incident is cleared on the next run."""
    incident = _locked(incident, by, LEGAL_HOLD, version)
    reason = _hold_reason(reason)
    if not incident.legal_hold:
        raise ValidationError(_("The incident is not under a legal hold."))
    incident.legal_hold, incident.legal_hold_reason = False, ""
    incident.legal_hold_set_at, incident.legal_hold_set_by = None, None
    save_new_version(
        incident, "legal_hold", "legal_hold_reason", "legal_hold_set_at", "legal_hold_set_by"
    )
    TimelineEntry.objects.create(
        incident=incident, kind=TimelineKind.LEGAL_HOLD, author=by, text=reason,
        data={"hold": False},
    )  # fmt: skip
    return incident
