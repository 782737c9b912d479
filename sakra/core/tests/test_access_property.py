"""`for_user()` (and `with_allowed()`, its answer per row), `may()` and `units_for()` against
a plain-Python reference (hypothesis).

A small region with rows in every corner is made once per model; each example gives one
person a random set of roles (region-wide, in a unit at any depth, in an area, in both),
asks the three questions in SQL, and compares the answers with the rules written out below
over plain values. The role tables (which role may take which action) are the models' own;
how scopes, areas, owners, the board, the acute channel and the plan's upward reading
combine is written here again, independently of core.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment, User
from sakra.actions.models import Action, AnnualPlan, ImprovementNeed
from sakra.actions.querysets import CREATE, DECIDE, VERIFY
from sakra.core.access import CHANGE, VIEW, with_allowed
from sakra.incidents.models import Incident, IncidentCategory, OnCallShift
from sakra.incidents.querysets import ACKNOWLEDGE, COMMENT, LEGAL_HOLD, NARRATIVE, PERSONAL_DATA
from sakra.organisation.models import Unit
from sakra.testing import Org, make_user

UNITS = ("region", "alfa", "alfa_dept", "alfa_unit", "alfa_unit2", "beta", "beta_unit")
AREAS = (None, "area", "other_area")

#: One role held in one place: (role, unit name or None, area name or None); never neither.
held = st.tuples(
    st.sampled_from(sorted(Role.values)),
    st.sampled_from((None, *UNITS)),
    st.sampled_from(AREAS),
).filter(lambda assignment: assignment[1] is not None or assignment[2] is not None)
#: Mostly active people without privileges: those are where the rules are.
kinds = st.sampled_from(("active",) * 8 + ("inactive", "superuser"))


@dataclass(frozen=True)
class RefScope:
    role: str
    path: str | None  # None: no unit narrows it (none given, or the root unit)
    area_id: int | None


@dataclass(frozen=True)
class RefRow:
    pk: int
    path: str | None  # the path of the row's unit
    area_id: int | None
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Spec:
    """A model's rows as plain values, and the rules that decide them."""

    manager: Any
    actions: tuple[str, ...]
    rows: list[RefRow]
    has_area: bool
    #: (row, action, me) → reached as themselves (owner, reporter, handler).
    personal: Callable[[RefRow, str, int], bool] = lambda row, action, me: False
    #: (role, action, row) → the role's own narrowing lets it through.
    narrow: Callable[[str, str, RefRow], bool] = lambda role, action, row: True
    #: (role, action) → held anywhere, the role reaches every row (then `narrow` applies).
    region: Callable[[str, str], bool] = lambda role, action: False
    #: Actions that also reach the rows at the scope's unit and above it.
    upward: frozenset[str] = frozenset()

    def allows(self, role: str, action: str) -> bool:
        return action in self.manager.all().role_actions.get(role, ())

    def placed(self, scope: RefScope) -> bool:
        return scope.area_id is None or self.has_area

    def inside(self, scope: RefScope, row: RefRow) -> bool:
        if not self.placed(scope):
            return False
        if scope.area_id is not None and row.area_id != scope.area_id:
            return False
        return scope.path is None or (row.path is not None and row.path.startswith(scope.path))

    def above(self, scope: RefScope, action: str, path: str | None) -> bool:
        """The plan's rule: a role reads the rows at its unit and every unit above it."""
        return (
            action in self.upward
            and scope.path is not None
            and path is not None
            and scope.path.startswith(path)
        )

    # --- the reference answers --------------------------------------------------------

    def rows_for(self, kind: str, me: int, scopes: list[RefScope], action: str) -> set[int]:
        if kind == "inactive":
            return set()
        if kind == "superuser":
            return {row.pk for row in self.rows}
        return {
            row.pk
            for row in self.rows
            if self.personal(row, action, me)
            or any(
                self.allows(s.role, action)
                and (self.inside(s, row) or self.above(s, action, row.path))
                and self.narrow(s.role, action, row)
                for s in scopes
            )
            or any(self.region(s.role, action) and self.narrow(s.role, action, row) for s in scopes)
        }

    def may(self, kind: str, scopes: list[RefScope], action: str) -> bool:
        if kind != "active":
            return kind == "superuser"
        return any(
            (
                self.allows(s.role, action)
                and (self.placed(s) or (action in self.upward and s.path is not None))
            )
            or self.region(s.role, action)
            for s in scopes
        )

    def units_for(
        self, kind: str, scopes: list[RefScope], action: str, units: list[Unit]
    ) -> set[int]:
        if kind != "active":
            return {unit.pk for unit in units} if kind == "superuser" else set()
        return {
            unit.pk
            for unit in units
            if any(
                self.region(s.role, action)
                or (
                    self.allows(s.role, action)
                    and (
                        (self.placed(s) and (s.path is None or unit.path.startswith(s.path)))
                        or self.above(s, action, unit.path)
                    )
                )
                for s in scopes
            )
        }


