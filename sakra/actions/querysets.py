"""Who reaches which actions, improvement needs and board meetings: one `for_user()` path."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, ScopedQuerySet

from .choices import AWAITING_BOARD, OPEN_STATUSES

#: Recording whether an action had its intended effect ("Studera"): the owner, or a
#: coordinator or the security chief in scope.
VERIFY = "verify"
#: Creating actions for a unit: line managers, coordinators, area owners and the chief.
CREATE = "create"
#: Deciding on improvement needs: ranking the queue, holding meetings, recording decisions.
DECIDE = "decide"

_VIEW = frozenset({VIEW})
_WORK = frozenset({VIEW, CHANGE, CREATE})
_LEAD = frozenset({VIEW, CHANGE, CREATE, VERIFY})

#: Roles that see and decide on every improvement need and board meeting in the region.
BOARD_ROLES = frozenset({Role.BOARD_MEMBER, Role.SECURITY_CHIEF})


class ActionQuerySet(ScopedQuerySet):
    """Owners work on their actions; line managers and coordinators on those in their scope."""

    unit_lookup = "unit"
    area_lookup = "area"
    owner_lookup = "owner"
    owner_actions = frozenset({VIEW, CHANGE, VERIFY})
    role_actions = {
        Role.MANAGER: _WORK,
        Role.HEAD_OF_ADMINISTRATION: _WORK,
        Role.SECURITY_COORDINATOR: _LEAD,
        Role.SECURITY_PARTNER: _VIEW,
        Role.AREA_OWNER: _WORK,
        Role.SECURITY_CHIEF: _LEAD,
        Role.AUDITOR: _VIEW,
    }

    # The board follows up the actions born from improvement needs, region-wide.
    region_roles = {Role.BOARD_MEMBER: _VIEW}

    def role_filter(self, role: str, action: str) -> Q | None:
        if role == Role.BOARD_MEMBER:
            from .models import ImprovementNeed

            return Q(
                source_type__app_label=ImprovementNeed._meta.app_label,
                source_type__model=ImprovementNeed._meta.model_name,
            )
        return None

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def for_source(self, obj):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(source_type=ContentType.objects.get_for_model(obj), source_id=obj.pk)

    def with_related(self):
        return self.select_related("owner", "unit", "area", "source_type")


class ImprovementNeedQuerySet(ScopedQuerySet):
    """Anyone raises a need and sees their own; the board and the chief see and decide all."""

    unit_lookup = "unit"
    area_lookup = "area"
    owner_lookup = "raised_by"
    role_actions = {Role.AUDITOR: _VIEW}
    region_roles = dict.fromkeys(BOARD_ROLES, frozenset({VIEW, DECIDE}))

    def awaiting_board(self):
        return self.filter(status__in=AWAITING_BOARD)


class BoardMeetingQuerySet(ScopedQuerySet):
    """The board's meetings are for the board and the chief."""

    region_roles = dict.fromkeys(BOARD_ROLES, frozenset({VIEW, DECIDE}))


_PLAN_ROLES = {
    Role.MANAGER: _VIEW,
    Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW, CHANGE, CREATE}),
    Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE, CREATE}),
    Role.SECURITY_PARTNER: _VIEW,
    Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, CREATE}),
    Role.BOARD_MEMBER: _VIEW,
    Role.AUDITOR: _VIEW,
}


class AnnualPlanQuerySet(ScopedQuerySet):
    """Plans belong to an administration: its leaders and coordinators plan, others read."""

    unit_lookup = "administration"
    role_actions = _PLAN_ROLES
    # A manager low in the tree still reads the plan of their own administration.
    upward_actions = _VIEW


class PlannedActivityQuerySet(ScopedQuerySet):
    """Activities follow their plan; area owners also work on the activities of their area."""

    unit_lookup = "plan__administration"
    area_lookup = "area"
    owner_lookup = "owner"
    owner_actions = _WORK - {CREATE}
    role_actions = {**_PLAN_ROLES, Role.AREA_OWNER: frozenset({VIEW, CHANGE})}

    def role_condition(self, user: Any, action: str) -> Q | None:
        condition = super().role_condition(user, action)
        from .models import AnnualPlan

        if action == VIEW and AnnualPlan.objects.may(user, VIEW):
            visible = Q(plan__in=AnnualPlan.objects.for_user(user, VIEW).values("pk"))
            condition = visible if condition is None else condition | visible
        return condition
