"""Who may do what with governance's rows.

Decisions of public bodies are public documents (allmänna handlingar): every signed-in person
reads forums, meetings and decisions, and the statutory requirements. Recording them is for
the security chief anywhere and for an administration's coordinator and head in their
administration's forums. Internal control plans and funded activities follow the line
organisation like every other plan; a control's owner sees and performs its occurrences."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, ScopedQuerySet, addressed_to_roles, scopes_of

#: Record a decision of a forum.
DECIDE = "decide"
#: Perform (record the result of) an internal control.
PERFORM = "perform"

_ALL = frozenset({VIEW, CHANGE, DECIDE})
_VIEW = frozenset({VIEW})

_EDITORS = {
    Role.SECURITY_CHIEF: _ALL,
    Role.SECURITY_COORDINATOR: _ALL,
    Role.HEAD_OF_ADMINISTRATION: _ALL,
}


class ForumQuerySet(ScopedQuerySet):
    unit_lookup = "administration"
    role_actions = _EDITORS
    region_roles = {Role.SECURITY_CHIEF: _ALL}
    everyone_actions = _VIEW


class MeetingQuerySet(ScopedQuerySet):
    unit_lookup = "forum__administration"
    role_actions = _EDITORS
    region_roles = {Role.SECURITY_CHIEF: _ALL}
    everyone_actions = _VIEW


class DecisionQuerySet(ScopedQuerySet):
    unit_lookup = "forum__administration"
    role_actions = _EDITORS
    region_roles = {Role.SECURITY_CHIEF: _ALL}
    everyone_actions = _VIEW

    def sent_to(self, user: Any):
        """The decisions whose distribution reaches `user`."""
        from .models import DecisionRecipient

        return self.filter(
            Exists(
                DecisionRecipient.objects.filter(recipient_condition(user), decision=OuterRef("pk"))
            )
        )

    def unacknowledged_by(self, user: Any):
        """Sent to `user` and not yet acknowledged by them."""
        from .models import Acknowledgement

        return self.sent_to(user).exclude(
            Exists(Acknowledgement.objects.filter(decision=OuterRef("pk"), user=user.pk))
        )


#: The roles that make up a unit's management: a decision sent to a unit reaches them.
MANAGEMENT_ROLES = (Role.HEAD_OF_ADMINISTRATION, Role.MANAGER)


def recipient_condition(user: Any) -> Q:
    """The recipient rows that reach `user`: named, through a role they hold (anywhere, or in
    a unit whose subtree holds their scope), or as the management of a unit.

    Built from the scopes already read for access, so it costs no query of its own."""
    from sakra.organisation.models import Unit

    condition = Q(user=user.pk)
    roles = addressed_to_roles(user, steplen=Unit.steplen)
    if roles is not None:
        condition |= roles
    managed = [scope.unit_id for scope in scopes_of(user, MANAGEMENT_ROLES) if scope.unit_id]
    if managed:
        condition |= Q(role="", unit__in=managed, user__isnull=True)
    return condition


class RequirementQuerySet(ScopedQuerySet):
    """The register is read by everyone; the area's owner and the chief keep it."""

    area_lookup = "area"
    everyone_actions = _VIEW
    role_actions = {Role.AREA_OWNER: frozenset({VIEW, CHANGE})}
    region_roles = {Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE})}

    def current(self):
        return self.filter(is_current=True)


_PLAN_ROLES = {
    Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW, CHANGE, PERFORM}),
    Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE, PERFORM}),
    Role.AUDITOR: _VIEW,
}
_PLAN_REGION = {
    Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, PERFORM}),
    Role.BOARD_MEMBER: _VIEW,
}


class ControlPlanQuerySet(ScopedQuerySet):
    """An administration's plan: its head and coordinator keep it, the chief every plan."""

    unit_lookup = "administration"
    role_actions = _PLAN_ROLES
    region_roles = _PLAN_REGION


class ControlQuerySet(ScopedQuerySet):
    """Controls as their plan; the area's owner reads those of their area, and a control's
    owner reads it."""

    unit_lookup = "plan__administration"
    area_lookup = "area"
    role_actions = {**_PLAN_ROLES, Role.AREA_OWNER: _VIEW}
    region_roles = _PLAN_REGION
    owner_lookup = "owner"
    owner_actions = frozenset({VIEW, PERFORM})


