"""The signed-in person is read with their roles in one query (issue 19, the floor per request)."""

import pytest

from sakra.accounts.backends import PasswordBackend
from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment, User

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_that_does_nothing_reads_the_session_and_the_person(
    client, org, django_assert_num_queries
):
    """The start address only sends the person on, after asking their roles: the session and
    the person with their roles, nothing else, whatever the roles."""
    for role in (Role.EMPLOYEE, Role.SECURITY_COORDINATOR, Role.SECURITY_CHIEF):
        client.force_login(org.user(role))
        with django_assert_num_queries(2):
            assert client.get("/").status_code == 302


def test_the_roles_read_with_the_person_are_the_persons_scopes(org, django_assert_num_queries):
    user = org.user(Role.MANAGER)
    RoleAssignment.objects.create(user=user, role=Role.SECURITY_PARTNER, unit=org.beta)
    with django_assert_num_queries(1):
        signed_in = PasswordBackend().get_user(user.pk)
        assert signed_in.roles == {Role.MANAGER, Role.SECURITY_PARTNER}
    fresh = User.objects.get(pk=user.pk)
    assert set(signed_in.scopes) == set(fresh.scopes) and len(signed_in.scopes) == 2


def test_a_person_without_a_role_is_read_in_two_queries_and_holds_none(
    org, django_assert_num_queries
):
    user = org.user()
    with django_assert_num_queries(2):
        signed_in = PasswordBackend().get_user(user.pk)
        assert signed_in == user and signed_in.roles == frozenset()


def test_a_disabled_person_is_signed_out(client, org):
    user = org.user(Role.EMPLOYEE)
    client.force_login(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert PasswordBackend().get_user(user.pk) is None
    answer = client.get("/")
    assert answer.status_code == 302 and answer["Location"].startswith("/login/")
