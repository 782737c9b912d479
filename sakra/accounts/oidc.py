"""Optional sign-in with an organisation account over OpenID Connect (Entra ID, a SITHS
federation), on mozilla-django-oidc. Off unless OIDC_RP_CLIENT_ID is set (docs/admin/sso.md).

What Sakra adds to the library: the identity provider's endpoints from its discovery document
(`<issuer>/.well-known/openid-configuration`, fetched once, on first use, so that a provider
that is down never stops password sign-in or start-up); the ID token checked for signature
(the provider's keys from its JWKS), audience, issuer and expiry (the library skips the
audience); people matched by e-mail, never created unless SAKRA_OIDC_CREATE_USERS says so; a
disabled account refused; and the provider's MFA counted as the second factor when
SAKRA_OIDC_MFA=idp and the token says it was done.
"""

from __future__ import annotations

import logging
from functools import cache

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

#: Session key: the identity provider vouched for a second factor at this sign-in.
MFA_BY_IDP = "sakra_mfa_by_idp"

#: Setting → the discovery document's key, for endpoints not set in the environment.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",  # nosec B105: a key name, not a password
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


@cache
def discovery(issuer: str) -> dict:
    """The provider's discovery document; its issuer must be the one configured."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise ImproperlyConfigured(f"{url} names another issuer: {document.get('issuer')!r}")
    return document


def setting(attr: str, *default):
    """A setting, or the endpoint the provider's discovery document names for it."""
    value = getattr(settings, attr, "")
    if value or attr not in DISCOVERED or not getattr(settings, "OIDC_OP_ISSUER", ""):
        return import_from_settings(attr, *default)
    return discovery(settings.OIDC_OP_ISSUER)[DISCOVERED[attr]]


class Backend(OIDCAuthenticationBackend):
    """Matches the ID token's verified claims to an existing, active person."""

    def __init__(self, *args, **kwargs):
        # Django builds every backend for every password sign-in too: read nothing here.
        self.UserModel = get_user_model()

    get_settings = staticmethod(setting)
    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: setting("OIDC_OP_USER_ENDPOINT", None))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: setting("OIDC_OP_JWKS_ENDPOINT", None))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = property(lambda self: getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None))

    def authenticate(self, request, **kwargs):
        if not enabled() or request is None or "code" not in request.GET:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, KeyError) as exc:
            logger.warning("Sign-in with the identity provider refused: %s", exc)
            return None

    def _verify_jws(self, payload, key):
        """Signature by the provider's key with the agreed algorithm, for us, from the issuer,
        not expired."""
        algorithm = self.OIDC_RP_SIGN_ALGO
        if jwt.get_unverified_header(payload).get("alg") != algorithm:
            raise SuspiciousOperation("The ID token is not signed with " + algorithm)
        issuer = getattr(settings, "OIDC_OP_ISSUER", "") or None
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[algorithm],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=issuer,
                leeway=60,
                options={"require": ["exp", "iat", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"The ID token was refused: {exc}") from exc

    def get_userinfo(self, access_token, id_token, payload):
        # The ID token's claims are verified and hold amr/acr; the userinfo endpoint adds nothing
        # Sakra needs (and Entra ID's does not give the e-mail address reliably).
        return payload

    def verify_claims(self, claims) -> bool:
        return bool(claims.get(settings.SAKRA_OIDC_EMAIL_CLAIM))

    def filter_users_by_claims(self, claims):
        email = (claims.get(settings.SAKRA_OIDC_EMAIL_CLAIM) or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email)

    def create_user(self, claims):
        from .provisioning import person_from_claims, provision

        # No password: this person signs in only through the identity provider.
        return provision(person_from_claims(claims))[0]

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None or not self.user_can_authenticate(user):
            return None  # a disabled account cannot sign in this way either
        self.request.session[MFA_BY_IDP] = mfa_done_at_provider(payload)
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def mfa_done_at_provider(claims: dict) -> bool:
    """With SAKRA_OIDC_MFA=idp: the token says a second factor was used (amr has "mfa", or acr
    is one of SAKRA_OIDC_MFA_ACR_VALUES). With the default (totp), never: Sakra asks itself."""
    if settings.SAKRA_OIDC_MFA != "idp":
        return False
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return "mfa" in amr or (claims.get("acr") or "") in settings.SAKRA_OIDC_MFA_ACR_VALUES


class Authenticate(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider (404 while single sign-on is off)."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError, KeyError, ImproperlyConfigured) as exc:
            logger.warning("The identity provider's discovery document failed: %s", exc)
            return HttpResponseRedirect(settings.LOGIN_REDIRECT_URL_FAILURE)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class Callback(OIDCAuthenticationCallbackView):
    """Where the identity provider sends the browser back (404 while single sign-on is off)."""

    get_settings = staticmethod(setting)

    def get(self, request):
        if not enabled():
            raise Http404
        return super().get(request)
