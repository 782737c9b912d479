"""A report of the whole region (its chapter of the side's area) and an administration's
edition, for the permission matrix and the bad-input corpus."""

from dataclasses import dataclass

from django.utils import timezone

from sakra.core.models import PrintJob
from sakra.reports import services
from sakra.reports.models import AnnualReport, Chapter
from sakra.reports.prints import ANNUAL_REPORT
from sakra.testing import done_print


@dataclass
class ReportSide:
    report: AnnualReport
    chapter: Chapter
    job: PrintJob


def make_report_side(chief, area, administration=None) -> ReportSide:
    year = timezone.localdate().year - 1
    report = services.create_report(by=chief, year=year, administration=administration)
    job = done_print(ANNUAL_REPORT, report)
    return ReportSide(report, report.chapters.get(area=area), job)


def ready_for_approval(report: AnnualReport) -> AnnualReport:
    """Every chapter submitted and the chief's texts written (test setup, past the services
    whose own tests cover them)."""
    from sakra.reports.choices import ChapterStatus

    report.chapters.update(narrative="Året i korthet.", status=ChapterStatus.SUBMITTED)
    AnnualReport.objects.filter(pk=report.pk).update(
        summary="Sammanfattning", conclusions="Slutsatser"
    )
    return AnnualReport.objects.get(pk=report.pk)


def approved(report: AnnualReport, chief) -> AnnualReport:
    report = ready_for_approval(report)
    return services.approve_report(report, by=chief, version=report.version)


def make_area_owner(user, area) -> None:
    from sakra.accounts.choices import Role
    from sakra.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=user, role=Role.AREA_OWNER, area=area)
