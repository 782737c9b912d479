"""Continuity rows for this app's tests and the security suite."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from sakra.risks import services as risks
from sakra.risks.choices import DependencyKind
from sakra.testing import make_user

from .. import services
from ..choices import EntryKind, ExerciseKind, Good


def make_service(unit, chief, *, kinds=(DependencyKind.ELECTRICITY,), name="Akut sjukvård"):
    service = risks.add_critical_service(by=chief, name=name, unit=unit, tolerable_outage_hours=4)
    for kind in kinds:
        risks.add_dependency(service, by=chief, kind=kind, tolerable_outage_hours=2, backup="Ja")
    return service


def plan_data(**extra) -> dict:
    data = {
        "title": "Kontinuitetsplan akuten", "minimum_level": "Livshotande tillstånd",
        "tolerable_hours": 4, "impact_1h": 1, "impact_4h": 2, "impact_1d": 3, "impact_3d": 4,
        "impact_1w": 5, "review_date": timezone.localdate() + datetime.timedelta(days=90),
    }  # fmt: skip
    data.update(extra)
    return data


def make_plan(unit, chief, *, service=None, **extra):
    service = service or make_service(unit, chief)
    return services.create_plan(by=chief, service=service, responsible=chief, **plan_data(**extra))


def stock_data(**extra) -> dict:
    data = {
        "good": Good.MEDICAL_GASES, "name": "Syrgas", "site": None, "days_held": 3,
        "target_days": 7, "counted_on": timezone.localdate(), "supplier": "Gasbolaget",
        "agreement": "Leverans inom 24 timmar", "agreement_ends_on": None,
    }  # fmt: skip
    data.update(extra)
    return data


def make_stock(unit, chief, **extra):
    extra.setdefault("responsible", chief)
    return services.create_stock(by=chief, unit=unit, **stock_data(**extra))


def make_wartime(unit, chief, *, person=None):
    """A unit's plan for heightened alert with one post, `person` placed in it (untold)."""
    plan = services.create_wartime_plan(by=chief, unit=unit, responsible=chief)
    post = services.add_post(plan, by=chief, title="Stabschef", person=person or chief)
    return plan, post


def exercise_data(**extra) -> dict:
    data = {
        "title": "Övning strömavbrott", "kind": ExerciseKind.TABLETOP,
        "date": timezone.localdate(),
        "scenario": "Elen går i hela sjukhuset", "participant_roles": "Stabschef, loggförare",
    }  # fmt: skip
    data.update(extra)
    return data


def make_exercise(unit, area, chief, **extra):
    return services.plan_exercise(by=chief, unit=unit, area=area, **exercise_data(**extra))


@dataclass
class ContinuitySide:
    service: object
    dependency: object
    plan: object
    crisis: object
    entry: object
    stock: object = None
    wartime_plan: object = None
    post: object = None
    exercise: object = None
    training: object = None


def make_continuity(unit, chief, area=None) -> ContinuitySide:
    """A plan for a critical service in `unit` with a recorded backup, and an open crisis there
    with one log entry (the chief opened it and holds its first staff role); a stock below its
    target, a plan for heightened alert with a post held by a person of `unit`, that person's
    training record, and (given an `area`) an exercise of the plan dated today."""
    service = make_service(unit, chief)
    dependency = service.dependencies.get()
    services.record_backup(dependency, by=chief, lasts_hours=72)
    plan = make_plan(unit, chief, service=service)
    crisis = services.open_crisis(by=chief, title="Strömavbrott", unit=unit)
    entry = services.append_entry(
        crisis, by=chief, kind=EntryKind.EVENT, text="Strömmen gick",
        happened_at=timezone.now() - datetime.timedelta(minutes=10),
    )  # fmt: skip
    side = ContinuitySide(service, dependency, plan, crisis, entry)
    side.stock = make_stock(unit, chief)
    person = make_user(home_unit=unit)
    side.wartime_plan, side.post = make_wartime(unit, chief, person=person)
    if area is not None:
        side.exercise = make_exercise(unit, area, chief, plan=plan)
    side.training = services.add_training(
        by=chief, person=person, role="security_partner", course="Krisledning grund",
        completed_on=timezone.localdate() - datetime.timedelta(days=30),
    )  # fmt: skip
    return side
