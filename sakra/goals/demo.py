"""Seed 000's goals for the demo region, with real computed indicators where data exists."""

from decimal import Decimal

from sakra.accounts.models import User
from sakra.organisation.models import SecurityArea

from .choices import Direction, TargetType
from .kinds import all_kinds
from .models import Goal, Indicator, ManualValue

POLICY = "Säkerhetspolicyns övergripande mål"


def _goal(title, owner, **fields):
    goal, _created = Goal.objects.update_or_create(
        title=title, defaults={"owner": owner, "start_year": 2019, "end_year": 2022, **fields}
    )
    return goal


def _indicator(goal, title, **fields):
    Indicator.objects.update_or_create(goal=goal, title=title, defaults=fields)


def load() -> list[str]:
    chief = User.objects.get(email="karin.strom@demo.sakra.se")
    areas = {area.code: area for area in SecurityArea.objects.all()}
    kinds = {kind.key for kind in all_kinds()}
    policy = _goal(
        POLICY,
        chief,
        statement="Regionfullmäktiges säkerhetspolicy, nedbruten i riktlinjerna för allmän säkerhet.",
    )
    fires = _goal(
        "Antalet bränder ska halveras till 2022 jämfört med 2019",
        areas["brandskydd"].owner or chief,
        parent=policy,
        area=areas["brandskydd"],
        statement="Antalet bränder i Region Hallands lokaler och verksamheter ska halveras till år 2022 jämfört med 2019.",
    )
    crime = _goal(
        "Inbrott, skadegörelse, angrepp på skalskyddet och stölder ska halveras till 2022",
        areas["fysisk-sakerhet"].owner or chief,
        parent=policy,
        area=areas["fysisk-sakerhet"],
        statement="Antalet inbrott, skadegörelse, angrepp skalskydd och stölder i Region Hallands lokaler och verksamheter ska halveras till år 2022 jämfört med 2019.",
    )
    rsa = _goal(
        "Regionövergripande risk- och sårbarhetsanalys med åtgärdsarbete 2019–2022",
        areas["krisberedskap"].owner or chief,
        parent=policy,
        area=areas["krisberedskap"],
        statement="Upprätta en regionövergripande risk- och sårbarhetsanalys med tillhörande åtgärdsarbete för 2019–2022.",
    )
    halving = {
        "direction": Direction.LOWER_IS_BETTER,
        "baseline_year": 2019,
        "target_year": 2022,
        "target_type": TargetType.RELATIVE,
        "target_value": Decimal("0.5"),
    }
    if "incident_count" in kinds:
        _indicator(
            fires,
            "Antal bränder",
            kind="incident_count",
            criteria={"categories": ["brand"]},
            **halving,
        )
        _indicator(
            crime,
            "Antal inbrott, skadegörelse, angrepp på skalskydd och stölder",
            kind="incident_count",
            criteria={"categories": ["inbrott", "skadegorelse", "angrepp-skalskydd", "stold"]},
            **halving,
        )
    # Seed 000's SBA indicators, computed from the fire-safety module's rounds and remarks.
    inspections = {
        "direction": Direction.HIGHER_IS_BETTER,
        "baseline_year": 2019,
        "target_year": 2022,
        "target_type": TargetType.ABSOLUTE,
        "target_value": Decimal("100"),
    }
    if "fire_rounds_on_time" in kinds:
        _indicator(
            fires,
            "Egenkontroller enligt SBA genomförda i tid (%)",
            position=2,
            kind="fire_rounds_on_time",
            **inspections,
        )
        _indicator(
            fires,
            "Anmärkningar från räddningstjänstens tillsyner öppna efter tidsfristen",
            position=3,
            kind="fire_remarks_past_deadline",
            **{**inspections, "direction": Direction.LOWER_IS_BETTER, "target_value": 0},
        )
    # Computed from the RSA's actions where the risks module is installed; typed in otherwise.
    computed = "rsa_actions_done" in kinds
    _indicator(
        rsa,
        "Åtgärder i RSA:ns handlingsplan genomförda (%)",
        **{**inspections, "kind": "rsa_actions_done" if computed else "manual"},
    )
    if not computed:
        rsa_indicator = Indicator.objects.get(goal=rsa, kind="manual")
        for year, value in zip(range(2019, 2024), [10, 35, 60, 85, 95], strict=True):
            ManualValue.objects.update_or_create(
                indicator=rsa_indicator, year=year, defaults={"value": value, "entered_by": chief}
            )
    return []
