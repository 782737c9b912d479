"""Who sees and handles which incidents: one `for_user()` path for every view, export and API."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import IsNull
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, Scope, ScopedQuerySet
from sakra.organisation.choices import UnitKind
from sakra.organisation.models import Unit

from .choices import OPEN_STATUSES

#: Add a comment to the timeline.
COMMENT = "comment"
#: Acknowledge an acute report (the acute channel).
ACKNOWLEDGE = "acknowledge"
#: Set or lift a legal hold, which stops the removal of personal data (retention.py).
LEGAL_HOLD = "legal_hold"
#: Follow the reports of one's own unit as its manager: told of each (or in a daily digest),
#: and its open ones in "Mina uppgifter" (following/). Restricted reports stay out through the
#: manager's `role_filter`, like everything else they may not read.
FOLLOW = "follow"

#: See the personal data of an incident: VIEW, except through the acute channel and for the
#: auditor (below). What it covers is listed once, in privacy.py.
PERSONAL_DATA = "personal_data"
#: Read what happened in the reporter's words (description, immediate measures): VIEW, except
#: for the auditor on a restricted report, who sees its handling only (privacy.py).
NARRATIVE = "narrative"


class InSubtree(Expression):
    """`unit_id = ANY(ARRAY(SELECT id FROM the tree WHERE path LIKE 'subtree%'))` (PostgreSQL).

    A manager's scope is a unit subtree, or'ed with "reported or handled by me". Written as a
    join on the tree's path, or as `unit_id IN (SELECT ...)`, the planner cannot weigh it and
    walks the date index, filtering every row (85 ms for 31 rows at 20 000 incidents, the whole
    table at a million); as an array it or's the three indexes (reporter, handler, unit) and
    sorts the few rows found (0.9 ms). docs/performance.md, "The managers' list"."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, unit_path: str):
        super().__init__()
        from django.contrib.postgres.expressions import ArraySubquery

        self.column = F("unit_id")
        self.units = ArraySubquery(Unit.objects.filter(path__startswith=unit_path).values("pk"))

    def get_source_expressions(self):
        return [self.column, self.units]

    def set_source_expressions(self, expressions):
        self.column, self.units = expressions

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.column)
        units, units_params = compiler.compile(self.units)
        return f"{column} = ANY({units})", (*column_params, *units_params)


#: Roles that see restricted incidents (threats, violence) inside their scope.
RESTRICTED_READERS = frozenset({Role.SECURITY_COORDINATOR, Role.AREA_OWNER, Role.SECURITY_CHIEF})


def _with_personal_data(actions: frozenset[str]) -> frozenset[str]:
    """Whoever may view may see the personal data too; `role_filter` narrows the partner and
    the auditor."""
    return actions | {PERSONAL_DATA, NARRATIVE} if VIEW in actions else actions


class IncidentQuerySet(ScopedQuerySet):
    """Reporters see their own; roles see their scope; restricted ones only their handlers."""

    unit_lookup = "unit"
    area_lookup = "area"
    owner_lookup = "reporter"
    owner_actions = frozenset({VIEW, PERSONAL_DATA, NARRATIVE, COMMENT})
    #: The handler of an incident may do this much with it, whatever their roles.
    handler_actions = frozenset({VIEW, PERSONAL_DATA, NARRATIVE, CHANGE, COMMENT})
    role_actions = {
        role: _with_personal_data(actions)
        for role, actions in {
            Role.MANAGER: frozenset({VIEW, COMMENT, FOLLOW}),
            Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW, COMMENT}),
            Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE, COMMENT, LEGAL_HOLD}),
            Role.SECURITY_PARTNER: frozenset({VIEW, COMMENT, ACKNOWLEDGE}),
            Role.AREA_OWNER: frozenset({VIEW, COMMENT}),
            Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, COMMENT, ACKNOWLEDGE, LEGAL_HOLD}),
            Role.AUDITOR: frozenset({VIEW}),
        }.items()
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
        if scope.unit_path is not None and connection.vendor == "postgresql":
            condition = Q(InSubtree(scope.unit_path))
            if scope.area_id is not None:
                condition &= Q(area=scope.area_id)
            return condition
        return super().scope_condition(scope)

    def personal_conditions(self, user: Any, action: str) -> list[Q]:
        """The incidents the user reaches as themselves: as reporter or handler."""
        conditions = super().personal_conditions(user, action)
        if action in self.handler_actions:
            conditions.append(Q(handler=user.pk))
        return conditions

    def role_filter(self, role: str, action: str) -> Q | None:
        if role == Role.SECURITY_PARTNER:
            # The acute channel: the partner must open an acute report to help, even a
            # restricted one; acknowledging is only for acute reports.
            # Helping needs what happened and where, not who reported it: the personal
            # data of a restricted report stays with those who handle it (docs/user).
            if action == ACKNOWLEDGE:
                return Q(is_acute=True)
            if action == PERSONAL_DATA:
                return Q(is_restricted=False)
            return Q(is_acute=True) | Q(is_restricted=False)
        if role == Role.AUDITOR:
            # Least privilege: the auditor sees that a restricted report exists and how it is
            # handled (category, unit, dates, status, duties, the timeline's kinds), never the
            # personal data or the account of what happened; every read is logged (docs/user).
            return Q(is_restricted=False) if action in (PERSONAL_DATA, NARRATIVE) else None
        if role not in RESTRICTED_READERS:
            return Q(is_restricted=False)
        return None

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def counted(self):
        """The reports that count, events and near misses: a dismissed report (a duplicate, not
        a security matter, reported by mistake) is counted by no indicator, dashboard,
        statistic or report."""
        from .choices import Status

        return self.exclude(status=Status.DISMISSED)

    def events(self):
        """The counted reports that are events; a near miss is counted apart (`near_misses`)."""
        return self.counted().filter(is_near_miss=False)

    def near_misses(self):
        return self.counted().filter(is_near_miss=True)

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
        # A closed or dismissed incident waits for nothing: it is never flagged (its timeline
        # says when it was closed with a duty pending), and its subquery is never run.
        return self.annotate(
            has_overdue=Case(
                When(status__in=OPEN_STATUSES, then=IsNull(Subquery(first), False)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

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
        """Not yet reported, of incidents still being handled (see `is_pending`)."""
        return self.filter(reported_at__isnull=True, incident__status__in=OPEN_STATUSES)

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


class ElsewhereQuerySet(ScopedQuerySet):
    """Figures reported elsewhere: the area owner keeps their area's, the chief every area's.

    The figures are counts without personal data, and the statistics and the annual report
    show them for the whole region; this answers who may record and correct them."""

    area_lookup = "area"
    role_actions = {
        Role.AREA_OWNER: frozenset({VIEW, CHANGE}),
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE}),
        Role.AUDITOR: frozenset({VIEW}),
    }
