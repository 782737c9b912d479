"""The demo region's governing documents (idempotent), in the seeds' own structure: the
security policy, seed 000's guidelines with their related documents as routines, a local
supplement for Hallands sjukhus, one routine on consultation and one overdue for review."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import User
from sakra.governance.choices import ForumKind
from sakra.governance.models import Forum
from sakra.organisation.models import SecurityArea, Unit

from . import services
from .choices import Audience, DocumentKind
from .models import Document

DOMAIN = "demo.sakra.se"

FORUMS = {
    "RF": ("Regionfullmäktige", ForumKind.POLITICAL),
    "RS": ("Regionstyrelsen", ForumKind.POLITICAL),
    "RD": ("Regiondirektören", ForumKind.OFFICIAL),
    "HS": ("Förvaltningschef Hallands sjukhus", ForumKind.OFFICIAL),
}


@dataclass(frozen=True)
class Spec:
    key: str
    title: str
    kind: str
    body: str
    parent: str = ""
    areas: tuple[str, ...] = ()
    audience: str = Audience.ALL_STAFF
    owner: str = "karin.strom"
    forum: str = "RS"
    #: Days before today the version in force was adopted; None: never adopted.
    adopted_days_ago: int | None = 200
    review_months: int = 24
    records_class: str = "Grunddokument: 310 Förvaltningsspecifika"
    unit: str = ""
    supplements: str = ""
    related: tuple[str, ...] = ()


POLICY = """# Säkerhetspolicy för Region Halland

Region Halland ska vara en trygg och säker plats för patienter, besökare och medarbetare.
Säkerhetsarbetet bedrivs systematiskt och är en del av verksamhetens ledning och styrning.

- Förvaltningschefen ansvarar för säkerheten i sin förvaltning.
- Regionkontoret är normerande och stödjande.
"""

GUIDELINE = """# Säkerhet – Riktlinjer Allmän säkerhet

## Syfte
Dessa riktlinjer syftar till att ge vägledning samt precisera innebörden i Region Hallands
säkerhetspolicy.

## Omfattning
Regionen har en skyldighet att bedriva ett säkerhets- och brandskyddsarbete, vilket bland
annat innefattar fysisk säkerhet, hot och våld samt systematiskt brandskyddsarbete.

## Mål
- Upprätta en regionövergripande risk- och sårbarhetsanalys med tillhörande åtgärdsarbete
  för 2019–2022.
- Antalet bränder i Region Hallands lokaler och verksamheter ska halveras till år 2022
  jämfört med 2019.
- Antalet inbrott, skadegörelse, angrepp skalskydd och stölder ska halveras till år 2022.

## Tillhörande dokument
- Regional risk och sårbarhetsanalys (RSA) för Region Halland
- Rutin Brandskyddspärmen för Region Halland
- Rutin Nätverk Säkerhetssamordnare – uppdrag
"""

THREATS = """# Rutin vid hot och våld

Gäller alla medarbetare som möter hotfulla eller våldsamma situationer.

## Vid akut hot och våld
1. Avbryt mötet och gå undan om du kan. Din egen säkerhet går först.
2. Larma: ring 112, och väktaren på sjukhusområdet på 010-476 00 00.
3. Tala om för din chef vad som hänt så snart du kan.

## Efteråt
- Rapportera händelsen som en avvikelse i Sakra.
- Chefen erbjuder stödsamtal och följer upp med den som drabbats.
- Vid allvarligt tillbud anmäler chefen till Arbetsmiljöverket.
"""

THREATS_HS = """# Lokalt tillägg för Hallands sjukhus

På akutmottagningarna i Halmstad och Varberg finns överfallslarm i varje behandlingsrum.
Larmet går till väktaren och till avdelningens larmtelefon. Provlarma varje månad.
"""

BINDER = """# Rutin Brandskyddspärmen för Region Halland

Varje anläggning har en brandskyddspärm med brandskyddsdokumentationen:

- ansvariga personer och brandskyddskontrollanter,
- byggnadsbeskrivning och verksamhetens risker,
- tekniskt brandskydd och förutsättningar för räddningsinsats,
- utbildnings- och övningsplan.

Pärmen hålls aktuell av brandskyddsansvarig och gås igenom en gång om året. Egenkontroller
görs enligt kontrollplanen i Sakra.
"""

NETWORK = """# Rutin Nätverk Säkerhetssamordnare – uppdrag

Nätverket för säkerhetssamordnare är den operativa nivån i säkerhetsarbetet. Varje förvaltning
har en säkerhetssamordnare som deltar. Nätverket träffas en gång i månaden, följer upp
avvikelser och sprider erfarenheter mellan förvaltningarna.
"""

RSA = """# Regional risk- och sårbarhetsanalys (RSA) för Region Halland

Analysen beskriver samhällsviktig verksamhet, kritiska beroenden (el, vatten, IT, läkemedel,
livsmedel, skyddsutrustning) och den handlingsplan som följer av analysen för 2019–2022.
"""

INFO = """# Instruktion för informationssäkerhet vid distansarbete

