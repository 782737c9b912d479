"""The REST API at /api/v1/: session or personal bearer token; every app adds its router."""

from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth


class BearerToken(HttpBearer):
    """`Authorization: Bearer sakra_…` with a personal token from `sakra create-token`."""

    def authenticate(self, request, token):
        from sakra.accounts.services import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Sakra API",
    version="1",
    description="The security management system of a Swedish region.",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


def _mount_app_routers() -> None:
    """Each app with an `api.py` exposing `router` gets mounted; apps stay unaware of each other."""
    for config in apps.get_app_configs():
        if not config.name.startswith("sakra."):
            continue
        try:
            module = import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        api.add_router("/", module.router)


_mount_app_routers()
