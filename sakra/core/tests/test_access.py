"""The one access path: scopes become one SQL condition."""

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
