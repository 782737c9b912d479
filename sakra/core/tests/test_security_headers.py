import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from sakra.core.network import client_ip


def _csp(response) -> dict[str, str]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def test_login_page_has_a_strict_policy_and_the_other_headers(client, db):
    response = client.get(reverse("login"))
    csp = _csp(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["base-uri"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_anonymous_pages_are_not_forced_uncached(client, db):
    # Nothing personal is on them (the login page opts out on its own, with never_cache).
    assert "no-store" not in client.get("/nope/").get("Cache-Control", "")


def test_signed_in_pages_are_never_stored(client, org):
    client.force_login(org.user())
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_api_answers_to_a_token_are_never_stored(client, org):
    from sakra.accounts.services import create_api_token

    _token, plain = create_api_token(org.user(), "t")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_errors_and_the_api_carry_the_policy_too(client, db):
    assert "frame-ancestors 'none'" in client.get("/nope/")["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in client.get("/api/v1/me")["Content-Security-Policy"]


def test_api_docs_get_the_relaxed_policy_without_inline_script(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["script-src"] == "'self'"
    assert "'unsafe-inline'" in csp["style-src"]
    # Swagger UI's settings ride in a JSON script block, which browsers never execute.
    body = response.content.decode()
    assert "<script>" not in body


def test_pages_have_no_inline_script_or_style(client, org):
    client.force_login(org.user())
    for url in (reverse("login"), reverse("accounts:me")):
        body = client.get(url).content.decode()
        assert "<script>" not in body and "style=" not in body and "<style" not in body


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.9", "", "203.0.113.9"),
        # No trusted proxy: the header is whatever the client wrote, and is ignored.
        ([], "203.0.113.9", "10.9.9.9", "203.0.113.9"),
        # A peer that is not a trusted proxy cannot speak for others either.
        (["10.0.0.0/8"], "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # Behind one trusted proxy: the address it appended is the client.
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        # A client forging the header only adds entries on the left, never reached.
        (["10.0.0.0/8"], "10.0.0.2", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # Two trusted proxies in a row.
        (
            ["10.0.0.2", "10.0.1.0/24"],
            "10.0.0.2",
            "6.6.6.6, 198.51.100.7, 10.0.1.5",
            "198.51.100.7",
        ),
        # Garbage stops the walk at the last trusted hop.
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.7, not-an-ip", "10.0.0.2"),
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.7:5555", "198.51.100.7"),
        (["::1"], "::1", "2001:db8::5", "2001:db8::5"),
        ([], "::ffff:192.0.2.4", "", "192.0.2.4"),
    ],
)
def test_client_ip_believes_only_trusted_proxies(trusted, remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(SAKRA_TRUSTED_PROXIES=trusted):
        assert client_ip(request) == expected


def test_audit_trail_records_the_real_client_not_the_forged_header(client, org):
    from auditlog.models import LogEntry

    from sakra.accounts.services import create_api_token

    user = org.user()
    with override_settings(SAKRA_TRUSTED_PROXIES=[]):
        from sakra.core.middleware import SakraAuditlogMiddleware

        request = RequestFactory().get(
            "/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="6.6.6.6"
        )
        request.user = user

        def view(_request):
            create_api_token(user, "x")
            return HttpResponse()

        SakraAuditlogMiddleware(view)(request)
    entry = LogEntry.objects.filter(object_repr__startswith="x (").latest("timestamp")
    assert entry.remote_addr == "203.0.113.5"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SAKRA_TRUSTED_PROXIES", "10.0.0.0/8,not-an-address"),
        ("SAKRA_LOGIN_FAILURE_LIMIT", "0"),
        ("SAKRA_SESSION_IDLE_MINUTES", "0"),
        ("SAKRA_AUDIT_RETENTION_DAYS", "0"),
    ],
)
def test_bad_security_settings_stop_start_up_with_a_message(variable, value):
    import os
    import subprocess
    import sys

    env = {**os.environ, variable: value, "DJANGO_SETTINGS_MODULE": "sakra.config.settings"}
    result = subprocess.run(
        [sys.executable, "-m", "sakra.cli", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert variable in result.stderr and "Traceback" not in result.stderr
