"""Demo governance (idempotent): three forums with mandates and meetings, a decision sent to
the heads of administration and acknowledged by one, the coordinator's mandate, requirements
of two areas (one not met), an internal control plan whose performed control raised an action,
and the state grant 2023–2025 with its activities. Also: the security board and Hallands
sjukhus' plan agreed in the planning dialogue, two assignments from state authorities, the
estimated cost of the plan's activities, and last year's snapshot of the indicators."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.choices import Role
from sakra.accounts.models import User
from sakra.organisation.models import SecurityArea, Unit

from . import services
from .choices import (
    AssignmentStatus,
    ControlFrequency,
    ControlResult,
    ForumKind,
    MemberKind,
    RequirementStatus,
)
from .models import (
    Acknowledgement,
    ControlPlan,
    Decision,
    Forum,
    ForumMember,
    FundingSource,
    IndicatorSnapshot,
    PlanSubmission,
    Requirement,
    RoleMandate,
    StateAssignment,
)

DOMAIN = "demo.sakra.se"

LGV = "LGV – förvaltningschefernas säkerhetsmöte"
NETWORK = "Nätverket för säkerhetssamordnare"
BOARD = "Regionstyrelsen"
SECURITY_BOARD = "Säkerhetsledningen"

# (name, kind, mandate, members as roles, named members as (login, function))
FORUMS = [
    (LGV, ForumKind.MANAGEMENT,
     "Hanterar säkerhetsarbetet på strategisk nivå: beslutar om inriktning och prioriteringar "
     "för regionens gemensamma säkerhetsarbete, följer upp målen i förvaltningarnas "
     "verksamhetsplaner och tar ställning till förbättringsbehov som rör flera förvaltningar.",
     [Role.HEAD_OF_ADMINISTRATION], [("karin.strom", "Föredragande")]),
    (NETWORK, ForumKind.NETWORK,
     "Driver säkerhetsarbetet på operativ nivå: samordnar förvaltningarnas säkerhetsarbete, "
     "delar erfarenheter från avvikelser och tillsyner, bereder ärenden till LGV och ser till "
     "att regiongemensamma rutiner införs i verksamheterna.",
     [Role.SECURITY_COORDINATOR], [("karin.strom", "Sammankallande")]),
    (SECURITY_BOARD, ForumKind.SECURITY_BOARD,
     "Prioriterar regionens förbättringsbehov inom säkerhet och för en gemensam "
     "planeringsdialog med förvaltningarna varje februari: kommenterar och fastställer "
     "förvaltningarnas planer för året.",
     [Role.BOARD_MEMBER], [("karin.strom", "Ordförande")]),
    (BOARD, ForumKind.POLITICAL,
     "Regionens ledande politiska organ under regionfullmäktige: beslutar om inriktning och "
     "ambition för säkerhetsarbetet och om resurser för det.",
     [], []),
]  # fmt: skip

MANDATES = {
    Role.SECURITY_COORDINATOR: (
        "Säkerhetssamordnaren stödjer förvaltningschefen i förvaltningens säkerhetsarbete:\n"
        "- samordnar säkerhetsarbetet i förvaltningen och är dess kontakt i "
        "Nätverket för säkerhetssamordnare\n"
        "- handlägger avvikelser inom säkerhetsområdet och följer upp att åtgärder genomförs\n"
        "- driver det systematiska brandskyddsarbetet och följer upp egenkontroller och "
        "räddningstjänstens anmärkningar\n"
        "- bereder förvaltningens säkerhetsdel i verksamhetsplanen och i uppföljningen\n"
        "- för vidare regiongemensamma rutiner och beslut till verksamheterna"
    ),
    Role.HEAD_OF_ADMINISTRATION: (
        "Förvaltningschefen ansvarar för att uppfylla säkerhetsmålen i sin förvaltning. "
        "Säkerhetsarbetet är en del av förvaltningens verksamhetsplan."
    ),
    Role.SECURITY_CHIEF: (
        "Säkerhetschefen samordnar regionens säkerhetsarbete, är normerande och stödjer "
        "förvaltningarna i planering, genomförande och uppföljning."
    ),
}

# (area, reference, law, requirement, owner, status, how met)
REQUIREMENTS = [
    ("brandskydd", "LSO-2-2", "Lag (2003:778) om skydd mot olyckor, 2 kap. 2 §",
     "Ägare och nyttjanderättshavare ska hålla skäligt brandskydd.", "johan.brandt",
     RequirementStatus.MET, "Brandskyddspärmen per anläggning, egenkontroller enligt SBA."),
    ("brandskydd", "SRVFS-2004-3", "SRVFS 2004:3 om systematiskt brandskyddsarbete",
     "Brandskyddsarbetet ska dokumenteras och följas upp systematiskt.", "johan.brandt",
     RequirementStatus.MET, "Rutin Brandskyddspärmen för Region Halland."),
    ("hot-och-vald", "AFS-2023-2-HV", "AFS 2023:2, hot och våld i arbetsmiljön",
     "Risker för hot och våld ska undersökas och bedömas.", "lena.holm",
     RequirementStatus.MET, "Riskbedömning per enhet i den årliga riskanalysen."),
    ("hot-och-vald", "AFS-2023-2-UTB", "AFS 2023:2, hot och våld i arbetsmiljön",
     "Arbetstagarna ska ha kunskap om hur hot och våld förebyggs och hanteras.", "lena.holm",
     RequirementStatus.NOT_MET, "Utbildningen är inte genomförd på akuten."),
]  # fmt: skip

STATE_GRANT = "Statlig finansiering för säkerhet"
# (title, administration, area, year, cost, hours)
FUNDED = [
    ("Regional säkerhetssamordning", "rk", None, 2023, 900_000, 1600),
    ("Larmknappar på akutmottagningarna", "hs", "hot-och-vald", 2024, 650_000, 300),
    ("Utbildning i hot och våld för akutens personal", "hs", "hot-och-vald", 2025, 250_000, 400),
    ("Kontinuitetsplanering för kritisk försörjning", "rk", "krisberedskap", 2025, 400_000, 600),
]


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def _forums(chief) -> dict[str, Forum]:
    forums = {}
    for name, kind, mandate, roles, named in FORUMS:
        forum, created = Forum.objects.get_or_create(
            name=name, defaults={"kind": kind, "mandate": mandate}
        )
        if created:
            for role in roles:
                ForumMember.objects.create(forum=forum, kind=MemberKind.ROLE, role=role)
            for login, function in named:
                ForumMember.objects.create(
                    forum=forum, kind=MemberKind.PERSON, user=_user(login), function=function
                )
        forums[name] = forum
    return forums


def _meetings(forums, chief, head, coordinator, today) -> Decision:
    """One meeting per forum; the LGV's decision is sent to the heads of administration and
    acknowledged by Håkan; the board's decision is the state grant's."""
    lgv = forums[LGV]
    decision = Decision.objects.filter(forum=lgv, paragraph="§ 4").first()
    if decision is None:
        meeting = services.hold_meeting(
            by=chief, forum=lgv, held_on=today - datetime.timedelta(days=21),
            title="LGV säkerhet, november",
            agenda="1. Läget i säkerhetsarbetet\n2. Gemensam rutin för larmknappar\n3. Övrigt",
        )  # fmt: skip
        services.write_minutes(
            meeting, by=chief, version=meeting.version, agenda=meeting.agenda,
            minutes="Säkerhetschefen redogjorde för läget. Behovet av en gemensam rutin för "
                    "larmknappar har lyfts från akuten i Halmstad.",
        )  # fmt: skip
        decision = services.decide_at_meeting(
            meeting, by=chief, paragraph="§ 4", registry_number="RK 2026-0412",
            title="Gemensam rutin för larmknappar i hela regionen",
            text="LGV beslutar att en gemensam rutin för larmknappar tas fram och införs i "
                 "samtliga förvaltningar. Säkerhetssamordnarna ansvarar för införandet.",
            responsible=coordinator, deadline=today + datetime.timedelta(days=90),
        )  # fmt: skip
        decision = services.distribute_decision(
            decision, by=chief, version=decision.version, role=Role.HEAD_OF_ADMINISTRATION
        )
        services.acknowledge_decision(decision, by=head)
        from sakra.actions.services import create_action

        create_action(
            source=decision, title="Ta fram en gemensam rutin för larmknappar",
            owner=coordinator, due_date=today + datetime.timedelta(days=60), by=None,
            unit=Unit.objects.get(code="hs"),
            area=SecurityArea.objects.filter(code="hot-och-vald").first(),
        )  # fmt: skip
    network = forums[NETWORK]
    if not network.meetings.exists():
        meeting = services.hold_meeting(
            by=chief, forum=network, held_on=today - datetime.timedelta(days=7),
            title="Nätverksträff", agenda="1. Erfarenheter från tillsyner\n2. Internkontrollen",
        )  # fmt: skip
        services.write_minutes(
            meeting, by=chief, version=meeting.version, agenda=meeting.agenda,
            minutes="Samordnarna gick igenom räddningstjänstens anmärkningar och årets "
                    "internkontroll.",
        )  # fmt: skip
    board = forums[BOARD]
    grant = Decision.objects.filter(forum=board, registry_number="RS210993").first()
    if grant is None:
        meeting = services.hold_meeting(
            by=chief, forum=board, held_on=datetime.date(2022, 12, 7),
            title="Regionstyrelsens sammanträde",
            agenda="§ 13 Inriktning och ambition på säkerhetsarbetet inom regionen",
        )  # fmt: skip
        grant = services.decide_at_meeting(
            meeting, by=chief, paragraph="§ 13", registry_number="RS210993",
            title="Inriktning och ambition på säkerhetsarbetet inom regionen",
            text="Regionstyrelsen beslutar att\n- tillstyrka föreslagen inriktning och ambition "
                 "på säkerhetsarbetet i Region Halland\n- anteckna att Region Halland nu nyttjar "
                 "den statliga finansieringen för säkerhet för åren 2023 - 2025, därefter tar "
                 "regionen förnyad ställning till behov och resursfrågor",
        )  # fmt: skip
        # "Expedieras till samtliga driftnämnder": the administrations' management.
        administrations = list(Unit.objects.filter(code__in=["hs", "adh", "rgs"]))
        services.distribute_decision(grant, by=chief, version=grant.version, units=administrations)
    return grant


def _requirements(chief) -> None:
    areas = {area.code: area for area in SecurityArea.objects.all()}
    for code, reference, law, text, owner, status, how_met in REQUIREMENTS:
        if code not in areas or Requirement.objects.filter(reference=reference).exists():
            continue
        services.add_requirement(
            by=chief, area=areas[code], reference=reference, law=law, requirement=text,
            owner=_user(owner), status=status, how_met=how_met,
        )  # fmt: skip


def _control_plan(chief, coordinator, today) -> None:
    hs = Unit.objects.get(code="hs")
    if ControlPlan.objects.filter(year=today.year, administration=hs).exists():
        return
    areas = {area.code: area for area in SecurityArea.objects.all()}
    plan = services.create_control_plan(
        by=coordinator, year=today.year, administration=hs, title="Internkontrollplan säkerhet"
    )
    alarm = services.add_control(
        plan, by=coordinator, area=areas["hot-och-vald"], title="Test av larmknappar",
        risk="Larmet når inte fram när personal hotas",
        method="Prova varje larmknapp på akutmottagningarna och kontrollera att larmet tas "
               "emot av vakten.", frequency=ControlFrequency.QUARTERLY, owner=coordinator,
    )  # fmt: skip
    services.add_control(
        plan, by=coordinator, area=areas["brandskydd"], title="Batteribyte i brandvarnare",
        risk="Brandvarnare utan ström", method="Byt batterier i brandvarnarna.",
        frequency=ControlFrequency.YEARLY, owner=coordinator, maintenance_only=True,
    )  # fmt: skip
    plan = services.adopt_plan(plan, by=coordinator, version=plan.version)
    first = alarm.occurrences.order_by("due_on").first()
    services.perform_control(
        first, by=coordinator, version=first.version, performed_on=min(first.due_on, today),
        result=ControlResult.REMARKS,
        remarks="Larmknappen i väntrummet i Varberg gav inget larm hos vakten.",
        raise_action=True, action_owner=_user("maria.lindqvist"),
    )  # fmt: skip


def _funding(chief, grant) -> None:
    if FundingSource.objects.filter(name=STATE_GRANT).exists():
        return
    funding = services.record_funding(
        by=chief, name=STATE_GRANT, granted_by="Staten (överenskommelse med SKR)",
        amount=4_500_000, start_year=2023, end_year=2025, decision=grant,
    )  # fmt: skip
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=["rk", "hs"])}
    areas = {area.code: area for area in SecurityArea.objects.all()}
    for title, unit, area, year, cost, hours in FUNDED:
        services.add_funded_activity(
            funding, by=chief, title=title, administration=units[unit],
            area=areas.get(area), year=year, estimated_cost=cost, effort_hours=hours,
        )  # fmt: skip


# (authority, reference, title, administration, area, responsible, received days ago,
#  deadline in days, status)
ASSIGNMENTS = [
    ("MSB", "MSB 2026-04512", "Redovisa regionens risk- och sårbarhetsanalys (MSBFS 2015:5)",
     "region-halland", "krisberedskap", "ulla.berg", 200, 10, AssignmentStatus.IN_PROGRESS),
    ("Socialstyrelsen", "S 2026/01234", "Redovisa beredskapsplaneringen för hälso- och sjukvården",
     "hs", "krisberedskap", "sara.nilsson", 120, -20, AssignmentStatus.REPORTED),
]  # fmt: skip
#: Estimated cost (SEK) and effort (hours) of the demo plan's activities, by title.
ESTIMATES = {
    "Utbildning i hot och våld för akutens personal": (120_000, 200),
    "Utrymningsövning på alla vårdavdelningar": (45_000, 160),
    "Egenkontroller av brandskyddet varje kvartal": (0, 48),
}


def _planning(coordinator, board_member) -> None:
    """Hallands sjukhus' plan for the year, commented on and agreed by the security board."""
    from sakra.actions.models import AnnualPlan

    plan = AnnualPlan.objects.filter(
        year=timezone.localdate().year, administration__code="hs"
    ).first()
    if plan is None or PlanSubmission.objects.filter(plan=plan).exists():
        return
    row = services.submit_plan(
        plan, by=coordinator, note="Tyngdpunkt på hot och våld på akutmottagningarna."
    )
    row = services.comment_plan(
        row, by=board_member, version=row.version,
        comment="Ange kostnaden för utbildningen i hot och våld inför budgetarbetet.",
    )  # fmt: skip
    row = services.submit_plan(
        plan, by=coordinator, version=row.version,
        note="Kostnaden är uppskattad och utbildningen delfinansieras av statsbidraget.",
    )  # fmt: skip
    services.agree_plan(row, by=board_member, version=row.version)


