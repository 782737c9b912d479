"""Demo data for critical supply, civil defence, exercises and training (idempotent: each part
is made once, recognised by a row of its own): stocks of critical goods (the oxygen at Halmstad
below its target, with the action it raised), plans for heightened alert with posts placed and
told, an exercise of the acute care's continuity plan held with its evaluation and actions, one
planned, and the security roles' training."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sakra.accounts.models import User
from sakra.actions import services as actions
from sakra.organisation.models import SecurityArea, Site, Unit

from . import services
from .choices import ExerciseKind, Good, WartimePlanState
from .models import ContinuityPlan, Exercise, SupplyStock, TrainingRecord, WartimePlan

DOMAIN = "demo.sakra.se"
EXERCISE_TITLE = "Seminarieövning: bortfall av medicinska gaser"

# (good, name, unit code, site code or None for the region, days held, target, supplier, terms)
STOCKS = [
    (Good.MEDICAL_GASES, "Syrgas, Hallands sjukhus Halmstad", "hs", "halmstad", 4, 7,
     "Gasleverantören AB", "Leverans inom 24 timmar, förtur vid kris enligt avtal."),
    (Good.FUEL, "Diesel till reservkraften, Halmstad", "rgs-drift-halmstad", "halmstad", 10, 7,
     "Drivmedelsbolaget", "Påfyllning inom 12 timmar dygnet runt."),
    (Good.PROTECTIVE_EQUIPMENT, "Andningsskydd FFP3, regionlagret", "region-halland", None, 95,
     90, "Regionens upphandlade leverantör", "Avrop mot ramavtal; lager i regionens regi."),
    (Good.MEDICINES, "Läkemedel, regionens beredskapslager", "region-halland", None, 32, 30,
     "Apotekstjänsten", "Beredskapslager om 30 dagars normalförbrukning av kritiska läkemedel."),
    (Good.WATER, "Nödvatten, Varberg", "rgs-drift-halmstad", "varberg", 3, 3,
     "Kommunens VA-bolag", "Tankbilar inom 6 timmar enligt överenskommelse."),
]  # fmt: skip

# (unit code, state, posts as (post, person's local part or None, told))
WARTIME = [
    ("hs-akut", WartimePlanState.ADOPTED, [
        ("Stabschef", "maria.lindqvist", True),
        ("Loggförare", "anna.andersson", False),
        ("Samband", None, False),
    ]),
    ("rk-sak-enhet", WartimePlanState.DRAFT, [
        ("Säkerhetschef i stab", "karin.strom", True),
        ("Säkerhetssamordnare", "peter.ek", False),
    ]),
]  # fmt: skip

# (local part, role, course, months ago, valid for months or None)
TRAINING = [
    ("sara.nilsson", "security_coordinator", "Säkerhetssamordnare, grundkurs", 8, 36),
    ("peter.ek", "security_partner", "Stabsmetodik och krisledning", 3, 24),
    ("karin.strom", "security_chief", "Krisledning för ledningsgrupper", 14, 36),
    ("lena.holm", "area_owner", "Hot och våld: utbildning för områdesansvariga", 40, 24),
]


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _stocks(chief: User, coordinator: User) -> int:
    today = timezone.localdate()
    made = 0
    for good, name, unit, site, held, target, supplier, terms in STOCKS:
        if SupplyStock.objects.filter(name=name).exists():
            continue
        stock = services.create_stock(
            by=chief, unit=_unit(unit), good=good, name=name,
            site=Site.objects.get(code=site) if site else None, days_held=held,
            target_days=target, counted_on=today - datetime.timedelta(days=2), supplier=supplier,
            agreement=terms, agreement_ends_on=today + datetime.timedelta(days=400),
            responsible=coordinator,
        )  # fmt: skip
        if stock.below_target:
            services.raise_shortfall_action(
                stock, by=chief, owner=coordinator, due_date=today + datetime.timedelta(days=21),
                description="Beställ påfyllning och se över avtalets leveranstid.",
            )  # fmt: skip
        made += 1
    return made


def _wartime(chief: User) -> int:
    today = timezone.localdate()
    made = 0
    for unit, state, posts in WARTIME:
        if WartimePlan.objects.filter(unit__code=unit).exists():
            continue
        adopted = today - datetime.timedelta(days=90) if state != WartimePlanState.DRAFT else None
        plan = services.create_wartime_plan(
            by=chief, unit=_unit(unit), state=state, adopted_on=adopted, responsible=chief,
            review_date=today + datetime.timedelta(days=275),
            notes="Krigsplaceringar enligt förvaltningens beslut; uppgifterna i kris och krig "
            "finns i den klassificerade planen utanför Sakra.",
        )  # fmt: skip
        for title, local, told in posts:
            services.add_post(
                plan, by=chief, title=title, person=_user(local) if local else None,
                informed_on=today - datetime.timedelta(days=30) if told else None,
            )  # fmt: skip
        made += 1
    return made


def _exercises(chief: User, coordinator: User) -> int:
    if Exercise.objects.filter(title=EXERCISE_TITLE).exists():
        return 0
    today = timezone.localdate()
    # Held this year, whatever the day: an earlier year may be closed.
    held_on = today - datetime.timedelta(days=min(20, today.timetuple().tm_yday - 1))
    area = SecurityArea.objects.get(code="krisberedskap")
    plan = ContinuityPlan.objects.filter(service__name="Akut sjukvård").first()
    exercise = services.plan_exercise(
        by=chief, unit=_unit("hs"), area=area, title=EXERCISE_TITLE, kind=ExerciseKind.TABLETOP,
        date=held_on, plan=plan, participant_roles="Stabschef, loggförare, medicinteknik, "
        "fastighetsdrift, kommunikatör",
        scenario="Leveransen av syrgas uteblir i tre dygn samtidigt som centralförsörjningen "
        "måste stängas för reparation.",
    )  # fmt: skip
    services.record_evaluation(
        exercise, by=chief, version=exercise.version, participants=14,
        participant_roles=exercise.participant_roles,
        worked_well="Stabsarbetet kom snabbt igång och loggen fördes hela tiden.",
        did_not_work="Flaskförrådet räckte inte över natten; reservrutinen var okänd för "
        "nattpersonalen.",
        recovery_hours=6,
    )  # fmt: skip
    evaluation_actions = [
        ("Utöka flaskförrådet för syrgas på akuten", 60),
        ("Utbilda nattpersonalen i reservrutinen för medicinska gaser", 90),
    ]
    for title, days in evaluation_actions:
        actions.create_action(
            by=chief, source=exercise, title=title, owner=coordinator,
            due_date=today + datetime.timedelta(days=days),
        )  # fmt: skip
    services.plan_exercise(
        by=chief, unit=_unit("hs"), area=area, title="Fullskaleövning: utrymning av akuten",
        kind=ExerciseKind.FULL_SCALE, date=today + datetime.timedelta(days=60), plan=plan,
        scenario="Brand i akutens väntrum; patienterna flyttas till Medicinkliniken.",
    )  # fmt: skip
    return 2


def _training(chief: User) -> int:
    today = timezone.localdate()
    made = 0
    for local, role, course, ago, months in TRAINING:
        person = _user(local)
        if TrainingRecord.objects.filter(person=person, role=role).exists():
            continue
        done = today - datetime.timedelta(days=30 * ago)
        until = done + datetime.timedelta(days=30 * months) if months else None
        services.add_training(
            by=chief, person=person, role=role, course=course, completed_on=done,
            valid_until=until,
        )  # fmt: skip
        made += 1
    return made


def load(chief: User, coordinator: User) -> dict[str, int]:
    return {
        "stocks": _stocks(chief, coordinator),
        "wartime": _wartime(chief),
        "exercises": _exercises(chief, coordinator),
        "training": _training(chief),
    }
