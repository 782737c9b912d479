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
    rsa: object = None
    indicator: object = None


def make_rsa(unit, *, by, first_year: int, approve: bool = True):
    """A regional RSA of the mandate period starting `first_year`, approved by the board."""
    from sakra.governance.models import Forum

    rsa = services.create_analysis(
        by=by, title=f"RSA {first_year}–{first_year + 3}", kind=AnalysisKind.REGIONAL_RSA,
        unit=unit, period_start=datetime.date(first_year, 1, 1),
        period_end=datetime.date(first_year + 3, 12, 31),
    )  # fmt: skip
    if approve:
        forum, _created = Forum.objects.get_or_create(
            name="Regionstyrelsen", defaults={"kind": "political"}
        )
        rsa = services.approve_analysis(
            rsa, by=by, version=rsa.version, forum=forum,
            decided_on=datetime.date(first_year, 10, 1),
        )  # fmt: skip
    return rsa


def make_risk_world(unit, area, owner) -> RiskWorld:
    """An analysis with a risk in `unit` and `area`, a scanning note, and an approved regional
    RSA placed at `unit` (each side's in a mandate period of its own) assessed against the
    first preparedness indicator."""
    from ..models import PreparednessIndicator, RiskAnalysis

    chief = _chief(unit)
    analysis = make_analysis(unit, area, by=chief)
    risk = make_risk(analysis, area, owner, by=chief)
    note = services.create_note(
        by=chief, noted_on=timezone.localdate(), source="MSB", summary="Elbrist i vinter",
        areas=[area],
    )  # fmt: skip
    first_year = 2019 + 4 * RiskAnalysis.objects.filter(kind=AnalysisKind.REGIONAL_RSA).count()
    rsa = make_rsa(unit, by=chief, first_year=first_year)
    indicator = PreparednessIndicator.objects.filter(is_active=True).first()
    services.assess_preparedness(rsa, by=chief, indicator=indicator, fulfilment="met")
    return RiskWorld(analysis, risk, note, rsa, indicator)
