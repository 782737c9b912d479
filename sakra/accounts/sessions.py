"""Session rules: idle timeout, absolute lifetime, and ending every session of a user at once.

At sign-in the session remembers when it began and the user's `session_epoch`. Each request
compares: too long idle, too old, or an epoch that has moved on (the account was disabled or a
role removed) ends the session before the view runs. The epoch rides on the user row that
authentication loads anyway, so the check costs no query.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LOGIN_AT = "sakra_login_at"
SEEN_AT = "sakra_seen_at"
EPOCH = "sakra_epoch"
# Writing the session on every request costs a database write each time; a minute's
# precision on the idle timeout is plenty.
SEEN_PRECISION = timedelta(minutes=1)


def idle_timeout() -> timedelta:
    return timedelta(minutes=settings.SAKRA_SESSION_IDLE_MINUTES)


def max_lifetime() -> timedelta:
    return timedelta(hours=settings.SAKRA_SESSION_MAX_HOURS)


def start(request, user) -> None:
    """At sign-in (Django has already given the session a new id)."""
    now = timezone.now().timestamp()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.session[EPOCH] = user.session_epoch


def on_user_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start(request, user)


def end_all_sessions(user_id: int) -> None:
    """Every session of this user ends on its next request."""
    from .models import User

    User.objects.filter(pk=user_id).update(session_epoch=F("session_epoch") + 1)


def why_ended(request) -> str | None:
    """The reason, in the user's language, when this request's session must end; else None."""
    session = request.session
    if BACKEND_SESSION_KEY not in session:
        return None
    user = request.user
    if not user.is_authenticated:
        return None
    login_at, seen_at, epoch = session.get(LOGIN_AT), session.get(SEEN_AT), session.get(EPOCH)
    if login_at is None or seen_at is None or epoch is None:
        return _("Your session has ended. Please log in again.")
    if epoch != user.session_epoch:
        return _("Your access has changed. Please log in again.")
    now = timezone.now().timestamp()
    if now - login_at > max_lifetime().total_seconds():
        hours = settings.SAKRA_SESSION_MAX_HOURS
        return ngettext(
            "You are logged out after {hours} hour. Please log in again.",
            "You are logged out after {hours} hours. Please log in again.",
            hours,
        ).format(hours=hours)
    if now - seen_at > idle_timeout().total_seconds():
        minutes = settings.SAKRA_SESSION_IDLE_MINUTES
        return ngettext(
            "You were logged out after {minutes} minute without activity. Please log in again.",
            "You were logged out after {minutes} minutes without activity. Please log in again.",
            minutes,
        ).format(minutes=minutes)
    if now - seen_at >= SEEN_PRECISION.total_seconds():
        session[SEEN_AT] = now
    return None


class SessionPolicyMiddleware:
    """Ends sessions that are idle, too old, or belong to a disabled or changed account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = why_ended(request)
        if reason is None:
            return self.get_response(request)
        logout(request)
        if request.path.startswith("/api/"):
            # The API answers 401 on its own now that the request is anonymous.
            return self.get_response(request)
        messages.info(request, reason)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
            return response
        return redirect_to_login(request.get_full_path())
