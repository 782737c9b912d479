"""Demo actions, improvement needs and one recorded board meeting (idempotent)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.models import User
from sakra.organisation.models import SecurityArea, Unit

from .choices import ActionStatus, ActivityStatus, DecisionKind, NeedStatus, Priority
from .models import (
    Action,
    AnnualPlan,
    BoardDecision,
    BoardMeeting,
    ImprovementNeed,
    PlannedActivity,
)

DOMAIN = "demo.sakra.se"
MEETING_TITLE = "Säkerhetsledningens möte, november"

# (title, owner, unit, area, due in days, status, priority, description)
ACTIONS = [
    ("Installera larmknappar i akutens väntrum", "maria.lindqvist", "hs-akut-halmstad", "hot-och-vald", 20, ActionStatus.IN_PROGRESS, Priority.HIGH, "Efter två hotfulla situationer i väntrummet under oktober."),
    ("Utbilda personalen i rutinen för hot och våld", "maria.lindqvist", "hs-akut", "hot-och-vald", -5, ActionStatus.PLANNED, Priority.HIGH, "Alla i akutens personal ska ha gått utbildningen."),
    ("Byt kodlås mot passerkort i personalingången", "maria.lindqvist", "hs-akut-varberg", "fysisk-sakerhet", -10, ActionStatus.DONE, Priority.MEDIUM, "Koden hade spridits utanför personalgruppen."),
    ("Se över brandrutinen för nattpersonalen", "erik.ahl", "hs-med-51", "brandskydd", 40, ActionStatus.PLANNED, Priority.MEDIUM, "Anmärkning från räddningstjänstens tillsyn."),
    ("Uppdatera kontinuitetsplanen för IT-avbrott", "sara.nilsson", "hs", "krisberedskap", -30, ActionStatus.VERIFIED_EFFECTIVE, Priority.MEDIUM, "Planen prövades vid övningen i september."),
]  # fmt: skip

# (title, description, raised by, unit, area, status, rank)
NEEDS = [
    ("Gemensam rutin för larmknappar i hela regionen", "Varje sjukhus har sin egen rutin för larmknappar, och personal som byter arbetsplats vet inte vad som gäller.", "anna.andersson", "hs-akut-halmstad", "hot-och-vald", NeedStatus.QUEUED, 1),
    ("Bättre skyltning av utrymningsvägar i Varberg", "Skyltarna vid akutens nya entré är svåra att se när det är mycket folk.", "maria.lindqvist", "hs-akut-varberg", "brandskydd", NeedStatus.ACCEPTED, None),
    ("Påminnelser om egenkontroller i mobilen", "Egenkontrollerna glöms bort när de bara finns på papper.", "erik.ahl", "hs-med", "brandskydd", NeedStatus.NEW, None),
]  # fmt: skip

# (title, area, goal, responsible, status)
PLAN = [
    ("Utrymningsövning på alla vårdavdelningar", "brandskydd", "Halvera antalet bränder i våra lokaler jämfört med 2019", "sara.nilsson", ActivityStatus.DONE),
    ("Egenkontroller av brandskyddet varje kvartal", "brandskydd", "Halvera antalet bränder i våra lokaler jämfört med 2019", "erik.ahl", ActivityStatus.ONGOING),
    ("Utbildning i hot och våld för akutens personal", "hot-och-vald", "Alla medarbetare på akuten har gått utbildningen", "maria.lindqvist", ActivityStatus.PLANNED),
]  # fmt: skip


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def load() -> list[str]:
    if not User.objects.filter(email=f"maria.lindqvist@{DOMAIN}").exists():
        return []
    today = timezone.localdate()
    units = {unit.code: unit for unit in Unit.objects.all()}
    areas = {area.code: area for area in SecurityArea.objects.all()}
    coordinator, chief, board = _user("sara.nilsson"), _user("karin.strom"), _user("olof.dahl")

    for title, owner, unit, area, days, status, priority, description in ACTIONS:
        if Action.objects.filter(title=title).exists():
            continue
        action = Action(
            title=title, description=description, owner=_user(owner), unit=units[unit],
            area=areas.get(area), due_date=today + datetime.timedelta(days=days),
            status=status, priority=priority, created_by=coordinator,
        )  # fmt: skip
        if status in (ActionStatus.DONE, ActionStatus.VERIFIED_EFFECTIVE):
            action.completed_at = timezone.now() - datetime.timedelta(days=max(1, -days))
        if status == ActionStatus.VERIFIED_EFFECTIVE:
            action.was_effective = True
            action.effect_checked_at = today - datetime.timedelta(days=3)
            action.effect_checked_by = coordinator
            action.effect_note = "Övningen visade att alla visste var reservrutinerna finns."
        action.save()

    needs = {}
    for title, description, raised_by, unit, area, status, rank in NEEDS:
        need = ImprovementNeed.objects.filter(title=title).first()
        if need is None:
            need = ImprovementNeed.objects.create(
                title=title, description=description, raised_by=_user(raised_by),
                unit=units[unit], area=areas.get(area), status=status, rank=rank,
            )  # fmt: skip
        needs[title] = need

    meeting = BoardMeeting.objects.filter(title=MEETING_TITLE).first()
    if meeting is None:
        meeting = BoardMeeting.objects.create(
            date=today - datetime.timedelta(days=14),
            title=MEETING_TITLE,
            notes="Genomgång av inkomna förbättringsbehov och läget för pågående åtgärder.",
            created_by=chief,
        )
        meeting.attendees.set([chief, board, coordinator])
        need = needs[NEEDS[1][0]]
        decision = BoardDecision.objects.create(
            meeting=meeting, need=need, kind=DecisionKind.ACCEPT, created_by=chief
        )
        action = Action.objects.create(
            title="Ny utrymningsskyltning vid akutens entré i Varberg",
            owner=_user("maria.lindqvist"),
            unit=units["hs-akut-varberg"],
            area=areas.get("brandskydd"),
            due_date=today + datetime.timedelta(days=60),
            source_type=ContentType.objects.get_for_model(ImprovementNeed),
            source_id=need.pk,
            created_by=chief,
        )
        decision.actions.set([action])

    plan_year = today.year
    plan = AnnualPlan.objects.filter(year=plan_year, administration=units["hs"]).first()
    if plan is None:
        plan = AnnualPlan.objects.create(
            year=plan_year,
            administration=units["hs"],
            title="Säkerhetsplan",
            created_by=coordinator,
        )
        for title, area, goal, owner, status in PLAN:
            PlannedActivity.objects.create(
                plan=plan, title=title, area=areas.get(area), goal=goal,
                owner=_user(owner), status=status,
            )  # fmt: skip

    return [
        "",
        _("Actions: {actions}, improvement needs: {needs}, board meetings: {meetings}").format(
            actions=Action.objects.count(),
            needs=ImprovementNeed.objects.count(),
            meetings=BoardMeeting.objects.count(),
        ),
    ]
