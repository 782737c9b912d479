"""Drafting, editing and recording the notifications to authorities: one transaction each,
the acting person as `by=`, a change to a draft against the version the handler saw (auditlog
records each change of the row)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sakra.accounts.models import User
from sakra.core.access import CHANGE
from sakra.core.audit import log_changed_unshown
from sakra.core.concurrency import lock, save_new_version

from .. import services as incidents
from ..choices import NoticeKind, TimelineKind
from ..models import Incident, IncidentObligation, TimelineEntry
from . import specs
from .models import AuthorityNotice


def may_follow_up(duty: IncidentObligation, notices) -> bool:
    """Whether the law asks for a follow-up to this duty and its notification is sent."""
    return bool(specs.spec_for(duty.obligation.code).follow_up) and any(
        n.kind == NoticeKind.INITIAL and n.is_sent for n in notices
    )


@transaction.atomic
def draft_notice(duty: IncidentObligation, *, by: User, kind: str = NoticeKind.INITIAL,
                 content: dict) -> AuthorityNotice:  # fmt: skip
    """Save a new notification for the duty: its first, or a follow-up once the first is sent
    where the law asks for one."""
    incidents.permitted(duty.incident, by, CHANGE)
    # Locked: two handlers drafting at once make one notification, one after the other.
    incident = Incident.objects.select_for_update().get(pk=duty.incident_id)
    if incident.personal_data_removed_at is not None:
        raise ValidationError(_("The personal data of this incident has been removed."))
    notices = list(duty.notices.all())
    if kind == NoticeKind.FOLLOW_UP:
        if not may_follow_up(duty, notices):
            raise ValidationError(
                _(
                    "A follow-up report needs the notification sent first, where the law asks "
                    "for one."
                )
            )
    elif kind != NoticeKind.INITIAL:
        raise ValidationError({"kind": _("Unknown kind of notification.")})
    elif notices and any(n.kind == NoticeKind.INITIAL for n in notices):
        raise ValidationError(_("This obligation already has its notification."))
    cleaned = specs.clean_content(duty.obligation.code, content)
    try:
        with transaction.atomic():
            notice = AuthorityNotice.objects.create(
                duty=duty, kind=kind, content=cleaned, created_by=by
            )
    except IntegrityError:
        raise ValidationError(_("This obligation already has its notification.")) from None
    log_changed_unshown(notice, sorted(k for k, v in cleaned.items() if v), actor=by)
    return notice


def _locked_notice(notice: AuthorityNotice, by: User, version: int) -> AuthorityNotice:
    incidents.permitted(notice.duty.incident, by, CHANGE)
    row = lock(notice, version)
    if row.is_sent:
        raise ValidationError(
            _("This notification has been sent: it is the record of what the authority was told.")
        )
    return row


@transaction.atomic
def edit_notice(notice: AuthorityNotice, *, by: User, content: dict,
                version: int) -> AuthorityNotice:  # fmt: skip
    """The handler's edit of a draft; a stale version raises StaleVersion, a sent one is
    refused."""
    row = _locked_notice(notice, by, version)
    cleaned = specs.clean_content(notice.duty.obligation.code, content)
    changed = sorted(k for k in cleaned.keys() | row.content.keys()
                     if cleaned.get(k, "") != row.content.get(k, ""))  # fmt: skip
    row.content = cleaned
    save_new_version(row, "content")
    log_changed_unshown(row, changed, actor=by)
    return row


@transaction.atomic
def record_sent(notice: AuthorityNotice, *, by: User, version: int,
                sent_at: datetime | None = None,
                authority_reference: str = "") -> AuthorityNotice:  # fmt: skip
    """Record that the notification was sent: when, by whom, the authority's case reference.
    The first notification of a duty records the duty as reported too, which stops its clock
    on the incident; a follow-up goes on the timeline."""
    row = _locked_notice(notice, by, version)
    sent_at = sent_at or timezone.now()
    if sent_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"sent_at": _("The time cannot be in the future.")})
    if sent_at < row.duty.incident.occurred_at:
        raise ValidationError({"sent_at": _("The time cannot be before the incident.")})
    reference = incidents.checked_text(
        "authority_reference", (authority_reference or "").strip()[:100]
    )
    row.sent_at, row.sent_by, row.authority_reference = sent_at, by, reference
    save_new_version(row, "sent_at", "sent_by", "authority_reference")
    duty = IncidentObligation.objects.select_related("obligation", "incident").get(pk=row.duty_id)
    if row.kind == NoticeKind.INITIAL and duty.reported_at is None:
        incidents.record_obligation_reported(
            duty, by=by, version=Incident.objects.get(pk=duty.incident_id).version,
            reported_at=sent_at, authority_reference=reference,
        )  # fmt: skip
    elif row.kind == NoticeKind.FOLLOW_UP:
        TimelineEntry.objects.create(
            incident=duty.incident,
            kind=TimelineKind.OBLIGATION_REPORTED,
            author=by,
            text=gettext("Follow-up: {obligation} reported to {authority}.").format(
                obligation=duty.obligation.title, authority=duty.obligation.authority
            ),
            data={
                "obligation": duty.obligation.code,
                "follow_up": True,
                "reported_at": sent_at.isoformat(),
                "authority_reference": reference,
            },
        )
    return row
