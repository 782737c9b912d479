import json
from datetime import UTC

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sakra.core.exports import csv_response
from sakra.core.hooks import (
    audit_search_hidden,
    inbox_sections,
    my_page_settings,
    redact_audit_entries,
)

from . import mfa, oidc
from .audit import can_view_audit_trail, trail
from .audit_lines import audit_lines
from .filters import AuditTrailFilter
from .forms import CodeForm
from .models import RoleAssignment


class LoginView(auth_views.LoginView):
    """Django's sign-in, with the organisation-account button when single sign-on is on."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = oidc.enabled()
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        return context


@login_required
def me(request):
    """Min sida: who I am, and the roles I hold in which scopes."""
    assignments = (
        RoleAssignment.objects.for_user(request.user)
        .filter(user=request.user)
        .select_related("unit", "area")
    )
    context = {
        "assignments": assignments,
        "has_authenticator": mfa.has_authenticator(request.user),
        "mfa_required": mfa.required_for(request.user),
        "settings": my_page_settings(request.user),
    }
    return render(request, "accounts/me.html", context)


@login_required
def my_tasks(request):
    """Mina uppgifter: everything waiting for the person, each app's share from its
    `inbox.py` (sakra.core.hooks)."""
    sections = inbox_sections(request.user)
    total = sum(section.count for section in sections)
    return render(request, "accounts/my_tasks.html", {"sections": sections, "total": total})


@login_required
def my_tasks_count(request):
    """The count beside "Mina uppgifter" in the menu, loaded after the page (htmx)."""
    total = sum(section.count for section in inbox_sections(request.user))
    return render(request, "accounts/my_tasks_count.html", {"total": total})


def _filtered_trail(request):
    if not can_view_audit_trail(request.user):
        raise PermissionDenied
    filterset = AuditTrailFilter(request.GET or None, queryset=trail())
    if filterset.is_bound and not filterset.is_valid():
        return filterset, trail().none()
    entries = filterset.qs
    if filterset.is_bound and (
        filterset.form.cleaned_data.get("actor") or filterset.form.cleaned_data.get("obj")
    ):
        # The rows hide their person and names; a count of matches must not tell them.
        for condition in audit_search_hidden(request.user):
            entries = entries.exclude(condition)
    return filterset, entries


@login_required
@require_GET
def audit_trail(request):
    """Granskningslogg: every recorded change and read, newest first, with filters."""
    filterset, entries = _filtered_trail(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    page.object_list = audit_lines(redact_audit_entries(request.user, page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_trail.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


CSV_HEADER = [
    "id",
    "timestamp_utc",
    "actor_email",
    "action",
    "model",
    "object_pk",
    "object",
    "changes",
    "remote_addr",
    "correlation_id",
    "description",
]


def _redacted(user, entries, size=2000):
    """The entries in chunks, each blanked where the reader may not read (hooks), with the
    sentence the page shows for each."""
    chunk = []
    for entry in entries.iterator(chunk_size=size):
        chunk.append(entry)
        if len(chunk) == size:
            chunk = redact_audit_entries(user, chunk)
            yield from zip(chunk, audit_lines(chunk), strict=True)
            chunk = []
    chunk = redact_audit_entries(user, chunk)
    yield from zip(chunk, audit_lines(chunk), strict=True)


def _csv_rows(user, entries):
    for entry, line in _redacted(user, entries):
        yield [
            entry.pk,
            entry.timestamp.astimezone(UTC).isoformat(),
            entry.actor.email if entry.actor else (entry.actor_email or ""),
            entry.get_action_display(),
            f"{entry.content_type.app_label}.{entry.content_type.model}",
            entry.object_pk,
            entry.object_repr,
            json.dumps(entry.changes_dict, ensure_ascii=False, default=str)
            if entry.changes
            else "",
            entry.remote_addr or "",
            entry.cid or "",
            line.sentence,
        ]


@login_required
@require_GET
def audit_trail_csv(request):
    """The filtered trail as CSV, streamed (core's export: BOM, semicolons, formulas defused)."""
    _filterset, entries = _filtered_trail(request)
    rows = _csv_rows(request.user, entries)
    return csv_response(name="granskningslogg", headers=CSV_HEADER, rows=rows)


@login_required
def mfa_setup(request):
    """Set up the authenticator app: scan the QR code (or type the key), confirm with a code."""
    if mfa.has_authenticator(request.user) and not request.user.is_verified():
        # Replacing an app needs the current second factor first.
        return redirect(f"{reverse('accounts:mfa-verify')}?{request.GET.urlencode()}")
    device = mfa.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_authenticator(request, device, form.cleaned_data["code"].strip())
        if codes is not None:
            next_url = mfa.safe_next(request, reverse("home"))
            return render(
                request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": next_url}
            )
        form.add_error(
            "code",
            _("The code did not match. Check the clock on your phone and try the newest code."),
        )
    context = {
        "form": form,
        "qr_svg": mfa.qr_svg(device),
        "secret": mfa.secret_for_typing(device),
        "next": mfa.safe_next(request, ""),
    }
    return render(request, "accounts/mfa_setup.html", context, status=400 if form.errors else 200)


@login_required
def mfa_verify(request):
    """The second step of signing in: a code from the app or a recovery code."""
    if not mfa.has_authenticator(request.user):
        return redirect(f"{reverse('accounts:mfa-setup')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request, form.cleaned_data["code"]):
            return redirect(mfa.safe_next(request, reverse("home")))
        form.add_error(
            "code", _("The code did not match. Try the newest code in the app, or a recovery code.")
        )
    context = {"form": form, "next": mfa.safe_next(request, "")}
    return render(request, "accounts/mfa_verify.html", context, status=400 if form.errors else 200)
