"""Sakra's addresses and the bench's floor page (bench/floor_settings.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from sakra.config.urls import handler400  # noqa: F401 - Django reads both
from sakra.config.urls import urlpatterns as sakra


@login_required
def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor", floor), *sakra]
