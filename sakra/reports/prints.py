"""The annual report's PDF, made by the worker (core's `sakra.core.prints`): a twenty-page
board paper takes seconds of CPU, more than a person should wait for."""

from sakra.core.exports import filename
from sakra.core.prints import PrintKind

ANNUAL_REPORT = "reports.annual_report"


def _render(report, progress) -> bytes:
    from . import output, services

    facts = services.current_facts(report)
    progress(20)
    chapters = list(report.chapters.select_related("area"))
    return output.pdf(report, facts, chapters, progress)


KINDS = [
    PrintKind(
        key=ANNUAL_REPORT,
        model="reports.AnnualReport",
        render=_render,
        filename=lambda report: filename(f"sakerhetsberattelse-{report.year}", "pdf"),
    )
]
