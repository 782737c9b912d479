"""Who reaches which SBA rows: one `for_user()` path for every model of the app.

Every row belongs to a site's fire-protection documentation (the binder), which belongs to a
responsible unit and to the fire-protection security area: roles reach rows through those two
like everywhere else. On top of that, the persons assigned to a site's SBA (its fire safety
coordinator and deputies) see the site's binder and see and do its rounds, whatever roles they
hold; the person a round is assigned to always may.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, ScopedQuerySet

from .choices import OPEN_ROUND_STATUSES, RemarkStatus

#: Doing a self-inspection round: recording its results, pausing and finishing it.
INSPECT = "inspect"
#: Editing the checklist templates: the fire-protection area owner and the chief.
EDIT_TEMPLATES = "edit_templates"

_VIEW = frozenset({VIEW})
_ROLE_ACTIONS = {
    Role.MANAGER: frozenset({VIEW, INSPECT}),
    Role.HEAD_OF_ADMINISTRATION: _VIEW,
    Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE, INSPECT}),
    Role.SECURITY_PARTNER: _VIEW,
    Role.AREA_OWNER: frozenset({VIEW, CHANGE, INSPECT}),
    Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, INSPECT}),
    Role.AUDITOR: _VIEW,
}


def assigned_to_site(user: Any, site_lookup: str) -> Exists:
    """Rows whose site `user` holds a current SBA assignment for."""
    from .models import SiteAssignment

    today = timezone.localdate()
    return Exists(
        SiteAssignment.objects.filter(
            site=OuterRef(site_lookup), user=user.pk, valid_from__lte=today
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    )


class _SbaQuerySet(ScopedQuerySet):
    """Rows placed through their binder; site assignees take `assignee_actions` on them."""

    prefix = ""
    role_actions = _ROLE_ACTIONS
    assignee_actions: frozenset[str] = frozenset()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.unit_lookup = f"{cls.prefix}unit"
        cls.area_lookup = f"{cls.prefix}area"

    def access_condition(self, user: Any, action: str) -> Q | None:
        condition = super().access_condition(user, action)
        if action in self.assignee_actions:
            assigned = Q(assigned_to_site(user, f"{self.prefix}site"))
            condition = assigned if condition is None else condition | assigned
        return condition


class FireDocumentQuerySet(_SbaQuerySet):
    """Binders: the responsible unit's line and coordinators, the area's owner, the chief."""

    assignee_actions = _VIEW


class ControlPointQuerySet(_SbaQuerySet):
    prefix = "document__"
    assignee_actions = _VIEW

    def active(self):
        return self.filter(is_active=True)


class RoundQuerySet(_SbaQuerySet):
    """Rounds: as their binder, and the person a round is assigned to and the site's assignees
    see and do it."""

    prefix = "document__"
    owner_lookup = "assigned_to"
    owner_actions = frozenset({VIEW, INSPECT})
    assignee_actions = frozenset({VIEW, INSPECT})

    def open(self):
        return self.filter(status__in=OPEN_ROUND_STATUSES)

    def due(self, today=None):
        """Open rounds whose period has begun."""
        return self.open().filter(period_start__lte=today or timezone.localdate())

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def with_related(self):
        return self.select_related("document__site", "control_point", "assigned_to")


class ResultQuerySet(_SbaQuerySet):
    prefix = "round__document__"
    owner_lookup = "round__assigned_to"
    assignee_actions = _VIEW

    def deviations(self):
        from .choices import Outcome

        return self.filter(outcome=Outcome.DEVIATION)


class InspectionQuerySet(_SbaQuerySet):
    """The rescue service's inspections (tillsyn) of a site."""

    prefix = "document__"
    assignee_actions = _VIEW


class RemarkQuerySet(_SbaQuerySet):
    prefix = "inspection__document__"
    assignee_actions = _VIEW

    def open(self):
        return self.filter(status=RemarkStatus.OPEN)

    def past_deadline(self, today=None):
        return self.open().filter(deadline__lt=today or timezone.localdate())


class SiteAssignmentQuerySet(ScopedQuerySet):
    """Assignments are read and changed with the binder of their site."""

    def access_condition(self, user: Any, action: str) -> Q | None:
        from .models import FireDocument

        return Q(site__fire_document__in=FireDocument.objects.for_user(user, action).values("pk"))


class ChecklistTemplateQuerySet(ScopedQuerySet):
    """Checklists are read by everyone who does rounds; the area's owner and the chief edit."""

    area_lookup = "area"
    everyone_actions = _VIEW
    role_actions = {
        Role.AREA_OWNER: frozenset({VIEW, EDIT_TEMPLATES}),
        Role.SECURITY_CHIEF: frozenset({VIEW, EDIT_TEMPLATES}),
    }
