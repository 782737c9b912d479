"""Analyses and risks for this app's tests and the security suite."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.testing import make_user

from .. import services
from ..choices import AnalysisKind


def _chief(unit):
    return make_user(
        Role.SECURITY_CHIEF, unit=type(unit).objects.get(path=unit.path[: unit.steplen]), area=None
    )


def make_analysis(unit, area=None, *, by=None, kind=AnalysisKind.UNIT, confidential=False,
                  participants=(), title="Riskanalys"):  # fmt: skip
    by = by or _chief(unit)
    today = timezone.localdate()
    return services.create_analysis(
        by=by, title=title, kind=kind, unit=unit, area=area, period_start=today.replace(day=1),
        period_end=today.replace(day=1) + datetime.timedelta(days=365),
        is_confidential=confidential, participants=participants, method="Workshop",
    )  # fmt: skip


def make_risk(analysis, area, owner, *, by=None, likelihood=2, consequence=2, **extra):
    by = by or _chief(analysis.unit)
    data = {"inherent_likelihood": likelihood, "inherent_consequence": consequence, **extra}
    data.setdefault("title", "Strömavbrott")
    return services.create_risk(analysis, by=by, area=area, owner=owner, **data)


@dataclass
class RiskWorld:
    analysis: object
    risk: object
    note: object


def make_risk_world(unit, area, owner) -> RiskWorld:
    """An analysis with a risk in `unit` and `area`, and a scanning note."""
    chief = _chief(unit)
    analysis = make_analysis(unit, area, by=chief)
    risk = make_risk(analysis, area, owner, by=chief)
    note = services.create_note(
        by=chief, noted_on=timezone.localdate(), source="MSB", summary="Elbrist i vinter",
        areas=[area],
    )  # fmt: skip
    return RiskWorld(analysis, risk, note)
