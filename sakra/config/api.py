"""The REST API at /api/v1/: session or personal bearer token; every app adds its router."""

from importlib import import_module

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import ValidationError as InputError
from ninja.security import HttpBearer, django_auth

from sakra.core.api_shared import ErrorOut, error_body, invalid_input
from sakra.core.concurrency import StaleVersion


class BearerToken(HttpBearer):
    """`Authorization: Bearer sakra_…` with a personal token from `sakra create-token`."""

    def authenticate(self, request, token):
        from sakra.accounts.services import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SakraAPI(NinjaAPI):
    """Documents the answers django-ninja gives before a view runs (401 without a valid token,
    403 from the session's CSRF check, 404 for an id out of scope, 422 for input that fails
    the schema), so that a client, and schemathesis, find every status code and body in
    /api/v1/openapi.json."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        schema["components"].setdefault("schemas", {}).setdefault(
            "ErrorOut", ErrorOut.json_schema()
        )
        error = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        }
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                responses = operation["responses"]
                if operation.get("security"):
                    responses.setdefault(401, {"description": "Unauthorized", **error})
                    if method != "get":  # the session's CSRF check, before any view runs
                        responses.setdefault(403, {"description": "Forbidden", **error})
                if "{" in path:
                    responses.setdefault(404, {"description": "Not Found", **error})
                if operation.get("requestBody"):
                    responses.setdefault(400, {"description": "Unreadable body", **error})
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(422, {"description": "Invalid input", **error})
        return schema


api = SakraAPI(
    title="Sakra API",
    version="1",
    description="The security management system of a Swedish region.",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(InputError)
def _invalid_input(request, exc):
    return api.create_response(request, invalid_input(exc), status=422)


@api.exception_handler(ValidationError)
def _refused(request, exc):
    return api.create_response(request, error_body(exc), status=422)


@api.exception_handler(OverflowError)
def _out_of_range(request, exc):
    # A number past the database's columns that a schema let through (a plain `int` where
    # `Integer` belongs): bad input, not a server error. New schemas use `Integer`.
    detail = gettext("A number is out of range.")
    return api.create_response(request, {"detail": detail, "errors": {}}, status=422)


@api.exception_handler(PermissionDenied)
def _not_allowed(request, exc):
    detail = str(exc) or gettext("You may not do this.")
    return api.create_response(request, {"detail": detail, "errors": {}}, status=403)


@api.exception_handler(StaleVersion)
def _stale(request, exc):
    return api.create_response(request, {"detail": str(exc), "errors": {}}, status=409)


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