class OccurrenceQuerySet(ScopedQuerySet):
    """Occurrences as their control."""

    unit_lookup = "control__plan__administration"
    area_lookup = "control__area"
    role_actions = {**_PLAN_ROLES, Role.AREA_OWNER: _VIEW}
    region_roles = _PLAN_REGION
    owner_lookup = "control__owner"
    owner_actions = frozenset({VIEW, PERFORM})

    def with_related(self):
        return self.select_related(
            "control__plan__administration", "control__area", "control__owner"
        )


class FundingSourceQuerySet(ScopedQuerySet):
    """Funding sources are the region's: read by those who plan security work, kept by the
    chief."""

    region_roles = {
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE}),
        Role.BOARD_MEMBER: _VIEW,
        Role.HEAD_OF_ADMINISTRATION: _VIEW,
        Role.SECURITY_COORDINATOR: _VIEW,
        Role.AREA_OWNER: _VIEW,
        Role.AUDITOR: _VIEW,
    }


class FundedActivityQuerySet(ScopedQuerySet):
    """Activities as the administration's plans; the area's owner reads their area's."""

    unit_lookup = "administration"
    area_lookup = "area"
    role_actions = {
        Role.HEAD_OF_ADMINISTRATION: _VIEW,
        Role.SECURITY_COORDINATOR: _VIEW,
        Role.AREA_OWNER: _VIEW,
        Role.AUDITOR: _VIEW,
    }
    region_roles = {Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE}), Role.BOARD_MEMBER: _VIEW}


#: Submit an administration's plan to the planning dialogue.
SUBMIT = "submit"
#: Comment on and agree a submitted plan (the security board).
REVIEW = "review"


class PlanSubmissionQuerySet(ScopedQuerySet):
    """The planning dialogue: an administration's head and coordinator submit its plan; the
    security board (its members and the chief) comments on and agrees every plan."""

    unit_lookup = "plan__administration"
    role_actions = {
        Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW, SUBMIT}),
        Role.SECURITY_COORDINATOR: frozenset({VIEW, SUBMIT}),
        Role.AUDITOR: _VIEW,
    }
    region_roles = {
        Role.SECURITY_CHIEF: frozenset({VIEW, REVIEW}),
        Role.BOARD_MEMBER: frozenset({VIEW, REVIEW}),
    }


#: Record a new requirement or assignment from a state authority.
RECORD = "record"


class StateAssignmentQuerySet(ScopedQuerySet):
    """Assignments from state authorities follow the line organisation: the chief keeps them
    all, an administration's head and coordinator theirs, the area's owner reads and updates
    their area's, and the person responsible works on their own."""

    unit_lookup = "administration"
    area_lookup = "area"
    owner_lookup = "responsible"
    owner_actions = frozenset({VIEW, CHANGE})
    role_actions = {
        Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW, CHANGE, RECORD}),
        Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE, RECORD}),
        Role.AREA_OWNER: frozenset({VIEW, CHANGE}),
        Role.AUDITOR: _VIEW,
    }
    region_roles = {
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, RECORD}),
        Role.BOARD_MEMBER: _VIEW,
    }

    def open(self):
        from .choices import OPEN_ASSIGNMENT_STATUSES

        return self.filter(status__in=OPEN_ASSIGNMENT_STATUSES)


#: Take a snapshot of the computed indicators now.
SNAPSHOT = "snapshot"


class IndicatorSnapshotQuerySet(ScopedQuerySet):
    """A goal's figure is the same for everyone who may see the goal, and goals are read by
    everyone: so are their yearly snapshots. The chief takes one."""

    everyone_actions = _VIEW
    region_roles = {Role.SECURITY_CHIEF: frozenset({VIEW, SNAPSHOT})}

    def final(self, year: int):
        """The rows of `year` taken after it ended: those never change."""
        import datetime

        from django.utils import timezone

        closed = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
        return self.filter(year=year, taken_at__gte=closed)
