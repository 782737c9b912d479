"""Demo incidents 2019–2026 for the demo region, the category catalogue and Peter Ek's on-call shifts.

Deterministic (a fixed seed) and idempotent: rows carry external ids `demo-N`. Fires and
burglaries fall from 2019 to 2022 so the goals of seed 000 have a baseline to compare with.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment, User
from sakra.organisation.models import Unit

from . import deadlines, summary
from .choices import DismissalKind, Severity, Status, TimelineKind
from .models import (
    LOCAL_ZONE,
    Incident,
    IncidentCategory,
    IncidentObligation,
    IncidentSequence,
    OnCallShift,
    TimelineEntry,
)
from .services import load_catalogue

SEED = 2026
YEARS = range(2019, 2027)

# Reports a year per category code: fires and burglary-like events halve by 2022 (seed 000),
# threats and violence grow (seed 002).
PER_YEAR = {
    "brand":                [12, 10, 8, 6, 6, 5, 5, 3],
    "brandlarm-utan-brand": [10, 10, 9, 9, 8, 8, 7, 5],
    "inbrott":              [8, 7, 5, 4, 4, 3, 3, 2],
    "stold":                [10, 9, 7, 5, 5, 5, 4, 3],
    "skadegorelse":         [6, 5, 4, 3, 3, 3, 2, 2],
    "angrepp-skalskydd":    [4, 3, 3, 2, 2, 1, 1, 1],
    "obehorigt-intrang":    [3, 3, 3, 3, 2, 2, 2, 1],
    "hot":                  [4, 5, 6, 7, 8, 9, 10, 8],
    "vald":                 [2, 2, 3, 3, 4, 4, 5, 4],
    "hot-vald-personal":    [3, 3, 4, 5, 5, 6, 7, 5],
    "personuppgiftsincident": [2, 2, 3, 3, 3, 4, 4, 3],
    "it-incident":          [3, 3, 4, 4, 5, 5, 5, 4],
    "storning-el":          [1, 1, 1, 2, 1, 1, 1, 1],
    "storning-it":          [2, 2, 2, 2, 3, 2, 2, 2],
    "farligt-gods":         [0, 1, 0, 1, 0, 1, 0, 1],
}  # fmt: skip

DESCRIPTIONS = {
    "brand": ["Brand i papperskorg i personalrum, släckt med handbrandsläckare.", "Rökutveckling från torktumlare i tvättstugan.", "Brand i elcentral, räddningstjänsten larmad."],
    "brandlarm-utan-brand": ["Brandlarm utlöst av matos i pentry.", "Larm från rökdetektor vid hantverksarbete utan att larmet kopplats ur.", "Felaktigt larm från detektor i korridor."],
    "inbrott": ["Inbrott i förråd, dörren uppbruten under natten.", "Inbrott i personalens omklädningsrum, skåp uppbrutna.", "Fönster krossat och datorer stulna från kontor."],
    "stold": ["Stöld av plånbok från personalrum.", "Cykel stulen från låst cykelgarage.", "Läkemedel saknas vid inventering."],
    "skadegorelse": ["Klotter på fasad vid huvudentrén.", "Sönderslagen glasruta i väntrum.", "Skadegörelse på parkerade tjänstebilar."],
    "angrepp-skalskydd": ["Försök att bryta upp dörr till kulvert.", "Staket vid lastkaj uppklippt.", "Kortläsare vid personalingång skadad."],
    "obehorigt-intrang": ["Okänd person påträffad i läkemedelsrum.", "Obehörig person i personalutrymme efter stängning.", "Person följde efter personal genom passerkontrollerad dörr."],
    "hot": ["Anhörig uttalade hot mot personal i receptionen.", "Patient hotade personal verbalt under natten.", "Hotfullt telefonsamtal till mottagningen."],
    "vald": ["Patient slog mot personal vid omvårdnad.", "Bråk mellan besökare i väntrummet, väktare tillkallade.", "Knuff mot personal i entrén."],
    "hot-vald-personal": ["Medarbetare sparkad av patient under transport.", "Medarbetare hotad med kniv i akutrummet.", "Personal knuffad och hotad av anhörig."],
    "personuppgiftsincident": ["E-post med patientuppgifter skickad till fel mottagare.", "Journalutdrag lämnat kvar i skrivare i allmänt utrymme.", "Obehörig åtkomst till journal upptäckt vid loggkontroll."],
    "it-incident": ["Nätfiskemejl där en medarbetare angav sina inloggningsuppgifter.", "Skadlig kod upptäckt på arbetsstation.", "Misstänkt obehörig inloggning på systemkonto."],
    "storning-el": ["Strömavbrott i del av byggnaden, reservkraft startade.", "Elavbrott i laboratoriet under 20 minuter."],
    "storning-it": ["Journalsystemet otillgängligt i två timmar.", "Nätverksstörning påverkade labbsvar."],
    "farligt-gods": ["Läckage från behållare med kemikalier vid leverans.", "Felmärkt transport av farligt gods vid godsmottagningen."],
}  # fmt: skip

UNITS = [
    ("hs-akut-halmstad", 6), ("hs-akut-varberg", 4), ("hs-med-51", 3), ("hs-med-12", 3),
    ("hs-psyk-akut", 5), ("adh-amb-halmstad", 2), ("adh-amb-kungsbacka", 2), ("adh-lab-kemi", 2),
    ("rgs-drift-halmstad", 3), ("rgs-kost-varberg", 2), ("nsvh-vc-kungsbacka", 2),
    ("nsvh-vc-varberg", 2), ("nsvh-ftv-halmstad", 1), ("rk-sak-enhet", 1),
]  # fmt: skip
# Fires peak in winter, burglaries in the dark half of the year: a mild seasonal weight.
MONTH_WEIGHTS = [12, 11, 10, 8, 7, 6, 6, 7, 8, 9, 11, 12]
REPORTERS = ["anna.andersson", "maria.lindqvist", "erik.ahl", "sara.nilsson"]


def _moment(rng: random.Random, year: int, now: datetime) -> datetime:
    while True:
        month = rng.choices(range(1, 13), weights=MONTH_WEIGHTS)[0]
        day = rng.randint(1, 28)
        hour = rng.choices(range(24), weights=[2] * 6 + [5] * 12 + [3] * 6)[0]
        moment = datetime(year, month, day, hour, rng.randint(0, 59), tzinfo=LOCAL_ZONE)
        if moment < now - timedelta(days=2):
            return moment


def _status(rng: random.Random, occurred: datetime, now: datetime) -> str:
    age = (now - occurred).days
    if age > 120:
        return rng.choices([Status.CLOSED, Status.DISMISSED], weights=[9, 1])[0]
    return rng.choice(
        [Status.REPORTED, Status.UNDER_INVESTIGATION, Status.ACTIONS_DECIDED, Status.CLOSED]
    )


def _load_on_call(now: datetime) -> None:
    peter = User.objects.filter(email="peter.ek@demo.sakra.se").first()
    chief = User.objects.filter(email="karin.strom@demo.sakra.se").first()
    if peter is None:
        return
    start = timezone.localtime(now, LOCAL_ZONE).replace(hour=7, minute=0, second=0, microsecond=0)
    for administration in Unit.objects.administrations():
        if not OnCallShift.objects.filter(
            person=peter, administration=administration, ends_at__gt=now
        ).exists():
            OnCallShift.objects.create(
                person=peter, administration=administration, starts_at=start - timedelta(days=1),
                ends_at=start + timedelta(days=7), created_by=chief,
            )  # fmt: skip


def _handlers() -> dict[str, User]:
    """The default handler per administration code: its security coordinator."""
    assignments = RoleAssignment.objects.filter(
        role=Role.SECURITY_COORDINATOR, unit__isnull=False
    ).select_related("user", "unit")
    return {a.unit.code: a.user for a in assignments}


def _build(
    rng, categories, units, handlers, reporters, partner, now
) -> list[tuple[Incident, list]]:
    built = []
    counter = 0
    for index, year in enumerate(YEARS):
        for code, counts in PER_YEAR.items():
            category = categories.get(code)
            if category is None:
                continue
            for _n in range(counts[index]):
                counter += 1
                unit = units[rng.choices([u for u, _w in UNITS], weights=[w for _u, w in UNITS])[0]]
                occurred = _moment(rng, year, now)
                aware = occurred + timedelta(minutes=rng.randint(5, 600))
                status = _status(rng, occurred, now)
                administration = unit.administration
                anonymous = category.allows_anonymous and rng.random() < 0.15
                incident = Incident(
                    external_id=f"demo-{counter}",
                    category=category, area_id=category.area_id, unit=unit,
                    administration=administration, site=unit.sites.first(),
                    occurred_at=occurred, aware_at=aware,
                    occurred_date=occurred.date(), occurred_year=occurred.year,
                    description=rng.choice(DESCRIPTIONS[code]),
                    immediate_measures=rng.choice(["", "Chef informerad.", "Väktare tillkallade.", "Området avspärrat."]),
                    people_harmed=rng.choice([0, 0, 0, 1]) if code in ("vald", "hot-vald-personal") else 0,
                    police_reported=code in ("inbrott", "vald", "stold") and rng.random() < 0.6,
                    is_acute=code in ("hot", "vald", "hot-vald-personal") and rng.random() < 0.3,
                    severity=category.default_severity if rng.random() < 0.7 else rng.choice(Severity.values),
                    status=status,
                    handler=handlers.get(administration.code) if administration else None,
                    reporter=None if anonymous else rng.choice(reporters),
                    is_restricted=category.is_restricted,
                    dismissed_reason="Dubblettrapport." if status == Status.DISMISSED else "",
                    closed_at=aware + timedelta(days=rng.randint(3, 60)) if status in (Status.CLOSED, Status.DISMISSED) else None,
                )  # fmt: skip
                if incident.is_acute:
                    incident.acknowledged_at = aware + timedelta(minutes=rng.randint(2, 14))
                    incident.acknowledged_by = partner
                built.append((incident, list(category.obligations.all())))
    built.sort(key=lambda pair: pair[0].aware_at)
    return built


def _point_duplicates(incidents: list[Incident]) -> None:
    """Each dismissed demo report is a second report of an event already reported: it names
    the report of the same category, nearest in time, that it duplicates."""
    events: dict[int, list[Incident]] = {}
    for incident in incidents:
        if incident.status != Status.DISMISSED:
            events.setdefault(incident.category_id, []).append(incident)
    dismissed = [incident for incident in incidents if incident.status == Status.DISMISSED]
    for incident in dismissed:
        same_kind = events.get(incident.category_id)
        if not same_kind:
            incident.dismissal_kind = DismissalKind.MISTAKE
            incident.dismissed_reason = "Rapporterad av misstag."
            continue
        original = min(same_kind, key=lambda other: abs(other.occurred_at - incident.occurred_at))
        incident.dismissal_kind, incident.duplicate_of = DismissalKind.DUPLICATE, original
        incident.dismissed_reason = f"Dubblett av {original.reference}."
        # The same event, told again by someone else a little later.
        incident.occurred_at = original.occurred_at
        incident.aware_at = max(original.aware_at, incident.occurred_at) + timedelta(minutes=30)
        incident.set_local_dates()
    Incident.objects.bulk_update(
        dismissed,
        ["dismissal_kind", "duplicate_of", "dismissed_reason", "occurred_at", "aware_at",
         "occurred_date", "occurred_year"],
        batch_size=500,
    )  # fmt: skip


def _number(built) -> None:
    """References in the order the region became aware, per year, continuing each year's row."""
    by_year: dict[int, int] = {}
    for incident, _obligations in built:
        year = timezone.localtime(incident.aware_at, LOCAL_ZONE).year
        by_year[year] = by_year.get(year, 0) + 1
    for year, count in by_year.items():
        sequence, _created = IncidentSequence.objects.select_for_update().get_or_create(year=year)
        start = sequence.last_number
        sequence.last_number += count
        sequence.save(update_fields=["last_number"])
        by_year[year] = start
    for incident, _obligations in built:
        year = timezone.localtime(incident.aware_at, LOCAL_ZONE).year
        by_year[year] += 1
        incident.reference = f"AVV-{year}-{by_year[year]:06d}"


