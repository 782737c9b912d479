"""State changes of actions: create, start, complete, check the effect, cancel, follow up."""

from __future__ import annotations

import datetime
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.models import User
from sakra.accounts.services import notify
from sakra.core.access import CHANGE, VIEW
from sakra.core.audit import as_system
from sakra.core.concurrency import lock, save_new_version

from ..choices import OPEN_STATUSES, ActionChange, ActionStatus
from ..models import Action
from ..notifications import CANCELLED, DONE, OWNER
from ..querysets import CREATE, VERIFY
from .common import TITLE_MAX, require, resolve_user, today, too_long

#: Follow-up chains longer than this are refused rather than walked for ever.
MAX_FOLLOW_UP_DEPTH = 100


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


def source_outline(action: Action) -> str:
    """What an action's source is, for its owner who may not read the source itself: the
    source's `outline()` (its reference, kind and place: no personal data), if it has one."""
    source = action.source
    outline = getattr(source, "outline", None)
    return outline() if callable(outline) else ""


def tell_source(action: Action, change: str, *, by: User | None) -> None:
    """The action's source hears of `change`, inside the changing transaction, when its model
    has `action_changed(action, change, by=)`: an incident writes it into its timeline, so the
    incident's story holds what was done about it. Sources without the method hear nothing."""
    if action.source_type_id is None:
        return
    hook = getattr(action.source, "action_changed", None)
    if callable(hook):
        hook(action, change, by=by)


# --- creating ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedAction:
    """An action decided on elsewhere (the board, a failed effect check): who does what by
    when."""

    title: str
    owner: Any
    due_date: Any
    unit: Any = None
    area: Any = None
    description: str = ""


def _validate_new_action(
    *, title: str, owner: Any, due_date: Any, unit: Any
) -> tuple[str, User, datetime.date]:
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Give the action a title."))
    elif len(title) > TITLE_MAX:
        errors.setdefault("title", []).append(too_long(TITLE_MAX))
    owner_user = resolve_user(owner)
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
    elif due_date < today():
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


def new_action(
    *,
    by: User | None,
    source: models.Model | None,
    title: str,
    owner: Any,
    due_date: Any,
    unit=None,
    area=None,
    description: str = "",
    priority: str | None = None,
    follows_up: Action | None = None,
) -> Action:
    """The action saved and its owner told, without the permission check (the caller's)."""
    owner_user = resolve_user(owner)
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
        created_by=by,
        follows_up=follows_up,
    )
    if priority:
        action.priority = priority
    if source is not None:
        action.source_type = ContentType.objects.get_for_model(source)
        action.source_id = source.pk
    # The system's own action is audited as the system's, even inside a person's request.
    with as_system() if by is None else nullcontext():
        action.save()
    tell_source(action, ActionChange.CREATED, by=by)
    if by is None or owner_user.pk != by.pk:
        notify(
            [owner_user],
            OWNER(title=title, date=due_date.isoformat()),
            url=action.get_absolute_url(),
        )
    return action


@transaction.atomic
def create_action(
    *,
    by: User | None,
    title: str,
    owner: Any,
    due_date: Any,
    source: models.Model | None = None,
    unit=None,
    area=None,
    description: str = "",
    priority: str | None = None,
) -> Action:
    """A new planned action; `by` must be allowed to create actions for its unit.

    `owner` is a user or a user id. `by=None` is the system acting on its own behalf (a
    task, an import, a module's scheduled round): no permission check, audited without a
    person.
    """
    action = new_action(
        by=by,
        source=source,
        title=title,
        owner=owner,
        due_date=due_date,
        unit=unit,
        area=area,
        description=description,
        priority=priority,
    )
    if by is not None:
        require(
            by,
            CREATE,
            action,
            _("You may not create actions for {unit}.").format(unit=action.unit),
        )
    return action


# --- the action's way through PGSA --------------------------------------------------------


