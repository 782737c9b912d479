"""Who reaches which actions, improvement needs and board meetings: one `for_user()` path."""

from __future__ import annotations

from functools import reduce
from operator import or_
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

    def access_condition(self, user: Any, action: str) -> Q | None:
        condition = super().access_condition(user, action)
        if action == VIEW and user.has_role(Role.BOARD_MEMBER):
            # The board follows up the actions born from improvement needs, region-wide.
            from .models import ImprovementNeed

            board = Q(
                source_type__app_label=ImprovementNeed._meta.app_label,
                source_type__model=ImprovementNeed._meta.model_name,
            )
            condition = board if condition is None else condition | board
        return condition

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

    def access_condition(self, user: Any, action: str) -> Q | None:
        if user.has_role(*BOARD_ROLES) and action in (VIEW, DECIDE):
            return Q()
        return super().access_condition(user, action)

    def awaiting_board(self):
        return self.filter(status__in=AWAITING_BOARD)


class BoardMeetingQuerySet(ScopedQuerySet):
    """The board's meetings are for the board and the chief."""

    def access_condition(self, user: Any, action: str) -> Q | None:
        if user.has_role(*BOARD_ROLES) and action in (VIEW, DECIDE):
            return Q()
        return None


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

    def access_condition(self, user: Any, action: str) -> Q | None:
        condition = super().access_condition(user, action)
        if action == VIEW:
            # A manager low in the tree still reads the plan of their own administration.
            above = [
                scope.unit_path
                for scope in user.scopes
                if scope.unit_path and scope.role in _PLAN_ROLES
            ]
            if above:
                from sakra.organisation.models import Unit

                ancestors = reduce(
                    or_,
                    (
                        Q(path__in=[p[:i] for i in range(Unit.steplen, len(p), Unit.steplen)])
                        for p in above
                    ),
                )
                own = Q(administration__in=Unit.objects.filter(ancestors))
                condition = own if condition is None else condition | own
        return condition


class PlannedActivityQuerySet(ScopedQuerySet):
    """Activities follow their plan; area owners also work on the activities of their area."""

    unit_lookup = "plan__administration"
    area_lookup = "area"
    owner_lookup = "owner"
    owner_actions = _WORK - {CREATE}
    role_actions = {**_PLAN_ROLES, Role.AREA_OWNER: frozenset({VIEW, CHANGE})}

    def access_condition(self, user: Any, action: str) -> Q | None:
        condition = super().access_condition(user, action)
        if action == VIEW:
            from .models import AnnualPlan

            visible = Q(plan__in=AnnualPlan.objects.for_user(user, VIEW).values("pk"))
            condition = visible if condition is None else condition | visible
        return condition
