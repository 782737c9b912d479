"""The security board: its queue of improvement needs, its meetings and its decisions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sakra.accounts.models import User
from sakra.accounts.services import notify
from sakra.core.concurrency import StaleVersion, lock, save_new_version

from ..choices import AWAITING_BOARD, DecisionKind, NeedStatus
from ..models import BoardDecision, BoardMeeting, ImprovementNeed
from ..notifications import BOARD_DECIDED
from ..querysets import DECIDE
from .actions import PlannedAction, new_action
from .common import missing_version, require


def is_board(user: User) -> bool:
    """Whether `user` sits on the security board (or is the chief who chairs it)."""
    return BoardMeeting.objects.may(user, DECIDE)


@transaction.atomic
def rank_needs(
    *, by: User, ordered: Sequence[ImprovementNeed | int], versions: Mapping[int, int]
) -> list[ImprovementNeed]:
    """Put the board's queue in this order (rank 1 first); new needs join the queue.

    The list is the whole new order: ranked needs left out lose their place. `versions`
    holds the version the person saw of every need the call changes (id → version): a need
    changed since, or ranked by someone else meanwhile, makes the whole call stale.
    """
    ids = [item.pk if isinstance(item, ImprovementNeed) else int(item) for item in ordered]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("A need can hold only one place in the queue."))
    mine = ImprovementNeed.objects.for_user(by, DECIDE).select_for_update()
    rows = {need.pk: need for need in mine.filter(pk__in=ids)}
    if len(rows) != len(ids):
        raise PermissionDenied(_("Only the security board ranks improvement needs."))
    if any(need.status not in AWAITING_BOARD for need in rows.values()):
        raise ValidationError(_("Only needs that await the board's decision can be ranked."))
    left_out = list(mine.awaiting_board().filter(rank__isnull=False).exclude(pk__in=ids))
    for need in [*rows.values(), *left_out]:
        if need.pk not in versions:
            if need in left_out:
                raise StaleVersion  # ranked by someone after the person read the queue
            raise missing_version()
        if need.version != versions[need.pk]:
            raise StaleVersion
    for need in left_out:
        need.rank = None
        save_new_version(need, "rank")
    ranked = []
    for position, pk in enumerate(ids, start=1):
        need = rows[pk]
        need.rank = position
        if need.status == NeedStatus.NEW:
            need.status = NeedStatus.QUEUED
        save_new_version(need, "rank", "status")
        ranked.append(need)
    return ranked


@transaction.atomic
def hold_meeting(
    *,
    by: User,
    date: datetime.date,
    attendees: Iterable[User] = (),
    notes: str = "",
    title: str = "",
) -> BoardMeeting:
    """Record a meeting of the security board."""
    if not is_board(by):
        raise PermissionDenied(_("Only the security board records its meetings."))
    if not isinstance(date, datetime.date):
        raise ValidationError({"date": [_("Give the date of the meeting.")]})
    meeting = BoardMeeting.objects.create(
        date=date, title=(title or "").strip(), notes=(notes or "").strip(), created_by=by
    )
    meeting.attendees.set(list(attendees))
    return meeting


@transaction.atomic
def record_decision(
    *,
    by: User,
    meeting: BoardMeeting,
    need: ImprovementNeed,
    version: int,
    kind: str,
    reason: str = "",
    actions: Sequence[PlannedAction] = (),
) -> BoardDecision:
    """The board's decision on a need (at the `version` the board read it): accept (with
    actions), reject (with reason) or defer."""
    if not BoardMeeting.objects.for_user(by, DECIDE).filter(pk=meeting.pk).exists():
        raise PermissionDenied(_("Only the security board records its decisions."))
    require(by, DECIDE, need, _("Only the security board records its decisions."))
    need = lock(need, version)
    reason = (reason or "").strip()
    if need.status not in AWAITING_BOARD:
        raise ValidationError(
            _("The board has already decided on this need ({status}).").format(
                status=need.get_status_display()
            )
        )
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": [_("Choose accept, reject or defer.")]})
    if kind == DecisionKind.REJECT and not reason:
        raise ValidationError({"reason": [_("Give the reason for rejecting the need.")]})
    if kind == DecisionKind.ACCEPT and not actions:
        raise ValidationError(
            {"actions": [_("An accepted need needs at least one action with an owner.")]}
        )
    if kind != DecisionKind.ACCEPT and actions:
        raise ValidationError({"actions": [_("Only an accepted need creates actions.")]})
    decision = BoardDecision.objects.create(
        meeting=meeting, need=need, kind=kind, reason=reason, created_by=by
    )
    created = []
    for number, planned in enumerate(actions, start=1):
        try:
            created.append(
                new_action(
                    by=by,
                    source=need,
                    title=planned.title,
                    owner=planned.owner,
                    due_date=planned.due_date,
                    unit=planned.unit,
                    area=planned.area or need.area,
                    description=planned.description,
                )
            )
        except ValidationError as exc:
            messages = [str(message) for message in exc.messages]
            raise ValidationError(
                {
                    "actions": [
                        _("Action {number}: {problem}").format(number=number, problem=message)
                        for message in messages
                    ]
                }
            ) from exc
    decision.actions.set(created)
    need.status = {
        DecisionKind.ACCEPT: NeedStatus.ACCEPTED,
        DecisionKind.REJECT: NeedStatus.REJECTED,
        DecisionKind.DEFER: NeedStatus.DEFERRED,
    }[DecisionKind(kind)]
    if need.status != NeedStatus.DEFERRED:
        need.rank = None
    save_new_version(need, "status", "rank")
    if need.raised_by_id != by.pk:
        notify(
            [need.raised_by],
            BOARD_DECIDED(decision=DecisionKind(decision.kind).label),
            body=reason,
            url=need.get_absolute_url(),
        )
    return decision
