"""A bare Django view with no middleware, served by gunicorn beside Sakra in the honest bench:
what Django and gunicorn cost for a request before Sakra adds anything (issue 19's floor
target: a trivial signed-in page ≤ 2 × this).

    gunicorn bench.bare:application   # this module is its own settings and URLconf
"""

import os

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "bench-bare-not-a-secret"  # noqa: S105 - answers "ok" and nothing else
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare"
MIDDLEWARE: list[str] = []
INSTALLED_APPS: list[str] = []
DATABASES: dict = {}
USE_TZ = True


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", ok)]

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bare"

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after the settings it reads

application = get_wsgi_application()