def _current_acute(categories, units, reporters, now) -> None:
    """One acute threat a few minutes old, waiting for the partner on duty (for the demo walk)."""
    category = categories.get("hot-vald-personal")
    if category is None or Incident.objects.filter(external_id="demo-acute").exists():
        return
    from .services import allocate_reference

    unit = units["hs-akut-halmstad"]
    occurred = now - timedelta(minutes=6)
    incident = Incident.objects.create(
        external_id="demo-acute", reference=allocate_reference(now), category=category,
        area_id=category.area_id, unit=unit, administration=unit.administration,
        site=unit.sites.first(), occurred_at=occurred, aware_at=now - timedelta(minutes=4),
        description="Patient hotar personal med tillhygge i akutrummet, väktare på väg.",
        immediate_measures="Personal har lämnat rummet.", is_acute=True,
        severity=Severity.CRITICAL, reporter=reporters[0], is_restricted=True,
        handler=_handlers().get("hs"),
    )  # fmt: skip
    summary.count_in([incident])
    deadlines.create_duties(incident, category.obligations.all(), by=None)
    TimelineEntry.objects.create(
        incident=incident, kind=TimelineKind.NOTIFICATION_SENT,
        text=_("Acute alert sent to {names}.").format(names="Peter Ek"),
        data={"reason": "on_call"},
    )  # fmt: skip


