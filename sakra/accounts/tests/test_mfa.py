"""Two-factor authentication for privileged roles: set-up with a QR code, codes, recovery codes."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sakra.accounts.choices import Role
from sakra.accounts.services import create_api_token

ME = "/min-sida/"
SETUP = "/min-sida/tvastegsverifiering/"
VERIFY = "/min-sida/tvastegsverifiering/kod/"


@pytest.fixture(autouse=True)
def mfa_on(settings):
    settings.SAKRA_MFA_REQUIRED = True


@pytest.fixture
def clock(time_machine):
    time_machine.move_to("2026-11-23 09:00:00+00:00", tick=False)
    return time_machine


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _set_up(client, user) -> list[str]:
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    page = client.post(SETUP, {"code": _code(device), "next": ME}).content.decode()
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)


@pytest.mark.parametrize(
    "role", [Role.SECURITY_CHIEF, Role.SECURITY_COORDINATOR, Role.AREA_OWNER, "staff"]
)
def test_privileged_people_must_set_up_a_second_factor(client, org, role):
    user = org.user(is_staff=True) if role == "staff" else org.user(role)
    client.force_login(user)
    response = client.get(ME)
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Fmin-sida%2F"
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "role", [None, Role.EMPLOYEE, Role.MANAGER, Role.AUDITOR, Role.BOARD_MEMBER]
)
def test_others_sign_in_with_the_password_alone(client, org, role):
    client.force_login(org.user(role))
    assert client.get(ME).status_code == 200


def test_not_required_when_switched_off(client, org, settings):
    settings.SAKRA_MFA_REQUIRED = False
    client.force_login(org.user(Role.SECURITY_CHIEF))
    assert client.get(ME).status_code == 200


def test_setup_shows_a_server_drawn_qr_code_and_the_key(client, org):
    client.force_login(org.user(Role.SECURITY_CHIEF))
    response = client.get(SETUP)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and "<path" in page
    assert "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    assert "style=" not in page and "<script>" not in page
    assert "Ställ in tvåstegsverifiering" in page
    device = TOTPDevice.objects.get()
    assert not device.confirmed
    client.get(SETUP)
    assert TOTPDevice.objects.count() == 1  # reloading keeps the same key


def test_wrong_code_changes_nothing(client, org, clock):
    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not TOTPDevice.objects.get().confirmed
    assert not StaticToken.objects.exists()
    assert client.get(ME).status_code == 302


def test_setup_confirms_shows_recovery_codes_once_and_lets_in(client, org, clock):
    chief = org.user(Role.SECURITY_CHIEF)
    codes = _set_up(client, chief)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=chief).confirmed
    assert client.get(ME).status_code == 200
    # Shown once: the setup page now belongs to a verified user and shows no codes.
    assert not re.findall(r"<li><code>", client.get(ME).content.decode())


def test_next_sign_in_asks_for_a_code(org, clock):
    chief = org.user(Role.SECURITY_CHIEF)
    _set_up(Client(), chief)
    clock.shift(60)
    browser = Client()
    browser.force_login(chief)
    response = browser.get(ME)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert browser.get(SETUP).status_code == 302  # cannot replace the app without a code
    assert browser.post(VERIFY, {"code": "123456", "next": ME}).status_code == 400
    clock.shift(60)  # django-otp makes the next try wait after a failure
    device = TOTPDevice.objects.get(user=chief)
    response = browser.post(VERIFY, {"code": _code(device), "next": ME})
    assert response.status_code == 302 and response.url == ME
    assert browser.get(ME).status_code == 200


def test_a_recovery_code_works_once(org, clock):
    chief = org.user(Role.SECURITY_CHIEF)
    codes = _set_up(Client(), chief)
    first = Client()
    first.force_login(chief)
    assert first.post(VERIFY, {"code": codes[0].upper(), "next": ME}).status_code == 302
    assert first.get(ME).status_code == 200
    second = Client()
    second.force_login(chief)
    assert second.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert second.get(ME).status_code == 302


def test_next_cannot_lead_off_site(client, org, clock):
    chief = org.user(Role.SECURITY_CHIEF)
    _set_up(Client(), chief)
    clock.shift(60)
    client.force_login(chief)
    device = TOTPDevice.objects.get(user=chief)
    response = client.post(VERIFY, {"code": _code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/"


def test_api_needs_the_second_factor_for_sessions_but_not_tokens(client, org):
    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    assert client.get("/api/v1/me").status_code == 403
    _token, plain = create_api_token(chief, "script")
    assert (
        Client().get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    )


def test_logout_and_language_switch_stay_reachable(client, org):
    client.force_login(org.user(Role.SECURITY_CHIEF))
    assert client.post("/i18n/setlang/", {"language": "en", "next": ME}).status_code == 302
    assert client.post("/logout/").status_code == 302


def test_admin_never_shows_keys_or_recovery_codes_but_can_reset(client, org, clock):
    chief = org.user(Role.SECURITY_CHIEF)
    codes = _set_up(Client(), chief)
    device = TOTPDevice.objects.get(user=chief)
    admin_user = org.user(is_staff=True, is_superuser=True)
    _set_up(client, admin_user)
    for url in (
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        "/admin/otp_static/staticdevice/",
    ):
        page = client.get(url).content.decode()
        assert device.key not in page and codes[0] not in page
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=chief).exists()


def test_password_sign_in_leads_a_chief_to_the_setup_and_then_where_they_were_going(org, clock):
    chief = org.user(Role.SECURITY_CHIEF, password="a-long-correct-password")
    browser = Client()
    response = browser.post(
        "/login/?next=/min-sida/granskningslogg/",
        {
            "username": chief.email,
            "password": "a-long-correct-password",
            "next": "/min-sida/granskningslogg/",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{SETUP}?next=%2Fmin-sida%2Fgranskningslogg%2F"
    device = TOTPDevice.objects.get(user=chief)
    page = browser.post(
        SETUP, {"code": _code(device), "next": "/min-sida/granskningslogg/"}
    ).content.decode()
    assert 'href="/min-sida/granskningslogg/"' in page
    assert browser.get("/min-sida/granskningslogg/").status_code == 200
