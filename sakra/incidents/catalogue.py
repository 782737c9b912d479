# ruff: noqa: E501 - the catalogue reads best as one row a line
"""The categories the seeds name (issue 3), each tied to the first matching area of the catalogue.

An area is found by code from a list of alternatives, so the same catalogue fits the Halland,
Skåne and fourteen-area presets.
"""

from django.db import transaction

from .choices import Severity

# (code, Swedish, English, area codes in order of preference, default severity,
#  restricted, anonymous allowed, obligation codes)
CATEGORIES = [
    ("brand", "Brand", "Fire", ["brandskydd", "brandsakerhet"], Severity.HIGH, False, False, []),
    ("brandlarm-utan-brand", "Brandlarm utan brand", "Fire alarm without fire", ["brandskydd", "brandsakerhet"], Severity.LOW, False, False, []),
    ("inbrott", "Inbrott", "Burglary", ["fysisk-sakerhet", "skalskydd", "kriminalitet"], Severity.MODERATE, False, False, []),
    ("stold", "Stöld", "Theft", ["fysisk-sakerhet", "kriminalitet", "skalskydd"], Severity.LOW, False, True, []),
    ("skadegorelse", "Skadegörelse", "Vandalism", ["fysisk-sakerhet", "kriminalitet", "skalskydd"], Severity.LOW, False, True, []),
    ("angrepp-skalskydd", "Angrepp på skalskyddet", "Attack on the perimeter protection", ["fysisk-sakerhet", "skalskydd", "kriminalitet"], Severity.MODERATE, False, False, []),
    ("obehorigt-intrang", "Obehörigt intrång", "Unauthorised entry", ["fysisk-sakerhet", "tilltradesskydd", "kriminalitet"], Severity.MODERATE, False, True, []),
    ("hot", "Hot", "Threat", ["hot-och-vald", "kriminalitet", "arbetsmiljo"], Severity.HIGH, True, True, []),
    ("vald", "Våld", "Violence", ["hot-och-vald", "kriminalitet", "arbetsmiljo"], Severity.HIGH, True, False, []),
    ("hot-vald-personal", "Hot eller våld mot personal", "Threat or violence against staff", ["hot-och-vald", "arbetsmiljo", "kriminalitet"], Severity.HIGH, True, True, ["av-serious-incident"]),
    ("allvarligt-tillbud", "Allvarligt tillbud i arbetet", "Serious near miss at work", ["fysisk-sakerhet", "arbetsmiljo", "krisberedskap"], Severity.HIGH, False, False, ["av-serious-incident"]),
    ("personuppgiftsincident", "Personuppgiftsincident", "Personal data breach", ["informationssakerhet"], Severity.HIGH, False, False, ["gdpr-imy"]),
    ("it-incident", "IT-incident", "IT incident", ["informationssakerhet", "it-sakerhet"], Severity.MODERATE, False, False, []),
    ("betydande-cyberincident", "Betydande cyberincident", "Significant cyber incident", ["informationssakerhet", "it-sakerhet"], Severity.CRITICAL, False, False, ["nis2-early-warning", "nis2-notification", "nis2-final-report"]),
    ("storning-el", "Störning i elförsörjningen", "Disruption of electricity supply", ["krisberedskap", "driftsakerhet"], Severity.HIGH, False, False, []),
    ("storning-vatten", "Störning i vattenförsörjningen", "Disruption of water supply", ["krisberedskap", "driftsakerhet"], Severity.HIGH, False, False, []),
    ("storning-it", "Störning i IT-driften", "Disruption of IT services", ["informationssakerhet", "driftsakerhet", "it-sakerhet"], Severity.MODERATE, False, False, []),
    ("storning-medicinska-gaser", "Störning i medicinska gaser", "Disruption of medical gases", ["krisberedskap", "driftsakerhet"], Severity.CRITICAL, False, False, []),
    ("farligt-gods", "Farligt gods", "Dangerous goods", ["krisberedskap", "miljo-farligt-gods", "yttre-miljosakerhet", "transportsakerhet"], Severity.HIGH, False, False, []),
    # Issue 15: every area of the three presets has a category. Halland's protective security
    # and civil defence; Skåne's IT security, financial security and transport safety.
    ("sakerhetsskyddsincident", "Säkerhetsskyddsincident", "Protective security incident", ["sakerhetsskydd"], Severity.HIGH, True, False, ["sapo-protective-security"]),
    ("civilt-forsvar-avvikelse", "Avvikelse i civilt försvar", "Civil defence deviation", ["civilt-forsvar", "krisberedskap"], Severity.MODERATE, False, False, []),
    ("skadlig-kod", "Skadlig kod eller intrångsförsök", "Malware or intrusion attempt", ["it-sakerhet", "informationssakerhet"], Severity.MODERATE, False, False, []),
    ("bedrageri", "Bedrägeri eller förskingring", "Fraud or embezzlement", ["ekonomisk-sakerhet", "kriminalitet", "fysisk-sakerhet"], Severity.MODERATE, False, False, []),
    ("transportolycka", "Trafik- eller transportolycka", "Traffic or transport accident", ["transportsakerhet", "miljo-farligt-gods", "arbetsmiljo", "krisberedskap"], Severity.MODERATE, False, False, []),
    ("utslapp", "Utsläpp till mark, vatten eller luft", "Release to soil, water or air", ["yttre-miljosakerhet", "miljo-farligt-gods", "krisberedskap"], Severity.MODERATE, False, False, []),
    # Disruptions of critical supply (seed 002); SUPPLY below says which supply each concerns.
    ("storning-livsmedel", "Störning i livsmedelsförsörjningen", "Disruption of food supply", ["krisberedskap", "driftsakerhet"], Severity.MODERATE, False, False, []),
    ("storning-lakemedel", "Störning i läkemedelsförsörjningen", "Disruption of medicine supply", ["krisberedskap", "driftsakerhet"], Severity.HIGH, False, False, []),
    ("storning-skyddsutrustning", "Störning i försörjningen av skyddsutrustning", "Disruption of protective equipment supply", ["krisberedskap", "driftsakerhet"], Severity.MODERATE, False, False, []),
    ("storning-varme-kyla", "Störning i värme eller kyla", "Disruption of heating or cooling", ["driftsakerhet", "krisberedskap"], Severity.MODERATE, False, False, []),
    ("storning-transporter", "Störning i transporterna", "Disruption of transport", ["krisberedskap", "transportsakerhet", "driftsakerhet"], Severity.MODERATE, False, False, []),
    # Areas whose deviations the region handles in another system (its deviation system for
    # care, the medical-device and radiation registers): a category each, so a report made in
    # Sakra by mistake has a home and figures reported elsewhere (elsewhere.py) have one too.
    # Their duties to the authorities (lex Maria to IVO, SSM, Läkemedelsverket) are followed
    # in that system, so none is attached here.
    ("lakemedelsavvikelse", "Läkemedelsavvikelse", "Medication deviation", ["lakemedel"], Severity.MODERATE, False, False, []),
    ("mt-avvikelse", "Avvikelse med medicinteknisk produkt", "Medical device deviation", ["mt-sakerhet"], Severity.MODERATE, False, False, []),
    ("vardskada", "Vårdskada eller risk för vårdskada", "Harm or risk of harm in care", ["patientsakerhet"], Severity.MODERATE, False, False, []),
    ("smitta", "Smittspridning", "Spread of infection", ["smittskydd", "vardhygien"], Severity.MODERATE, False, False, []),
    ("stralningshandelse", "Händelse med joniserande strålning", "Radiation event", ["stralsakerhet"], Severity.MODERATE, False, False, []),
    ("hygienavvikelse", "Brist i basala hygienrutiner", "Lapse in basic hygiene", ["vardhygien", "smittskydd"], Severity.LOW, False, False, []),
]  # fmt: skip

