# ruff: noqa: E501 - the catalogue reads best as one row a line
"""The categories the seeds name (issue 3), each tied to the first matching area of the catalogue.

An area is found by code from a list of alternatives, so the same catalogue fits the Halland,
Skåne and fourteen-area presets.
"""

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
