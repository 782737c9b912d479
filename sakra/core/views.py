"""Base views: thin, and every row comes from `for_user()`."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
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
