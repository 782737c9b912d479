"""Continuity rows for this app's tests and the security suite."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from sakra.risks import services as risks
from sakra.risks.choices import DependencyKind

from .. import services
from ..choices import EntryKind


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


@dataclass
class ContinuitySide:
    service: object
    dependency: object
    plan: object
    crisis: object
    entry: object


def make_continuity(unit, chief) -> ContinuitySide:
    """A plan for a critical service in `unit` with a recorded backup, and an open crisis there
    with one log entry (the chief opened it and holds its first staff role)."""
    service = make_service(unit, chief)
    dependency = service.dependencies.get()
    services.record_backup(dependency, by=chief, lasts_hours=72)
    plan = make_plan(unit, chief, service=service)
    crisis = services.open_crisis(by=chief, title="Strömavbrott", unit=unit)
    entry = services.append_entry(
        crisis, by=chief, kind=EntryKind.EVENT, text="Strömmen gick",
        happened_at=timezone.now() - datetime.timedelta(minutes=10),
    )  # fmt: skip
    return ContinuitySide(service, dependency, plan, crisis, entry)