#: Near misses (tillbud, issue 15): (external id, category code, unit code, days ago, status,
#: description). Counted apart from events, so no goal of the demo counts them.
NEAR_MISSES = [
    ("demo-near-miss-1", "obehorigt-intrang", "hs-akut-halmstad", 12, Status.UNDER_INVESTIGATION,
     "Dörren till läkemedelsrummet stod olåst under natten; upptäcktes vid rond innan någon "
     "obehörig kom in."),
    ("demo-near-miss-2", "it-incident", "adh-lab-kemi", 40, Status.CLOSED,
     "Nätfiskemejl i en kollegas inkorg; rapporterades innan någon klickade på länken."),
]  # fmt: skip


def _near_misses(categories, units, reporters, now) -> int:
    from .services import allocate_reference

    made = 0
    for external_id, code, unit_code, days, status, description in NEAR_MISSES:
        category, unit = categories.get(code), units.get(unit_code)
        if (
            category is None
            or unit is None
            or Incident.objects.filter(external_id=external_id).exists()
        ):
            continue
        occurred = now - timedelta(days=days)
        incident = Incident.objects.create(
            external_id=external_id, reference=allocate_reference(occurred), category=category,
            area_id=category.area_id, unit=unit, administration=unit.administration,
            site=unit.sites.first(), occurred_at=occurred, aware_at=occurred + timedelta(hours=1),
            description=description, severity=category.default_severity, status=status,
            reporter=reporters[made % len(reporters)], is_restricted=category.is_restricted,
            handler=_handlers().get(unit.administration.code), is_near_miss=True,
            closed_at=occurred + timedelta(days=5) if status == Status.CLOSED else None,
        )  # fmt: skip
        summary.count_in([incident])
        deadlines.create_duties(incident, category.obligations.all(), by=None)
        made += 1
    return made


