"""Documents for this app's tests and the security suite."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sakra.governance.choices import ForumKind
from sakra.governance.models import Forum

from .. import services
from ..choices import Audience, DocumentKind

PDF = b"%PDF-1.4\n%%EOF\n"


def forum(name="Regionstyrelsen") -> Forum:
    return Forum.objects.get_or_create(name=name, defaults={"kind": ForumKind.POLITICAL})[0]


def make_document(
    by,
    *,
    title="Rutin",
    kind=DocumentKind.ROUTINE,
    body="Text.",
    adopt=True,
    unit=None,
    areas=(),
    audience=Audience.ALL_STAFF,
    recipients=(),
    **kwargs,
):
    document = services.create_document(
        by=by,
        title=title,
        kind=kind,
        body=body,
        unit=unit,
        areas=areas,
        audience=audience,
        **kwargs,
    )
    if adopt:
        services.adopt(
            document,
            by=by,
            version=document.version,
            forum=forum(),
            decided_on=timezone.localdate(),
            paragraph="§ 12",
            registry_number="RS 2026/1",
            distribute_to=recipients,
            acknowledge_by=timezone.localdate() if recipients else None,
        )
        document.refresh_from_db()
    return document


@dataclass
class Docs:
    """One of every document row on one side of the scope line, for the permission matrix."""

    document: object
    version: object
    draft: object


def make_docs(unit, area, chief) -> Docs:
    """An adopted local document for `unit` with a draft of its next version on consultation
    to the unit, sent to the unit's people to acknowledge."""
    keeper = chief
    document = make_document(
        keeper,
        title=f"Rutin vid hot och våld {unit}",
        unit=unit,
        areas=[area],
        body="Larma, gå undan, rapportera.",
        recipients=[(unit, "")],
        upload=SimpleUploadedFile("rutin.pdf", PDF, content_type="application/pdf"),
    )
    version = document.current
    services.edit_draft(document, by=keeper, version=document.version, body="Ny text.")
    document.refresh_from_db()
    services.send_on_consultation(
        document,
        by=keeper,
        version=document.version,
        reply_by=timezone.localdate(),
        recipients=[(unit, "")],
    )
    document.refresh_from_db()
    return Docs(document, version, services.working_version(document))
