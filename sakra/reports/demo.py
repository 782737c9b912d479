"""Demo annual reports (idempotent): the region's report for 2025, written by the area owners,
approved by the security chief and decided by the regional board with an assignment that
became an action; and a draft for 2026. One area takes a figure reported elsewhere."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from sakra.accounts.choices import Role
from sakra.accounts.models import User
from sakra.governance.models import Forum
from sakra.incidents.elsewhere import record_figure
from sakra.incidents.models import FigureReportedElsewhere, IncidentYearlyCount
from sakra.organisation.models import SecurityArea, Unit

from . import services
from .choices import ChapterStatus
from .models import AnnualReport, Chapter
from .querysets import WRITE

DOMAIN = "demo.sakra.se"
SUMMARY = (
    "Säkerhetsberättelsen är en sammanställning av regionens säkerhetsområden med avseende på "
    "det systematiska säkerhetsarbete som har bedrivits under året. Respektive område redovisas "
    "med fokus på övergripande mål, måluppfyllelse, riskanalyser, incidenter, uppföljning och "
    "förbättringar."
)
CONCLUSIONS = (
    "Det pågår ett systematiskt säkerhetsarbete inom samtliga säkerhetsområden. Under nästa år "
    "arbetar regionen vidare med att utveckla uppföljningsbara mål, tydliggöra mandat och "
    "uppdrag och ytterligare utveckla internkontrollen."
)
NARRATIVE = (
    "Arbetet inom området har följt årets plan. Målen följs upp med indikatorerna nedan; "
    "avvikelserna har analyserats och åtgärder har beslutats där de behövts.\n\n"
    "Vissa aktiviteter har inte kunnat genomföras på grund av hög arbetsbelastning i "
    "verksamheterna; de redovisas nedan med skäl."
)
ASSIGNMENT = (
    "Se över och vidareutveckla uppföljningsbara mål och indikatorer för samtliga säkerhetsområden"
)


def _write_chapters(report: AnnualReport) -> None:
    owners = User.objects.filter(role_assignments__role=Role.AREA_OWNER, is_active=True).distinct()
    for owner in owners:
        for chapter in Chapter.objects.for_user(owner, WRITE).filter(report=report):
            row = services.write_chapter(
                chapter, by=owner, version=chapter.version, narrative=NARRATIVE
            )
            services.submit_chapter(row, by=owner, version=row.version)
    # An area without an owner in the demo region: its chapter is written as if by one.
    Chapter.objects.filter(report=report, status=ChapterStatus.DRAFT).update(
        narrative=NARRATIVE, status=ChapterStatus.SUBMITTED
    )


def _elsewhere(year: int) -> None:
    """A figure from another system for an area that has no incidents in Sakra that year."""
    counted = set(
        IncidentYearlyCount.objects.filter(occurred_year=year).values_list("area_id", flat=True)
    )
    area = SecurityArea.objects.exclude(pk__in=counted).first() or SecurityArea.objects.first()
    if area is None or FigureReportedElsewhere.objects.filter(year=year, area=area).exists():
        return
    record_figure(
        by=None,
        area=area,
        year=year,
        count=42,
        source_system="Säkerhetsskyddsfunktionens register",
        note="Förs utanför Sakra",
    )


def load() -> list[str]:
    chief = User.objects.filter(email=f"karin.strom@{DOMAIN}").first()
    forum = Forum.objects.filter(name="Regionstyrelsen").first()
    if chief is None or forum is None or AnnualReport.objects.filter(year=2025).exists():
        return []
    _elsewhere(2025)
    report = services.create_report(by=chief, year=2025)
    _write_chapters(report)
    report = services.write_summary(
        report, by=chief, version=report.version, summary=SUMMARY, conclusions=CONCLUSIONS
    )
    report = services.approve_report(report, by=chief, version=report.version)
    director = User.objects.filter(email=f"olof.dahl@{DOMAIN}").first() or chief
    administrations = list(Unit.objects.administrations())
    report = services.record_board_decision(
        report,
        by=chief,
        version=report.version,
        forum=forum,
        decided_on=datetime.date(2026, 4, 21),
        paragraph="§ 87",
        registry_number="RS 2026/334",
        text="Regionstyrelsen lägger säkerhetsberättelsen med godkännande till handlingarna.",
        assignments=[services.Assignment(ASSIGNMENT, director, datetime.date(2026, 12, 31))],
        recipient_units=administrations,
    )
    draft = services.create_report(by=chief, year=2026)
    return [
        _("Annual reports: {approved} decided by the board, {draft} in draft.").format(
            approved=report, draft=draft
        )
    ]
