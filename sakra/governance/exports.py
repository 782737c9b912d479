"""A meeting's minutes as PDF (WeasyPrint) and DOCX (python-docx), for the registrar."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sakra.core.pdf import pdf_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _filename(meeting, extension: str) -> str:
    name = slugify(f"protokoll-{meeting.forum.name}-{meeting.held_on:%Y-%m-%d}") or "protokoll"
    return f"{name}.{extension}"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def minutes_pdf(request, meeting, decisions) -> HttpResponse:
    context = {"meeting": meeting, "decisions": decisions}
    pdf = pdf_bytes("governance/minutes_pdf.html", context, request=request)
    return _attachment(pdf, "application/pdf", _filename(meeting, "pdf"))


def minutes_docx(meeting, decisions) -> HttpResponse:
    from docx import Document

    document = Document()
    document.add_heading(str(meeting.forum), level=0)
    document.add_paragraph(
        _("Minutes of the meeting {date}").format(date=meeting.held_on.isoformat())
    )
    if meeting.title:
        document.add_heading(meeting.title, level=1)
    if meeting.agenda:
        document.add_heading(_("Agenda"), level=2)
        for line in meeting.agenda.splitlines():
            document.add_paragraph(line)
    if meeting.minutes:
        document.add_heading(_("Minutes"), level=2)
        for line in meeting.minutes.splitlines():
            document.add_paragraph(line)
    document.add_heading(_("Decisions"), level=2)
    for decision in decisions:
        reference = " ".join(p for p in (decision.paragraph, decision.registry_number) if p)
        document.add_heading(f"{reference} {decision.title}".strip(), level=3)
        for line in decision.text.splitlines():
            document.add_paragraph(line)
        if decision.responsible_id:
            document.add_paragraph(
                _("Responsible: {name}").format(name=decision.responsible.full_name)
            )
        if decision.deadline:
            document.add_paragraph(_("Deadline: {date}").format(date=decision.deadline.isoformat()))
    if not decisions:
        document.add_paragraph(_("No decisions were recorded."))
    buffer = io.BytesIO()
    document.save(buffer)
    return _attachment(buffer.getvalue(), DOCX, _filename(meeting, "docx"))
