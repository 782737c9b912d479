"""Demo data: a continuity plan for each of the RSA's critical services (the acute care's is
flagged: its medical-gas backup lasts shorter than its tolerance), the backups of their
dependencies, and a closed crisis with its log, its correction and an evaluation action; then
critical supply, civil defence, exercises and training (`demo_readiness.py`)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.models import User
from sakra.actions import services as actions
from sakra.organisation.models import Site
from sakra.risks.choices import DependencyKind
from sakra.risks.models import CriticalService

from . import demo_readiness, services
from .choices import EntryKind
from .models import ContinuityPlan, Crisis, CrisisTemplate

DOMAIN = "demo.sakra.se"
CRISIS_TITLE = "Strömavbrott vid Hallands sjukhus Varberg"

#: How long each kind of backup lasts in the demo (hours).
BACKUP_HOURS = {
    DependencyKind.ELECTRICITY: 72, DependencyKind.WATER: 48, DependencyKind.MEDICAL_GASES: 2,
    DependencyKind.IT_TELECOM: 24, DependencyKind.STAFF: 72, DependencyKind.TRANSPORT: 24,
    DependencyKind.MEDICINES: 720, DependencyKind.FOOD: 72,
    DependencyKind.PROTECTIVE_EQUIPMENT: 336, DependencyKind.HEATING_COOLING: 36,
}  # fmt: skip
#: Per service: tolerable interruption (hours) and consequence at 1 h, 4 h, 1 day, 3 days, 1 week.
PLANS = {
    "Akut sjukvård": (4, (2, 3, 4, 5, 5)),
    "Ambulanssjukvård": (1, (3, 4, 5, 5, 5)),
    "Läkemedelsförsörjning": (48, (1, 1, 2, 3, 4)),
    "Kost till inneliggande patienter": (12, (1, 1, 3, 4, 4)),
}
TEMPLATES = [
    ("Störning i elförsörjning", ["Stabschef", "Loggförare", "Kommunikation", "Teknik"],
     ["Kontrollera reservkraftens bränsle", "Informera vårdenheterna", "Kontakta elnätsbolaget"]),
    ("Hot mot verksamheten", ["Stabschef", "Loggförare", "Kommunikation", "Säkerhet"],
     ["Kontakta polisen", "Bedöm behov av skalskydd", "Informera medarbetarna"]),
]  # fmt: skip


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def _plans(chief: User, coordinator: User) -> int:
    today = timezone.localdate()
    made = 0
    for service in CriticalService.objects.prefetch_related("dependencies"):
        hours, impacts = PLANS.get(service.name, (24, (1, 2, 2, 3, 4)))
        for dependency in service.dependencies.all():
            if not hasattr(dependency, "continuity_backup"):
                services.record_backup(
                    dependency, by=chief, lasts_hours=BACKUP_HOURS.get(dependency.kind),
                    checked_on=today - datetime.timedelta(days=30),
                )  # fmt: skip
        services.create_plan(
            by=chief, service=service, title=f"Kontinuitetsplan: {service.name}",
            what_continues=service.description or service.name,
            minimum_level="Livshotande tillstånd tas om hand; planerad vård kan skjutas upp.",
            tolerable_hours=hours, impact_1h=impacts[0], impact_4h=impacts[1],
            impact_1d=impacts[2], impact_3d=impacts[3], impact_1w=impacts[4],
            alternatives=service.backup, resources="Reservkraft, pappersjournaler, RAKEL.",
            contacts="Tjänsteman i beredskap, 010-476 00 00", responsible=coordinator,
            review_date=today + datetime.timedelta(days=180),
        )  # fmt: skip
        made += 1
    return made


def _crisis(chief: User, coordinator: User) -> Crisis:
    template = CrisisTemplate.objects.get(name=TEMPLATES[0][0])
    hs = coordinator.home_unit
    crisis = services.open_crisis(
        by=chief, title=CRISIS_TITLE, unit=hs, template=template,
        sites=Site.objects.filter(city="Varberg")[:1],
        summary="Elen tillbaka efter 3 timmar; reservkraften bar hela tiden.",
    )  # fmt: skip
    services.assign_role(crisis, by=chief, person=coordinator, role="Loggförare")
    start = timezone.now() - datetime.timedelta(days=40)
    first = services.append_entry(
        crisis, by=coordinator, kind=EntryKind.EVENT, happened_at=start,
        text="Strömavbrott i hela sjukhusområdet; reservkraften startade efter 12 sekunder.",
    )  # fmt: skip
    services.append_entry(
        crisis, by=chief, kind=EntryKind.DECISION, happened_at=start + datetime.timedelta(minutes=20),
        text="Planerade operationer skjuts upp till i morgon.", decided_by="Karin Ström, stabschef",
        basis="Reservkraften räcker men ventilationen i operation är begränsad.",
    )  # fmt: skip
    services.append_entry(
        crisis, by=coordinator, kind=EntryKind.MEASURE,
        happened_at=start + datetime.timedelta(minutes=45),
        text="Tankbil med diesel beställd för påfyllning av reservkraften.",
    )  # fmt: skip
    services.append_entry(
        crisis, by=coordinator, kind=EntryKind.EVENT, corrects=first,
        happened_at=start - datetime.timedelta(minutes=3),
        text="Rättelse: strömavbrottet började 3 minuter tidigare enligt driftlarmet.",
    )  # fmt: skip
    crisis = services.close_crisis(
        crisis, by=chief, version=crisis.version,
        evaluation="Reservkraften höll. Bränsleavtalet behöver en andra leverantör.",
    )  # fmt: skip
    actions.create_action(
        by=chief, source=crisis, title="Teckna avtal med en andra bränsleleverantör",
        owner=coordinator, due_date=timezone.localdate() + datetime.timedelta(days=90),
    )  # fmt: skip
    return crisis


#: The power cut at Varberg (the demo crisis), reported as an incident: it lasted longer than the
#: acute care's plan tolerates, so that plan is flagged (issue 24, sakra/continuity/disruptions.py).
DISRUPTION_KEY = "demo-disruption-varberg"


def _disruption() -> bool:
    from sakra.incidents.models import Incident, IncidentCategory
    from sakra.incidents.services import report_incident
    from sakra.organisation.models import Unit

    reporter = User.objects.filter(email=f"anna.andersson@{DOMAIN}").first()
    category = IncidentCategory.objects.filter(code="storning-el").first()
    unit = Unit.objects.filter(code="hs-akut-varberg").first()
    if (
        None in (reporter, category, unit)
        or Incident.objects.filter(reporter=reporter, idempotency_key=DISRUPTION_KEY).exists()
    ):
        return False
    started = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(days=20)
    report_incident(
        by=reporter, category=category, occurred_at=started, unit=unit,
        site=unit.sites.first(), idempotency_key=DISRUPTION_KEY, supply=DependencyKind.ELECTRICITY,
        description="Strömavbrott i hela sjukhusområdet; reservkraften startade först efter "
        "felsökning och akuten arbetade med reservrutiner.",
        disruption_ended_at=started + datetime.timedelta(hours=6, minutes=30),
    )  # fmt: skip
    return True


def load() -> list[str]:
    if not User.objects.filter(email=f"karin.strom@{DOMAIN}").exists():
        return []
    for name, roles, checklist in TEMPLATES:
        CrisisTemplate.objects.get_or_create(
            name=name, defaults={"roles": roles, "checklist": checklist}
        )
    chief, coordinator = _user("karin.strom"), _user("sara.nilsson")
    lines = []
    if not (ContinuityPlan.objects.exists() or Crisis.objects.filter(title=CRISIS_TITLE).exists()):
        plans = _plans(chief, coordinator)
        _crisis(chief, coordinator)
        lines.append(
            _("Continuity: {plans} plans and a closed crisis with its log.").format(plans=plans)
        )
    if _disruption():
        lines.append(_("Continuity: a power cut that lasted longer than a plan tolerates."))
    made = demo_readiness.load(chief, coordinator)
    if any(made.values()):
        lines.append(_(
            "Continuity: {stocks} stocks of critical goods, {wartime} plans for heightened alert, "
            "{exercises} exercises and {training} training records."
        ).format(**made))  # fmt: skip
    return lines