#: The critical supply (seed 002) each disruption category concerns: a report in one of them
#: records the supply (risks' `DependencyKind`) and how long the disruption lasted, which the
#: continuity plans compare with their tolerable interruption.
SUPPLY = {
    "storning-el": "electricity",
    "storning-vatten": "water",
    "storning-it": "it_telecom",
    "storning-medicinska-gaser": "medical_gases",
    "storning-livsmedel": "food",
    "storning-lakemedel": "medicines",
    "storning-skyddsutrustning": "protective_equipment",
    "storning-varme-kyla": "heating_cooling",
    "storning-transporter": "transport",
}

#: Duties the catalogue's categories name beyond those of migration 0002 (kept in step with
#: the migration that adds them): (code, authority, title sv, title en, hours, position).
OBLIGATIONS = [
    ("sapo-protective-security", "Säkerhetspolisen", "Rapport om säkerhetsskyddsincident (säkerhetsskyddsförordningen)", "Protective security incident report (protective security ordinance)", 0, 40),
]  # fmt: skip

#: Months after closing until an incident's personal data is removed (gallring), unless the
#: region's records management plan says otherwise; administrators change it per category.
DEFAULT_RETENTION_MONTHS = 36
#: Longer where a police investigation, a work-injury claim or a supervisory authority may
#: come back years after the case was closed (docs/admin/retention.md gives the reasons).
RETENTION_MONTHS = {
    "hot": 60,
    "vald": 120,
    "hot-vald-personal": 120,
    "allvarligt-tillbud": 120,
    "personuppgiftsincident": 60,
    "betydande-cyberincident": 60,
}


def retention_months(code: str) -> int:
    return RETENTION_MONTHS.get(code, DEFAULT_RETENTION_MONTHS)


@transaction.atomic
def load_catalogue() -> tuple[int, list[str]]:
    """Create the missing categories by code; returns (created, skipped codes).

    Existing categories are left as administrators edited them, and so are the categories a
    region added by hand (codes the catalogue does not name). A category whose area is missing
    from the region's catalogue is skipped, not invented.
    """
    from sakra.organisation.models import SecurityArea

    from .models import IncidentCategory, ReportingObligation

    for code, authority, title_sv, title_en, hours, position in OBLIGATIONS:
        ReportingObligation.objects.get_or_create(
            code=code,
            defaults={"authority": authority, "title_sv": title_sv, "title_en": title_en,
                      "deadline_hours": hours, "position": position},
        )  # fmt: skip
    areas = {area.code: area for area in SecurityArea.objects.all()}
    obligations = {o.code: o for o in ReportingObligation.objects.all()}
    created = 0
    skipped: list[str] = []
    for position, row in enumerate(CATEGORIES, start=1):
        code, name_sv, name_en, area_codes, severity, restricted, anonymous, obligation_codes = row
        area = next((areas[c] for c in area_codes if c in areas), None)
        if area is None:
            skipped.append(code)
            continue
        category, was_created = IncidentCategory.objects.get_or_create(
            code=code,
            defaults={
                "name_sv": name_sv, "name_en": name_en, "area": area,
                "default_severity": severity, "is_restricted": restricted,
                "allows_anonymous": anonymous, "position": position * 10,
                "retention_months": retention_months(code), "supply": SUPPLY.get(code, ""),
            },
        )  # fmt: skip
        if was_created:
            category.obligations.set([obligations[c] for c in obligation_codes if c in obligations])
            created += 1
    return created, skipped
