"""Who sees and handles which incidents: one `for_user()` path for every view, export and API."""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.db.models.lookups import IsNull
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, Scope, ScopedQuerySet
from sakra.organisation.choices import UnitKind

#: Add a comment to the timeline.
COMMENT = "comment"
#: Acknowledge an acute report (the acute channel).
ACKNOWLEDGE = "acknowledge"
#: Set or lift a legal hold, which stops the removal of personal data (retention.py).
LEGAL_HOLD = "legal_hold"

#: See the personal data of an incident: VIEW, except through the acute channel (below).
PERSONAL_DATA = "personal_data"

#: Roles that see restricted incidents (threats, violence) inside their scope.
RESTRICTED_READERS = frozenset({Role.SECURITY_COORDINATOR, Role.AREA_OWNER, Role.SECURITY_CHIEF})

#: The condition core gives a region-wide scope: every row.
EVERY_ROW = Q(pk__isnull=False)


class IncidentQuerySet(ScopedQuerySet):
    """Reporters see their own; roles see their scope; restricted ones only their handlers."""

    unit_lookup = "unit"
    area_lookup = "area"
    owner_lookup = "reporter"
    owner_actions = frozenset({VIEW, COMMENT})
    #: The handler of an incident may do this much with it, whatever their roles.
    handler_actions = frozenset({VIEW, CHANGE, COMMENT})
    role_actions = {
        Role.MANAGER: frozenset({VIEW, COMMENT}),
        Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW, COMMENT}),
        Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE, COMMENT, LEGAL_HOLD}),
        Role.SECURITY_PARTNER: frozenset({VIEW, COMMENT, ACKNOWLEDGE}),
        Role.AREA_OWNER: frozenset({VIEW, COMMENT}),
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, COMMENT, ACKNOWLEDGE, LEGAL_HOLD}),
        Role.AUDITOR: frozenset({VIEW}),
    }

    def scope_condition(self, scope: Scope) -> Q | None:
        # An administration's subtree is exactly the incidents whose stored administration it
        # is (the service copies it from the unit on reporting): an indexed equality that
        # serves (administration, occurred_at) pages, where the path needs a join to the tree.
        if scope.unit_path is not None and scope.unit_kind == UnitKind.ADMINISTRATION:
            condition = Q(administration_id=scope.unit_id)
            if scope.area_id is not None:
                condition &= Q(area=scope.area_id)
            return condition
        return super().scope_condition(scope)

    def access_condition(self, user: Any, action: str) -> Q | None:
        personal_data = action == PERSONAL_DATA
        action = VIEW if personal_data else action
        roles = self.role_conditions(
            user, action, self.scope_condition, personal_data=personal_data
        )
        if EVERY_ROW in roles:
            # Every row, the reporter's and handler's own among them. Or'ed with those,
            # PostgreSQL reads each row to count the security chief's list (3.9 ms at the
            # cap of 10 001 at a million incidents); alone it counts off the primary key (2.5).
            return EVERY_ROW
        conditions = [*self.personal_conditions(user, action), *roles]
        return reduce(or_, conditions) if conditions else None

    def personal_conditions(self, user: Any, action: str) -> list[Q]:
        """The incidents the user reaches as themselves: as reporter or handler."""
        conditions = []
        if action in self.owner_actions:
            conditions.append(Q(reporter=user.pk))
        if action in self.handler_actions:
            conditions.append(Q(handler=user.pk))
        return conditions

    def role_conditions(
        self,
        user: Any,
        action: str,
        place: Callable[[Scope], Q | None],
        *,
        personal_data: bool = False,
    ) -> list[Q]:
        """The incidents the user reaches through roles; `place` says what a scope covers.

        The monthly summary passes its own `place`, on columns the summary shares with
        the incidents, so that a dashboard and the list count under the same rules.
        """
        conditions = []
        for scope in user.scopes:
            if action not in self.role_actions.get(scope.role, ()):
                continue
            condition = place(scope)
            if condition is None:
                continue
            if scope.role == Role.SECURITY_PARTNER:
                # The acute channel: the partner must open an acute report to help, even a
                # restricted one; acknowledging is only for acute reports.
                # Helping needs what happened and where, not who reported it: the personal
                # data of a restricted report stays with those who handle it (docs/user).
                partner = Q(is_acute=True)
                if action == ACKNOWLEDGE:
                    condition &= partner
                elif personal_data:
                    condition &= Q(is_restricted=False)
                else:
                    condition &= partner | Q(is_restricted=False)
            elif scope.role not in RESTRICTED_READERS:
                condition &= Q(is_restricted=False)
            conditions.append(condition)
        return conditions

    def open(self):
        from .choices import OPEN_STATUSES

        return self.filter(status__in=OPEN_STATUSES)

    def awaiting_acknowledgement(self):
        return self.open().filter(is_acute=True, acknowledged_at__isnull=True)

    def with_overdue(self, now=None):
        """Annotate `has_overdue`: an obligation past its deadline and not yet reported.

        "The first such obligation is not null" rather than EXISTS: PostgreSQL makes an
        EXISTS in the select list a hash of every overdue obligation (6 600 at a million
        incidents, 1.7 ms a page, growing with the data); this looks up each listed
        incident's own, for the 51 rows of a page only.
        """
        from .models import IncidentObligation

        now = now or timezone.now()
        overdue = IncidentObligation.objects.filter(
            incident=OuterRef("pk"), reported_at__isnull=True, due_at__lt=now
        )
        first = overdue.order_by().values("pk")[:1]
        return self.annotate(has_overdue=IsNull(Subquery(first), False))

    def for_list(self):
        return self.select_related("category", "area", "unit", "administration", "site", "handler")


class CategoryQuerySet(ScopedQuerySet):
    """The catalogue is reference data: everyone reads it."""

    everyone_actions = frozenset({VIEW})

    def active(self):
        return self.filter(is_active=True)


class _IncidentChildQuerySet(ScopedQuerySet):
    """Rows of an incident are reached through the incident's own access rule."""

    def for_user(self, user, action=VIEW):
        from .models import Incident

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(incident__in=Incident.objects.for_user(user, action).values("pk"))


class IncidentObligationQuerySet(_IncidentChildQuerySet):
    def pending(self):
        return self.filter(reported_at__isnull=True)

    def overdue(self, now=None):
        return self.pending().filter(due_at__lt=now or timezone.now())


class TimelineQuerySet(_IncidentChildQuerySet):
    pass


class AttachmentQuerySet(_IncidentChildQuerySet):
    def for_user(self, user, action=VIEW):
        # Files (photos, statements) are personal data: not shown through the acute channel.
        return super().for_user(user, PERSONAL_DATA if action == VIEW else action)


class OnCallShiftQuerySet(ScopedQuerySet):
    """The roster: coordinators and the chief keep it; partners and heads read it."""

    unit_lookup = "administration"
    owner_lookup = "person"
    role_actions = {
        Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW}),
        Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE}),
        Role.SECURITY_PARTNER: frozenset({VIEW}),
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE}),
        Role.AUDITOR: frozenset({VIEW}),
    }

    def covering(self, moment=None):
        moment = moment or timezone.now()
        return self.filter(starts_at__lte=moment, ends_at__gt=moment)
