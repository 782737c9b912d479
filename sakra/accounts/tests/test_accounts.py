import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.accounts.models import ApiToken, RoleAssignment
from sakra.accounts.services import create_api_token, revoke_api_token, user_for_token


def test_token_is_stored_hashed_and_finds_its_user(org):
    user = org.user()
    token, plain = create_api_token(user, "script")
    assert plain not in token.key_hash and plain.startswith(f"sakra_{token.prefix}_")
    assert user_for_token(plain) == user


@pytest.mark.parametrize("bad", ["", "sakra", "sakra_x_y", "Bearer", "sakra_" + "a" * 500])
def test_malformed_or_unknown_tokens_find_nobody(org, bad):
    create_api_token(org.user(), "script")
    assert user_for_token(bad) is None


def test_revoked_token_and_disabled_user_find_nobody(org):
    user = org.user()
    token, plain = create_api_token(user, "script")
    revoke_api_token(token)
    assert user_for_token(plain) is None
    _token, plain2 = create_api_token(user, "again")
    user.is_active = False
    user.save()
    assert user_for_token(plain2) is None


def test_api_me_with_bearer_token(client, org):
    user = org.user(Role.MANAGER)
    _token, plain = create_api_token(user, "script")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == user.email
    assert body["roles"] == [{"role": "manager", "unit_id": org.alfa_dept.pk, "area_id": None}]
    wrong = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}x"})
    assert wrong.status_code == 401


def test_create_token_command_prints_a_working_token(org, capsys):
    user = org.user()
    call_command("create_token", user.email.upper(), "--name", "ci")
    plain = capsys.readouterr().out.strip()
    assert user_for_token(plain) == user
    assert ApiToken.objects.get(user=user).name == "ci"


def test_create_token_for_unknown_user_fails_cleanly(db):
    with pytest.raises(CommandError, match="No active user"):
        call_command("create_token", "nobody@example.se")
    assert not ApiToken.objects.exists()


def test_role_needs_a_scope(org):
    user = org.user()
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=user, role=Role.MANAGER)


def test_my_page_lists_roles_and_scopes(client, org):
    user = org.user(Role.SECURITY_COORDINATOR)
    client.force_login(user)
    page = client.get(reverse("accounts:me")).content.decode()
    assert "Säkerhetssamordnare" in page and "Alfa förvaltning" in page


def test_my_page_says_what_a_user_without_roles_can_do(client, org):
    client.force_login(org.user())
    assert "Du har ingen roll" in client.get(reverse("accounts:me")).content.decode()


def test_my_page_requires_login(client, db):
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_admin_is_for_administrators_only(client, org):
    client.force_login(org.user(Role.SECURITY_CHIEF))
    assert client.get("/admin/organisation/unit/").status_code == 302
    admin = org.user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/organisation/unit/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_login_with_email_any_case(client, org):
    user = org.user(password="long enough password")
    response = client.post(
        reverse("login"), {"username": user.email.upper(), "password": "long enough password"}
    )
    assert response.status_code == 302


def test_my_page_offers_two_factor_set_up(client, org):
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    page = client.get(reverse("accounts:me")).content.decode()
    assert f'href="{reverse("accounts:mfa-setup")}"' in page
    assert 'href="/admin/"' not in page


def test_an_administrator_reaches_the_admin_and_is_told_what_they_are(client, org):
    admin = org.user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("accounts:me")).content.decode()
    assert 'href="/admin/"' in page
    assert "Du har ingen roll" not in page and "administratör" in page
