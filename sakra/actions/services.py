"""State changes of actions, improvement needs and the security board (the PGSA cycle).

Every function here runs in one transaction, leaves an audit entry (the models are
registered with django-auditlog) and notifies people through
`sakra.accounts.services.notify`, whose e-mail waits for the commit. Bad input raises
`ValidationError` (messages keyed by field) and changes nothing; a stale `version` raises
`ConcurrentEditError` ("someone changed this — reload"), which the API answers with 409.

For other modules
-----------------
Create an action caused by one of your rows (an incident, a risk, a remark…)::

    from sakra.actions.services import create_action

    action = create_action(
        source=incident, title="Byt lås i entrén", owner=manager, due_date=date(2027, 1, 31),
        created_by=request.user,  # must be allowed to create actions for that unit
        unit=incident.unit, area=incident.area,  # default: the source's unit/area, else
    )                                             # the owner's home unit

Show "actions of this object" on your detail page, in scope for the viewer::

    from sakra.actions.services import actions_for

    context["source_actions"] = actions_for(request.user, incident)

    {% include "actions/_for_source.html" with actions=source_actions source=incident %}

or, without touching the view: `{% load actions %}{% actions_for_source incident %}`.
The include lists the actions with status and due date, and links to "new action" with
the source filled in. `get_absolute_url()` on your model makes the action link back.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sakra.accounts.choices import Role
from sakra.accounts.models import User
from sakra.accounts.services import notify, region_language
from sakra.core.access import CHANGE, VIEW
from sakra.core.audit import log_bulk_created

from .choices import (
    AWAITING_BOARD,
    OPEN_STATUSES,
    ActionStatus,
    ActivityStatus,
    DecisionKind,
    NeedStatus,
)
from .models import (
    Action,
    AnnualPlan,
    BoardDecision,
    BoardMeeting,
    ImprovementNeed,
    PlannedActivity,
)
from .querysets import CREATE, DECIDE, VERIFY

#: Follow-up chains longer than this are refused rather than walked for ever.
MAX_FOLLOW_UP_DEPTH = 100
TITLE_MAX = Action._meta.get_field("title").max_length


def _too_long(limit: int) -> str:
    return _("Keep it to at most {limit} characters.").format(limit=limit)


class ConcurrentEditError(Exception):
    """Someone saved the row after the caller read it."""

    message = gettext_lazy(
        "Someone else changed this in the meantime. Reload the page and try again."
    )

    def __str__(self) -> str:
        return str(self.message)


# --- reading, for other modules --------------------------------------------------------


def actions_for(user: Any, obj: models.Model):
    """The actions caused by `obj` that `user` may see, ready for a list."""
    return Action.objects.for_user(user, VIEW).for_source(obj).with_related()


def may_create_actions(user: Any) -> bool:
    """Whether `user` may create actions somewhere (the service then checks the unit)."""
    return Action.objects.may(user, CREATE)


def visible_source(user: Any, action: Action) -> models.Model | None:
    """The action's source when `user` may see it (so a restricted source is never named)."""
    if action.source_type_id is None:
        return None
    model = action.source_type.model_class()
    if model is None:
        return None
    manager = model._default_manager
    rows = manager.for_user(user, VIEW) if hasattr(manager, "for_user") else manager.none()
    return rows.filter(pk=action.source_id).first()


# --- helpers ------------------------------------------------------------------------------


def _require(user: Any, action_name: str, obj: models.Model, message: str) -> None:
    manager = type(obj)._default_manager
    if not manager.for_user(user, action_name).filter(pk=obj.pk).exists():
        raise PermissionDenied(message)


def _lock(obj: models.Model, version: int | None):
    """The row, locked for this transaction; a stale `version` is refused."""
    row = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if version is not None and row.version != version:
        raise ConcurrentEditError
    return row


def _save(row, fields: Sequence[str]) -> None:
    row.version += 1
    row.save(update_fields=[*fields, "version", "updated_at"])


def _resolve_user(value: Any) -> User | None:
    if value is None or isinstance(value, User):
        return value
    try:
        return User.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def _today() -> datetime.date:
    return timezone.localdate()


