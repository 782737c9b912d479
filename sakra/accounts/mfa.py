"""Two-factor authentication (TOTP, with one-time recovery codes) for privileged people.

After the password, a security chief, security coordinator, area owner or administrator must
enter a code from an authenticator app (or a recovery code) before any other page opens; the
first time, they set the app up. Codes are checked by django-otp, which also slows down
guessing (each failure doubles the wait before the next try).
"""

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import Role
from .oidc import MFA_BY_IDP

PRIVILEGED_ROLES = (Role.SECURITY_CHIEF, Role.SECURITY_COORDINATOR, Role.AREA_OWNER)
RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def required_for(user) -> bool:
    """Whether this person must use a second factor (SAKRA_MFA_REQUIRED turns it on)."""
    if not settings.SAKRA_MFA_REQUIRED or not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.has_role(*PRIVILEGED_ROLES)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The not yet confirmed authenticator being set up (one per person)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code, drawn here (no outside service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    # Safe: qrcode draws only paths from our own otpauth:// URL; no user input reaches it.
    return mark_safe(svg)  # noqa: S308 # nosec B308 B703


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for apps that cannot scan."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def confirm_authenticator(request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the app with its first code; returns fresh recovery codes, or None if wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # An older authenticator of the same person stops working: one app at a time.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    otp_login(request, device)
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the person's recovery codes; the plain codes are shown once and never again."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def verify(request, token: str) -> bool:
    """Check a code from the app or a recovery code (used up when it matches)."""
    token = "".join(token.split()).lower()
    if not token or len(token) > 16:
        return False
    for device in devices_for_user(request.user, confirmed=True, for_verify=True):
        if device.verify_token(token):
            otp_login(request, device)
            return True
    return False


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class RequireTwoFactorMiddleware:
    """Privileged people who have not given a second factor this session reach only the
    two-factor pages, logging out, and the language switch."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and required_for(user)
            and not user.is_verified()
            and not request.session.get(MFA_BY_IDP)  # SAKRA_OIDC_MFA=idp, and the IdP said so
            and not self._exempt(request.path)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Two-factor authentication is required.")}, status=403
                )
            name = "accounts:mfa-verify" if has_authenticator(user) else "accounts:mfa-setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(name)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (
            reverse("accounts:mfa-setup"),
            reverse("accounts:mfa-verify"),
            reverse("logout"),
            reverse("set_language"),
            reverse("health"),
            "/scim/",  # its own token; a session counts for nothing there
            settings.STATIC_URL,
        )
        return path.startswith(allowed)
