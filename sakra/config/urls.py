from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from sakra.accounts import oidc
from sakra.accounts import views as account_views
from sakra.accounts.scim.views import scim
from sakra.core import views as core_views

from .api import api

handler400 = "sakra.core.views.bad_request"

admin.site.site_header = "Sakra"
admin.site.site_title = "Sakra"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health", core_views.health, name="health"),
    path("health/worker", core_views.health_worker, name="health-worker"),
    path("sok/", core_views.search, name="search"),
    path("utskrifter/<int:pk>/", core_views.print_file, name="print-file"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Single sign-on (404 while off); the redirect URI to register is <base URL>/oidc/callback/.
    path("oidc/authenticate/", oidc.Authenticate.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.Callback.as_view(), name="oidc_authentication_callback"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # SCIM 2.0 provisioning with its own bearer token (docs/admin/scim.md, ADR 0007).
    re_path(r"^scim/v2(?P<path>/.*)?$", scim, name="scim"),
]

# Each domain app mounts its pages under its own prefix (its AppConfig's `url_prefix`).
for config in apps.get_app_configs():
    prefix = getattr(config, "url_prefix", None)
    if prefix is not None and config.name in settings.INSTALLED_APPS:
        urlpatterns.append(path(prefix, include(import_module(f"{config.name}.urls"))))
