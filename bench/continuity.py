# ruff: noqa: E501 - SQL reads best one statement a line
"""Continuity at region scale (issue 24): the exercise plan at 500 exercises a year over five
years, and the list of 2 000 continuity plans, each against the plain SQL that answers the same
question on the same database in the same run.

    python -m bench.continuity                       # SQLite in bench/data/, then PostgreSQL
    python -m bench.continuity --db postgres --reps 50

The data is its own small region (20 administrations of 5 units, 3 security areas), made once
through `bulk_create` and reused while it holds exactly the sizes asked for: 2 000 critical
services with two dependencies each and their backups, a continuity plan per service, and
`--per-year` exercises in each of the last `--years` years (half of them of a plan, the past
ones held with their evaluation). Latency goes through Django's in-process test client, as in
`bench.run`, logged in as the security chief (region-wide) or the coordinator of the first
administration; "raw" is the page of 50 rows plus its count (and, for the exercise plan, the
year's planned and held counts) in plain SQL through the same connection. Results go to
bench/results/continuity/<date>-continuity-<db>.json; docs/performance.md quotes them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from .run import DATA, DB_PREFIX, PG_SERVER, RESULTS, ROOT, captured, machine, timed
from .scale import get as _get
from .scale import raw_sql as _raw_sql
from .scale import small_region, table

ADMINISTRATIONS = 20
UNITS_PER_ADMINISTRATION = 5
DOMAIN = "bench-continuity.sakra.se"
CHIEF = f"chief@{DOMAIN}"
COORDINATOR = f"coordinator@{DOMAIN}"
PASSWORD = "bench-lösenord"  # noqa: S105 - the benchmark's users, never a real system

LABELS = {
    "exercises_empty": "Exercise plan of a year with no exercise (the page's floor, security chief)",
    "exercises_chief": "Exercise plan of the year, page 1 of 500 (security chief)",
    "exercises_coordinator": "Exercise plan of the year, page 1 (coordinator of one administration)",
    "exercises_api": "Exercise plan of the year through the API, 50 rows (security chief)",
    "plans_chief": "Continuity plans, page 1 of 2 000 with backups against tolerance (security chief)",
}


def database_url(db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{DATA / 'sakra-continuity.sqlite3'}"
    return f"{PG_SERVER}/{DB_PREFIX}_continuity"


# ---------------------------------------------------------------- the data


def _region():
    return small_region(
        [("krisberedskap", "Krisberedskap"), ("civilt-forsvar", "Civilt försvar"), ("brandskydd", "Brandskydd")],
        chief=CHIEF, coordinator=COORDINATOR, password=PASSWORD,
        administrations=ADMINISTRATIONS, units_per_administration=UNITS_PER_ADMINISTRATION,
    )  # fmt: skip


def generate(plans: int, per_year: int, years: int, seed: int) -> float:
    """The region, its services and plans, and the exercises; seconds taken."""
    from django.db import transaction
    from django.utils import timezone

    from sakra.continuity.choices import ExerciseKind, ExerciseStatus
    from sakra.continuity.models import ContinuityPlan, DependencyBackup, Exercise
    from sakra.risks.models import CriticalDependency, CriticalService

    started = time.monotonic()
    rng = random.Random(seed)
    today = timezone.localdate()
    with transaction.atomic():
        _, units, areas, chief = _region()
        services = CriticalService.objects.bulk_create(
            CriticalService(name=f"Verksamhet {n}", unit=units[n % len(units)],
                            tolerable_outage_hours=24)
            for n in range(plans)
        )  # fmt: skip
        dependencies = CriticalDependency.objects.bulk_create(
            CriticalDependency(service=service, kind=kind, tolerable_outage_hours=12)
            for service in services
            for kind in ("electricity", "water")
        )
        DependencyBackup.objects.bulk_create(
            DependencyBackup(dependency=dependency, lasts_hours=rng.choice([None, 2, 24, 72]))
            for dependency in dependencies
        )
        rows = ContinuityPlan.objects.bulk_create(
            ContinuityPlan(title=f"Kontinuitetsplan {service.name}", service=service,
                           unit=service.unit, minimum_level="Livshotande tillstånd",
                           tolerable_hours=rng.choice([4, 12, 24]), responsible=chief,
                           review_date=today + timedelta(days=rng.randint(-30, 365)))
            for service in services
        )  # fmt: skip
        exercises = []
        for year in range(today.year - years + 1, today.year + 1):
            for n in range(per_year):
                day = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
                held = day <= today
                exercises.append(Exercise(
                    title=f"Övning {year}-{n}", kind=rng.choice(ExerciseKind.values),
                    status=ExerciseStatus.HELD if held else ExerciseStatus.PLANNED,
                    unit=rng.choice(units), area=rng.choice(areas), date=day,
                    scenario="Elen går i hela sjukhuset under ett dygn.",
                    plan=rows[rng.randrange(len(rows))] if n % 2 else None,
                    participants=rng.randint(4, 40) if held else None,
                    worked_well="Stabsarbetet" if held else "",
                    did_not_work="Sambandet" if held else "",
                    recovery_hours=rng.randint(1, 30) if held else None, created_by=chief,
                ))  # fmt: skip
        Exercise.objects.bulk_create(exercises, batch_size=1000)
    return round(time.monotonic() - started, 1)


def ensure_data(db: str, plans: int, per_year: int, years: int, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from sakra.accounts.models import User
    from sakra.continuity.models import ContinuityPlan, Exercise

    name = f"{DB_PREFIX}_continuity"
    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            if (
                conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
                is None
            ):
                conn.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    if (
        User.objects.filter(email=CHIEF).exists()
        and ContinuityPlan.objects.count() == plans
        and Exercise.objects.count() == per_year * years
    ):
        return {"generated": False}
    print(f"[{db}] generating {plans:,} plans and {per_year * years:,} exercises", flush=True)
    call_command("flush", interactive=False, verbosity=0)
    connection.close()
    return {"generated": True, "generation_seconds": generate(plans, per_year, years, seed)}


# ---------------------------------------------------------------- measuring


#: The exercise plan's page as the view reads it: the year's 50 first rows with their unit,
#: area and plan, the count, and the year's planned and held counts.
EXERCISES_RAW = """SELECT e.id, e.title, e.kind, e.status, e.date, e.recovery_hours, u.name, a.name_sv, p.title, p.tolerable_hours FROM continuity_exercise e JOIN organisation_unit u ON u.id = e.unit_id JOIN organisation_securityarea a ON a.id = e.area_id LEFT JOIN continuity_continuityplan p ON p.id = e.plan_id WHERE e.date BETWEEN %s AND %s {scope} ORDER BY e.date, e.id LIMIT 50;
SELECT COUNT(*) FROM continuity_exercise e JOIN organisation_unit u ON u.id = e.unit_id WHERE e.date BETWEEN %s AND %s {scope};
SELECT SUM(CASE WHEN e.status = 'planned' THEN 1 ELSE 0 END), SUM(CASE WHEN e.status = 'held' THEN 1 ELSE 0 END) FROM continuity_exercise e JOIN organisation_unit u ON u.id = e.unit_id WHERE e.date BETWEEN %s AND %s {scope}"""

#: The plans' page: 50 plans with their unit and service, the count, and the backups of those
#: plans' dependencies (what the outcome is computed from).
PLANS_RAW = """SELECT p.id, p.title, p.tolerable_hours, p.review_date, u.name, s.name FROM continuity_continuityplan p JOIN organisation_unit u ON u.id = p.unit_id LEFT JOIN risks_criticalservice s ON s.id = p.service_id ORDER BY p.title, p.id LIMIT 50;
SELECT COUNT(*) FROM continuity_continuityplan;
SELECT d.service_id, d.kind, b.lasts_hours FROM risks_criticaldependency d LEFT JOIN continuity_dependencybackup b ON b.dependency_id = d.id WHERE d.service_id IN (SELECT p.service_id FROM continuity_continuityplan p ORDER BY p.title, p.id LIMIT 50)"""


def measure(db: str, reps: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from sakra.accounts.models import User
    from sakra.organisation.models import Unit

    year = timezone.localdate().year
    bounds = [date(year, 1, 1), date(year, 12, 31)]
    clients = {}
    for key, email in (("chief", CHIEF), ("coordinator", COORDINATOR)):
        clients[key] = Client()
        clients[key].force_login(User.objects.get(email=email))
    path = Unit.objects.get(code="bench-adm-01").path
    like = "AND u.path LIKE %s"
    empty = [date(year + 5, 1, 1), date(year + 5, 12, 31)]
    cases = {
        "exercises_empty": (
            _get(clients["chief"], f"/kontinuitet/ovningar/?ar={year + 5}"),
            _raw_sql(EXERCISES_RAW.format(scope=""), empty),
        ),
        "exercises_chief": (
            _get(clients["chief"], f"/kontinuitet/ovningar/?ar={year}"),
            _raw_sql(EXERCISES_RAW.format(scope=""), bounds),
        ),
        "exercises_coordinator": (
            _get(clients["coordinator"], f"/kontinuitet/ovningar/?ar={year}"),
            _raw_sql(EXERCISES_RAW.format(scope=like), [*bounds, f"{path}%"]),
        ),
        "exercises_api": (
            _get(clients["chief"], f"/api/v1/continuity/exercises?year={year}&limit=50"),
            _raw_sql(EXERCISES_RAW.format(scope=""), bounds),
        ),
        "plans_chief": (_get(clients["chief"], "/kontinuitet/"), _raw_sql(PLANS_RAW, [])),
    }
    results = {}
    for key, (app, baseline) in cases.items():
        # Taking turns, so that a burst of load on the shared machine touches both alike.
        row = {**timed(app, reps), **captured(app)}
        raw_row = timed(baseline, reps)
        row.update(label=LABELS[key], raw_p50_ms=raw_row["p50_ms"], raw_p95_ms=raw_row["p95_ms"],
                   ratio=round(row["p95_ms"] / max(raw_row["p95_ms"], 0.01), 1))  # fmt: skip
        row.pop("slowest_query", None)
        results[key] = row
        print(f"[{db}] {key}: p50 {row['p50_ms']} p95 {row['p95_ms']} ms, raw p95 "
              f"{row['raw_p95_ms']} ms, {row['ratio']}×, {row['queries']} queries", flush=True)  # fmt: skip
    connection.close()
    return results


def child(db: str, plans: int, per_year: int, years: int, reps: int, seed: int) -> Path:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakra.config.settings")
    import django

    django.setup()
    prepared = ensure_data(db, plans, per_year, years, seed)
    load_start = round(os.getloadavg()[0], 1)
    started = time.monotonic()
    results = measure(db, reps)
    out = {
        "date": date.today().isoformat(), "db": db, "plans": plans, "exercises_per_year": per_year,
        "years": years, "reps": reps, "machine": machine(), **prepared,
        "run_seconds": round(time.monotonic() - started, 1), "load_start": load_start,
        "load_end": round(os.getloadavg()[0], 1), "results": results,
    }  # fmt: skip
    # A folder of its own: bench.report reads every file beside it as an incident run.
    folder = RESULTS / "continuity"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{date.today().isoformat()}-continuity-{db}.json"
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"[{db}] wrote {path.relative_to(ROOT)}", flush=True)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Continuity at region scale (issue 24).")
    parser.add_argument(
        "--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--plans", type=int, default=2000)
    parser.add_argument("--per-year", type=int, default=500, help="exercises a year")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    if args.child:
        path = child(args.db[0], args.plans, args.per_year, args.years, args.reps, args.seed)
        print(table(path))
        return 0
    for db in args.db:
        # Django reads DATABASE_URL once: each database in its own process.
        env = {**os.environ, "DATABASE_URL": database_url(db), "DEBUG": "false"}
        command = [sys.executable, "-m", "bench.continuity", "--child", "--db", db,
                   "--plans", str(args.plans), "--per-year", str(args.per_year),
                   "--years", str(args.years), "--reps", str(args.reps), "--seed", str(args.seed)]  # fmt: skip
        subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own interpreter
    return 0


if __name__ == "__main__":
    sys.exit(main())
