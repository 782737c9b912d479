"""Single sign-on with OpenID Connect against a mocked identity provider: our own RSA key,
tokens signed with it, and the discovery, JWKS and token endpoints answered in-process."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from jwt.algorithms import RSAAlgorithm

from sakra.accounts import oidc
from sakra.accounts.choices import Role
from sakra.accounts.models import User

ISSUER = "https://idp.example.se/tenant/v2.0"
CLIENT_ID = "sakra-client"


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEY, OTHER_KEY = _key(), _key()


class FakeResponse:
    def __init__(self, data, status=200):
        self._data, self.status_code = data, status
        self.headers = {"content-type": "application/json"}
        self.url, self.text = "", json.dumps(data)

    def json(self):
        return self._data

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(str(self.status_code))


class IdP:
    """The identity provider: what its endpoints answer, and the ID token it hands out."""

    def __init__(self):
        self.claims: dict = {}
        self.key = KEY
        self.algorithm = "RS256"
        self.headers = {"kid": "k1"}
        self.calls: list[str] = []

    def token(self, nonce):
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": "abc",
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.claims,
        }
        return jwt.encode(claims, self.key, algorithm=self.algorithm, headers=self.headers)

    def get(self, url, **kwargs):
        self.calls.append(url)
        if url.endswith("/.well-known/openid-configuration"):
            return FakeResponse(
                {
                    "issuer": ISSUER,
                    "authorization_endpoint": "https://idp.example.se/authorize",
                    "token_endpoint": "https://idp.example.se/token",
                    "userinfo_endpoint": "https://idp.example.se/userinfo",
                    "jwks_uri": "https://idp.example.se/keys",
                }
            )
        if url == "https://idp.example.se/keys":
            jwk = json.loads(RSAAlgorithm.to_jwk(KEY.public_key()))
            return FakeResponse({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]})
        return FakeResponse({}, 404)

    def post(self, url, data=None, **kwargs):
        self.calls.append(url)
        assert url == "https://idp.example.se/token"
        assert data["client_secret"] == "s3cret" and data["code"] == "the-code"
        return FakeResponse({"id_token": self.token(self.nonce), "access_token": "at"})


@pytest.fixture
def idp(settings, monkeypatch):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "s3cret"
    settings.OIDC_OP_ISSUER = ISSUER
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "sakra.accounts.oidc.Backend",
    ]
    oidc.discovery.cache_clear()
    provider = IdP()
    monkeypatch.setattr(requests, "get", provider.get)
    monkeypatch.setattr(requests, "post", provider.post)
    yield provider
    oidc.discovery.cache_clear()


def sign_in(client: Client, idp: IdP, *, nonce=None, next_url="") -> object:
    """The browser's round trip: to the provider and back with a code."""
    start = client.get("/oidc/authenticate/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    sent = parse_qs(urlparse(start["Location"]).query)
    assert start["Location"].startswith("https://idp.example.se/authorize?")
    assert sent["client_id"] == [CLIENT_ID] and sent["code_challenge_method"] == ["S256"]
    idp.nonce = sent["nonce"][0] if nonce is None else nonce
    return client.get("/oidc/callback/", {"code": "the-code", "state": sent["state"][0]})


def signed_in_as(client: Client):
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_off_by_default(client):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    assert "organisationskonto" not in client.get("/login/").content.decode()


@pytest.mark.django_db
def test_the_login_page_offers_the_organisation_account(idp, client):
    page = client.get("/login/").content.decode()
    assert "Logga in med organisationskonto" in page and 'href="/oidc/authenticate/' in page
    assert idp.calls == []  # nothing fetched until someone signs in


@pytest.mark.django_db
def test_a_known_person_signs_in_by_e_mail(idp, org):
    person = org.user(Role.EMPLOYEE, email="anna.andersson@region.se")
    idp.claims = {"email": "Anna.Andersson@Region.se"}
    client = Client()
    response = sign_in(client, idp, next_url="/avvikelser/")
    assert response.status_code == 302 and response["Location"] == "/avvikelser/"
    assert signed_in_as(client) == str(person.pk)
    assert f"{ISSUER}/.well-known/openid-configuration" in idp.calls


@pytest.mark.django_db
def test_a_configured_claim_is_matched(idp, org, settings):
    settings.SAKRA_OIDC_EMAIL_CLAIM = "preferred_username"
    person = org.user(Role.EMPLOYEE, email="upn@region.se")
    idp.claims = {"preferred_username": "upn@region.se", "email": "other@region.se"}
    client = Client()
    sign_in(client, idp)
    assert signed_in_as(client) == str(person.pk)


@pytest.mark.django_db
def test_an_unknown_person_is_not_created(idp):
    idp.claims = {"email": "ny@region.se", "name": "Ny Person"}
    client = Client()
    response = sign_in(client, idp)
    assert response["Location"] == "/login/?sso=failed"
    assert not User.objects.filter(email="ny@region.se").exists()
    assert signed_in_as(client) is None
    page = client.get(response["Location"]).content.decode()
    assert 'role="alert"' in page


@pytest.mark.django_db
def test_an_unknown_person_is_created_when_the_setting_says_so(idp, settings):
    settings.OIDC_CREATE_USER = True
    idp.claims = {"email": "Ny@Region.se", "name": "Ny Person"}
    client = Client()
    sign_in(client, idp)
    person = User.objects.get(email="ny@region.se")
    assert person.full_name == "Ny Person" and not person.has_usable_password()
    assert signed_in_as(client) == str(person.pk)


def test_a_person_created_on_first_sign_in_is_an_employee_of_the_claimed_unit(idp, settings, org):
    settings.OIDC_CREATE_USER = True
    settings.SAKRA_OIDC_UNIT_CLAIM = "unit"
    settings.SAKRA_OIDC_ID_CLAIM = "hsa_id"
    idp.claims = {
        "email": "ny@region.se",
        "name": "Ny Person",
        "unit": org.beta_unit.code,
        "hsa_id": "SE2321000131-P1",
    }
    client = Client()
    sign_in(client, idp)
    person = User.objects.get(email="ny@region.se")
    assert (person.home_unit, person.external_id) == (org.beta_unit, "SE2321000131-P1")
    assert list(person.role_assignments.values_list("role", "unit")) == [
        (Role.EMPLOYEE, org.beta_unit.pk)
    ]
    assert signed_in_as(client) == str(person.pk)


@pytest.mark.django_db
def test_a_disabled_account_cannot_sign_in(idp, org):
    person = org.user(Role.EMPLOYEE, email="slutat@region.se")
    person.is_active = False
    person.save()
    idp.claims = {"email": "slutat@region.se"}
    client = Client()
    assert sign_in(client, idp)["Location"] == "/login/?sso=failed"
    assert signed_in_as(client) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda idp: setattr(idp, "key", OTHER_KEY), id="signed-by-another-key"),
        pytest.param(lambda idp: idp.claims.update(aud="another-app"), id="for-another-app"),
        pytest.param(lambda idp: idp.claims.update(iss="https://evil.example"), id="other-issuer"),
        pytest.param(lambda idp: idp.claims.update(exp=int(time.time()) - 3600), id="expired"),
        pytest.param(
            lambda idp: (setattr(idp, "algorithm", "HS256"), setattr(idp, "key", "s3cret")),
            id="hs256-with-the-client-secret",
        ),
    ],
)
def test_a_bad_token_is_refused(spoil, idp, org):
    org.user(Role.EMPLOYEE, email="anna@region.se")
    idp.claims = {"email": "anna@region.se"}
    spoil(idp)
    client = Client()
    assert sign_in(client, idp)["Location"] == "/login/?sso=failed"
    assert signed_in_as(client) is None


