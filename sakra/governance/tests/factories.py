"""Governance rows for tests: a forum with a meeting and a decision, a requirement, a plan
with a control, a funding source with an activity, all in one administration and area."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from django.utils import timezone

from sakra.actions.services import create_plan
from sakra.governance import services
from sakra.governance.choices import ControlFrequency, ForumKind, RequirementStatus
from sakra.governance.models import Forum, PlanSubmission

_n = itertools.count(1)


@dataclass
class Gov:
    forum: object
    meeting: object
    decision: object
    requirement: object
    plan: object
    control: object
    occurrence: object
    funding: object
    activity: object
    annual_plan: object = None
    submission: object = None
    assignment: object = None


def make_gov(administration, area, chief, *, year: int | None = None) -> Gov:
    """One of everything, placed in `administration` and `area`, recorded by the chief."""
    n = next(_n)
    today = timezone.localdate()
    year = year or today.year
    forum = Forum.objects.create(
        name=f"Säkerhetsråd {administration} {n}",
        kind=ForumKind.COUNCIL,
        administration=administration,
        mandate="Samordnar säkerhetsarbetet i förvaltningen.",
    )
    meeting = services.hold_meeting(by=chief, forum=forum, held_on=today, agenda="1. Läget")
    decision = services.decide_at_meeting(
        meeting, by=chief, title="Ny rutin för larm", text="Rådet beslutar att …", paragraph="§ 1"
    )
    requirement = services.add_requirement(
        by=chief, area=area, reference=f"LSO-{n}", law="LSO (2003:778) 2 kap. 2 §",
        requirement="Skäligt brandskydd i byggnader.", status=RequirementStatus.NOT_MET,
    )  # fmt: skip
    plan = services.create_control_plan(
        by=chief, year=year, administration=administration, title="Internkontrollplan"
    )
    control = services.add_control(
        plan, by=chief, area=area, title="Larmtest", risk="Larmet fungerar inte",
        method="Prova larmet", frequency=ControlFrequency.QUARTERLY, owner=chief,
    )  # fmt: skip
    plan = services.adopt_plan(plan, by=chief, version=plan.version)
    occurrence = control.occurrences.order_by("due_on").first()
    funding = services.record_funding(
        by=chief, name=f"Statsbidrag {n}", amount=3_000_000, start_year=year - 1,
        end_year=year + 1, granted_by="Staten",
    )  # fmt: skip
    activity = services.add_funded_activity(
        funding, by=chief, title="Utbildning", administration=administration, area=area,
        year=year, estimated_cost=100_000, effort_hours=40,
    )  # fmt: skip
    # The year before's annual plan (the actions app's), submitted to the planning dialogue;
    # a year apart from the plans other factories make for `year`.
    annual_plan = create_plan(
        by=chief, year=year - 1, administration=administration, title="Verksamhetsplan"
    )
    submission = PlanSubmission.objects.create(plan=annual_plan, submitted_at=timezone.now())
    assignment = services.record_assignment(
        by=chief, authority="MSB", title="Redovisa krisberedskapen", administration=administration,
        area=area, responsible=chief, received_on=today, deadline=today + datetime.timedelta(30),
    )  # fmt: skip
    return Gov(
        forum, meeting, decision, requirement, plan, control, occurrence, funding, activity,
        annual_plan, submission, assignment,
    )  # fmt: skip


def last_day(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)