def _validate_new_action(
    *, title: str, owner: Any, due_date: Any, unit: Any
) -> tuple[str, User, datetime.date]:
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Give the action a title."))
    elif len(title) > TITLE_MAX:
        errors.setdefault("title", []).append(_too_long(TITLE_MAX))
    owner_user = _resolve_user(owner)
    if owner_user is None:
        errors.setdefault("owner", []).append(_("The owner is not a known person in Sakra."))
    elif not owner_user.is_active:
        errors.setdefault("owner", []).append(
            _("{name} is no longer active and cannot own an action.").format(
                name=owner_user.full_name or owner_user.email
            )
        )
    if not isinstance(due_date, datetime.date):
        errors.setdefault("due_date", []).append(_("Give a due date."))
    elif due_date < _today():
        errors.setdefault("due_date", []).append(
            _("The due date {date} has already passed. Choose today or a later day.").format(
                date=due_date.isoformat()
            )
        )
    if unit is None and not errors.get("owner"):
        errors.setdefault("unit", []).append(
            _("Choose the unit the action belongs to (the owner has no home unit).")
        )
    if errors:
        raise ValidationError(errors)
    return title, owner_user, due_date  # type: ignore[return-value]


def _create(
    *,
    source: models.Model | None,
    title: str,
    owner: Any,
    due_date: Any,
    created_by: User | None,
    unit=None,
    area=None,
    description: str = "",
    priority: str | None = None,
    follows_up: Action | None = None,
) -> Action:
    owner_user = _resolve_user(owner)
    if unit is None:
        unit = getattr(source, "unit", None) or getattr(owner_user, "home_unit", None)
    if area is None:
        area = getattr(source, "area", None)
    title, owner_user, due_date = _validate_new_action(
        title=title, owner=owner_user if owner_user else owner, due_date=due_date, unit=unit
    )
    action = Action(
        title=title,
        description=(description or "").strip(),
        owner=owner_user,
        unit=unit,
        area=area,
        due_date=due_date,
        created_by=created_by,
        follows_up=follows_up,
    )
    if priority:
        action.priority = priority
    if source is not None:
        action.source_type = ContentType.objects.get_for_model(source)
        action.source_id = source.pk
    action.save()
    if created_by is None or owner_user.pk != created_by.pk:
        with region_language():
            notify(
                [owner_user],
                _("You own a new action: {title}").format(title=title),
                body=_("Due date: {date}.").format(date=due_date.isoformat()),
                url=action.get_absolute_url(),
            )
    return action


# --- actions --------------------------------------------------------------------------


@transaction.atomic
def create_action(
    *,
    source: models.Model | None = None,
    title: str,
    owner: Any,
    due_date: Any,
    created_by: User | None,
    unit=None,
    area=None,
    description: str = "",
    priority: str | None = None,
) -> Action:
    """A new planned action; `created_by` must be allowed to create actions for its unit.

    `owner` is a user or a user id. `created_by=None` is for the system (imports, tasks).
    """
    action = _create(
        source=source,
        title=title,
        owner=owner,
        due_date=due_date,
        created_by=created_by,
        unit=unit,
        area=area,
        description=description,
        priority=priority,
    )
    if created_by is not None:
        _require(
            created_by,
            CREATE,
            action,
            _("You may not create actions for {unit}.").format(unit=action.unit),
        )
    return action


@transaction.atomic
def start_action(action: Action, *, by: User, version: int | None = None) -> Action:
    """Planned → in progress."""
    _require(by, CHANGE, action, _("You may not change this action."))
    row = _lock(action, version)
    if row.status != ActionStatus.PLANNED:
        raise ValidationError(_("Only a planned action can be started."))
    row.status = ActionStatus.IN_PROGRESS
    _save(row, ["status"])
    return row


