"""The crisis log's PDF, made by the worker (core's `sakra.core.prints`): a log of 5 000
entries is some 200 pages and 20 s of CPU, more than a person can wait for in a crisis
(docs/performance.md, "The crisis log at region scale")."""

from django.conf import settings
from django.utils import timezone, translation

from sakra.core.exports import filename
from sakra.core.pdf import pdf_bytes
from sakra.core.prints import PrintKind

CRISIS_LOG = "continuity.crisis_log"


def _render(crisis, progress) -> bytes:
    """The log in the order things happened, with both times and the author of each entry."""
    context = {
        "crisis": crisis,
        "entries": list(crisis.entries.in_order()),
        "staff": list(crisis.staff.select_related("person")),
        "today": timezone.localdate(),
    }
    progress(20)
    with translation.override(settings.LANGUAGE_CODE):  # the log of the region's staff
        content = pdf_bytes("continuity/crisis_log_pdf.html", context)
    progress(95)
    return content


KINDS = [
    PrintKind(
        key=CRISIS_LOG,
        model="continuity.Crisis",
        render=_render,
        filename=lambda crisis: filename(f"stabslogg-{crisis.pk}", "pdf"),
    )
]
