# ruff: noqa: E501 - SQL reads best one statement a line
"""Support at region scale (issue 23): 10 000 people, 1 000 units, 40 000 support requests over
five years; "Var vänder jag mig?" of a first-line manager (contacts, substitutes, tasks), the
request lists and the follow-up, each against the plain SQL that answers the same question on
the same database in the same run.

    python -m bench.support                       # SQLite in bench/data/, then PostgreSQL
    python -m bench.support --db postgres --reps 50

The region (10 administrations of 10 departments of 9 units, 100 sites, the seven areas of
Halland's preset) is made once: a manager per unit, a head per administration, a coordinator
and three partners per administration, an owner per area, five partner teams serving two
administrations and ten sites each, 300 named contacts with substitutes and 600 absences (a
third of them today). The requests are spread over five years, routed as the service routes
them, most closed and rated. Made through `bulk_create` and reused while the sizes hold.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta

from .scale import get, main, raw_sql

DOMAIN = "bench-support.sakra.se"
CHIEF = f"chief@{DOMAIN}"
MANAGER = f"manager-0001@{DOMAIN}"
PARTNER = f"partner-01-1@{DOMAIN}"
AREAS = [("brandskydd", "Brandskydd"), ("fysisk-sakerhet", "Fysisk säkerhet"),
         ("hot-och-vald", "Hot och våld"), ("sakerhetsskydd", "Säkerhetsskydd"),
         ("informationssakerhet", "Informationssäkerhet"), ("civilt-forsvar", "Civilt försvar"),
         ("krisberedskap", "Krisberedskap")]  # fmt: skip

LABELS = {
    "start_manager": "Var vänder jag mig?, a first-line manager (contacts of 7 areas, substitutes, tasks)",
    "contacts_api": "Contacts of the manager's unit through the API",
    "requests_chief": "Support requests, page 1 of 40 000 (security chief)",
    "queue_partner": "The team's open queue, page 1 (security partner)",
    "follow_up_chief": "Follow-up of the year per administration, team and manager level (security chief)",
    "contacts_chief": "Named contacts, page 1 of 300 (security chief)",
}


def options(parser) -> None:
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=40000)
    parser.add_argument("--years", type=int, default=5)


# ---------------------------------------------------------------- the data


def _units():
    from sakra.organisation.choices import UnitKind
    from sakra.organisation.models import Site, Unit

    region = Unit.add_root(code="bench-region", name="Region", kind=UnitKind.REGION)
    administrations, units = [], []
    for a in range(1, 11):
        administration = region.add_child(code=f"adm-{a:02d}", name=f"Förvaltning {a:02d}",
                                          kind=UnitKind.ADMINISTRATION)  # fmt: skip
        administrations.append(administration)
        for d in range(1, 11):
            department = administration.add_child(code=f"adm-{a:02d}-{d:02d}",
                                                  name=f"Verksamhet {a:02d}-{d:02d}",
                                                  kind=UnitKind.DEPARTMENT)  # fmt: skip
            for u in range(1, 10):
                units.append(department.add_child(code=f"adm-{a:02d}-{d:02d}-{u}",
                                                  name=f"Enhet {a:02d}-{d:02d}-{u}",
                                                  kind=UnitKind.UNIT))  # fmt: skip
    sites = Site.objects.bulk_create(
        Site(code=f"site-{n:03d}", name=f"Anläggning {n:03d}", city="Halmstad") for n in range(100)
    )
    through = Unit.sites.through
    through.objects.bulk_create(through(unit_id=unit.pk, site_id=sites[n % 100].pk)
                                for n, unit in enumerate(units))  # fmt: skip
    return region, administrations, units, sites


def generate(people: int, requests: int, years: int, seed: int) -> float:
    """The region, its people, roles, teams, contacts, absences and requests; seconds taken."""
    from django.db import transaction
    from django.utils import timezone

    from sakra.accounts.choices import Role
    from sakra.accounts.models import RoleAssignment, User
    from sakra.organisation.models import SecurityArea
    from sakra.support.choices import Helped, ManagerLevel, RequestStatus, Urgency
    from sakra.support.models import (
        Absence,
        ContactOverride,
        PartnerTeam,
        SupportRequest,
        TeamMember,
    )

    started = time.monotonic()
    rng = random.Random(seed)
    today = timezone.localdate()
    with transaction.atomic():
        region, administrations, units, sites = _units()
        areas = [SecurityArea.objects.create(code=code, name_sv=name, name_en=name, position=n)
                 for n, (code, name) in enumerate(AREAS)]  # fmt: skip
        unusable = "!bench"
        named = [User(email=CHIEF, full_name="Säkerhetschef", password=unusable, home_unit=region)]
        managers = [User(email=f"manager-{n + 1:04d}@{DOMAIN}", full_name=f"Chef {n + 1:04d}",
                         phone=f"035-{n:06d}", password=unusable, home_unit=unit)
                    for n, unit in enumerate(units)]  # fmt: skip
        staff = []
        for a, administration in enumerate(administrations, start=1):
            staff.append(User(email=f"head-{a:02d}@{DOMAIN}", full_name=f"Förvaltningschef {a:02d}",
                              password=unusable, home_unit=administration))  # fmt: skip
            staff.append(User(email=f"coordinator-{a:02d}@{DOMAIN}", full_name=f"Samordnare {a:02d}",
                              phone="035-100000", password=unusable, home_unit=administration))  # fmt: skip
            staff += [User(email=f"partner-{a:02d}-{p}@{DOMAIN}", full_name=f"Partner {a:02d}-{p}",
                           phone="035-200000", password=unusable, home_unit=administration)
                      for p in range(1, 4)]  # fmt: skip
        owners = [User(email=f"owner-{code}@{DOMAIN}", full_name=f"Ägare {name}", password=unusable,
                       home_unit=region) for code, name in AREAS]  # fmt: skip
        rest = people - len(named) - len(managers) - len(staff) - len(owners)
        employees = [User(email=f"employee-{n:05d}@{DOMAIN}", full_name=f"Medarbetare {n:05d}",
                          password=unusable, home_unit=units[n % len(units)]) for n in range(rest)]  # fmt: skip
        User.objects.bulk_create([*named, *managers, *staff, *owners, *employees], batch_size=2000)
        by_email = dict(User.objects.values_list("email", "pk"))
        chief = by_email[CHIEF]
        for owner, area in zip(owners, areas, strict=True):
            area.owner_id = by_email[owner.email]
            area.save(update_fields=["owner"])
        roles = [RoleAssignment(user_id=chief, role=Role.SECURITY_CHIEF, unit=region)]
        roles += [RoleAssignment(user_id=by_email[m.email], role=Role.MANAGER, unit=m.home_unit)
                  for m in managers]  # fmt: skip
        partners_of = {}
        for a, administration in enumerate(administrations, start=1):
            roles.append(RoleAssignment(user_id=by_email[f"head-{a:02d}@{DOMAIN}"],
                                        role=Role.HEAD_OF_ADMINISTRATION, unit=administration))  # fmt: skip
            roles.append(RoleAssignment(user_id=by_email[f"coordinator-{a:02d}@{DOMAIN}"],
                                        role=Role.SECURITY_COORDINATOR, unit=administration))  # fmt: skip
            partners_of[administration.pk] = [
                by_email[f"partner-{a:02d}-{p}@{DOMAIN}"] for p in range(1, 4)
            ]
            roles += [RoleAssignment(user_id=pk, role=Role.SECURITY_PARTNER, unit=administration,
                                     area=areas[p] if p else None)
                      for p, pk in enumerate(partners_of[administration.pk])]  # fmt: skip
        roles += [
            RoleAssignment(user_id=area.owner_id, role=Role.AREA_OWNER, area=area) for area in areas
        ]
        RoleAssignment.objects.bulk_create(roles, batch_size=2000)
        teams = []
        for t in range(5):
            team = PartnerTeam.objects.create(name=f"Säkerhetspartners {t + 1}",
                                              lead_id=partners_of[administrations[2 * t].pk][0])  # fmt: skip
            team.administrations.set(administrations[2 * t : 2 * t + 2])
            team.sites.set(sites[20 * t : 20 * t + 10])
            TeamMember.objects.bulk_create(
                TeamMember(team=team, user_id=pk, lent_from=administration)
                for administration in administrations[2 * t : 2 * t + 2]
                for pk in partners_of[administration.pk]
            )
            teams.append(team)
        team_of = {
            administration.pk: teams[n // 2] for n, administration in enumerate(administrations)
        }
        employee_ids = [by_email[e.email] for e in employees[:3000]]
        contacts, seen = [], set()
        while len(contacts) < 300:
            unit, area = rng.choice(units[:450]), rng.choice([None, *areas])
            if (unit.pk, getattr(area, "pk", None)) in seen:
                continue
            seen.add((unit.pk, getattr(area, "pk", None)))
            primary, substitute = rng.sample(employee_ids, 2)
            contacts.append(ContactOverride(unit=unit, area=area, primary_id=primary,
                                            substitute_id=substitute))  # fmt: skip
        # The first manager's unit has its own named contacts for every area.
        for area in areas:
            if (units[0].pk, area.pk) not in seen:
                primary, substitute = rng.sample(employee_ids, 2)
                contacts.append(ContactOverride(unit=units[0], area=area, primary_id=primary,
                                                substitute_id=substitute))  # fmt: skip
        ContactOverride.objects.bulk_create(contacts)
        away = [c.primary_id for c in contacts]
        Absence.objects.bulk_create(
            Absence(person_id=pk, starts_on=today - timedelta(days=(n % 3) * 20),
                    ends_on=today + timedelta(days=5 - (n % 3) * 10), created_by_id=chief)
            for n, pk in enumerate(away[:600] + employee_ids[:max(0, 600 - len(away))])
        )  # fmt: skip
        manager_of = {m.home_unit.pk: by_email[m.email] for m in managers}
        created_at = SupportRequest._meta.get_field("created_at")
        created_at.auto_now_add = False  # the bench writes five years of history
        rows = []
        start = today - timedelta(days=365 * years)
        for n in range(requests):
            index = rng.randrange(len(units))
            unit, administration = units[index], administrations[index // 90]
            asked = start + timedelta(days=rng.randrange(365 * years))
            moment = timezone.make_aware(datetime(asked.year, asked.month, asked.day, 9))
            team = team_of[administration.pk]
            open_ = asked > today - timedelta(days=14) and n % 3 == 0
            answered = None if open_ else moment + timedelta(days=rng.choice([0, 1, 2, 3, 5]))
            closed = not open_ and n % 10 != 0
            rows.append(SupportRequest(
                asker_id=manager_of[unit.pk], unit=unit, administration=administration,
                site=None, area=areas[n % len(areas)], question="Hur hanterar vi hot i receptionen?",
                urgency=Urgency.NORMAL, manager_level=ManagerLevel.FIRST_LINE if n % 4 else ManagerLevel.HIGHER,
                status=RequestStatus.OPEN if open_ else RequestStatus.CLOSED if closed else RequestStatus.ANSWERED,
                team=team, assignee_id=None if open_ else team_of[administration.pk].lead_id,
                due_on=asked + timedelta(days=2), answer="" if open_ else "Se rutinen.",
                answered_at=answered, answered_by_id=None if open_ else team.lead_id,
                answer_working_days=None if open_ else rng.choice([0, 1, 2, 3]),
                closed_at=answered if closed else None,
                helped=rng.choice(Helped.values) if closed else "",
                time_acceptable=(n % 5 != 0) if closed else None,
                rated_at=answered if closed else None, created_at=moment, updated_at=moment,
            ))  # fmt: skip
        SupportRequest.objects.bulk_create(rows, batch_size=2000)
        created_at.auto_now_add = True
    return round(time.monotonic() - started, 1)


def ensure_data(db: str, args) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from sakra.accounts.models import User
    from sakra.support.models import SupportRequest

    if (
        User.objects.filter(email=CHIEF).exists()
        and User.objects.count() == args.people
        and SupportRequest.objects.count() == args.requests
    ):
        return {"generated": False}
    print(f"[{db}] generating {args.people:,} people and {args.requests:,} requests", flush=True)
    call_command("flush", interactive=False, verbosity=0)
    connection.close()
    return {
        "generated": True,
        "generation_seconds": generate(args.people, args.requests, args.years, args.seed),
    }


# ---------------------------------------------------------------- measuring

#: "Var vänder jag mig?" as the page reads it: the areas with their owners, the contact roles
#: held above the unit, the named contacts above it, today's absences of those people, the
#: teams serving the unit, and the manager's open requests.
START_RAW = """SELECT a.id, a.code, a.name_sv, o.id, o.full_name, o.email, o.phone FROM organisation_securityarea a LEFT JOIN accounts_user o ON o.id = a.owner_id WHERE a.is_active ORDER BY a.position, a.id;
SELECT r.role, r.area_id, u.id, u.full_name, u.email, u.phone, n.path FROM accounts_roleassignment r JOIN accounts_user u ON u.id = r.user_id LEFT JOIN organisation_unit n ON n.id = r.unit_id WHERE (n.path IN ({paths}) OR r.unit_id IS NULL) AND r.role IN ('security_partner', 'security_coordinator') AND u.is_active;
SELECT c.id, c.area_id, n.path, p.id, p.full_name, p.email, p.phone, s.id, s.full_name, s.email, s.phone FROM support_contactoverride c LEFT JOIN organisation_unit n ON n.id = c.unit_id JOIN accounts_user p ON p.id = c.primary_id LEFT JOIN accounts_user s ON s.id = c.substitute_id WHERE n.path IN ({paths}) OR c.unit_id IS NULL;
SELECT person_id, ends_on FROM support_absence WHERE NOT is_cancelled AND starts_on <= %(today)s AND ends_on >= %(today)s AND person_id IN (SELECT primary_id FROM support_contactoverride UNION SELECT substitute_id FROM support_contactoverride UNION SELECT user_id FROM accounts_roleassignment) ORDER BY ends_on;
SELECT DISTINCT t.id, t.name, t.email, t.phone FROM support_partnerteam t LEFT JOIN support_partnerteam_sites ts ON ts.partnerteam_id = t.id LEFT JOIN organisation_unit_sites us ON us.site_id = ts.site_id LEFT JOIN support_partnerteam_administrations ta ON ta.partnerteam_id = t.id LEFT JOIN organisation_unit n ON n.id = ta.unit_id WHERE t.is_active AND (us.unit_id = %(unit)s OR n.path IN ({paths})) ORDER BY t.name;
SELECT q.id, q.status, q.created_at, a.name_sv FROM support_supportrequest q JOIN organisation_securityarea a ON a.id = q.area_id WHERE q.asker_id = %(user)s AND q.status IN ('open', 'assigned', 'answered') ORDER BY q.created_at DESC LIMIT 5"""

#: A list of requests: the page of 50 with unit, site, area, asker, assignee and team, and the count.
REQUESTS_RAW = """SELECT q.id, q.status, q.due_on, q.created_at, u.name, a.name_sv, k.full_name, h.full_name, t.name FROM support_supportrequest q JOIN organisation_unit u ON u.id = q.unit_id JOIN organisation_securityarea a ON a.id = q.area_id JOIN accounts_user k ON k.id = q.asker_id LEFT JOIN accounts_user h ON h.id = q.assignee_id LEFT JOIN support_partnerteam t ON t.id = q.team_id WHERE {where} ORDER BY q.created_at DESC, q.id DESC LIMIT 50;
SELECT COUNT(*) FROM support_supportrequest q WHERE {where}"""

#: The follow-up of a year: per administration, team and manager level, the requests, answered
#: on time, rated and helped; and the hours.
FOLLOW_UP_RAW = """SELECT q.administration_id, COUNT(*), COUNT(q.answered_at), SUM(CASE WHEN q.answer_working_days <= 2 THEN 1 ELSE 0 END), COUNT(q.rated_at), SUM(CASE WHEN q.helped = 'yes' THEN 1 ELSE 0 END), AVG(q.answer_working_days) FROM support_supportrequest q WHERE q.created_at >= %(start)s AND q.created_at < %(end)s GROUP BY 1;
SELECT q.team_id, COUNT(*), COUNT(q.answered_at), SUM(CASE WHEN q.answer_working_days <= 2 THEN 1 ELSE 0 END), COUNT(q.rated_at), SUM(CASE WHEN q.helped = 'yes' THEN 1 ELSE 0 END), AVG(q.answer_working_days) FROM support_supportrequest q WHERE q.created_at >= %(start)s AND q.created_at < %(end)s GROUP BY 1;
SELECT q.manager_level, COUNT(*), COUNT(q.answered_at), SUM(CASE WHEN q.answer_working_days <= 2 THEN 1 ELSE 0 END), COUNT(q.rated_at), SUM(CASE WHEN q.helped = 'yes' THEN 1 ELSE 0 END), AVG(q.answer_working_days) FROM support_supportrequest q WHERE q.created_at >= %(start)s AND q.created_at < %(end)s GROUP BY 1;
SELECT q.administration_id, q.area_id, SUM(e.hours) FROM support_timeentry e JOIN support_supportrequest q ON q.id = e.request_id WHERE e.spent_on >= %(start)s AND e.spent_on < %(end)s GROUP BY 1, 2"""

CONTACTS_RAW = """SELECT c.id, c.note, n.name, a.name_sv, p.full_name, p.email, s.full_name, s.email FROM support_contactoverride c LEFT JOIN organisation_unit n ON n.id = c.unit_id LEFT JOIN organisation_securityarea a ON a.id = c.area_id JOIN accounts_user p ON p.id = c.primary_id LEFT JOIN accounts_user s ON s.id = c.substitute_id ORDER BY n.path, a.position, c.id LIMIT 50;
SELECT COUNT(*) FROM support_contactoverride"""


def cases(args) -> dict:
    from django.test import Client
    from django.utils import timezone

    from sakra.accounts.models import User
    from sakra.support.contacts import ancestor_paths
    from sakra.support.models import PartnerTeam

    clients = {}
    for key, email in (("chief", CHIEF), ("manager", MANAGER), ("partner", PARTNER)):
        clients[key] = Client()
        clients[key].force_login(User.objects.get(email=email))
    manager = User.objects.select_related("home_unit").get(email=MANAGER)
    paths = ancestor_paths(manager.home_unit)
    named = {f"p{n}": path for n, path in enumerate(paths)}
    in_paths = ", ".join(f"%({name})s" for name in named)
    today = timezone.localdate()
    start_params = {**named, "today": today, "unit": manager.home_unit_id, "user": manager.pk}
    year = today.year
    bounds = {
        "start": timezone.make_aware(datetime(year, 1, 1)),
        "end": timezone.make_aware(datetime(year + 1, 1, 1)),
    }
    team = PartnerTeam.objects.get(members__user__email=PARTNER)
    queue = f"q.status IN ('open', 'assigned', 'answered') AND q.team_id = {int(team.pk)}"
    return {
        "start_manager": (
            get(clients["manager"], "/stod/"),
            raw_sql(START_RAW.format(paths=in_paths), start_params),
        ),
        "contacts_api": (
            get(clients["manager"], "/api/v1/support/contacts"),
            raw_sql(START_RAW.format(paths=in_paths).rsplit(";\n", 1)[0], start_params),
        ),
        "requests_chief": (
            get(clients["chief"], "/stod/fragor/"),
            raw_sql(REQUESTS_RAW.format(where="TRUE"), []),
        ),
        "queue_partner": (
            get(clients["partner"], "/stod/fragor/?visa=kon"),
            raw_sql(REQUESTS_RAW.format(where=queue), []),
        ),
        "follow_up_chief": (
            get(clients["chief"], f"/stod/uppfoljning/?ar={year}"),
            raw_sql(FOLLOW_UP_RAW, {"start": bounds["start"], "end": bounds["end"]}),
        ),
        "contacts_chief": (get(clients["chief"], "/stod/kontakter/"), raw_sql(CONTACTS_RAW, [])),
    }


if __name__ == "__main__":
    sys.exit(main("support", "bench.support", "Support at region scale (issue 23).", options,
                  ensure_data, cases, LABELS))  # fmt: skip
