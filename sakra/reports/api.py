"""The annual report at /api/v1/reports/: the list, one report with its facts, a chapter's
narrative (its area owner) and the chief's approval. Errors as everywhere (`**ERRORS`)."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from sakra.core.access import VIEW
from sakra.core.api_shared import ERRORS, text

from . import services
from .models import AnnualReport, Chapter
from .querysets import WRITE

router = Router(tags=["reports"])


class AnnualReportOut(Schema):
    id: int
    year: int
    administration_id: int | None
    number: int
    status: str
    version: int


class ReportChapterOut(Schema):
    id: int
    area_id: int
    status: str
    narrative: str
    version: int


class AnnualReportDetailOut(AnnualReportOut):
    summary: str
    conclusions: str
    chapters: list[ReportChapterOut]
    facts: dict


class NarrativeIn(Schema):
    narrative: text(services.MAX_TEXT)
    version: int
    submit: bool = False


class ReportApproveIn(Schema):
    version: int


def _detail(report: AnnualReport) -> dict:
    return {
        **AnnualReportOut.from_orm(report).dict(),
        "summary": report.summary,
        "conclusions": report.conclusions,
        "chapters": list(report.chapters.all()),
        "facts": services.current_facts(report),
    }


@router.get("/reports", response=list[AnnualReportOut])
@paginate
def list_reports(request):
    return AnnualReport.objects.for_user(request.auth, VIEW)


@router.get("/reports/{report_id}", response={200: AnnualReportDetailOut, **ERRORS})
def get_report(request, report_id: int):
    report = get_object_or_404(AnnualReport.objects.for_user(request.auth, VIEW), pk=report_id)
    return _detail(report)


@router.post("/reports/chapters/{chapter_id}", response={200: ReportChapterOut, **ERRORS})
def write_chapter(request, chapter_id: int, payload: NarrativeIn):
    """The area owner's narrative; `submit` hands the chapter to the security chief."""
    chapter = get_object_or_404(Chapter.objects.for_user(request.auth, WRITE), pk=chapter_id)
    row = services.write_chapter(
        chapter, by=request.auth, version=payload.version, narrative=payload.narrative
    )
    if payload.submit:
        row = services.submit_chapter(row, by=request.auth, version=row.version)
    return row


@router.post("/reports/{report_id}/approve", response={200: AnnualReportOut, **ERRORS})
def approve_report(request, report_id: int, payload: ReportApproveIn):
    """The security chief approves the report: its facts are frozen."""
    report = get_object_or_404(AnnualReport.objects.for_user(request.auth, VIEW), pk=report_id)
    return services.approve_report(report, by=request.auth, version=payload.version)
