"""How django-axes names the account in a sign-in attempt, and the page a locked-out person sees."""

import unicodedata

from django.conf import settings


def normalised_address(value: str) -> str:
    """An e-mail address as sign-in knows it: NFKC (full-width letters are letters) and case
    folded, without surrounding spaces. The account lookup and the lockout key both use it, so
    no spelling reaches an account under another counter (a dotless "ı" did on PostgreSQL,
    whose case-insensitive match folds it to "I")."""
    return unicodedata.normalize("NFKC", value or "").strip().casefold()


def username(request, credentials=None) -> str:
    """The e-mail address as sign-in matches it (case-insensitively, without spaces).

    Without this, `Anna@Region.se` and `anna@region.se` would count as different accounts and
    an attacker could multiply the allowed guesses by varying the case.
    """
    value = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    # Cut to what django-axes stores (255): a longer "address" is no account, and PostgreSQL
    # would refuse it with an error instead of counting the failed attempt.
    return normalised_address(value)[:255]


def lockout_response(request, original_response=None, credentials=None):
    """A calm page in the user's language, answered with 429 Too Many Requests."""
    from axes.helpers import get_cool_off
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/lockout.html", context, status=429)