@pytest.mark.django_db
def test_a_replayed_nonce_is_refused(idp, org):
    org.user(Role.EMPLOYEE, email="anna@region.se")
    idp.claims = {"email": "anna@region.se"}
    client = Client()
    assert sign_in(client, idp, nonce="not-the-one-sent")["Location"] == "/login/?sso=failed"
    assert signed_in_as(client) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "amr", "asks_for_totp"),
    [("totp", ["pwd", "mfa"], True), ("idp", ["pwd", "mfa"], False), ("idp", ["pwd"], True)],
)
def test_mfa_at_the_provider_counts_only_when_configured(
    mode, amr, asks_for_totp, idp, org, settings
):
    settings.SAKRA_MFA_REQUIRED = True
    settings.SAKRA_OIDC_MFA = mode
    org.user(Role.SECURITY_CHIEF, email="chef@region.se")
    idp.claims = {"email": "chef@region.se", "amr": amr}
    client = Client()
    sign_in(client, idp)
    response = client.get("/min-sida/")
    if asks_for_totp:
        assert response.status_code == 302 and "tvastegsverifiering" in response["Location"]
    else:
        assert response.status_code == 200


@pytest.mark.django_db
def test_a_provider_that_is_down_gives_the_sign_in_page_with_a_message(idp, monkeypatch):
    def down(*args, **kwargs):
        raise requests.ConnectionError("down")

    monkeypatch.setattr(requests, "get", down)
    response = Client().get("/oidc/authenticate/")
    assert response.status_code == 302 and response["Location"] == "/login/?sso=failed"


@pytest.mark.django_db
def test_password_sign_in_works_while_the_provider_is_down(idp, org, monkeypatch):
    def down(*args, **kwargs):
        raise requests.ConnectionError("down")

    monkeypatch.setattr(requests, "get", down)
    person = org.user(Role.EMPLOYEE, email="anna@region.se", password="rätt-lösenord-1")
    client = Client()
    response = client.post("/login/", {"username": "anna@region.se", "password": "rätt-lösenord-1"})
    assert response.status_code == 302 and signed_in_as(client) == str(person.pk)
