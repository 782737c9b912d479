"""Base views: thin, every row comes from `for_user()`, every form goes through a service."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from .access import VIEW
from .concurrency import StaleVersion
from .heartbeat import background_status
from .validation import check_text

T = TypeVar("T")


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Rows for a view come from `Model.objects.for_user(user, action)`, nowhere else."""

    action = VIEW

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user, self.action)


class ScopedListView(ScopedQuerysetMixin, ListView):
    paginate_by = 50


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """Out of scope and non-existent answer the same 404."""


def home(request):
    """Signed in: the start page an app names for the person (`hooks.start_page`), else
    what waits for them (Mina uppgifter)."""
    if not request.user.is_authenticated:
        return redirect("login")
    from .hooks import start_page

    return redirect(start_page(request.user) or "accounts:my-tasks")


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


@never_cache
@require_GET
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    if not database_answers():
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_GET
def health_worker(request):
    """For monitoring: 200 while background work runs within the margin, 503 when it does not
    (no worker, a worker that cannot reach the database, nothing enqueued or finished)."""
    try:
        status = background_status()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)

    def stamp(value):
        return value.isoformat() if value else None

    return JsonResponse(
        {
            "status": "ok" if status.running else "stopped",
            "workers": status.workers,
            "last_seen": stamp(status.seen_at),
            "last_enqueued": stamp(status.enqueued_at),
            "last_finished": stamp(status.finished_at),
            "margin_seconds": status.margin_seconds,
        },
        status=200 if status.running else 503,
    )


def bad_request(request, exception=None):
    """400 with the reason when Django knows it: a form over the size limit, too many fields."""
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    if isinstance(exception, RequestDataTooBig):
        message = _(
            "The form was too large to send: at most {size} MB of text. Shorten the text, or "
            "attach a long document as a file."
        ).format(size=f"{limit_mb:g}")
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        message = _("The form had too many fields to be read.")
    else:
        message = _("The request could not be read. Reload the page and try again.")
    if request.path.startswith("/api/"):
        # The API promises its error body for every answer, this one too.
        return JsonResponse({"detail": str(message), "errors": {}}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


# --- forms through services ---------------------------------------------------------------


def apply_errors(form, exc: ValidationError) -> None:
    """A service's refusal onto the form: on the field it names when the form has that field,
    else on the form as a whole."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def submit(form, call: Callable[[dict], T]) -> T | None:
    """The service's result for a bound, valid form; None when the form or the service refused.

    `call` gets the form's cleaned data and runs one service (its own transaction). What the
    service refuses lands on the form: field errors on their fields, a stale version as a
    message on the form (and `form.stale`), so `form_status()` answers for the page. A
    `PermissionDenied` is not the form's business: it goes on to Django's 403 page.
    """
    form.stale = False
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except StaleVersion as exc:
        form.stale = True
        form.add_error(None, str(exc))
    except ValidationError as exc:
        apply_errors(form, exc)
    return None


def form_status(*forms) -> int:
    """The page's status for forms sent back: 409 for a stale version, 422 for refused input,
    200 otherwise. One policy for every page of every app."""
    if any(getattr(form, "stale", False) for form in forms if form is not None):
        return 409
    if any(form.is_bound and form.errors for form in forms if form is not None):
        return 422
    return 200


def render_form(request, template: str, context: dict, *, form=None):
    """`render()` with the status `form_status()` gives for `form` (default: context's "form")."""
    form = form if form is not None else context.get("form")
    return render(request, template, context, status=form_status(form))


# --- the one search box ---------------------------------------------------------------------


@login_required
@require_GET
def search(request):
    """Every app's hits for `q`, each app's group ranked by that app (sakra.core.search)."""
    from . import search as site_search

    text = request.GET.get("q", "")
    try:
        text = check_text(text)[: site_search.MAX_QUERY]
    except ValidationError:
        text = ""
    offered = site_search.filters_for(request.user)
    chosen = {}
    for option in offered:
        value = request.GET.get(option.name, "")
        if value in {choice for choice, _label in option.choices}:
            chosen[option.name] = value
    results = site_search.search(request.user, text, chosen)
    return render(
        request,
        "search.html",
        {
            "q": text,
            "results": results,
            "filters": [(option, chosen.get(option.name, "")) for option in offered],
            "total": sum(result.count for result in results),
        },
    )


def stored_file(field_file, *, filename: str, content_type: str) -> FileResponse:
    """A stored upload sent as a download that no browser renders or runs: not cached, its type
    not sniffed, and sandboxed if opened anyway. A file missing from storage is a 404."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def print_job(request, kind: str, obj, *, url: str):
    """An object's print, for the app's own view (`obj` already read through `for_user()`).
    POST asks the worker for it; GET (or htmx after the POST) answers the fragment that shows
    its progress, polled by htmx until the file is ready."""
    from .prints import newest, request_print

    if request.method == "POST":
        request_print(kind, obj, by=request.user)
        if not request.headers.get("HX-Request"):
            return redirect(obj)
    return render(request, "core/_print.html", {"job": newest(kind, obj), "url": url})


@login_required
@require_GET
def print_file(request, pk: int):
    """A finished print, to whoever may read the object it was made of (404 otherwise)."""
    from .choices import PrintStatus
    from .models import PrintJob

    job = PrintJob.objects.for_user(request.user).filter(status=PrintStatus.DONE, pk=pk).first()
    if job is None:
        raise Http404
    name = job.file.name.rsplit("/", 1)[-1]
    return stored_file(job.file, filename=name, content_type="application/pdf")
