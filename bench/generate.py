# ruff: noqa: E501 - the text pools and row tuples read best one a line
"""A region at scale, generated deterministically and loaded through the bulk paths.

    python -m bench.generate [--incidents N] [--seed S]   (into DATABASE_URL, after migrate)

The same seed and end day (`--today`) give the same rows. Small tables (areas, categories, units, sites, users, goals,
actions, with the actions' audit entries) go through `bulk_create`; incidents, their reporting
obligations, timeline rows and audit entries (bench/history.py) go through COPY on PostgreSQL
and `executemany` on SQLite, generated day by day in chunks so memory stays flat. Descriptions
are a domain sentence of the category and Swedish words drawn by frequency (bench/vocabulary.py).
Every stored column is filled the way the services would fill it: the reference per year of
awareness (and the year's sequence row, so later reports continue the numbering), area and
administration copied, the local date and year in Europe/Stockholm, restriction from the
category, the default handler (the administration's coordinator), obligation deadlines.
Reads (ACCESS audit entries), notifications and attachments are not generated.
"""

from __future__ import annotations

import argparse
import bisect
import os
import random
import sys
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

DOMAIN = "bench.sakra.se"
PASSWORD = "bench-lösenord"  # noqa: S105 - the benchmark users, never a real system
CHIEF_EMAIL = f"chief@{DOMAIN}"
YEARS = 10
ADMINISTRATIONS = 20
UNITS = 600
SITES = 600
USERS = 30_000
ACTIONS = 30_000
CHUNK = 20_000

#: A rare and a common word in the free text, for the search benchmark.
RARE_WORD = "ammoniakläckage"
COMMON_WORD = "personal"
#: Mean number of words drawn from the Swedish vocabulary after a description's domain sentence.
DESCRIPTION_WORDS = 25

# Relative weight per category code, and its trend per year (fires and burglaries fall,
# threats and violence grow, as the seeds describe).
CATEGORY_MIX = {
    "brand": (4, -0.06), "brandlarm-utan-brand": (14, -0.02), "inbrott": (5, -0.07),
    "stold": (12, -0.04), "skadegorelse": (8, -0.03), "angrepp-skalskydd": (2, -0.05),
    "obehorigt-intrang": (4, 0.0), "hot": (12, 0.06), "vald": (7, 0.05),
    "hot-vald-personal": (9, 0.05), "allvarligt-tillbud": (3, 0.0),
    "personuppgiftsincident": (5, 0.04), "it-incident": (6, 0.05),
    "betydande-cyberincident": (0.2, 0.08), "storning-el": (1, 0.0), "storning-vatten": (0.5, 0.0),
    "storning-it": (3, 0.02), "storning-medicinska-gaser": (0.3, 0.0), "farligt-gods": (0.5, 0.0),
}  # fmt: skip
# Fires and burglaries peak in the dark half of the year; everything else mildly.
MONTH_WEIGHTS = [12, 11, 10, 9, 8, 8, 7, 8, 9, 10, 11, 12]
DARK = {"brand": 1.8, "inbrott": 1.6, "stold": 1.2, "skadegorelse": 1.3, "storning-el": 1.5}
HOUR_WEIGHTS = [2] * 6 + [5] * 12 + [3] * 6