def _draft_notice() -> None:
    """A personal data breach still handled, its IMY notification drafted, not yet sent."""
    from .notices import services as notices
    from .notices import specs
    from .notices.models import AuthorityNotice

    if AuthorityNotice.objects.exists():
        return
    duty = (
        IncidentObligation.objects.pending()
        .filter(obligation__code="gdpr-imy")
        .select_related("obligation", "incident__category", "incident__unit", "incident__site")
        .order_by("-incident__occurred_at")
        .first()
    )
    if duty is None:
        return
    content = {
        **specs.prefilled("gdpr-imy", duty.incident),
        "breach_kind": "confidentiality",
        "people_categories": "Patienter",
        "people_count": "1",
        "record_categories": "Journaluppgifter",
        "measures_taken": "Mottagaren har bekräftat att e-posten är raderad.",
        "contact": "Dataskyddsombudet, dataskydd@demo.sakra.se",
    }
    chief = RoleAssignment.objects.filter(role=Role.SECURITY_CHIEF).select_related("user").first()
    by = duty.incident.handler or (chief.user if chief else None)
    if by is not None:
        notices.draft_notice(duty, by=by, content=content)


def load() -> list[str]:
    created, skipped = load_catalogue()
    now = timezone.now()
    _load_on_call(now)
    categories = {c.code: c for c in IncidentCategory.objects.prefetch_related("obligations")}
    units = {u.code: u for u in Unit.objects.prefetch_related("sites")}
    reporters = list(User.objects.filter(email__in=[f"{r}@demo.sakra.se" for r in REPORTERS]))
    if not all(code in units for code, _w in UNITS) or not reporters:
        return []
    lines = []
    if not Incident.objects.filter(external_id__startswith="demo-").exists():
        rng = random.Random(SEED)  # noqa: S311  # nosec B311 - demo data, not security
        reporters.sort(key=lambda u: u.email)
        partner = User.objects.filter(email="peter.ek@demo.sakra.se").first()
        built = _build(rng, categories, units, _handlers(), reporters, partner, now)
        _number(built)
        Incident.objects.bulk_create([incident for incident, _o in built], batch_size=500)
        _point_duplicates([incident for incident, _o in built])
        summary.count_in(incident for incident, _o in built)
        obligations = []
        for incident, category_obligations in built:
            for obligation in category_obligations:
                due = deadlines.due_at(obligation, incident.aware_at)
                done = incident.status in (Status.CLOSED, Status.DISMISSED)
                obligations.append(
                    IncidentObligation(
                        incident=incident, obligation=obligation, due_at=due,
                        reported_at=due - timedelta(hours=1) if done and obligation.deadline_hours else (incident.aware_at if done else None),
                        authority_reference=f"DNR-{incident.reference[4:]}" if done else "",
                    )
                )  # fmt: skip
        IncidentObligation.objects.bulk_create(obligations, batch_size=500)
        lines.append(_("Demo incidents: {count} from 2019 to 2026.").format(count=len(built)))
    _current_acute(categories, units, reporters, now)
    if near_misses := _near_misses(categories, units, reporters, now):
        lines.append(_("Demo near misses: {count}.").format(count=near_misses))
    _draft_notice()
    if created:
        lines.append(_("Incident categories: {count} loaded.").format(count=created))
    if skipped:
        lines.append(
            _("Categories skipped (no matching area): {codes}").format(codes=", ".join(skipped))
        )
    return lines
