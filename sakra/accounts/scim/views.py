"""The one view of /scim/v2/… (ADR 0007): a Django request in, scim2-server's answer out.

Its own bearer token (`ScimToken`, never a person's token or session); every change it makes
is on the audit trail with the token's name as the actor; a body larger than
SAKRA_SCIM_MAX_BODY is refused before it is read.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from scim2_models import PayloadTooLargeException, UnauthorizedException
from scim2_server.applications.base import BaseApplication
from scim2_server.handler import ScimHandler
from scim2_server.requests import ScimRequest
from scim2_server.service import ScimService

from sakra.core.audit import acting_as

from ..services import scim_token_for
from .schema import provider
from .storage import SakraStorage


class Application(BaseApplication):
    """scim2-server's service and handler over Sakra's storage (built once per process)."""

    def __init__(self):
        super().__init__(provider(), ScimService(provider()))
        self.handler = ScimHandler(self.service, SakraStorage())

    def authenticate(self, request: ScimRequest):
        scheme, _, plain = (request.header("Authorization") or "").partition(" ")
        token = scim_token_for(plain.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise UnauthorizedException(detail="A SCIM token is required")
        return token

    def serve(self, request: ScimRequest, content_length: int) -> tuple:
        try:
            token = self.authenticate(request) if self.needs_auth(request) else None
            if content_length > settings.SAKRA_SCIM_MAX_BODY:
                raise PayloadTooLargeException(
                    detail=f"The body exceeds {settings.SAKRA_SCIM_MAX_BODY} bytes"
                )
            request.subject = token
            with acting_as(f"SCIM: {token.name}" if token else "SCIM"):
                response = self.handler.handle(request)
        except Exception as exception:  # scim2-server's contract: every error is an answer
            response = self.handle_exception(request, exception)
        return self.finalize_response(request, response)


_application: Application | None = None


def application() -> Application:
    global _application
    if _application is None:
        _application = Application()
    return _application


@csrf_exempt
def scim(request, path: str = ""):
    app = application()
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    scim_request = ScimRequest(
        method=request.method,
        base_url=request.build_absolute_uri("/scim/v2"),
        path=(path or "/").removesuffix(".scim"),
        query={key: request.GET[key] for key in request.GET},
        headers=dict(request.headers),
    )
    if length <= settings.SAKRA_SCIM_MAX_BODY:
        try:
            scim_request.body = request.body
        except RequestDataTooBig:  # a body without a length, past Django's own limit
            length = settings.SAKRA_SCIM_MAX_BODY + 1
    response = app.serve(scim_request, max(length, len(scim_request.body)))
    body = b"" if response.body is None else json.dumps(response.body).encode()
    answer = HttpResponse(body, status=response.status.value)
    for name, value in response.headers.items():
        answer[name] = value
    return answer