EVENTS = {
    "brand": ["Brand i papperskorg i personalrum, släckt med handbrandsläckare", "Rökutveckling från torktumlare i tvättstugan", "Brand i elcentral, räddningstjänsten larmad", "Glödande cigarett antände soptunna vid entrén"],
    "brandlarm-utan-brand": ["Brandlarm utlöst av matos i pentry", "Larm från rökdetektor vid hantverksarbete", "Felaktigt larm från detektor i korridor", "Ånga från dusch utlöste brandlarmet"],
    "inbrott": ["Inbrott i förråd, dörren uppbruten under natten", "Inbrott i personalens omklädningsrum, skåp uppbrutna", "Fönster krossat och datorer stulna från kontor"],
    "stold": ["Stöld av plånbok från personalrum", "Cykel stulen från låst cykelgarage", "Läkemedel saknas vid inventering", "Surfplatta stulen från expeditionen"],
    "skadegorelse": ["Klotter på fasad vid huvudentrén", "Sönderslagen glasruta i väntrum", "Skadegörelse på parkerade tjänstebilar"],
    "angrepp-skalskydd": ["Försök att bryta upp dörr till kulvert", "Staket vid lastkaj uppklippt", "Kortläsare vid personalingång skadad"],
    "obehorigt-intrang": ["Okänd person påträffad i läkemedelsrum", "Obehörig person i personalutrymme efter stängning", "Person följde efter personal genom passerkontrollerad dörr"],
    "hot": ["Anhörig uttalade hot mot personal i receptionen", "Patient hotade personal verbalt under natten", "Hotfullt telefonsamtal till mottagningen"],
    "vald": ["Patient slog mot personal vid omvårdnad", "Bråk mellan besökare i väntrummet, väktare tillkallade", "Knuff mot personal i entrén"],
    "hot-vald-personal": ["Medarbetare sparkad av patient under transport", "Medarbetare hotad med kniv i akutrummet", "Personal knuffad och hotad av anhörig"],
    "allvarligt-tillbud": ["Takplatta föll ned i korridoren", "Medarbetare nära att klämmas av automatisk dörr", "Tung last välte från pall vid godsmottagningen"],
    "personuppgiftsincident": ["E-post med patientuppgifter skickad till fel mottagare", "Journalutdrag lämnat kvar i skrivare i allmänt utrymme", "Obehörig åtkomst till journal upptäckt vid loggkontroll"],
    "it-incident": ["Nätfiskemejl där en medarbetare angav sina inloggningsuppgifter", "Skadlig kod upptäckt på arbetsstation", "Misstänkt obehörig inloggning på systemkonto"],
    "betydande-cyberincident": ["Utpressningsvirus krypterade filserver, vården påverkad", "Överbelastningsattack slog ut webbtidbokningen i ett dygn"],
    "storning-el": ["Strömavbrott i del av byggnaden, reservkraft startade", "Elavbrott i laboratoriet under 20 minuter"],
    "storning-vatten": ["Vattenavstängning i flygeln efter rörbrott", "Missfärgat vatten i kranarna på avdelningen"],
    "storning-it": ["Journalsystemet otillgängligt i två timmar", "Nätverksstörning påverkade labbsvar", "Telefonin låg nere under förmiddagen"],
    "storning-medicinska-gaser": ["Tryckfall i syrgasledningen på intensiven", "Larm från centralen för medicinsk luft"],
    "farligt-gods": ["Läckage från behållare med kemikalier vid leverans", "Felmärkt transport av farligt gods vid godsmottagningen"],
}  # fmt: skip
PLACES = ["i entrén", "på avdelningen", "i kulverten", "vid lastkajen", "i väntrummet", "i trapphuset", "på parkeringen", "i personalrummet", "vid receptionen", "i förrådet"]  # fmt: skip
TAILS = [
    "", "", "Chef informerad.", "Väktare tillkallade.", "Ingen person skadad.",
    "Berörd personal har fått stöd.", "Händelsen har dokumenterats av personal på plats.",
    "Polisanmälan gjord.", "Uppföljning sker på nästa arbetsplatsträff.",
]  # fmt: skip
MEASURES = ["", "", "Chef informerad.", "Väktare tillkallade.", "Området avspärrat.", "Personal samlades för genomgång."]  # fmt: skip
FIRST = ["Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Sara", "Per", "Lena", "Mikael", "Elin", "Oskar", "Ingrid", "Ali", "Fatima", "Mohammed", "Åsa", "Björn"]  # fmt: skip
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Lindqvist", "Ek", "Ström", "Åberg", "Öberg", "Hassan", "Berg", "Lind"]  # fmt: skip
TOWNS = ["Halmstad", "Varberg", "Kungsbacka", "Falkenberg", "Laholm", "Hylte", "Getinge", "Tvååker"]  # fmt: skip


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakra.config.settings")
    import django

    django.setup()


