"""A notification as the authority's e-service takes it: label and answer, field by field, in
plain text to paste, and the same rows for the PDF. Only what the handler has in the
notification: nothing else of the incident is added."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from . import specs
from .models import AuthorityNotice


def heading(notice: AuthorityNotice) -> dict:
    duty = notice.duty
    return {
        "authority": duty.obligation.authority,
        "title": duty.obligation.title,
        "kind": notice.get_kind_display(),
        "follow_up": specs.spec_for(duty.obligation.code).follow_up,
        "reference": duty.incident.reference,
    }


def rows(notice: AuthorityNotice) -> list[tuple[str, str]]:
    return specs.shown(notice.duty.obligation.code, notice.content)


def sent_line(notice: AuthorityNotice) -> str:
    if not notice.is_sent:
        return _("Draft, not yet sent.")
    line = _("Sent {moment}.").format(
        moment=timezone.localtime(notice.sent_at).strftime("%Y-%m-%d %H:%M")
    )
    if notice.authority_reference:
        line += " " + _("Reference: {reference}.").format(reference=notice.authority_reference)
    return line


def as_text(notice: AuthorityNotice) -> str:
    head = heading(notice)
    kind = head["follow_up"] if notice.kind == "follow_up" and head["follow_up"] else head["kind"]
    ours = _("Our reference")
    lines = [
        head["authority"],
        head["title"],
        f"{kind} · {ours}: {head['reference']}",
        sent_line(notice),
        "",
    ]
    for label, value in rows(notice):
        lines += [f"{label}:", value or "–", ""]
    return "\n".join(lines).rstrip() + "\n"