def _estimates(coordinator) -> None:
    from sakra.actions import services as action_services
    from sakra.actions.models import PlannedActivity

    rows = PlannedActivity.objects.filter(
        plan__administration__code="hs", title__in=ESTIMATES, estimated_cost__isnull=True
    )
    for activity in rows:
        cost, hours = ESTIMATES[activity.title]
        action_services.estimate(
            activity, by=coordinator, version=activity.version, estimated_cost=cost,
            effort_hours=hours,
        )  # fmt: skip


def _assignments(chief, today) -> None:
    areas = {area.code: area for area in SecurityArea.objects.all()}
    for authority, ref, title, unit, area, who, ago, due, status in ASSIGNMENTS:
        if StateAssignment.objects.filter(reference=ref).exists():
            continue
        row = services.record_assignment(
            by=chief, authority=authority, reference=ref, title=title,
            administration=Unit.objects.get(code=unit), area=areas.get(area),
            responsible=_user(who), received_on=today - datetime.timedelta(days=ago),
            deadline=today + datetime.timedelta(days=due),
        )  # fmt: skip
        services.update_assignment(
            row, by=chief, version=row.version, status=status,
            note="Redovisat i tid." if status == AssignmentStatus.REPORTED else "",
        )  # fmt: skip


def _snapshot(today) -> None:
    if not IndicatorSnapshot.objects.filter(year=today.year - 1).exists():
        services.take_snapshot(by=None, year=today.year - 1)


def load() -> list[str]:
    if not User.objects.filter(email=f"karin.strom@{DOMAIN}").exists():
        return []
    today = timezone.localdate()
    chief, head, coordinator = _user("karin.strom"), _user("hakan.berg"), _user("sara.nilsson")
    forums = _forums(chief)
    grant = _meetings(forums, chief, head, coordinator, today)
    for role, text in MANDATES.items():
        if not RoleMandate.objects.filter(role=role).exists():
            services.set_role_mandate(by=chief, role=role, text=text)
    _requirements(chief)
    _control_plan(chief, coordinator, today)
    _funding(chief, grant)
    _planning(coordinator, _user("olof.dahl"))
    _estimates(coordinator)
    _assignments(chief, today)
    _snapshot(today)
    return [
        "",
        _("Governance: {forums} forums, {decisions} decisions, {acknowledged} acknowledged").format(
            forums=Forum.objects.count(),
            decisions=Decision.objects.count(),
            acknowledged=Acknowledgement.objects.count(),
        ),
    ]
