"""Response headers that every page carries, and the audit trail's view of the client."""

import logging

from auditlog.cid import set_cid
from auditlog.context import auditlog_value, set_extra_data
from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.db import DatabaseError, InternalError, OperationalError
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .audit import PATH
from .network import client_ip

logger = logging.getLogger("sakra")


def _policy_for(path: str) -> str:
    for prefix, policy in getattr(settings, "SAKRA_CSP_EXCEPTIONS", {}).items():
        if path.startswith(prefix):
            return policy
    return settings.SAKRA_CONTENT_SECURITY_POLICY


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy and no caching of signed-in pages.

    Signed-in pages hold incident data: `Cache-Control: no-store` keeps them out of the
    browser's cache and out of any shared cache between the user and the server, so the
    back button on a shared computer shows nothing after logging out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", _policy_for(request.path))
        response.headers.setdefault("Permissions-Policy", settings.SAKRA_PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if self._signed_in(request):
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        # `request.user` is absent when a middleware answered before authentication ran
        # (WhiteNoise's static files); the API's bearer tokens set it too.
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)


class SakraAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, but with the client address a trusted proxy vouched for.

    The stock middleware records the leftmost `X-Forwarded-For` entry, which any client can
    write; the trail must not carry addresses an attacker chose.
    """

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None

    @staticmethod
    def _get_actor(request):
        # Looked up when an entry is written, not when the request arrives: the API
        # authenticates a bearer token inside the view, after this middleware has run.
        return SimpleLazyObject(lambda: AuditlogMiddleware._get_actor(request))

    def get_extra_data(self, request):
        # The path says what a read entry read (sakra.core.audit); never the query string,
        # which may hold what someone searched for.
        return {**super().get_extra_data(request), PATH: request.path}

    def __call__(self, request):
        set_cid(request)
        context = self.get_extra_data(request)
        # auditlog leaves its values set when the request ends; whatever the thread runs next
        # (a test, code after the response) must not write entries in this request's name.
        token = auditlog_value.set(auditlog_value.get({}))
        try:
            with set_extra_data(context_data=context):
                response = self.get_response(request)
        finally:
            auditlog_value.reset(token)
        if response.streaming and not response.is_async and not isinstance(response, FileResponse):
            # A streamed export reads (and logs) its rows after this returns: the entries it
            # writes then carry this request's address and path, not another's or none.
            response.streaming_content = _within(response.streaming_content, context)
        return response


def _within(chunks, context):
    """The chunks, each produced with auditlog's values of the request in place."""
    iterator = iter(chunks)
    while True:
        token = auditlog_value.set(context)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            auditlog_value.reset(token)
        yield chunk


#: What SQLite and PostgreSQL say when they cannot store anything: full or read-only.
_STORAGE_FULL = ("disk is full", "no space left", "could not extend file", "readonly database",
                 "read-only", "disk i/o error")  # fmt: skip


class DatabaseErrorMiddleware:
    """A database that cannot write (disk full, read-only, busy beyond its timeout, away)
    answers the person with 503 and a sentence, not a bare error page: the service's
    transaction was rolled back, so nothing was half-written, and the same request succeeds
    once the database can write again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InternalError):
            return None
        text = str(exception).lower()
        full = any(marker in text for marker in _STORAGE_FULL)
        if not full and not isinstance(exception, OperationalError):
            return None
        logger.error("Database refused a request to %s: %s", request.path, exception)
        message = (
            _("The database cannot store anything right now (its disk is full or read-only).")
            if full
            else _("The database is busy or unavailable right now.")
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(message), "errors": {}}, status=503)
        try:
            return render(request, "core/unavailable.html", {"message": message}, status=503)
        except DatabaseError:
            return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
