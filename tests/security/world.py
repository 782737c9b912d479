"""One object of every kind inside Alfa (in scope) and inside Beta (out of scope), and the
URL of every route for either side. Shared by the permission matrix and the meta-test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAppointment
from sakra.actions.models import BoardMeeting
from sakra.actions.services import (
    add_activity,
    create_action,
    create_plan,
    raise_improvement_need,
)
from sakra.continuity.prints import CRISIS_LOG
from sakra.continuity.tests.factories import make_continuity
from sakra.documents.tests.factories import make_docs
from sakra.fire_safety.tests.factories import make_sba
from sakra.goals import services as goals
from sakra.governance import services as governance
from sakra.governance.tests.factories import make_gov
from sakra.incidents.choices import Severity
from sakra.incidents.models import IncidentCategory, ReportingObligation
from sakra.incidents.notices.services import draft_notice
from sakra.incidents.services import add_attachment, report_incident
from sakra.reports.tests.factories import make_report_side
from sakra.risks.tests.factories import make_risk_world
from sakra.support.tests.factories import SupportSide
from sakra.testing import done_print

ROLES = [
    Role.EMPLOYEE,
    Role.MANAGER,
    Role.HEAD_OF_ADMINISTRATION,
    Role.SECURITY_COORDINATOR,
    Role.SECURITY_PARTNER,
    Role.AREA_OWNER,
    Role.SECURITY_CHIEF,
    Role.BOARD_MEMBER,
    Role.AUDITOR,
]


@dataclass
class Side:
    incident: object
    obligation: object
    attachment: object
    action: object
    need: object
    meeting: object
    indicator: object
    unit: object
    area: object
    administration: object
    plan: object
    activity: object
    sba: object = None
    support: object = None
    gov: object = None
    risks: object = None
    docs: object = None
    cont: object = None
    crisis_print: object = None
    report: object = None
    appointment: object = None
    notice: object = None


def _side(org, unit, area, chief, reporter, meeting_title, site) -> Side:
    category = IncidentCategory.objects.create(
        code=f"brand-{unit.pk}",
        name_sv="Brand",
        name_en="Fire",
        area=area,
        default_severity=Severity.MODERATE,
    )
    category.obligations.set(ReportingObligation.objects.filter(code="gdpr-imy"))
    incident, _ = report_incident(
        by=reporter,
        category=category,
        occurred_at=timezone.now() - timedelta(hours=2),
        unit=unit,
        site=org.site,
        description="Rök i soprummet",
    )
    pdf = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    attachment = add_attachment(incident, by=chief, uploaded=pdf)
    action = create_action(
        source=incident,
        title="Byt lås",
        owner=chief,
        due_date=timezone.localdate() + timedelta(30),
        by=chief,
        unit=unit,
        area=area,
    )
    need = raise_improvement_need(
        by=reporter,
        title="Bättre belysning",
        description="Mörkt vid entrén",
        unit=unit,
        area=area,
    )
    meeting = BoardMeeting.objects.create(
        date=timezone.localdate(), title=meeting_title, created_by=chief
    )
    # In an area and an administration: the area owner, the head of administration and the
    # coordinator all reach it on their side, and none of them on the other.
    goal = goals.create_goal(
        owner=chief,
        title=f"Mål {unit}",
        start_year=2019,
        end_year=2022,
        area=area,
        administration=unit.administration,
    )
    indicator = goals.create_indicator(
        goal=goal,
        title="Manuell",
        kind="manual",
        baseline_year=2019,
        target_year=2022,
        target_value=1,
    )
    plan = create_plan(by=chief, year=2026, administration=unit.administration, title="Plan")
    activity = add_activity(plan, by=chief, title="Brandövning", area=area)
    sba = make_sba(site, unit, area, chief)
    support = SupportSide(org, unit, area, site, reporter, chief)
    # governance: everything in the side's administration and area; the decision is sent to
    # the heads of that administration, so the head on this side may acknowledge it.
    gov = make_gov(unit.administration, area, chief)
    gov.decision = governance.distribute_decision(
        gov.decision, by=chief, version=gov.decision.version, units=[unit.administration],
        role=Role.HEAD_OF_ADMINISTRATION,
    )  # fmt: skip
    risks = make_risk_world(unit, area, chief)
    notice = draft_notice(incident.obligations.first(), by=chief, content={})
    return Side(
        incident,
        incident.obligations.first(),
        attachment,
        action,
        need,
        meeting,
        indicator,
        unit,
        area,
        unit.administration,
        plan,
        activity,
        sba,
        support,
        gov,
        risks,
        notice=notice,
    )


def build_world(org):
    chief = org.user(Role.SECURITY_CHIEF)
    inside = _side(
        org, org.alfa_unit, org.area, chief, org.user(home_unit=org.alfa_unit), "Möte A", org.site
    )
    outside = _side(
        org,
        org.beta_unit,
        org.other_area,
        chief,
        org.user(home_unit=org.beta_unit),
        "Möte B",
        org.other_site,
    )
    inside.docs = make_docs(org.alfa_unit, org.area, chief)
    # Appointments starting next year: rows to reach, no role held meanwhile.
    for side, unit in ((inside, org.alfa), (outside, org.beta)):
        side.appointment = RoleAppointment.objects.create(
            user=org.user(home_unit=unit), role=Role.SECURITY_COORDINATOR, unit=unit,
            starts_on=timezone.localdate() + timedelta(days=365), reason="Ny samordnare",
        )  # fmt: skip
    outside.docs = make_docs(org.beta_unit, org.other_area, chief)
    inside.cont = make_continuity(org.alfa_unit, chief, org.area)
    outside.cont = make_continuity(org.beta_unit, chief, org.other_area)
    inside.crisis_print = done_print(CRISIS_LOG, inside.cont.crisis)
    outside.crisis_print = done_print(CRISIS_LOG, outside.cont.crisis)
    # The region's report (its chapter of the area) inside; Beta's edition outside.
    inside.report = make_report_side(chief, org.area)
    outside.report = make_report_side(chief, org.other_area, administration=org.beta)
    return inside, outside
