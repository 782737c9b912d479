"""Base views: thin, and every row comes from `for_user()`."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from .access import VIEW


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
    return redirect("accounts:me" if request.user.is_authenticated else "login")


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
    return render(request, "400.html", {"message": message}, status=400)