class Progress:
    def __init__(self, label: str, total: int):
        self.label, self.total, self.start, self.done, self.last = (
            label,
            total,
            time.monotonic(),
            0,
            0.0,
        )

    def add(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last > 2 or self.done >= self.total:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            print(f"  {self.label}: {self.done:,}/{self.total:,} ({rate:,.0f} rows/s)", flush=True)


def _path(segments: list[int]) -> str:
    """Treebeard's materialised path: steplen 4 in base 36."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = []
    for n in segments:
        digits = ""
        while n:
            n, r = divmod(n, 36)
            digits = alphabet[r] + digits
        out.append(digits.rjust(4, "0"))
    return "".join(out)


def _split_units(total_below: int, administrations: int) -> list[int]:
    """Units below each administration: the first holds a third of them."""
    first = total_below // 3
    rest = total_below - first
    sizes = [first] + [rest // (administrations - 1)] * (administrations - 1)
    sizes[1] += total_below - sum(sizes)
    return sizes


def build_organisation(rng: random.Random):
    """Areas, the catalogue, 600 sites, 600 units (region, 20 administrations, departments, units)."""
    from sakra.incidents.services import load_catalogue
    from sakra.organisation.choices import UnitKind
    from sakra.organisation.models import Site, Unit
    from sakra.organisation.services import load_area_preset

    load_area_preset("halland")
    load_catalogue()
    sites = [
        Site(code=f"site-{i:03d}", name=f"{rng.choice(TOWNS)} hus {i}", address=f"Sjukhusvägen {i}",
             postal_code=f"30{i % 100:02d} {i % 10}0", city=rng.choice(TOWNS))
        for i in range(1, SITES + 1)
    ]  # fmt: skip
    Site.objects.bulk_create(sites, batch_size=1000)
    sites = list(Site.objects.order_by("code"))
    units: list = []
    root = Unit(code="region", name="Region Bänk", kind=UnitKind.REGION, path=_path([1]), depth=1,
                numchild=ADMINISTRATIONS)  # fmt: skip
    units.append(root)
    below = UNITS - 1 - ADMINISTRATIONS
    for a, size in enumerate(_split_units(below, ADMINISTRATIONS), start=1):
        departments = max(1, round(size / 15))
        leaves = size - departments
        admin = Unit(code=f"adm-{a:02d}", name=f"Förvaltning {a:02d}", kind=UnitKind.ADMINISTRATION,
                     path=_path([1, a]), depth=2, numchild=departments)  # fmt: skip
        units.append(admin)
        per_department = [leaves // departments] * departments
        for i in range(leaves - sum(per_department)):
            per_department[i] += 1
        for d, count in enumerate(per_department, start=1):
            units.append(Unit(code=f"adm-{a:02d}-d{d:02d}", name=f"Verksamhet {a:02d}.{d:02d}",
                              kind=UnitKind.DEPARTMENT, path=_path([1, a, d]), depth=3,
                              numchild=count))  # fmt: skip
            for u in range(1, count + 1):
                units.append(Unit(code=f"adm-{a:02d}-d{d:02d}-u{u:02d}",
                                  name=f"Enhet {a:02d}.{d:02d}.{u:02d}", kind=UnitKind.UNIT,
                                  path=_path([1, a, d, u]), depth=4, numchild=0))  # fmt: skip
    assert len(units) == UNITS, len(units)
    Unit.objects.bulk_create(units, batch_size=1000)
    units = list(Unit.objects.order_by("path"))
    through = Unit.sites.through
    links = []
    for i, unit in enumerate(units):
        links.append(through(unit_id=unit.pk, site_id=sites[i % SITES].pk))
        if i % 3 == 0:
            links.append(through(unit_id=unit.pk, site_id=sites[(i * 7 + 1) % SITES].pk))
    through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    return units, sites


def build_users(rng: random.Random, units, count: int = USERS):
    from django.contrib.auth.hashers import make_password

    from sakra.accounts.choices import Role
    from sakra.accounts.models import RoleAssignment, User
    from sakra.organisation.models import SecurityArea

    password = make_password(PASSWORD)
    leaves = [u for u in units if u.depth == 4]
    joined = datetime(2016, 1, 1, tzinfo=UTC)
    progress = Progress("users", count)
    users = []
    for i in range(count):
        users.append(User(
            email=CHIEF_EMAIL if i == 0 else f"user{i:05d}@{DOMAIN}",
            full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", password=password,
            home_unit_id=rng.choice(leaves).pk, date_joined=joined,
        ))  # fmt: skip
    for start in range(0, count, 5000):
        User.objects.bulk_create(users[start : start + 5000])
        progress.add(len(users[start : start + 5000]))
    ids = list(
        User.objects.filter(email__endswith=DOMAIN).order_by("email").values_list("pk", flat=True)
    )
    by_email = dict(User.objects.filter(email__endswith=DOMAIN).values_list("email", "pk"))
    administrations = [u for u in units if u.depth == 2]
    roles = [
        RoleAssignment(user_id=by_email[CHIEF_EMAIL], role=Role.SECURITY_CHIEF, unit_id=units[0].pk)
    ]
    coordinators = {}
    for a, admin in enumerate(administrations, start=1):
        coordinator = by_email[f"user{a:05d}@{DOMAIN}"]
        coordinators[admin.pk] = coordinator
        roles.append(
            RoleAssignment(user_id=coordinator, role=Role.SECURITY_COORDINATOR, unit_id=admin.pk)
        )
        roles.append(RoleAssignment(user_id=by_email[f"user{100 + a:05d}@{DOMAIN}"],
                                    role=Role.HEAD_OF_ADMINISTRATION, unit_id=admin.pk))  # fmt: skip
    for n, area in enumerate(SecurityArea.objects.order_by("pk"), start=1):
        owner = by_email[f"user{200 + n:05d}@{DOMAIN}"]
        roles.append(RoleAssignment(user_id=owner, role=Role.AREA_OWNER, area_id=area.pk))
        SecurityArea.objects.filter(pk=area.pk).update(owner_id=owner)
    for n, unit in enumerate(leaves):
        roles.append(RoleAssignment(user_id=by_email[f"user{1000 + n:05d}@{DOMAIN}"],
                                    role=Role.MANAGER, unit_id=unit.pk))  # fmt: skip
    RoleAssignment.objects.bulk_create(roles, batch_size=2000)
    return ids, coordinators


def build_goals(chief_id: int, administrations, today: date) -> None:
    """Goals with incident-count indicators: region-wide per area, and one per administration."""
    from decimal import Decimal

    from sakra.goals.models import Goal, Indicator
    from sakra.incidents.models import IncidentCategory

    this_year = today.year
    codes_by_area: dict[int, list[str]] = {}
    for category in IncidentCategory.objects.order_by("position"):
        codes_by_area.setdefault(category.area_id, []).append(category.code)
    halving = {
        "baseline_year": this_year - 6,
        "target_year": this_year,
        "target_value": Decimal("0.5"),
    }
    policy = Goal.objects.create(title="Säkerhetspolicyns övergripande mål", owner_id=chief_id,
                                 start_year=this_year - 6, end_year=this_year)  # fmt: skip
    from sakra.organisation.models import SecurityArea

    for area in SecurityArea.objects.filter(pk__in=codes_by_area):
        goal = Goal.objects.create(title=f"Färre händelser inom {area.name_sv.lower()}", parent=policy,
                                   area=area, owner_id=area.owner_id or chief_id,
                                   start_year=this_year - 6, end_year=this_year)  # fmt: skip
        for position, code in enumerate(codes_by_area[area.pk][:3]):
            Indicator.objects.create(goal=goal, title=f"Antal: {code}", kind="incident_count",
                                     criteria={"categories": [code]}, position=position, **halving)  # fmt: skip
    for admin in administrations:
        goal = Goal.objects.create(title=f"Halverade bränder i {admin.name}", parent=policy,
                                   administration=admin, owner_id=chief_id,
                                   start_year=this_year - 6, end_year=this_year)  # fmt: skip
        Indicator.objects.create(goal=goal, title="Antal bränder och inbrott", kind="incident_count",
                                 criteria={"categories": ["brand", "inbrott"]}, **halving)  # fmt: skip


class IncidentWriter:
    """Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, model, columns: list[str]):
        from django.db import connection

        self.connection, self.table, self.columns = connection, model._meta.db_table, columns
        self.sqlite = connection.vendor == "sqlite"

    def write(self, rows: list[tuple]) -> None:
        cols = ", ".join(f'"{c}"' for c in self.columns)
        with self.connection.cursor() as cursor:
            if self.sqlite:
                marks = ", ".join("?" * len(self.columns))
                rows = [tuple(_sqlite(v) for v in row) for row in rows]
                cursor.cursor.executemany(
                    f'INSERT INTO "{self.table}" ({cols}) VALUES ({marks})', rows
                )
            else:
                with cursor.cursor.copy(f'COPY "{self.table}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)


def _sqlite(value):
    # Django keeps datetimes on SQLite as naive UTC text and dates as ISO text.
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _column_defaults(model, filled: list[str]) -> dict[str, object]:
    """Columns this generator does not know (added later to the model) get their field default."""
    extra = {}
    for field in model._meta.concrete_fields:
        if field.column in filled or field.primary_key:
            continue
        empty_text = field.blank and field.empty_strings_allowed  # get_default() gives ""
        if not field.has_default() and not field.null and not empty_text:
            raise SystemExit(f"bench.generate: {model.__name__}.{field.name} needs a value")
        extra[field.column] = field.get_default()
    return extra


@contextmanager
def foreign_keys_checked_after(tables: list[str]):
    """PostgreSQL checks each new row's foreign keys at commit, one lookup per key and row:
    for the nine rows of an incident's history that took as long as the rest of the load
    together. The tables' keys are dropped for the load and added back after it, which checks
    each in one pass over its table (the generator writes only rows that refer to rows)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # a test's database: no checks may be pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table, name, definition in keys:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            if connection.in_atomic_block:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


INCIDENT_COLUMNS = [
    "id", "created_at", "updated_at", "version", "reference", "category_id", "area_id", "unit_id",
    "administration_id", "site_id", "occurred_at", "aware_at", "occurred_date", "occurred_year",
    "description", "immediate_measures", "people_harmed", "police_reported", "is_acute", "severity",
    "status", "handler_id", "reporter_id", "is_restricted", "dismissed_reason", "acknowledged_at",
    "acknowledged_by_id", "escalated_at", "closed_at", "idempotency_key", "request_hash", "external_id",
    "dismissal_kind",
]  # fmt: skip


def build_incidents(
    rng: random.Random,
    total: int,
    units,
    sites_by_unit,
    user_ids,
    coordinators,
    today: date,
    people: dict[int, tuple[str, str]],
):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from sakra.core.audit import _audited_fields
    from sakra.incidents.models import (
        LOCAL_ZONE,
        Incident,
        IncidentCategory,
        IncidentObligation,
        IncidentSequence,
        TimelineEntry,
    )

    from . import history, vocabulary

    categories = {c.code: c for c in IncidentCategory.objects.prefetch_related("obligations")}
    codes = [code for code in CATEGORY_MIX if code in categories]
    obligations = {
        code: [(o.pk, o.deadline_hours, o.code, o.title, o.authority) for o in categories[code].obligations.all()]
        for code in codes
    }  # fmt: skip
    extra = _column_defaults(Incident, INCIDENT_COLUMNS)
    columns = INCIDENT_COLUMNS + list(extra)
    extra_values = tuple(extra.values())
    writer = IncidentWriter(Incident, columns)
    obligation_writer = IncidentWriter(
        IncidentObligation, ["id", "incident_id", "obligation_id", "due_at", "reported_at", "reported_by_id", "authority_reference"]
    )  # fmt: skip
    timeline_writer = IncidentWriter(TimelineEntry, history.TIMELINE_COLUMNS)
    audit_writer = IncidentWriter(LogEntry, history.AUDIT_COLUMNS)
    text = vocabulary.FreeText(rng, exclude=(RARE_WORD[:8],))
    column_index = {column: i for i, column in enumerate(columns)}
    audited = [(f.name, column_index[f.column]) for f in _audited_fields(Incident)]
    types = {
        model._meta.model_name: ContentType.objects.get_for_model(model).pk
        for model in (Incident, IncidentObligation)
    }
    now = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
    story = history.History(rng, text, people, types, user_ids[0], now, audited)

    administrations = [u for u in units if u.depth == 2]
    leaves_by_admin = {
        a.pk: [u for u in units if u.depth == 4 and u.path.startswith(a.path)]
        for a in administrations
    }
    # The first administration has a third of the rows: weight 19/2 against 1 for each of the other 19.
    admin_cum = list(
        accumulate([(len(administrations) - 1) / 2] + [1] * (len(administrations) - 1))
    )
    hour_cum = list(accumulate(HOUR_WEIGHTS))

    end = today - timedelta(days=2)
    start = end.replace(year=end.year - YEARS) + timedelta(days=1)
    days = (end - start).days + 1
    first_year = start.year
    # Category weights per (year offset, month).
    cum_by = {}
    for year in range(start.year, end.year + 1):
        for month in range(1, 13):
            dark = month in (10, 11, 12, 1, 2, 3)
            weights = [
                CATEGORY_MIX[c][0] * (1 + CATEGORY_MIX[c][1]) ** (year - first_year) * (DARK.get(c, 1.0) if dark else 1.0)
                for c in codes
            ]  # fmt: skip
            cum_by[(year, month)] = list(accumulate(weights))
    # Reports per day: seasonal, and growing 4 % a year as reporting becomes a habit.
    day_weights = []
    for offset in range(days):
        d = start + timedelta(days=offset)
        day_weights.append(MONTH_WEIGHTS[d.month - 1] * 1.04 ** (d.year - first_year))
    scale = total / sum(day_weights)

    sequences: dict[int, int] = {}
    progress = Progress("incidents", total)
    rows: list[tuple] = []
    obligation_rows: list[tuple] = []
    next_id = next_obligation = 1
    carried = 0.0
    rand, choice = rng.random, rng.choice
    for offset in range(days):
        d = start + timedelta(days=offset)
        carried += day_weights[offset] * scale
        count = int(carried)
        carried -= count
        if offset == days - 1:
            count = total - (next_id - 1)
        cum = cum_by[(d.year, d.month)]
        moments = []
        for _ in range(count):
            hour = bisect.bisect(hour_cum, rand() * hour_cum[-1])
            local = datetime(
                d.year, d.month, d.day, hour, int(rand() * 60), int(rand() * 60), tzinfo=LOCAL_ZONE
            )
            moments.append(local)
        moments.sort()
        for local in moments:
            code = codes[bisect.bisect(cum, rand() * cum[-1])]
            category = categories[code]
            admin = administrations[bisect.bisect(admin_cum, rand() * admin_cum[-1])]
            unit = choice(leaves_by_admin[admin.pk])
            occurred = local.astimezone(UTC)
            aware = occurred + timedelta(minutes=int(5 + rand() * 600))
            aware_year = aware.astimezone(LOCAL_ZONE).year
            number = sequences.get(aware_year, 0) + 1
            sequences[aware_year] = number
            age = (now - occurred).days
            if age > 120:
                status = "dismissed" if rand() < 0.1 else "closed"
            else:
                status = ("reported", "under_investigation", "actions_decided", "closed")[
                    int(rand() * 4)
                ]
            done = status in ("closed", "dismissed")
            closed = aware + timedelta(days=int(3 + rand() * 57)) if done else None
            acute = code in ("hot", "vald", "hot-vald-personal") and rand() < 0.3
            anonymous = category.allows_anonymous and rand() < 0.1
            free = text.sentences(text.length(DESCRIPTION_WORDS))
            description = f"{choice(EVENTS[code])} {choice(PLACES)}. {choice(TAILS)} {free}"
            if rand() < 0.0001:
                description += f" Misstänkt {RARE_WORD} i teknikutrymmet."
            site = sites_by_unit[unit.pk] if rand() < 0.9 else None
            severity = category.default_severity if rand() < 0.7 else 1 + int(rand() * 4)
            # A severity other than the category's: set by the reporter, or later by the handler.
            initial_severity = category.default_severity if rand() < 0.5 else severity
            dismissal = choice(history.DISMISSALS) if status == "dismissed" else ("", "")
            acknowledged = aware + timedelta(minutes=int(2 + rand() * 12)) if acute else None
            row = [
                next_id, aware, aware, 1, f"AVV-{aware_year}-{number:06d}", category.pk,
                category.area_id, unit.pk, admin.pk, site, occurred, aware, local.date(), local.year,
                description.strip(), choice(MEASURES),
                (0, 0, 0, 1)[int(rand() * 4)] if code in ("vald", "hot-vald-personal") else 0,
                code in ("inbrott", "vald", "stold") and rand() < 0.6, acute, severity, status,
                coordinators[admin.pk], None if anonymous else user_ids[int(rand() * len(user_ids))],
                category.is_restricted, dismissal[1], acknowledged,
                coordinators[admin.pk] if acute else None, None, closed, "", "", None, dismissal[0],
                *extra_values,
            ]  # fmt: skip
            duties = obligations[code]
            duty_ids = list(range(next_obligation, next_obligation + len(duties)))
            next_obligation += len(duties)
            story.incident(row, columns=column_index, initial_severity=initial_severity,
                           obligations=duties, obligation_ids=duty_ids, done=done)  # fmt: skip
            rows.append(tuple(row))
            for duty_id, (obligation_id, hours, *_about) in zip(duty_ids, duties, strict=True):
                due = aware + timedelta(hours=hours)
                reported = (due - timedelta(hours=1) if hours else aware) if done else None
                obligation_rows.append((duty_id, next_id, obligation_id, due, reported,
                                        coordinators[admin.pk] if done else None,
                                        f"DNR-{aware_year}-{number:06d}" if done else ""))  # fmt: skip
            next_id += 1
        if len(rows) >= CHUNK or offset == days - 1:
            timeline, audit = story.take()
            with transaction.atomic():
                writer.write(rows)
                if obligation_rows:
                    obligation_writer.write(obligation_rows)
                timeline_writer.write(timeline)
                audit_writer.write(audit)
            progress.add(len(rows))
            rows, obligation_rows = [], []
    with transaction.atomic():
        for year, last in sequences.items():
            IncidentSequence.objects.update_or_create(year=year, defaults={"last_number": last})
    return next_id - 1


def build_actions(
    rng: random.Random, total: int, units, user_ids, incidents: int, today: date, people
) -> None:
    """Actions, 60 % of them tied to an incident, with their CREATE audit entries and the
    posts they write on their incidents' timelines."""
    from django.contrib.contenttypes.models import ContentType

    from sakra.accounts.models import User
    from sakra.actions.models import Action
    from sakra.core.audit import log_bulk_created
    from sakra.incidents.models import Incident, TimelineEntry
    from sakra.organisation.models import SecurityArea

    from . import history

    now = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
    story = history.History(rng, None, people, {}, user_ids[0], now, [])
    creator = User.objects.get(pk=user_ids[0])
    timeline_writer = IncidentWriter(TimelineEntry, history.TIMELINE_COLUMNS)

    incident_type = ContentType.objects.get_for_model(Incident)
    areas = list(SecurityArea.objects.values_list("pk", flat=True))
    leaves = [u.pk for u in units if u.depth == 4]
    titles = ["Se över låsrutiner", "Utbilda personal i hot och våld", "Byt kortläsare", "Öva utrymning",
              "Inför loggkontroll", "Förbättra belysning på parkeringen", "Uppdatera kontinuitetsplan"]  # fmt: skip
    progress = Progress("actions", total)
    batch = []
    for i in range(total):
        due = today + timedelta(days=int(rng.random() * 900) - 600)
        status = rng.choice(
            ["planned", "in_progress", "done", "done", "verified_effective", "cancelled"]
        )
        from_incident = rng.random() < 0.6 and incidents
        batch.append(Action(
            title=f"{rng.choice(titles)} ({i})", description="Åtgärd efter genomgång med personal.",
            owner_id=user_ids[int(rng.random() * len(user_ids))], unit_id=rng.choice(leaves),
            area_id=rng.choice(areas), due_date=due, priority=rng.choice(["low", "medium", "high"]),
            status=status, cancel_reason="Ersatt av annan åtgärd." if status == "cancelled" else "",
            source_type=incident_type if from_incident else None,
            source_id=1 + int(rng.random() * incidents) if from_incident else None,
            completed_at=datetime(due.year, due.month, due.day, 12, tzinfo=UTC) if status in ("done", "verified_effective") else None,
            effect_checked_at=due + timedelta(days=30) if status == "verified_effective" else None,
            was_effective=True if status == "verified_effective" else None,
            effect_checked_by_id=user_ids[0] if status == "verified_effective" else None,
            created_by_id=user_ids[0],
        ))  # fmt: skip
        if len(batch) == 5000 or i == total - 1:
            Action.objects.bulk_create(batch)
            log_bulk_created(batch, actor=creator)
            tied = {a.source_id for a in batch if a.source_id}
            aware = dict(Incident.objects.filter(pk__in=tied).values_list("pk", "aware_at"))
            story.actions(batch, aware)
            timeline_writer.write(story.take()[0])
            progress.add(len(batch))
            batch = []


def generate(incidents: int = 1_000_000, seed: int = 7, today: date | None = None, *,
             users: int = USERS, actions: int = ACTIONS) -> dict:  # fmt: skip
    """Fill an empty, migrated database; returns what was made and how long it took.

    Fewer `users` (at least 1 600: the unit managers are user01000 onwards) and `actions`
    make a small region for tests."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from sakra.accounts.models import User
    from sakra.actions.models import Action
    from sakra.incidents import summary
    from sakra.incidents.models import Incident, IncidentObligation
    from sakra.organisation.models import Unit

    if Unit.objects.exists():
        raise SystemExit("bench.generate: the database is not empty; use a fresh one.")
    today = today or date.today()
    rng = random.Random(seed)
    started = time.monotonic()
    with transaction.atomic():
        units, _sites = build_organisation(rng)
        user_ids, coordinators = build_users(rng, units, users)
        build_goals(user_ids[0], [u for u in units if u.depth == 2], today)
    through = Unit.sites.through
    sites_by_unit = dict(through.objects.order_by("-id").values_list("unit_id", "site_id"))
    people = {
        pk: (name, email)
        for pk, name, email in User.objects.values_list("pk", "full_name", "email").iterator()
    }
    bulk = ["incidents_incident", "incidents_incidentobligation", "incidents_timelineentry",
            "auditlog_logentry"]  # fmt: skip
    with foreign_keys_checked_after(bulk):
        made = build_incidents(
            rng, incidents, units, sites_by_unit, user_ids, coordinators, today, people
        )
    with transaction.atomic():
        build_actions(rng, actions, units, user_ids, made, today, people)
    # COPY bypasses the services that keep the dashboards' yearly summary: recount once.
    summary.rebuild()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Incident, IncidentObligation, Action]
        ):
            cursor.execute(sql)
        # VACUUM too on PostgreSQL: a database in use has its visibility map kept by autovacuum,
        # and without it the list's index-only count reads the table after all.
        # (Not inside a transaction, where VACUUM cannot run: a test's database.)
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    elapsed = time.monotonic() - started
    print(
        f"Generated {made:,} incidents in {elapsed:,.0f} s ({made / elapsed:,.0f} incidents/s overall)"
    )
    return {"incidents": made, "seed": seed, "seconds": round(elapsed, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="the day the ten years end (YYYY-MM-DD; default today): same seed and day, same rows",
    )
    args = parser.parse_args(argv)
    setup_django()
    generate(args.incidents, args.seed, args.today)


if __name__ == "__main__":
    sys.exit(main())
