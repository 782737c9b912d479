"""Who reaches which support rows: one `for_user()` path for every model of the app.

A request belongs to its unit and security area like every other row, and also to the partner
team it was routed to: the team's members see and handle their queue whatever roles they hold
(they are lent from other administrations, seed 004). The one who asked always sees their own.
Contacts and teams are a directory: everyone reads them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, ScopedQuerySet

from .choices import OPEN_STATUSES, WAITING_STATUSES

#: Asking the partners for support for a unit.
ASK = "ask"
#: Handling a request: assigning, answering, closing, recording time, creating an action.
HANDLE = "handle"

_VIEW = frozenset({VIEW})
_HANDLER = frozenset({VIEW, HANDLE})
_ASKER = frozenset({VIEW, ASK})


def in_team(user: Any, team_lookup: str) -> Exists:
    """Rows whose team has `user` among its members."""
    from .models import TeamMember

    return Exists(TeamMember.objects.filter(team=OuterRef(team_lookup), user=user.pk))


class SupportRequestQuerySet(ScopedQuerySet):
    """Managers ask for and see their subtree's requests; coordinators, partners and the chief
    handle them in scope; the team's members handle their queue; the asker sees their own."""

    unit_lookup = "unit"
    area_lookup = "area"
    owner_lookup = "asker"
    owner_actions = _VIEW
    role_actions = {
        Role.MANAGER: _ASKER,
        Role.HEAD_OF_ADMINISTRATION: _ASKER,
        Role.SECURITY_COORDINATOR: _HANDLER,
        Role.SECURITY_PARTNER: _HANDLER,
        Role.AREA_OWNER: _VIEW,
        Role.SECURITY_CHIEF: _HANDLER,
        Role.AUDITOR: _VIEW,
    }
    team_lookup = "team"

    def access_condition(self, user: Any, action: str) -> Q | None:
        condition = super().access_condition(user, action)
        if action in _HANDLER:
            member = Q(in_team(user, self.team_lookup))
            condition = member if condition is None else condition | member
        return condition

    def waiting(self):
        return self.filter(status__in=WAITING_STATUSES)

    def still_open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def past_target(self, today=None):
        return self.waiting().filter(due_on__lt=today or timezone.localdate())

    def with_related(self):
        return self.select_related("unit", "site", "area", "asker", "assignee", "team")


class TimeEntryQuerySet(ScopedQuerySet):
    """Time spent is read with its request by those who handle it, and by the auditor."""

    unit_lookup = "request__unit"
    area_lookup = "request__area"
    owner_lookup = "person"
    role_actions = {
        Role.SECURITY_COORDINATOR: _VIEW,
        Role.SECURITY_PARTNER: _VIEW,
        Role.SECURITY_CHIEF: _VIEW,
        Role.AUDITOR: _VIEW,
    }

    def access_condition(self, user: Any, action: str) -> Q | None:
        condition = super().access_condition(user, action)
        if action == VIEW:
            member = Q(in_team(user, "request__team"))
            condition = member if condition is None else condition | member
        return condition


class ContactOverrideQuerySet(ScopedQuerySet):
    """Named contacts are a directory everyone reads; coordinators name them for their units,
    area owners for their areas, the chief anywhere."""

    unit_lookup = "unit"
    area_lookup = "area"
    everyone_actions = _VIEW
    role_actions = {
        Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE}),
        Role.AREA_OWNER: frozenset({VIEW, CHANGE}),
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE}),
    }


class AbsenceQuerySet(ScopedQuerySet):
    """A person enters their own absences; a coordinator those of the people in their scope."""

    unit_lookup = "person__home_unit"
    owner_lookup = "person"
    owner_actions = frozenset({VIEW, CHANGE})
    role_actions = {
        Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE}),
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE}),
    }

    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(is_cancelled=False, starts_on__lte=today, ends_on__gte=today)


class PartnerTeamQuerySet(ScopedQuerySet):
    """Teams and what they serve are a directory: everyone reads them; the admin edits them."""

    everyone_actions = _VIEW

    def active(self):
        return self.filter(is_active=True)