@transaction.atomic
def start_action(action: Action, *, by: User, version: int) -> Action:
    """Planned → in progress."""
    require(by, CHANGE, action, _("You may not change this action."))
    row = lock(action, version)
    if row.status != ActionStatus.PLANNED:
        raise ValidationError(_("Only a planned action can be started."))
    row.status = ActionStatus.IN_PROGRESS
    save_new_version(row, "status")
    tell_source(row, ActionChange.STARTED, by=by)
    return row


@transaction.atomic
def complete_action(action: Action, *, by: User, version: int) -> Action:
    """Planned or in progress → done; the effect is checked afterwards ("Studera")."""
    require(by, CHANGE, action, _("You may not change this action."))
    row = lock(action, version)
    if row.status not in OPEN_STATUSES:
        raise ValidationError(_("Only a planned or started action can be marked done."))
    row.status = ActionStatus.DONE
    row.completed_at = timezone.now()
    save_new_version(row, "status", "completed_at")
    tell_source(row, ActionChange.COMPLETED, by=by)
    if row.created_by_id and row.created_by_id not in (by.pk, row.owner_id):
        notify(
            [row.created_by],
            DONE(title=row.title),
            url=row.get_absolute_url(),
        )
    return row


@transaction.atomic
def record_effect(
    action: Action,
    *,
    by: User,
    version: int,
    was_effective: bool,
    note: str = "",
    checked_on: datetime.date | None = None,
    follow_up: PlannedAction | None = None,
) -> Action:
    """Record whether a done action had its intended effect; effective → verified effective.

    Only the owner, or a coordinator or the security chief in scope, may record it. When it
    was not effective, `follow_up` creates the follow-up action in the same transaction.
    """
    require(
        by,
        VERIFY,
        action,
        _("Only the owner, a security coordinator or the security chief may record the effect."),
    )
    row = lock(action, version)
    errors: dict[str, list[str]] = {}
    if row.status != ActionStatus.DONE:
        raise ValidationError(_("The effect can only be recorded for an action that is done."))
    checked_on = checked_on or today()
    if checked_on > today():
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
    save_new_version(
        row, "was_effective", "effect_checked_at", "effect_checked_by", "effect_note", "status"
    )
    tell_source(row, ActionChange.EFFECTIVE if was_effective else ActionChange.NOT_EFFECTIVE, by=by)
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
def cancel_action(action: Action, *, by: User, version: int, reason: str) -> Action:
    """Cancel an open action; the reason is kept."""
    require(by, CHANGE, action, _("You may not change this action."))
    row = lock(action, version)
    if row.status not in OPEN_STATUSES:
        raise ValidationError(_("Only a planned or started action can be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the action is cancelled.")]})
    row.status = ActionStatus.CANCELLED
    row.cancel_reason = reason
    save_new_version(row, "status", "cancel_reason")
    tell_source(row, ActionChange.CANCELLED, by=by)
    if row.owner_id != by.pk:
        notify(
            [row.owner],
            CANCELLED(title=row.title),
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
    """A new action following up one that did not have its intended effect (Agera).

    The original is not changed (the new action points at it), so no version is needed.
    """
    require(by, CHANGE, original, _("You may not change this action."))
    original = Action.objects.get(pk=original.pk)
    if original.was_effective is not False:
        raise ValidationError(
            _("A follow-up is created for an action whose effect was checked and found lacking.")
        )
    return new_action(
        by=by,
        source=original.source,
        title=title,
        owner=owner,
        due_date=due_date,
        unit=original.unit,
        area=original.area,
        description=description,
        priority=priority,
        follows_up=original,
    )


@transaction.atomic
def link_follow_up(action: Action, *, by: User, version: int, follows_up: Action) -> Action:
    """Mark `action` as the follow-up of an existing one; loops are refused."""
    require(by, CHANGE, action, _("You may not change this action."))
    require(by, VIEW, follows_up, _("You may not see that action."))
    row = lock(action, version)
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
    save_new_version(row, "follows_up")
    return row