@transaction.atomic
def complete_action(action: Action, *, by: User, version: int | None = None) -> Action:
    """Planned or in progress → done; the effect is checked afterwards ("Studera")."""
    _require(by, CHANGE, action, _("You may not change this action."))
    row = _lock(action, version)
    if row.status not in OPEN_STATUSES:
        raise ValidationError(_("Only a planned or started action can be marked done."))
    row.status = ActionStatus.DONE
    row.completed_at = timezone.now()
    _save(row, ["status", "completed_at"])
    if row.created_by_id and row.created_by_id not in (by.pk, row.owner_id):
        with region_language():
            notify(
                [row.created_by],
                _("Action done, check its effect: {title}").format(title=row.title),
                url=row.get_absolute_url(),
            )
    return row


@transaction.atomic
def record_effect(
    action: Action,
    *,
    by: User,
    was_effective: bool,
    note: str = "",
    checked_on: datetime.date | None = None,
    version: int | None = None,
    follow_up: PlannedAction | None = None,
) -> Action:
    """Record whether a done action had its intended effect; effective → verified effective.

    Only the owner, or a coordinator or the security chief in scope, may record it. When it
    was not effective, `follow_up` creates the follow-up action in the same transaction.
    """
    _require(
        by,
        VERIFY,
        action,
        _("Only the owner, a security coordinator or the security chief may record the effect."),
    )
    row = _lock(action, version)
    errors: dict[str, list[str]] = {}
    if row.status != ActionStatus.DONE:
        raise ValidationError(_("The effect can only be recorded for an action that is done."))
    checked_on = checked_on or _today()
    if checked_on > _today():
        errors["checked_on"] = [_("The effect cannot be checked on a future date.")]
    note = (note or "").strip()
    if not was_effective and not note:
        errors["note"] = [_("Describe why the action did not have the intended effect.")]
    if errors:
        raise ValidationError(errors)
    row.was_effective = bool(was_effective)
    row.effect_checked_at = checked_on
    row.effect_checked_by = by
    row.effect_note = note
    if was_effective:
        row.status = ActionStatus.VERIFIED_EFFECTIVE
    _save(row, ["was_effective", "effect_checked_at", "effect_checked_by", "effect_note", "status"])
    if follow_up is not None and not was_effective:
        create_follow_up(
            row,
            by=by,
            title=follow_up.title,
            owner=follow_up.owner,
            due_date=follow_up.due_date,
            description=follow_up.description,
        )
    return row


@transaction.atomic
def cancel_action(action: Action, *, by: User, reason: str, version: int | None = None) -> Action:
    """Cancel an open action; the reason is kept."""
    _require(by, CHANGE, action, _("You may not change this action."))
    row = _lock(action, version)
    if row.status not in OPEN_STATUSES:
        raise ValidationError(_("Only a planned or started action can be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the action is cancelled.")]})
    row.status = ActionStatus.CANCELLED
    row.cancel_reason = reason
    _save(row, ["status", "cancel_reason"])
    if row.owner_id != by.pk:
        with region_language():
            notify(
                [row.owner],
                _("Action cancelled: {title}").format(title=row.title),
                body=reason,
                url=row.get_absolute_url(),
            )
    return row


def _would_cycle(action_pk: int, parent: Action) -> bool:
    """Whether making `parent` the action that `action_pk` follows up closes a loop."""
    node: int | None = parent.pk
    for _step in range(MAX_FOLLOW_UP_DEPTH):
        if node is None:
            return False
        if node == action_pk:
            return True
        node = Action.objects.filter(pk=node).values_list("follows_up_id", flat=True).first()
    return True


@transaction.atomic
def create_follow_up(
    original: Action,
    *,
    by: User,
    title: str,
    owner: Any,
    due_date: Any,
    description: str = "",
    priority: str | None = None,
) -> Action:
    """A new action following up one that did not have its intended effect (Agera)."""
    _require(by, CHANGE, original, _("You may not change this action."))
    original = Action.objects.get(pk=original.pk)
    if original.was_effective is not False:
        raise ValidationError(
            _("A follow-up is created for an action whose effect was checked and found lacking.")
        )
    return _create(
        source=original.source,
        title=title,
        owner=owner,
        due_date=due_date,
        created_by=by,
        unit=original.unit,
        area=original.area,
        description=description,
        priority=priority,
        follows_up=original,
    )


