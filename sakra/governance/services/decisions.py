"""Forums' meetings, decisions, their distribution and acknowledgement, role mandates."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.choices import Role
from sakra.core.concurrency import lock, save_new_version

from ..models import Acknowledgement, Decision, DecisionRecipient, Forum, Meeting, RoleMandate
from ..notifications import DECISION_SENT
from ..querysets import DECIDE, MANAGEMENT_ROLES
from .common import clean_texts, require, require_text, require_version


@transaction.atomic
def record_decision(
    *,
    by: Any,
    forum: Forum,
    decided_on: datetime.date,
    title: str,
    text: str = "",
    paragraph: str = "",
    registry_number: str = "",
    responsible: Any = None,
    deadline: datetime.date | None = None,
    meeting: Meeting | None = None,
) -> Decision:
    """Record a decision of `forum`. The caller has checked that `by` may decide what the
    decision is about (a document's owner, the chief approving an RSA): other apps call this
    from their own services, in their own transaction, and point at the row it returns.
    A decision taken at one of the forum's meetings names the `meeting`."""
    if forum is None or not isinstance(forum, Forum):
        raise ValidationError({"forum": _("Choose the forum that decided.")})
    if not isinstance(decided_on, datetime.date):
        raise ValidationError({"decided_on": _("Give the date of the decision.")})
    if deadline is not None and deadline < decided_on:
        raise ValidationError({"deadline": _("The deadline cannot come before the decision.")})
    if meeting is not None and meeting.forum_id != forum.pk:
        raise ValidationError({"meeting": _("The meeting is not one of this forum's.")})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what was decided.")})
    fields = clean_texts(
        Decision, title=title, text=text, paragraph=paragraph, registry_number=registry_number
    )
    return Decision.objects.create(
        forum=forum, decided_on=decided_on, responsible=responsible, deadline=deadline,
        created_by=by, meeting=meeting, **fields,
    )  # fmt: skip


@transaction.atomic
def hold_meeting(
    *, by: Any, forum: Forum, held_on: datetime.date, title: str = "", agenda: str = ""
) -> Meeting:
    """A meeting of `forum`, with its agenda; its minutes and decisions follow."""
    if forum is None or not isinstance(forum, Forum):
        raise ValidationError({"forum": _("Choose the forum that met.")})
    require(by, DECIDE, forum, _("You may not record meetings of this forum."))
    if not isinstance(held_on, datetime.date):
        raise ValidationError({"held_on": _("Give the date of the meeting.")})
    fields = clean_texts(Meeting, title=title, agenda=agenda)
    return Meeting.objects.create(forum=forum, held_on=held_on, created_by=by, **fields)


@transaction.atomic
def write_minutes(meeting: Meeting, *, by: Any, version: int, agenda: str, minutes: str) -> Meeting:
    """The meeting's agenda and minutes, as the forum's secretary writes them."""
    require(by, DECIDE, meeting, _("You may not write the minutes of this meeting."))
    row = lock(meeting, require_version(version))
    fields = clean_texts(agenda=agenda, minutes=minutes)
    row.agenda, row.minutes = fields["agenda"], fields["minutes"]
    save_new_version(row, "agenda", "minutes")
    return row


@transaction.atomic
def decide_at_meeting(
    meeting: Meeting,
    *,
    by: Any,
    title: str,
    text: str = "",
    paragraph: str = "",
    registry_number: str = "",
    responsible: Any = None,
    deadline: datetime.date | None = None,
) -> Decision:
    """A decision taken at `meeting` (§, text, who is responsible, by when)."""
    require(by, DECIDE, meeting, _("You may not record decisions of this forum."))
    return record_decision(
        by=by, forum=meeting.forum, decided_on=meeting.held_on, title=title, text=text,
        paragraph=paragraph, registry_number=registry_number, responsible=responsible,
        deadline=deadline, meeting=meeting,
    )  # fmt: skip


# --- distribution ------------------------------------------------------------------------


def recipients_of(decision: Decision):
    """The people the decision's distribution reaches, active ones only."""
    from sakra.accounts.models import User

    condition = Q(pk__in=[])
    for row in decision.recipients.select_related("unit"):
        if row.user_id:
            condition |= Q(pk=row.user_id)
            continue
        if row.role and row.unit_id is None:
            held = Q(role_assignments__role=row.role)
        elif row.role:
            held = Q(
                role_assignments__role=row.role,
                role_assignments__unit__path__startswith=row.unit.path,
            )
        else:
            held = Q(
                role_assignments__role__in=MANAGEMENT_ROLES, role_assignments__unit=row.unit_id
            )
        condition |= held
    return User.objects.filter(condition, is_active=True).distinct().order_by("full_name", "pk")


@transaction.atomic
def distribute_decision(
    decision: Decision,
    *,
    by: Any,
    version: int,
    units: Iterable[Any] = (),
    role: str = "",
    people: Iterable[Any] = (),
) -> Decision:
    """Send the decision (expediera): to the holders of `role` in each of `units` (anywhere
    when no unit is given), to each unit's management when no role is given, and to `people`.
    The people it reaches are told, and find it in "Mina uppgifter" until they acknowledge."""
    from sakra.accounts.services import notify

    require(by, DECIDE, decision, _("You may not distribute this decision."))
    units, people = list(units), list(people)
    if role and role not in Role.values:
        raise ValidationError({"role": _("Choose a role of the role list.")})
    if not units and not role and not people:
        raise ValidationError(
            {"units": _("Choose who the decision is sent to: units, a role or people.")}
        )
    row = lock(decision, require_version(version))
    before = set(recipients_of(row).values_list("pk", flat=True))
    rows = [DecisionRecipient(decision=row, unit=unit, role=role) for unit in units]
    if role and not units:
        rows.append(DecisionRecipient(decision=row, role=role))
    rows += [DecisionRecipient(decision=row, user=person) for person in people]
    DecisionRecipient.objects.bulk_create(rows)
    save_new_version(row)
    reached = [user for user in recipients_of(row) if user.pk not in before]
    if reached:
        notify(
            reached,
            DECISION_SENT(title=row.title),
            body=str(row),
            url=row.get_absolute_url(),
        )
    return row


def is_recipient(user: Any, decision: Decision) -> bool:
    return Decision.objects.sent_to(user).filter(pk=decision.pk).exists()


@transaction.atomic
def acknowledge_decision(decision: Decision, *, by: Any) -> Acknowledgement:
    """`by` has read the decision sent to them. Only a recipient may acknowledge; once."""
    if by is None or not by.is_authenticated or not is_recipient(by, decision):
        raise PermissionDenied(_("The decision was not sent to you."))
    if Acknowledgement.objects.filter(decision=decision, user=by).exists():
        raise ValidationError(_("You have already acknowledged this decision."))
    return Acknowledgement.objects.create(
        decision=decision, user=by, acknowledged_at=timezone.now()
    )


# --- mandates of roles -------------------------------------------------------------------


def mandates_for(user: Any) -> list[RoleMandate]:
    """The written mandates of the roles `user` holds, for Min sida and the contact pages
    (one query; the roles come from the scopes already read)."""
    return list(RoleMandate.objects.filter(role__in=sorted(user.roles)))


@transaction.atomic
def set_role_mandate(
    *, by: Any, role: str, text: str, decision: Decision | None = None
) -> RoleMandate:
    """The written mandate of `role`; the security chief keeps them."""
    if by is not None and not (by.is_superuser or by.has_role(Role.SECURITY_CHIEF)):
        raise PermissionDenied(_("Only the security chief keeps the mandates of the roles."))
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role of the role list.")})
    fields = clean_texts(text=text)
    require_text(fields, "text", _("Write the mandate."))
    mandate, _created = RoleMandate.objects.update_or_create(
        role=role, defaults={"text": fields["text"], "decision": decision}
    )
    return mandate
