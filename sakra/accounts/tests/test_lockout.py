"""Sign-in lockout: N wrong passwords lock that address and account pair, nothing else."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse

PASSWORD = "a-long-correct-password"
PROXY = "10.0.0.2"


@pytest.fixture
def person(org):
    return org.user(password=PASSWORD, email="anna.svensson@example.se")


def _login(client, email, password, remote="203.0.113.10", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(
        reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=remote,
        headers=headers,
    )


def _fail(client, email, times, **kwargs):
    for _ in range(times):
        _login(client, email, "wrong", **kwargs)


def test_fifth_failure_locks_with_a_friendly_swedish_page(client, person):
    _fail(client, person.email, 4)
    assert _login(client, person.email, "wrong").status_code == 429
    response = _login(client, person.email, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Inloggningen är pausad" in page and "15 minuter" in page
    assert "_auth_user_id" not in client.session


def test_a_correct_password_before_the_limit_signs_in_and_resets(client, person):
    _fail(client, person.email, 4)
    assert _login(client, person.email, PASSWORD).status_code == 302
    client.logout()
    _fail(client, person.email, 4)
    assert _login(client, person.email, PASSWORD).status_code == 302


def test_varying_the_case_of_the_address_counts_as_the_same_account(client, person):
    for email in (
        "ANNA.svensson@example.se",
        "Anna.Svensson@Example.se",
        " anna.svensson@example.se",
    ):
        _login(client, email, "wrong")
    _fail(client, person.email, 2)
    assert _login(client, person.email, PASSWORD).status_code == 429


def test_lockout_ends_after_the_cool_off(client, person, time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    _fail(client, person.email, 5)
    assert _login(client, person.email, PASSWORD).status_code == 429
    time_machine.move_to("2026-11-23 10:16:00+00:00", tick=False)
    assert _login(client, person.email, PASSWORD).status_code == 302


def test_spoofed_forwarded_for_does_not_bypass_the_lockout(client, person):
    # No trusted proxy: each attempt claims a new address, but the peer address counts.
    for n in range(5):
        _login(client, person.email, "wrong", forwarded=f"198.51.100.{n}")
    assert _login(client, person.email, PASSWORD, forwarded="198.51.100.99").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.10"}


def test_spoofed_forwarded_for_does_not_lock_out_the_victim(client, person):
    # The attacker names the victim's address in the header; the victim is not locked out.
    _fail(client, person.email, 5, remote="203.0.113.66", forwarded="192.0.2.50")
    assert _login(client, person.email, PASSWORD, remote="192.0.2.50").status_code == 302


def test_someone_elses_guessing_does_not_lock_out_the_owner(client, person):
    _fail(client, person.email, 10, remote="203.0.113.66")
    assert _login(client, person.email, PASSWORD, remote="192.0.2.50").status_code == 302


@override_settings(SAKRA_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_a_trusted_proxy_the_forwarded_client_is_the_key(client, person):
    _fail(client, person.email, 5, remote=PROXY, forwarded="198.51.100.7")
    # Same client through the proxy: locked, even when it prepends a forged address.
    assert (
        _login(
            client, person.email, PASSWORD, remote=PROXY, forwarded="192.0.2.50, 198.51.100.7"
        ).status_code
        == 429
    )
    # Another client through the same proxy is not.
    assert (
        _login(client, person.email, PASSWORD, remote=PROXY, forwarded="192.0.2.50").status_code
        == 302
    )


def test_admin_sign_in_is_covered_too(client, org):
    admin = org.user(password=PASSWORD, is_staff=True)
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": admin.email, "password": "wrong"},
            REMOTE_ADDR="203.0.113.10",
        )
    response = client.post(
        "/admin/login/", {"username": admin.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.10"
    )
    assert response.status_code == 429


def test_a_dotless_i_reaches_no_account_and_no_other_counter(client, org):
    """On PostgreSQL "lındqvist" matched the account "lindqvist" (the database folds ı to I)
    under a lockout key of its own: each "i" doubled the guesses (issue #16, 9)."""
    org.user(password=PASSWORD, email="maria.lindqvist@example.se")
    spelled = "marıa.lındqvist@example.se"
    assert _login(client, spelled, PASSWORD).status_code != 302
    assert "_auth_user_id" not in client.session
    _fail(client, "maria.lindqvist@example.se", 5)
    assert _login(client, spelled, PASSWORD).status_code != 302
    assert _login(client, "maria.lindqvist@example.se", PASSWORD).status_code == 429


def test_one_normalised_address_for_the_lookup_and_the_lockout(client, org):
    """Full-width letters and case are the same address for both (NFKC and case folding)."""
    from sakra.accounts.lockout import username

    org.user(password=PASSWORD, email="erik.ahl@example.se")
    variants = ["ＥＲＩＫ.ahl@example.se", "Erik.Ahl@Example.SE", " erik.ahl@example.se "]
    assert {username(None, {"username": v}) for v in variants} == {"erik.ahl@example.se"}
    for variant in variants[:2]:
        _login(client, variant, "wrong")
    _fail(client, "erik.ahl@example.se", 3)
    assert _login(client, "erik.ahl@example.se", PASSWORD).status_code == 429
    client.logout()
    AccessAttempt.objects.all().delete()
    assert _login(client, variants[0], PASSWORD).status_code == 302