@transaction.atomic
def link_follow_up(
    action: Action, *, follows_up: Action, by: User, version: int | None = None
) -> Action:
    """Mark `action` as the follow-up of an existing one; loops are refused."""
    _require(by, CHANGE, action, _("You may not change this action."))
    _require(by, VIEW, follows_up, _("You may not see that action."))
    row = _lock(action, version)
    if follows_up.pk == row.pk or _would_cycle(row.pk, follows_up):
        raise ValidationError(
            {
                "follows_up": [
                    _(
                        "“{other}” already follows up “{title}”, directly or through other "
                        "actions; linking them back would make a loop."
                    ).format(other=follows_up.title, title=row.title)
                ]
            }
        )
    row.follows_up = follows_up
    _save(row, ["follows_up"])
    return row


# --- improvement needs and the security board -------------------------------------------


@transaction.atomic
def raise_improvement_need(
    *,
    raised_by: User,
    title: str,
    description: str,
    unit=None,
    site=None,
    area=None,
) -> ImprovementNeed:
    """Anyone may raise a need; the board is told."""
    errors: dict[str, list[str]] = {}
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        errors["title"] = [_("Say what needs improving.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_too_long(TITLE_MAX)]
    if not description:
        errors["description"] = [_("Say why the improvement is needed.")]
    if errors:
        raise ValidationError(errors)
    need = ImprovementNeed.objects.create(
        title=title,
        description=description,
        unit=unit or raised_by.home_unit,
        site=site,
        area=area,
        raised_by=raised_by,
    )
    board = User.objects.holding(Role.BOARD_MEMBER).exclude(pk=raised_by.pk)
    with region_language():
        notify(
            board,
            _("New improvement need for the security board: {title}").format(title=title),
            url=need.get_absolute_url(),
            email=False,
        )
    return need


@transaction.atomic
def rank_needs(*, by: User, ordered: Iterable[ImprovementNeed | int]) -> list[ImprovementNeed]:
    """Put the board's queue in this order (rank 1 first); new needs join the queue."""
    ids = [item.pk if isinstance(item, ImprovementNeed) else int(item) for item in ordered]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("A need can hold only one place in the queue."))
    rows = {
        need.pk: need
        for need in ImprovementNeed.objects.for_user(by, DECIDE)
        .select_for_update()
        .filter(pk__in=ids)
    }
    if len(rows) != len(ids):
        raise PermissionDenied(_("Only the security board ranks improvement needs."))
    if any(need.status not in AWAITING_BOARD for need in rows.values()):
        raise ValidationError(_("Only needs that await the board's decision can be ranked."))
    # The list is the whole new order: needs left out lose their old place.
    for need in (
        ImprovementNeed.objects.for_user(by, DECIDE)
        .awaiting_board()
        .filter(rank__isnull=False)
        .exclude(pk__in=ids)
    ):
        need.rank = None
        _save(need, ["rank"])
    ranked = []
    for position, pk in enumerate(ids, start=1):
        need = rows[pk]
        need.rank = position
        if need.status == NeedStatus.NEW:
            need.status = NeedStatus.QUEUED
        _save(need, ["rank", "status"])
        ranked.append(need)
    return ranked


def _is_board(user: User) -> bool:
    return BoardMeeting.objects.may(user, DECIDE)


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
    if not _is_board(by):
        raise PermissionDenied(_("Only the security board records its meetings."))
    if not isinstance(date, datetime.date):
        raise ValidationError({"date": [_("Give the date of the meeting.")]})
    meeting = BoardMeeting.objects.create(
        date=date, title=(title or "").strip(), notes=(notes or "").strip(), created_by=by
    )
    meeting.attendees.set(list(attendees))
    return meeting


@dataclass(frozen=True)
class PlannedAction:
    """An action the board decides on: who does what by when."""

    title: str
    owner: Any
    due_date: Any
    unit: Any = None
    area: Any = None
    description: str = ""


@transaction.atomic
def record_decision(
    *,
    by: User,
    meeting: BoardMeeting,
    need: ImprovementNeed,
    kind: str,
    reason: str = "",
    actions: Sequence[PlannedAction] = (),
) -> BoardDecision:
    """The board's decision on a need: accept (with actions), reject (with reason) or defer."""
    if not BoardMeeting.objects.for_user(by, DECIDE).filter(pk=meeting.pk).exists():
        raise PermissionDenied(_("Only the security board records its decisions."))
    _require(by, DECIDE, need, _("Only the security board records its decisions."))
    need = _lock(need, None)
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
                _create(
                    source=need,
                    title=planned.title,
                    owner=planned.owner,
                    due_date=planned.due_date,
                    created_by=by,
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
    _save(need, ["status", "rank"])
    if need.raised_by_id != by.pk:
        with region_language():
            notify(
                [need.raised_by],
                _("The security board decided on your improvement need: {decision}").format(
                    decision=decision.get_kind_display()
                ),
                body=reason,
                url=need.get_absolute_url(),
            )
    return decision


# --- the annual plan (verksamhetsplan) ---------------------------------------------------


@transaction.atomic
def create_plan(*, by: User, year: int, administration, title: str) -> AnnualPlan:
    """A new annual plan for an administration (or the region) and a year."""
    title = (title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the plan a title.")]
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("Give a year between 2000 and 2100.")]
    elif AnnualPlan.objects.filter(year=year, administration=administration).exists():
        errors["year"] = [
            _("{unit} already has a plan for {year}.").format(unit=administration, year=year)
        ]
    if errors:
        raise ValidationError(errors)
    plan = AnnualPlan.objects.create(
        year=year, administration=administration, title=title, created_by=by
    )
    _require(by, CREATE, plan, _("You may not make plans for {unit}.").format(unit=administration))
    return plan


@transaction.atomic
def add_activity(
    plan: AnnualPlan,
    *,
    by: User,
    title: str,
    area=None,
    goal: str = "",
    owner: User | None = None,
    description: str = "",
) -> PlannedActivity:
    """Add a planned activity to a plan."""
    _require(by, CHANGE, plan, _("You may not change this plan."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Give the activity a title.")]})
    if owner is not None and not owner.is_active:
        raise ValidationError({"owner": [_("Choose an active person.")]})
    return PlannedActivity.objects.create(
        plan=plan,
        title=title,
        area=area,
        goal=(goal or "").strip(),
        owner=owner,
        description=(description or "").strip(),
    )


@transaction.atomic
def set_activity_status(
    activity: PlannedActivity,
    *,
    by: User,
    status: str,
    note: str = "",
    version: int | None = None,
) -> PlannedActivity:
    """Follow an activity through the year."""
    _require(by, CHANGE, activity, _("You may not change this activity."))
    row = _lock(activity, version)
    if status not in ActivityStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    row.status = status
    row.status_note = (note or "").strip()
    _save(row, ["status", "status_note"])
    return row


@transaction.atomic
def copy_plan_to_next_year(plan: AnnualPlan, *, by: User) -> AnnualPlan:
    """Next year's plan with the same activities, all planned again (cancelled ones left out)."""
    _require(by, CHANGE, plan, _("You may not change this plan."))
    year = plan.year + 1
    if AnnualPlan.objects.filter(year=year, administration=plan.administration).exists():
        raise ValidationError(
            _("{unit} already has a plan for {year}.").format(unit=plan.administration, year=year)
        )
    copy = AnnualPlan.objects.create(
        year=year, administration=plan.administration, title=plan.title, created_by=by
    )
    activities = PlannedActivity.objects.bulk_create(
        PlannedActivity(
            plan=copy,
            title=activity.title,
            description=activity.description,
            area_id=activity.area_id,
            goal=activity.goal,
            owner_id=activity.owner_id,
        )
        for activity in plan.activities.exclude(status=ActivityStatus.CANCELLED)
    )
    log_bulk_created(activities, actor=by)
    return copy
