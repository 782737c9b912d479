"""Sessions: idle timeout, lifetime, a new id at sign-in, ending on disable or role removal."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import override_settings
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment
from sakra.accounts.services import assign_role, deactivate_user, remove_role

ME = "/min-sida/"
START = "2026-11-23 08:00:00+01:00"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_sign_in_gives_a_new_session_id(client, org):
    user = org.user(password="a-long-correct-password")
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-chosen-session-id"
    response = client.post(
        reverse("login"), {"username": user.email, "password": "a-long-correct-password"}
    )
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != "attacker-chosen-session-id"
    assert _signed_in(client)


def test_idle_timeout_ends_the_session_and_says_why(client, org, clock):
    client.force_login(org.user())
    clock.shift(29 * 60)
    assert client.get(ME).status_code == 200
    clock.shift(29 * 60)  # activity moved the idle clock on
    assert client.get(ME).status_code == 200
    clock.shift(31 * 60)
    response = client.get(ME)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "next=/min-sida/" in response.url
    assert not _signed_in(client)
    page = client.get(response.url).content.decode()
    assert "30 minuter utan aktivitet" in page


def test_absolute_lifetime_ends_even_an_active_session(client, org, clock):
    client.force_login(org.user())
    for _ in range(12 * 4 + 1):
        clock.shift(15 * 60)
        response = client.get(ME)
    assert response.status_code == 302
    assert not _signed_in(client)


@override_settings(SAKRA_SESSION_IDLE_MINUTES=5, SAKRA_SESSION_MAX_HOURS=1)
def test_timeouts_follow_the_settings(client, org, clock):
    client.force_login(org.user())
    clock.shift(6 * 60)
    assert client.get(ME).status_code == 302


def test_api_session_that_timed_out_gets_401(client, org, clock):
    client.force_login(org.user())
    assert client.get("/api/v1/me").status_code == 200
    clock.shift(31 * 60)
    assert client.get("/api/v1/me").status_code == 401


def test_htmx_request_is_sent_to_the_login_page(client, org, clock):
    client.force_login(org.user())
    clock.shift(31 * 60)
    response = client.get(ME, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("login")


def test_disabling_an_account_ends_all_its_sessions(client, org):
    user = org.user()
    client.force_login(user)
    from django.test import Client

    other_browser = Client()
    other_browser.force_login(user)
    deactivate_user(user)
    assert client.get(ME).status_code == 302
    assert other_browser.get(ME).status_code == 302


def test_removing_a_role_ends_all_sessions_of_its_holder(client, org):
    chief = org.user(Role.SECURITY_CHIEF)
    bystander = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    from django.test import Client

    bystander_client = Client()
    bystander_client.force_login(bystander)
    remove_role(RoleAssignment.objects.get(user=chief))
    assert client.get(ME).status_code == 302
    assert bystander_client.get(ME).status_code == 200
    chief.refresh_from_db()
    client.force_login(chief)  # signing in again works, with the new epoch
    assert client.get(ME).status_code == 200


def test_changing_a_roles_scope_in_the_admin_path_ends_sessions(client, org):
    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    assignment = RoleAssignment.objects.get(user=chief)
    assignment.role = Role.EMPLOYEE
    assignment.save()
    assert client.get(ME).status_code == 302


def test_gaining_a_role_or_saving_unchanged_keeps_the_session(client, org):
    user = org.user(Role.EMPLOYEE)
    client.force_login(user)
    assign_role(user, Role.MANAGER, unit=org.alfa_dept)
    RoleAssignment.objects.get(user=user, role=Role.EMPLOYEE).save()
    user.full_name = "Nytt Namn"
    user.save()
    assert client.get(ME).status_code == 200


def test_disabling_through_a_plain_save_ends_sessions_too(client, org):
    user = org.user()
    client.force_login(user)
    user.is_active = False
    user.save()
    user.is_active = True  # even if re-enabled before the next request
    user.save()
    assert client.get(ME).status_code == 302


def test_session_check_costs_no_extra_query(client, org, django_assert_max_num_queries):
    client.force_login(org.user())
    client.get(ME)
    with django_assert_max_num_queries(6):
        # session, user, and the page's own four (its roles and the authenticator among
        # them); nothing for the session policy
        client.get(ME)