# --- the rows of each model, made once per test ---------------------------------------------


def _administration(org: Org, unit: Unit) -> Unit | None:
    for top in (org.alfa, org.beta):
        if unit.path.startswith(top.path):
            return top
    return None


def _units(org: Org) -> list[Unit]:
    return [getattr(org, name) for name in UNITS]


def _areas(org: Org) -> list[Any]:
    return [name and getattr(org, name) for name in AREAS]


def actions_spec(org: Org, me: User, other: User) -> Spec:
    units, areas = _units(org), _areas(org)
    need = ImprovementNeed.objects.create(title="Behov", description="Varför", raised_by=other)
    need_type = ContentType.objects.get_for_model(ImprovementNeed)
    rows = []
    for unit, area, owner, from_need in itertools.product(units, areas, (me, other), (False, True)):
        action = Action.objects.create(
            title="Åtgärd", owner=owner, unit=unit, area=area,
            due_date=datetime.date(2026, 12, 31),
            source_type=need_type if from_need else None,
            source_id=need.pk if from_need else None,
        )  # fmt: skip
        rows.append(
            RefRow(action.pk, unit.path, area and area.pk, {"owner": owner.pk, "need": from_need})
        )
    return Spec(
        manager=Action.objects,
        actions=(VIEW, CHANGE, CREATE, VERIFY),
        rows=rows,
        has_area=True,
        personal=lambda row, action, me: (
            row.attrs["owner"] == me and action in (VIEW, CHANGE, VERIFY)
        ),
        # The board follows up the actions born from improvement needs, wherever it sits.
        region=lambda role, action: role == Role.BOARD_MEMBER and action == VIEW,
        narrow=lambda role, action, row: role != Role.BOARD_MEMBER or row.attrs["need"],
    )


def needs_spec(org: Org, me: User, other: User) -> Spec:
    rows = []
    for unit, area, raiser in itertools.product([None, *_units(org)], _areas(org), (me, other)):
        need = ImprovementNeed.objects.create(
            title="Behov", description="Varför", unit=unit, area=area, raised_by=raiser
        )
        rows.append(RefRow(need.pk, unit and unit.path, area and area.pk, {"raised_by": raiser.pk}))
    board = {Role.BOARD_MEMBER, Role.SECURITY_CHIEF}
    return Spec(
        manager=ImprovementNeed.objects,
        actions=(VIEW, DECIDE),
        rows=rows,
        has_area=True,
        personal=lambda row, action, me: row.attrs["raised_by"] == me and action == VIEW,
        region=lambda role, action: role in board and action in (VIEW, DECIDE),
    )


def incidents_spec(org: Org, me: User, other: User) -> Spec:
    units = _units(org)
    category = IncidentCategory.objects.create(
        code="prop", name_sv="Prop", name_en="Prop", area=org.area, default_severity=2
    )
    people = itertools.cycle([(me, None), (other, me), (None, None), (other, other), (None, me)])
    moment = timezone.now() - datetime.timedelta(days=1)
    rows = []
    for n, (unit, area, restricted, acute) in enumerate(
        itertools.product(units, (org.area, org.other_area), (False, True), (False, True))
    ):
        reporter, handler = next(people)
        incident = Incident.objects.create(
            reference=f"PROP-{n}", category=category, area=area, unit=unit,
            administration=_administration(org, unit), occurred_at=moment, aware_at=moment,
            description="Hände", severity=2, is_restricted=restricted, is_acute=acute,
            reporter=reporter, handler=handler,
        )  # fmt: skip
        attrs = {
            "reporter": reporter and reporter.pk,
            "handler": handler and handler.pk,
            "restricted": restricted,
            "acute": acute,
        }
        rows.append(RefRow(incident.pk, unit.path, area.pk, attrs))

    def personal(row: RefRow, action: str, me: int) -> bool:
        reporter = row.attrs["reporter"] == me and action in (VIEW, PERSONAL_DATA, NARRATIVE,
                                                              COMMENT)  # fmt: skip
        handler = row.attrs["handler"] == me and action in (
            VIEW, PERSONAL_DATA, NARRATIVE, CHANGE, COMMENT
        )  # fmt: skip
        return reporter or handler

    def narrow(role: str, action: str, row: RefRow) -> bool:
        restricted, acute = row.attrs["restricted"], row.attrs["acute"]
        if role == Role.SECURITY_PARTNER:  # the acute channel, without restricted personal data
            if action == ACKNOWLEDGE:
                return acute
            if action == PERSONAL_DATA:
                return not restricted
            return acute or not restricted
        if role == Role.AUDITOR:  # the handling of a restricted report, not its personal data
            return action not in (PERSONAL_DATA, NARRATIVE) or not restricted
        readers = {Role.SECURITY_COORDINATOR, Role.AREA_OWNER, Role.SECURITY_CHIEF}
        return role in readers or not restricted

    return Spec(
        manager=Incident.objects,
        actions=(VIEW, PERSONAL_DATA, NARRATIVE, CHANGE, COMMENT, ACKNOWLEDGE, LEGAL_HOLD),
        rows=rows,
        has_area=True,
        personal=personal,
        narrow=narrow,
    )


def shifts_spec(org: Org, me: User, other: User) -> Spec:
    units = _units(org)
    moment = timezone.now()
    rows = []
    for unit, person in itertools.product(units, (me, other)):
        shift = OnCallShift.objects.create(
            person=person, administration=unit, starts_at=moment,
            ends_at=moment + datetime.timedelta(hours=8),
        )  # fmt: skip
        rows.append(RefRow(shift.pk, unit.path, None, {"person": person.pk}))
    return Spec(
        manager=OnCallShift.objects,
        actions=(VIEW, CHANGE),
        rows=rows,
        has_area=False,
        personal=lambda row, action, me: row.attrs["person"] == me and action == VIEW,
    )


def plans_spec(org: Org, me: User, other: User) -> Spec:
    units = _units(org)
    rows = [
        RefRow(
            AnnualPlan.objects.create(
                year=2026, administration=unit, title="Plan", created_by=other
            ).pk,
            unit.path,
            None,
        )
        for unit in units
    ]
    return Spec(
        manager=AnnualPlan.objects,
        actions=(VIEW, CHANGE, CREATE),
        rows=rows,
        has_area=False,
        upward=frozenset({VIEW}),
    )


SPECS = {
    "actions": actions_spec,
    "improvement-needs": needs_spec,
    "incidents": incidents_spec,
    "on-call-shifts": shifts_spec,
    "annual-plans": plans_spec,
}


@pytest.fixture(params=sorted(SPECS))
def world(request, org):
    """The organisation, two people and one model's rows, made once for all examples."""
    me, other = make_user(home_unit=org.alfa_unit), make_user(home_unit=org.beta_unit)
    return org, me, SPECS[request.param](org, me, other)


def _ref_scopes(org: Org, assignments) -> list[RefScope]:
    scopes = []
    for role, unit, area in assignments:
        path = getattr(org, unit).path if unit not in (None, "region") else None
        scopes.append(RefScope(role, path, area and getattr(org, area).pk))
    return scopes


# The organisation and rows are made once per test and shared by its examples on purpose:
# each example gives its roles inside a savepoint that is rolled back.
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(assignments=st.lists(held, max_size=4, unique=True), kind=kinds)
def test_the_three_answers_agree_with_the_reference(world, assignments, kind):
    org, me, spec = world
    units = list(Unit.objects.all())
    with transaction.atomic():
        User.objects.filter(pk=me.pk).update(
            is_active=kind != "inactive", is_superuser=kind == "superuser"
        )
        for role, unit, area in assignments:
            RoleAssignment.objects.create(
                user=me,
                role=role,
                unit=unit and getattr(org, unit),
                area=area and getattr(org, area),
            )
        user = User.objects.get(pk=me.pk)  # scopes are read afresh
        scopes = _ref_scopes(org, assignments)
        for action in spec.actions:
            rows = set(spec.manager.for_user(user, action).values_list("pk", flat=True))
            assert rows == spec.rows_for(kind, me.pk, scopes, action), action
            annotated = with_allowed(spec.manager.all(), user, [action])
            assert {row.pk for row in annotated if getattr(row, f"may_{action}")} == rows, action
            assert spec.manager.may(user, action) == spec.may(kind, scopes, action), action
            offered = set(spec.manager.units_for(user, action).values_list("pk", flat=True))
            assert offered == spec.units_for(kind, scopes, action, units), action
        transaction.set_rollback(True)