Lås skärmen när du lämnar datorn. Använd regionens VPN. Skriv inte ut patientuppgifter hemma.
"""

DOCUMENTS = [
    Spec("policy", "Säkerhetspolicy för Region Halland", DocumentKind.POLICY, POLICY, forum="RF",
         review_months=48, adopted_days_ago=900),
    Spec("guideline", "Säkerhet – Riktlinjer Allmän säkerhet", DocumentKind.GUIDELINE, GUIDELINE,
         parent="policy", areas=("brandskydd", "fysisk-sakerhet", "hot-och-vald"),
         related=("rsa", "binder", "network")),
    Spec("threats", "Rutin vid hot och våld", DocumentKind.ROUTINE, THREATS, parent="guideline",
         areas=("hot-och-vald",), owner="lena.holm", forum="RD"),
    Spec("threats-hs", "Hot och våld – lokalt tillägg Hallands sjukhus", DocumentKind.ROUTINE,
         THREATS_HS, parent="guideline", areas=("hot-och-vald",), owner="sara.nilsson",
         forum="HS", unit="hs", supplements="threats"),
    Spec("binder", "Rutin Brandskyddspärmen för Region Halland", DocumentKind.ROUTINE, BINDER,
         parent="guideline", areas=("brandskydd",), owner="johan.brandt", forum="RD",
         adopted_days_ago=800, review_months=24),
    Spec("network", "Rutin Nätverk Säkerhetssamordnare – uppdrag", DocumentKind.ROUTINE, NETWORK,
         parent="guideline", audience=Audience.SECURITY_STAFF, forum="RD"),
    Spec("rsa", "Regional risk- och sårbarhetsanalys (RSA) för Region Halland",
         DocumentKind.GUIDELINE, RSA, parent="policy", areas=("krisberedskap",),
         audience=Audience.MANAGERS, owner="ulla.berg"),
    Spec("info", "Instruktion för informationssäkerhet vid distansarbete", DocumentKind.INSTRUCTION,
         INFO, parent="policy", areas=("informationssakerhet",), owner="elin.falk",
         adopted_days_ago=None),
]  # fmt: skip


def _user(local: str, fallback: User) -> User:
    return User.objects.filter(email=f"{local}@{DOMAIN}").first() or fallback


def build(by: User, *, users=None, areas=None, units=None, forums=None) -> dict[str, Document]:
    """Create the library through the services (any database); returns the documents by key.
    `users`, `areas`, `units` map the specs' names to rows (missing names are left out)."""
    users, areas, units = users or {}, areas or {}, units or {}
    forums = forums or {
        key: Forum.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for key, (name, kind) in FORUMS.items()
    }
    today = timezone.localdate()
    made: dict[str, Document] = {}
    for spec in DOCUMENTS:
        owner = users.get(spec.owner, by)
        document = services.create_document(
            by=by,
            owner=owner,
            title=spec.title,
            kind=spec.kind,
            body=spec.body,
            parent=made.get(spec.parent),
            supplements=made.get(spec.supplements),
            unit=units.get(spec.unit),
            areas=[areas[code] for code in spec.areas if code in areas],
            audience=spec.audience,
            records_class=spec.records_class,
            review_months=spec.review_months,
        )
        if spec.adopted_days_ago is not None:
            services.adopt(
                document,
                by=by,
                version=document.version,
                forum=forums[spec.forum],
                decided_on=today - datetime.timedelta(days=spec.adopted_days_ago),
                paragraph=f"§ {40 + len(made)}",
                registry_number=f"RS 2024/{100 + len(made)}",
            )
            document.refresh_from_db()
        made[spec.key] = document
    for spec in DOCUMENTS:
        if spec.related:
            made[spec.key].related.set([made[key] for key in spec.related])
    return made


def load() -> list[str]:
    if Document.objects.exists():
        return []
    chief = User.objects.filter(email=f"karin.strom@{DOMAIN}").first()
    if chief is None:
        return []
    users = {spec.owner: _user(spec.owner, chief) for spec in DOCUMENTS}
    areas = {area.code: area for area in SecurityArea.objects.all()}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=["hs"])}
    made = build(chief, users=users, areas=areas, units=units)
    # A new version of the threats routine on consultation to the managers of Hallands sjukhus.
    threats = made["threats"]
    services.edit_draft(
        threats,
        by=chief,
        version=threats.version,
        body=THREATS + "\n## Ensamarbete\nDen som arbetar ensam kvällstid bär personlarm.\n",
        change_summary="Nytt avsnitt om ensamarbete.",
    )
    threats.refresh_from_db()
    services.send_on_consultation(
        threats,
        by=chief,
        version=threats.version,
        reply_by=timezone.localdate() + datetime.timedelta(days=21),
        recipients=[(units.get("hs"), Role.MANAGER)],
        message="Synpunkter på avsnittet om ensamarbete.",
    )
    return [f"  {len(made)} governing documents (one on consultation, one overdue for review)"]
