"""Who reaches which continuity rows: one `for_user()` path for every model of the app.

Plans are placed at their unit and read like the critical services they plan for; their
responsible person reads and changes their own. A crisis is placed at its unit: the security
chief takes every action on it and the auditor reads it; besides them, a person who holds (or
held) a staff role in a crisis reads it, and one who holds a role now writes its log.

A stock of a critical good is placed at the unit that keeps it (the region's own at the root,
which every role placed below reads). The plans for heightened alert and their posts name people
in the wartime organisation, so only the line's heads, the coordinators, the chief and the
auditor reach them. Exercises are placed at their unit and security area. A training record is
placed at its person's home unit; the person reads their own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, ScopedQuerySet
from sakra.risks.querysets import CriticalServiceQuerySet

#: Make a plan, open a crisis.
CREATE = "create"
#: Write a crisis's log and assign its staff roles.
WRITE = "write"


class PlanQuerySet(ScopedQuerySet):
    unit_lookup = "unit"
    owner_lookup = "responsible"
    owner_actions = frozenset({VIEW, CHANGE})
    # The same people as the critical services the plans are for.
    role_actions = CriticalServiceQuerySet.role_actions
    region_roles = CriticalServiceQuerySet.region_roles

    def with_backups(self):
        """Everything `ContinuityPlan.outcome` reads, in a constant number of queries."""
        return self.select_related("service", "unit", "responsible").prefetch_related(
            "service__dependencies__continuity_backup"
        )

    def due_for_review(self, today=None):
        return self.filter(review_date__lte=today or timezone.localdate())


class BackupQuerySet(ScopedQuerySet):
    """A backup is read and recorded with its dependency in the RSA's register."""

    unit_lookup = "dependency__service__unit"
    role_actions = CriticalServiceQuerySet.role_actions
    region_roles = CriticalServiceQuerySet.region_roles


class TemplateQuerySet(ScopedQuerySet):
    """Templates are reference data: everyone who may open a crisis reads them."""

    everyone_actions = frozenset({VIEW})

    def active(self):
        return self.filter(is_active=True)


def _staff(user: Any, crisis_lookup: str, *, now: bool) -> Q:
    from .models import StaffAssignment

    held = StaffAssignment.objects.filter(crisis=OuterRef(crisis_lookup), person=user.pk)
    if now:
        moment = timezone.now()
        held = held.filter(starts_at__lte=moment).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=moment)
        )
    return Q(Exists(held))


class CrisisQuerySet(ScopedQuerySet):
    unit_lookup = "unit"
    role_actions = {
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, CREATE, WRITE}),
        Role.AUDITOR: frozenset({VIEW}),
    }
    crisis_lookup = "pk"

    def personal_conditions(self, user: Any, action: str) -> list[Q]:
        conditions = super().personal_conditions(user, action)
        if action == VIEW:
            conditions.append(_staff(user, self.crisis_lookup, now=False))
        elif action == WRITE:
            conditions.append(_staff(user, self.crisis_lookup, now=True))
        return conditions

    def open(self):
        from .choices import CrisisStatus

        return self.filter(status=CrisisStatus.OPEN)


class _InCrisisQuerySet(CrisisQuerySet):
    """Rows of a crisis: whoever reaches the crisis reaches them."""

    unit_lookup = "crisis__unit"
    crisis_lookup = "crisis"

    def may(self, user, action=VIEW) -> bool:
        from .models import Crisis

        return Crisis.objects.may(user, action)


class StaffQuerySet(_InCrisisQuerySet):
    pass


class LogEntryQuerySet(_InCrisisQuerySet):
    #: The log's order: when it happened, then when it was recorded (a tie broken by the id).
    ORDER = ("happened_at", "recorded_at", "pk")

    def in_order(self):
        # The author's name is shown; of the corrected entry only its number, so no join to it.
        return self.select_related("author").order_by(*self.ORDER)

    def before(self, entry):
        """The entries that come before `entry` in the log's order (its position is their
        count)."""
        happened, recorded = entry.happened_at, entry.recorded_at
        return self.filter(
            Q(happened_at__lt=happened)
            | Q(happened_at=happened, recorded_at__lt=recorded)
            | Q(happened_at=happened, recorded_at=recorded, pk__lt=entry.pk)
        )


class StockQuerySet(ScopedQuerySet):
    """Stocks are read by those who read the critical services; the region's stock (kept at the
    root) is read from every unit below it."""

    unit_lookup = "unit"
    owner_lookup = "responsible"
    owner_actions = frozenset({VIEW, CHANGE})
    role_actions = CriticalServiceQuerySet.role_actions
    region_roles = CriticalServiceQuerySet.region_roles
    upward_actions = frozenset({VIEW})

    def below_target(self):
        return self.filter(days_held__lt=F("target_days"))


#: Who reaches the wartime organisation: it names people, so fewer than the continuity plans.
WARTIME_ROLES = {
    Role.MANAGER: frozenset({VIEW}),
    Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW, CHANGE, CREATE}),
    Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE, CREATE}),
    Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, CREATE}),
    Role.AUDITOR: frozenset({VIEW}),
}


class WartimePlanQuerySet(ScopedQuerySet):
    unit_lookup = "unit"
    role_actions = WARTIME_ROLES


class WartimePostQuerySet(ScopedQuerySet):
    """A post is reached with its plan."""

    unit_lookup = "plan__unit"
    role_actions = WARTIME_ROLES

    def placed(self):
        return self.filter(person__isnull=False)


class ExerciseQuerySet(ScopedQuerySet):
    """Exercises are placed at their unit and security area: the area's owner plans them with
    the administrations' coordinators."""

    unit_lookup = "unit"
    area_lookup = "area"
    role_actions = {
        Role.MANAGER: frozenset({VIEW}),
        Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW, CHANGE, CREATE}),
        Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE, CREATE}),
        Role.SECURITY_PARTNER: frozenset({VIEW}),
        Role.AREA_OWNER: frozenset({VIEW, CHANGE, CREATE}),
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, CREATE}),
        Role.BOARD_MEMBER: frozenset({VIEW}),
        Role.AUDITOR: frozenset({VIEW}),
    }

    def in_year(self, year: int):
        return self.filter(date__year=year)


class TrainingQuerySet(ScopedQuerySet):
    """Training records are placed at the person's home unit; the person reads their own."""

    unit_lookup = "person__home_unit"
    owner_lookup = "person"
    role_actions = {
        Role.MANAGER: frozenset({VIEW}),
        Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW}),
        Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE, CREATE}),
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, CREATE}),
        Role.AUDITOR: frozenset({VIEW}),
    }

    def valid_on(self, day):
        return self.filter(completed_on__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )
