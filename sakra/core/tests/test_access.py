"""The one access path: scopes become one SQL condition."""

import re
from pathlib import Path

import pytest

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment
from sakra.core.access import CHANGE, VIEW, ScopedQuerySet, can


class Records(ScopedQuerySet):
    """Role assignments stand in for any unit- and area-placed record."""

    unit_lookup = "unit"
    area_lookup = "area"
    owner_lookup = "user"
    role_actions = {
        Role.MANAGER: frozenset({VIEW, CHANGE}),
        Role.AREA_OWNER: frozenset({VIEW, CHANGE}),
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE}),
        Role.AUDITOR: frozenset({VIEW}),
    }


def records():
    return Records(RoleAssignment)


@pytest.fixture
def placed(org, user_factory):
    """One record in each corner of the region."""
    owner = user_factory()
    make = RoleAssignment.objects.create
    return {
        "alfa_unit": make(user=owner, role=Role.EMPLOYEE, unit=org.alfa_unit),
        "alfa_unit2": make(user=owner, role=Role.EMPLOYEE, unit=org.alfa_unit2),
        "beta_unit": make(user=owner, role=Role.EMPLOYEE, unit=org.beta_unit),
        "beta_area": make(user=owner, role=Role.EMPLOYEE, unit=org.beta_unit, area=org.area),
        "other_area": make(user=owner, role=Role.EMPLOYEE, unit=org.alfa, area=org.other_area),
    }


def visible(user, action=VIEW):
    """The placed records visible to `user` (the users' own role rows are left out)."""
    rows = records().for_user(user, action).exclude(user=user)
    return set(rows.values_list("pk", flat=True))


def test_manager_sees_own_subtree_and_not_a_siblings(org, placed):
    manager = org.user(Role.MANAGER)  # scope: Alfa avdelning
    assert visible(manager) == {placed["alfa_unit"].pk, placed["alfa_unit2"].pk}
    assert placed["other_area"].pk not in visible(manager)  # Alfa itself is above the manager


def test_area_owner_sees_their_area_across_the_region(org, placed):
    owner = org.user(Role.AREA_OWNER)  # scope: org.area, no unit
    assert visible(owner) == {placed["beta_area"].pk}


def test_scope_with_unit_and_area_needs_both(org, placed, user_factory):
    both = user_factory(Role.MANAGER, unit=org.alfa, area=org.area)
    assert visible(both) == set()
    both_beta = user_factory(Role.MANAGER, unit=org.beta, area=org.area)
    assert visible(both_beta) == {placed["beta_area"].pk}


def test_auditor_reads_but_cannot_change(org, placed):
    auditor = org.user(Role.AUDITOR, unit=org.region)
    assert visible(auditor) == {record.pk for record in placed.values()}
    assert visible(auditor, CHANGE) == set()


def test_user_without_role_sees_only_their_own(org, placed, user_factory):
    nobody = user_factory()
    own = RoleAssignment.objects.create(user=nobody, role=Role.EMPLOYEE, unit=org.beta_unit)
    nobody.__dict__.pop("scopes", None)
    # Their own row (owner_lookup) is visible; their employee role grants nothing here.
    assert set(records().for_user(nobody).values_list("pk", flat=True)) == {own.pk}
    assert not records().for_user(nobody, CHANGE).exists()


def test_security_chief_sees_everything(org, placed, user_factory):
    chief = org.user(Role.SECURITY_CHIEF)  # held at the root unit: region-wide
    unplaced = RoleAssignment.objects.create(
        user=user_factory(), role=Role.EMPLOYEE, area=org.other_area
    )
    assert visible(chief) == {record.pk for record in placed.values()} | {unplaced.pk}
    manager = org.user(Role.MANAGER, unit=org.alfa)
    assert unplaced.pk not in visible(manager)


def test_anonymous_and_inactive_see_nothing(org, placed, user_factory):
    from django.contrib.auth.models import AnonymousUser

    assert not records().for_user(AnonymousUser()).exists()
    chief = user_factory(Role.SECURITY_CHIEF, unit=org.region, is_active=False)
    assert visible(chief) == set()


def test_can_asks_the_models_own_for_user(org, user_factory):
    manager = org.user(Role.MANAGER)
    colleague = user_factory(home_unit=org.alfa_unit2)
    stranger = user_factory(home_unit=org.beta_unit)
    assert can(manager, VIEW, colleague)
    assert not can(manager, VIEW, stranger)
    assert can(stranger, VIEW, stranger)


def test_scopes_are_read_in_one_query(org, django_assert_num_queries):
    manager = org.user(Role.MANAGER)
    with django_assert_num_queries(2):  # the user's scopes, then the rows
        list(records().for_user(manager))
    with django_assert_num_queries(1):  # scopes are kept for the rest of the request
        list(records().for_user(manager))


# --- may() and units_for() -----------------------------------------------------------------


class UnitRecords(Records):
    """The same records placed in units only: an area scope cannot hold them."""

    area_lookup = None
    region_roles = {Role.BOARD_MEMBER: frozenset({VIEW})}
    upward_actions = frozenset({VIEW})


def units(queryset, user, action=VIEW):
    return set(queryset.units_for(user, action))


def subtree(unit):
    from sakra.organisation.models import Unit

    return set(Unit.objects.subtree_of(unit))


def test_nobody_may_anything_when_anonymous_or_inactive(org, user_factory):
    from django.contrib.auth.models import AnonymousUser

    inactive = user_factory(Role.SECURITY_CHIEF, unit=org.region, is_active=False)
    for user in (None, AnonymousUser(), inactive):
        assert not records().may(user, VIEW)
        assert units(records(), user) == set()


def test_a_superuser_may_everything_everywhere(org, user_factory):
    from sakra.organisation.models import Unit

    root = user_factory(is_superuser=True)
    assert records().may(root, CHANGE)
    assert units(records(), root, CHANGE) == set(Unit.objects.all())


def test_may_asks_the_role_tables_not_the_rows_a_person_owns(org, placed):
    manager = org.user(Role.MANAGER)
    auditor = org.user(Role.AUDITOR)
    owner = placed["alfa_unit"].user  # owns rows, holds no role the records know
    assert records().may(manager, CHANGE)
    assert records().may(auditor, VIEW) and not records().may(auditor, CHANGE)
    assert records().for_user(owner).exists() and not records().may(owner, VIEW)


def test_a_unit_role_offers_its_subtree_an_area_role_every_unit(org):
    from sakra.organisation.models import Unit

    assert units(records(), org.user(Role.MANAGER)) == subtree(org.alfa_dept)
    assert units(records(), org.user(Role.AREA_OWNER)) == set(Unit.objects.all())
    assert units(records(), org.user(Role.AUDITOR), CHANGE) == set()


def test_a_region_wide_role_offers_every_unit_even_beside_a_narrower_one(org):
    """The roster bug: a region-wide scope was an empty Q() that an OR dropped."""
    from sakra.organisation.models import Unit

    chief = org.user(Role.SECURITY_CHIEF)
    RoleAssignment.objects.create(user=chief, role=Role.MANAGER, unit=org.beta)
    chief.__dict__.pop("scopes", None)
    chief.__dict__.pop("roles", None)
    assert units(records(), chief) == set(Unit.objects.all())


def test_a_scope_the_rows_cannot_be_placed_in_offers_nothing(org, user_factory):
    area_owner = org.user(Role.AREA_OWNER)  # an area only
    narrowed = user_factory(Role.MANAGER, unit=org.beta, area=org.area)
    for user in (area_owner, narrowed):
        assert not units(UnitRecords(RoleAssignment), user, CHANGE)
        assert not UnitRecords(RoleAssignment).may(user, CHANGE)
        assert not UnitRecords(RoleAssignment).for_user(user, CHANGE).exclude(user=user).exists()


def test_an_upward_action_offers_the_units_above_the_scope(org):
    manager = org.user(Role.MANAGER)  # Alfa avdelning
    above = {org.region, org.alfa}
    assert units(UnitRecords(RoleAssignment), manager) == subtree(org.alfa_dept) | above
    assert units(UnitRecords(RoleAssignment), manager, CHANGE) == subtree(org.alfa_dept)


def test_a_region_role_may_wherever_it_is_held(org, user_factory):
    from sakra.organisation.models import Unit

    board = user_factory(Role.BOARD_MEMBER, unit=org.beta_unit)
    assert UnitRecords(RoleAssignment).may(board, VIEW)
    assert units(UnitRecords(RoleAssignment), board) == set(Unit.objects.all())
    assert not UnitRecords(RoleAssignment).may(board, CHANGE)


def test_everyone_may_read_reference_data(org, user_factory):
    from sakra.organisation.models import Unit

    nobody = user_factory()
    assert Unit.objects.may(nobody, VIEW) and not Unit.objects.may(nobody, CHANGE)


def test_rows_outside_the_tree_have_no_units_to_offer(org):
    from sakra.accounts.models import Notification

    with pytest.raises(TypeError):
        Notification.objects.units_for(org.user(Role.MANAGER), VIEW)


def test_a_role_at_the_root_unit_is_region_wide(org, user_factory):
    from sakra.core.access import Scope

    at_root = Scope.held(Role.SECURITY_CHIEF, unit=org.region)
    assert at_root.region_wide and at_root.unit_id == org.region.pk
    assert Scope.held(Role.SECURITY_CHIEF, unit=org.region, area_id=org.area.pk).unit_path is None
    below = Scope.held(Role.MANAGER, unit=org.alfa)
    assert not below.region_wide and below.unit_path == org.alfa.path
    assert not Scope.held(Role.AREA_OWNER, area_id=org.area.pk).region_wide
    chief = org.user(Role.SECURITY_CHIEF)
    assert [scope.region_wide for scope in chief.scopes] == [True]


def test_only_the_access_path_reads_a_persons_scopes():
    """`user.scopes` is read in core.access alone (for_user/may/units_for and the named
    helpers for recipients and levels); an app that loops over it writes a second rule."""
    root = Path(__file__).resolve().parents[2]
    allowed = {root / "core" / "access.py", root / "accounts" / "models.py"}
    readers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path not in allowed
        and re.search(r"\.scopes\b(?!\s*=)", path.read_text())
    )
    assert readers == []
