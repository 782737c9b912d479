"""Demo risk management for the demo region (idempotent): the approved regional RSA 2019–2022
with critical services, dependencies, risks and their actions, its assessment of crisis
preparedness and its yearly follow-ups; a unit risk analysis at the
emergency department; a confidential workplace assessment of threats and violence; and two
environmental scanning notes, one of which became a risk."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.models import User
from sakra.actions.choices import ActionStatus
from sakra.actions.models import Action
from sakra.core.audit import log_bulk_created
from sakra.governance.choices import ForumKind
from sakra.governance.models import Forum
from sakra.incidents.models import IncidentCategory
from sakra.organisation.models import SecurityArea, Unit

from . import services
from .choices import AnalysisKind, AnalysisStatus, DependencyKind, Fulfilment, Treatment
from .models import PreparednessIndicator, Risk, RiskAnalysis

DOMAIN = "demo.sakra.se"
RSA_TITLE = "Regional risk- och sårbarhetsanalys 2019–2022"

RESPONSIBILITY = (
    "Region Halland ansvarar för hälso- och sjukvård, kollektivtrafik och regional utveckling i "
    "Halland. Enligt lagen (2006:544) om kommuners och regioners åtgärder inför och vid "
    "extraordinära händelser ska regionen analysera vilka sådana händelser som kan inträffa och "
    "hur de kan påverka verksamheten.\n\nAnalysen omfattar regionens samtliga förvaltningar."
)
METHOD = (
    "Analysen har tagits fram i workshoppar med förvaltningarnas säkerhetssamordnare och "
    "funktionsområdesansvariga under våren 2019. Risker har bedömts med regionens riskmatris "
    "(sannolikhet × konsekvens, fem steg vardera). Omvärldsbevakning och inrapporterade "
    "avvikelser har använts som underlag."
)
PREPAREDNESS = (
    "Krisberedskapen har bedömts mot MSB:s indikatorer: krisledningsplan finns och är övad, "
    "tjänsteman i beredskap finns dygnet runt, reservkraft finns på alla sjukhus. Förmågan att "
    "hantera långvariga avbrott i läkemedelsförsörjningen bedöms som delvis god."
)
VULNERABILITIES = (
    "Beroendet av ett fåtal leverantörer för medicinska gaser och läkemedel.\n\n"
    "Reservvatten räcker i 24 timmar vid sjukhuset i Varberg.\n\n"
    "Kontinuitetsplaner saknas för delar av IT-driften."
)
# (name, unit, hours, backup, [(dependency, hours, backup)])
SERVICES = [
    (
        "Akut sjukvård",
        "hs",
        0,
        "Omfördelning mellan sjukhusen i Halmstad och Varberg.",
        [
            (DependencyKind.ELECTRICITY, 0, "Reservkraft med bränsle för 72 timmar."),
            (DependencyKind.WATER, 24, "Reservvattentank och avtal om tankbil."),
            (DependencyKind.MEDICAL_GASES, 4, "Reservlager av syrgas i flaskor."),
            (DependencyKind.IT_TELECOM, 2, "Pappersrutiner och reservtelefoni (RAKEL)."),
            (DependencyKind.STAFF, 8, "Förstärkningsplan med inkallning."),
        ],
    ),
    (
        "Ambulanssjukvård",
        "adh-amb",
        0,
        "Samverkan med grannregionerna.",
        [
            (DependencyKind.TRANSPORT, 1, "Reservfordon på varje station."),
            (DependencyKind.IT_TELECOM, 1, "RAKEL som reserv för larmkommunikation."),
        ],
    ),
    (
        "Läkemedelsförsörjning",
        "hs",
        48,
        "Beredskapslager för 30 dagar.",
        [
            (DependencyKind.MEDICINES, 48, "Beredskapslager och avtal med två grossister."),
            (DependencyKind.PROTECTIVE_EQUIPMENT, 72, "Regionalt lager av skyddsutrustning."),
        ],
    ),
    (
        "Kost till inneliggande patienter",
        "rgs-kost-varberg",
        12,
        "Torrvarulager för tre dygn.",
        [
            (DependencyKind.FOOD, 12, "Avtal med två livsmedelsleverantörer."),
            (DependencyKind.HEATING_COOLING, 24, "Reservkyla för kylrum."),
        ],
    ),
]
# The RSA's assessment against the region's preparedness indicators: (indicator, how far, why).
PREPAREDNESS_ASSESSED = [
    ("Plan för extraordinära händelser", Fulfilment.MET, "Fastställd av regionfullmäktige 2019."),
    ("Krisledning dygnet runt", Fulfilment.MET, "Tjänsteman i beredskap dygnet runt."),
    ("Övad krisledning", Fulfilment.PARTLY, "Staben övad 2019; nämnden inte övad."),
    ("Utbildad krisorganisation", Fulfilment.PARTLY, "Stabsutbildning för hälften av rollerna."),
    ("Kontinuitetsplaner", Fulfilment.NOT_MET, "Saknas för delar av IT-driften."),
    (
        "Reservkraft och reservvatten",
        Fulfilment.PARTLY,
        "Reservkraft på alla sjukhus; reservvatten i Varberg räcker 24 timmar.",
    ),
    (
        "Lager av läkemedel och skyddsutrustning",
        Fulfilment.PARTLY,
        "Beredskapslager byggs upp enligt den nationella planen.",
    ),
    ("Samverkan i länet", Fulfilment.MET, "Regional samverkan i Samverkan Halland."),
    ("Lägesbild och samband", Fulfilment.MET, "Rakel och WIS används och övas."),
    ("Kriskommunikation", Fulfilment.MET, "Kriskommunikationsplan finns."),
]
# The RSA's yearly follow-ups in its mandate period 2019–2022.
FOLLOW_UPS = {
    2020: "Pandemin prövade förstärkningsplanen och lagren av skyddsutrustning. Avtal om "
    "prioriterad bränsleleverans tecknat; reservrutiner vid IT-avbrott övade.",
    2021: "Beredskapslager av läkemedel för 30 dagar uppbyggt. Tvåfaktorsinloggning för "
    "fjärråtkomst införd. Kontinuitetsplaner för IT-driften återstår.",
    2022: "Andra leverantör av syrgas ännu inte upphandlad; åtgärden flyttas till nästa "
    "mandatperiods RSA.",
}
# (title, area, (inherent l, c), (current l, c), treatment, justification, category, actions)
RSA_RISKS = [
    (
        "Långvarigt elavbrott",
        "krisberedskap",
        (3, 5),
        (2, 5),
        Treatment.REDUCE,
        "Reservkraften täcker vårdkritiska delar; bränsleavtal behövs.",
        "storning-el",
        [
            ("Teckna avtal om prioriterad bränsleleverans", 2020, True),
            ("Provkör reservkraften under full last årligen", 2021, True),
        ],
    ),
    (
        "Brist på läkemedel och medicinska gaser",
        "krisberedskap",
        (3, 4),
        (3, 4),
        Treatment.REDUCE,
        "Beredskapslager byggs upp enligt den nationella planen.",
        None,
        [
            ("Bygg upp beredskapslager för 30 dagar", 2021, True),
            ("Avtala om en andra leverantör av syrgas", 2022, False),
        ],
    ),
    (
        "Cyberangrepp mot journalsystemet",
        "informationssakerhet",
        (4, 4),
        (3, 4),
        Treatment.REDUCE,
        "Segmentering och övade reservrutiner.",
        "storning-it",
        [
            ("Öva reservrutiner vid IT-avbrott", 2020, True),
            ("Inför tvåfaktorsinloggning för fjärråtkomst", 2021, True),
        ],
    ),
    (
        "Pandemi med hög frånvaro",
        "krisberedskap",
        (3, 4),
        (2, 4),
        Treatment.REDUCE,
        "Förstärkningsplan och lager av skyddsutrustning.",
        None,
        [("Ta fram förstärkningsplan för personal", 2020, True)],
    ),
    (
        "Avbrott i vattenförsörjningen i Varberg",
        "krisberedskap",
        (2, 4),
        (2, 3),
        Treatment.ACCEPT,
        "Reservvatten och avtal om tankbil ger godtagbar nivå.",
        None,
        [],
    ),
]


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def _actions(risk: Risk, owner: User, unit: Unit, planned) -> list[Action]:
    source_type = ContentType.objects.get_for_model(Risk)
    rows = []
    for title, year, done in planned:
        due = datetime.date(year, 10, 31)
        rows.append(
            Action(
                title=title, owner=owner, unit=unit, area=risk.area, due_date=due,
                status=ActionStatus.DONE if done else ActionStatus.IN_PROGRESS,
                completed_at=timezone.make_aware(datetime.datetime(year, 9, 15, 12))
                if done else None,
                source_type=source_type, source_id=risk.pk, created_by=owner,
            )
        )  # fmt: skip
    return rows


def _regional_rsa(chief: User, areas: dict) -> RiskAnalysis:
    region = Unit.objects.get(code="region-halland")
    rsa = services.create_analysis(
        by=chief, title=RSA_TITLE, kind=AnalysisKind.REGIONAL_RSA, unit=region,
        area=areas["krisberedskap"], period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2022, 12, 31),
        participants=[_user("ulla.berg"), _user("sara.nilsson"), _user("elin.falk")],
        method=METHOD, responsibility=RESPONSIBILITY, preparedness=PREPAREDNESS,
        vulnerabilities=VULNERABILITIES,
    )  # fmt: skip
    for name, unit_code, hours, backup, dependencies in SERVICES:
        service = services.add_critical_service(
            by=chief, name=name, unit=Unit.objects.get(code=unit_code),
            tolerable_outage_hours=hours, analysis=rsa, backup=backup,
        )  # fmt: skip
        for kind, dep_hours, dep_backup in dependencies:
            services.add_dependency(
                service, by=chief, kind=kind, tolerable_outage_hours=dep_hours, backup=dep_backup
            )
    owner = _user("ulla.berg")
    actions = []
    for title, area, inherent, current, treatment, why, category, planned in RSA_RISKS:
        risk = services.create_risk(
            rsa, by=chief, title=title, area=areas[area], owner=owner,
            inherent_likelihood=inherent[0], inherent_consequence=inherent[1],
            current_likelihood=current[0], current_consequence=current[1],
            residual_likelihood=max(1, current[0] - 1), residual_consequence=current[1],
            treatment=treatment, justification=why,
            acceptance_expires=datetime.date(timezone.localdate().year + 1, 12, 31)
            if treatment == Treatment.ACCEPT else None,
            categories=IncidentCategory.objects.filter(code=category) if category else [],
        )  # fmt: skip
        actions += _actions(risk, owner, rsa.unit, planned)
    Action.objects.bulk_create(actions)
    log_bulk_created(Action.objects.filter(source_type__model="risk"), actor=None)
    indicators = {row.name: row for row in PreparednessIndicator.objects.all()}
    for name, fulfilment, comment in PREPAREDNESS_ASSESSED:
        if name in indicators:
            services.assess_preparedness(
                rsa, by=chief, indicator=indicators[name], fulfilment=fulfilment, comment=comment
            )
    forum, _created = Forum.objects.get_or_create(
        name="Regionstyrelsen", defaults={"kind": ForumKind.POLITICAL}
    )
    rsa = services.approve_analysis(
        rsa, by=chief, version=rsa.version, forum=forum, decided_on=datetime.date(2019, 10, 23),
        paragraph="§ 187", registry_number="RS190412",
        text="Regionstyrelsen fastställer den regionala risk- och sårbarhetsanalysen.",
    )  # fmt: skip
    for year, summary in FOLLOW_UPS.items():
        services.record_follow_up(rsa, by=chief, year=year, summary=summary)
    return rsa


def _unit_analysis(areas: dict) -> RiskAnalysis:
    manager = _user("maria.lindqvist")
    unit = Unit.objects.get(code="hs-akut-halmstad")
    today = timezone.localdate()
    analysis = services.create_analysis(
        by=manager, title="Riskanalys Akutmottagningen Halmstad", kind=AnalysisKind.UNIT,
        unit=unit, period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31), participants=[manager, _user("anna.andersson")],
        method="Genomgång på arbetsplatsträff med skyddsombud.",
    )  # fmt: skip
    analysis = services.change_status(
        analysis, by=manager, version=analysis.version, status=AnalysisStatus.IN_PROGRESS
    )
    services.create_risk(
        analysis, by=manager, title="Överbeläggning i väntrummet", area=areas["krisberedskap"],
        owner=manager, inherent_likelihood=4, inherent_consequence=3, treatment="",
        scenario="Fler patienter än platser under helger och sommar.",
        review_date=today - datetime.timedelta(days=5),
    )  # fmt: skip
    services.create_risk(
        analysis, by=manager, title="Utrymning av akutrummen vid brand",
        area=areas["brandskydd"], owner=manager, inherent_likelihood=2, inherent_consequence=4,
        current_likelihood=2, current_consequence=3, treatment=Treatment.REDUCE,
        justification="Utrymningsövning planeras.",
    )  # fmt: skip
    return analysis


def _threat_assessment(areas: dict) -> RiskAnalysis:
    owner = _user("lena.holm")
    manager = _user("erik.ahl")
    today = timezone.localdate()
    analysis = services.create_analysis(
        by=owner, title="Bedömning av hot och våld, Psykiatrisk akutvård Halmstad",
        kind=AnalysisKind.THREATS, unit=Unit.objects.get(code="hs-psyk-akut"),
        area=areas["hot-och-vald"], period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31), participants=[owner, manager],
        is_confidential=True, method="Skyddsrond och intervjuer med personalen.",
    )  # fmt: skip
    services.create_risk(
        analysis, by=owner, title="Våld mot personal vid intagning", area=areas["hot-och-vald"],
        owner=owner, inherent_likelihood=4, inherent_consequence=4, current_likelihood=3,
        current_consequence=4, treatment=Treatment.REDUCE,
        justification="Larm, bemanning och utbildning i bemötande.",
        categories=IncidentCategory.objects.filter(code="hot-vald-personal"),
    )  # fmt: skip
    return analysis


def _notes(chief: User, areas: dict, rsa: RiskAnalysis) -> None:
    services.create_note(
        by=chief, noted_on=timezone.localdate() - datetime.timedelta(days=20),
        source="MSB: Hotbild mot kritisk infrastruktur",
        summary="Ökat antal angrepp mot energisektorn i Europa; långvariga elavbrott möjliga.",
        areas=[areas["krisberedskap"], areas["civilt-forsvar"]],
    )  # fmt: skip
    note = services.create_note(
        by=chief, noted_on=timezone.localdate() - datetime.timedelta(days=7),
        source="Läkemedelsverket: restnoteringar",
        summary="Fler restnoterade antibiotika än tidigare vintrar.",
        areas=[areas["krisberedskap"]],
    )  # fmt: skip
    unit_analysis = RiskAnalysis.objects.get(title="Riskanalys Akutmottagningen Halmstad")
    services.create_risk(
        unit_analysis, by=chief, title="Restnoterade antibiotika", area=areas["krisberedskap"],
        owner=_user("maria.lindqvist"), inherent_likelihood=3, inherent_consequence=3,
        treatment=Treatment.REDUCE, justification="Alternativa preparat i rutinen.", note=note,
    )  # fmt: skip


def _rsa_indicator(chief: User) -> None:
    """The seed 000 RSA goal's computed indicator, unless the goals demo made it already."""
    from sakra.goals import services as goals
    from sakra.goals.models import Goal, Indicator

    goal = Goal.objects.filter(title__startswith="Regionövergripande risk- och sårbarhet").first()
    if goal is None or Indicator.objects.filter(goal=goal, kind="rsa_actions_done").exists():
        return
    goals.create_indicator(
        goal=goal, title="Åtgärder i RSA:ns handlingsplan genomförda (%), beräknat",
        kind="rsa_actions_done", baseline_year=2019, target_year=2022, target_value=100,
    )  # fmt: skip


def load() -> list[str]:
    if not User.objects.filter(email=f"karin.strom@{DOMAIN}").exists():
        return []
    if RiskAnalysis.objects.filter(title=RSA_TITLE).exists():
        return []
    chief = _user("karin.strom")
    areas = {area.code: area for area in SecurityArea.objects.all()}
    rsa = _regional_rsa(chief, areas)
    _unit_analysis(areas)
    _threat_assessment(areas)
    _notes(chief, areas, rsa)
    _rsa_indicator(chief)
    return [
        _("Risks: {analyses} analyses with {risks} risks.").format(
            analyses=RiskAnalysis.objects.count(), risks=Risk.objects.count()
        )
    ]
