# ruff: noqa: E501 - SQL reads best one statement a line
"""Provisioning at region scale (issue 27): the organisation and its people from files, then
re-imported with 2 % changes, and 1 000 SCIM user updates; each against plain SQL doing the
same writes on the same database in the same run.

    python -m bench.provisioning                          # SQLite in bench/data/, then PostgreSQL
    python -m bench.provisioning --db postgres --people 40000 --units 1500 --updates 1000

Every run starts from an empty database (the import is what is measured). The files are
written to bench/data/: a tree of `--units` units (region, 20 administrations, 10 departments
each, the rest units under them) and `--people` people spread over the units, every 25th a
manager. The second files change 2 % of it: units renamed and moved between
administrations, people renamed, moved, gone and new. "Raw" is the same rows read with
`csv` and written with `executemany` into tables of the same columns (the first import), or
the changed rows read and updated by external id (the re-import), in one transaction; the SCIM
baseline reads and updates one person per transaction, 1 000 times. SCIM goes through
Django's in-process client with a SCIM token, as PATCH requests shaped as Entra ID sends them
(a new name; every tenth a new department), each beside a bare authenticated request
(`BARE`, interleaved) after one that warms the process up. Memory is the process's peak resident size after
each step (`ru_maxrss`). Results go to bench/results/provisioning/<date>-provisioning-<db>.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from .run import DATA, DB_PREFIX, PG_SERVER, ROOT, machine, summarise
from .scale import write as write_results

ADMINISTRATIONS = 20
DEPARTMENTS = 10
HSA = "SE2321000131-E"
DOMAIN = "bench-provisioning.example"

LABELS = {
    "organisation": "Import of the organisation (units)",
    "people": "Import of the people",
    "organisation_again": "Re-import of the organisation, 2 % changed",
    "people_again": "Re-import of the people, 2 % changed",
    "scim_updates": "SCIM: user updates (PATCH, one request each)",
}


def database_url(db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{DATA / 'sakra-provisioning.sqlite3'}"
    return f"{PG_SERVER}/{DB_PREFIX}_provisioning"


def fresh_database(db: str) -> None:
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DATA / 'sakra-provisioning.sqlite3'}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = f"{DB_PREFIX}_provisioning"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


# ---------------------------------------------------------------- the files


def organisation_rows(units: int, rng: random.Random, changed: bool) -> list[list[str]]:
    """The tree; with `changed`, 2 % of the units renamed or moved to another administration."""
    rows = [[f"{HSA}000000", "", "region", "Region Bench", "", ""]]
    administrations = [f"{HSA}{a:06d}" for a in range(1, ADMINISTRATIONS + 1)]
    for a, hsa in enumerate(administrations, start=1):
        rows.append([hsa, rows[0][0], "förvaltning", f"Förvaltning {a}", "", ""])
    departments = []
    for a, parent in enumerate(administrations, start=1):
        for d in range(1, DEPARTMENTS + 1):
            hsa = f"{HSA}{a * 1000 + d:06d}"
            departments.append(hsa)
            rows.append([hsa, parent, "verksamhet", f"Verksamhet {a}-{d}", "", ""])
    for n in range(units - len(rows)):
        rows.append([f"{HSA}{100000 + n:06d}", departments[n % len(departments)], "enhet",
                     f"Enhet {n}", "", ""])  # fmt: skip
    if changed:
        leaves = [row for row in rows if row[2] == "enhet"]
        for row in rng.sample(leaves, len(rows) * 2 // 100):
            if rng.random() < 0.5:
                row[3] += " (nytt namn)"
            else:
                row[1] = rng.choice(departments)  # often into another administration
    return rows


def leaf_units(rows: list[list[str]]) -> list[str]:
    return [row[0] for row in rows if row[2] == "enhet"]


def people_rows(people: int, leaves: list[str]) -> list[list[str]]:
    return [
        [f"P{n:06d}", f"Person {n}", f"p{n}@{DOMAIN}", leaves[n % len(leaves)],
         "ja" if n % 25 == 0 else "nej"]
        for n in range(people)
    ]  # fmt: skip


def changed_people(rows: list[list[str]], leaves: list[str], rng: random.Random):
    """2 % of the people changed: a quarter each renamed, moved, gone and new."""
    rows = [list(row) for row in rows]
    quarter = len(rows) * 2 // 100 // 4
    picked = rng.sample(range(len(rows)), quarter * 3)
    for n in picked[:quarter]:
        rows[n][1] += " Nyström"
    for n in picked[quarter : 2 * quarter]:
        rows[n][3] = rng.choice(leaves)
    gone = set(picked[2 * quarter :])
    rows = [row for n, row in enumerate(rows) if n not in gone]
    start = len(rows) + len(gone)
    rows += [[f"P{n:06d}", f"Ny {n}", f"p{n}@{DOMAIN}", rng.choice(leaves), "nej"]
             for n in range(start, start + quarter)]  # fmt: skip
    return rows


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


ORG_HEADER = ["external_id", "parent_id", "kind", "name", "code", "sites"]
PEOPLE_HEADER = ["external_id", "name", "email", "unit", "manager"]


# ---------------------------------------------------------------- the baselines


RAW_TABLES = """CREATE TABLE bench_raw_unit (id INTEGER PRIMARY KEY, external_id VARCHAR(64) UNIQUE, parent VARCHAR(64), kind VARCHAR(20), name VARCHAR(200));
CREATE TABLE bench_raw_user (id INTEGER PRIMARY KEY, external_id VARCHAR(64) UNIQUE, full_name VARCHAR(200), email VARCHAR(254) UNIQUE, unit VARCHAR(64));
CREATE TABLE bench_raw_role (id INTEGER PRIMARY KEY, user_id INTEGER, role VARCHAR(40), unit VARCHAR(64))"""


def _execute(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def raw_first_import(org_path: Path, people_path: Path) -> tuple[float, float]:
    """The files read with `csv` and inserted with `executemany`: units, then people and their
    roles (employee, and manager where flagged); seconds for each."""
    from django.db import connection, transaction

    for statement in RAW_TABLES.split(";\n"):
        _execute(statement)
    timings = []
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor, org_path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))[1:]
        cursor.executemany(
            "INSERT INTO bench_raw_unit (id, external_id, parent, kind, name) VALUES (%s, %s, %s, %s, %s)",
            [(n, r[0], r[1], r[2], r[3]) for n, r in enumerate(rows, start=1)],
        )
    timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        people_path.open(encoding="utf-8") as f,
    ):
        rows = list(csv.reader(f, delimiter=";"))[1:]
        cursor.executemany(
            "INSERT INTO bench_raw_user (id, external_id, full_name, email, unit) VALUES (%s, %s, %s, %s, %s)",
            [(n, r[0], r[1], r[2], r[3]) for n, r in enumerate(rows, start=1)],
        )
        roles = [(n, "employee", r[3]) for n, r in enumerate(rows, start=1)]
        roles += [(n, "manager", r[3]) for n, r in enumerate(rows, start=1) if r[4] == "ja"]
        cursor.executemany(
            "INSERT INTO bench_raw_role (id, user_id, role, unit) VALUES (%s, %s, %s, %s)",
            [(n, *role) for n, role in enumerate(roles, start=1)],
        )
    timings.append(time.perf_counter() - started)
    return timings[0], timings[1]


def raw_re_import(org_path: Path, people_path: Path) -> tuple[float, float]:
    """The whole tables read, the changed rows updated (and the new inserted, the gone
    deleted) by external id; seconds for units and for people."""
    from django.db import connection, transaction

    timings = []
    for path, table, columns in (
        (org_path, "bench_raw_unit", ("parent", "kind", "name")),
        (people_path, "bench_raw_user", ("full_name", "email", "unit")),
    ):
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor, path.open(encoding="utf-8") as f:
            rows = {r[0]: r for r in list(csv.reader(f, delimiter=";"))[1:]}
            cursor.execute(f"SELECT id, external_id, {', '.join(columns)} FROM {table}")
            held = {row[1]: row for row in cursor.fetchall()}
            width = len(columns)
            changed = [
                (*rows[key][1 : 1 + width], key)
                for key, row in held.items()
                if key in rows and tuple(rows[key][1 : 1 + width]) != tuple(row[2:])
            ]
            sets = ", ".join(f"{column} = %s" for column in columns)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE external_id = %s", changed)
            gone = [(key,) for key in held if key not in rows]
            cursor.executemany(f"DELETE FROM {table} WHERE external_id = %s", gone)
            top = max((row[0] for row in held.values()), default=0)
            new = [(top + n, key, *rows[key][1 : 1 + width])
                   for n, key in enumerate((k for k in rows if k not in held), start=1)]  # fmt: skip
            marks = ", ".join(["%s"] * (width + 2))
            cursor.executemany(
                f"INSERT INTO {table} (id, external_id, {', '.join(columns)}) VALUES ({marks})",
                new,
            )
        timings.append(time.perf_counter() - started)
    return timings[0], timings[1]


def raw_updates(pairs: list[tuple[int, str, int | None]]) -> list[float]:
    """Each person read and updated (name, unit) in a transaction of their own."""
    from django.db import connection, transaction

    times = []
    for pk, name, unit_id in pairs:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, email, full_name, external_id, home_unit_id, is_active FROM accounts_user WHERE id = %s",
                [pk],
            )
            cursor.fetchone()
            cursor.execute(
                "UPDATE accounts_user SET full_name = %s, home_unit_id = COALESCE(%s, home_unit_id) WHERE id = %s",
                [name, unit_id, pk],
            )
        times.append(time.perf_counter() - started)
    return times


# ---------------------------------------------------------------- measuring


#: A bare authenticated SCIM request: the middleware, the token, a small static resource.
BARE = "/scim/v2/ResourceTypes/User"


def _load(start: float) -> str:
    return f"{start:.1f}–{os.getloadavg()[0]:.1f}"


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure(db: str, units: int, people: int, updates: int, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from sakra.accounts.people_import import import_people
    from sakra.organisation.importing.units import import_organisation

    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    org = organisation_rows(units, rng, changed=False)
    leaves = leaf_units(org)
    staff = people_rows(people, leaves)
    files = {
        "organisation": write(DATA / "provisioning-organisation.csv", ORG_HEADER, org),
        "people": write(DATA / "provisioning-people.csv", PEOPLE_HEADER, staff),
        "organisation_again": write(DATA / "provisioning-organisation-2.csv", ORG_HEADER,
                                    organisation_rows(units, random.Random(seed), changed=True)),
        "people_again": write(DATA / "provisioning-people-2.csv", PEOPLE_HEADER,
                              changed_people(staff, leaves, rng)),
    }  # fmt: skip
    results = {}
    runs = {
        "organisation": lambda: import_organisation(files["organisation"]),
        "people": lambda: import_people(files["people"]),
        "organisation_again": lambda: import_organisation(files["organisation_again"]),
        "people_again": lambda: import_people(files["people_again"]),
    }
    for key, run in runs.items():
        before = peak_mb()
        load = os.getloadavg()[0]
        started = time.perf_counter()
        plan = run()
        seconds = time.perf_counter() - started
        kinds: dict[str, int] = {}
        for change in plan.changes:
            kinds[change.kind] = kinds.get(change.kind, 0) + 1
        results[key] = {"label": LABELS[key], "seconds": round(seconds, 2), "changes": kinds,
                        "unchanged": plan.unchanged, "peak_mb_before": before,
                        "peak_mb_after": peak_mb(), "load": _load(load)}  # fmt: skip
        print(f"[{db}] {key}: {seconds:.1f} s, {kinds}, peak {peak_mb()} MB", flush=True)
    raw = raw_first_import(files["organisation"], files["people"])
    raw_again = raw_re_import(files["organisation_again"], files["people_again"])
    for key, seconds in zip(runs, (*raw, *raw_again), strict=True):
        results[key]["raw_seconds"] = round(seconds, 3)
        results[key]["ratio"] = round(results[key]["seconds"] / max(seconds, 0.001), 1)
    results["scim_updates"] = scim_updates(db, updates, rng)
    connection.close()
    return results


def scim_updates(db: str, updates: int, rng: random.Random) -> dict:
    from django.test import Client

    from sakra.accounts.models import User
    from sakra.accounts.services import create_scim_token
    from sakra.organisation.models import Unit

    _token, plain = create_scim_token("bench")
    client = Client(headers={"Authorization": f"Bearer {plain}"})
    # A running server has its URLs and SCIM's models loaded: the first request pays that.
    assert client.get(BARE).status_code == 200
    ids = list(User.objects.filter(is_active=True, external_id__isnull=False)
               .order_by("?").values_list("pk", flat=True)[:updates])  # fmt: skip
    codes = list(Unit.objects.filter(is_active=True, external_id__startswith=f"{HSA}1")
                 .values_list("pk", "external_id"))  # fmt: skip
    times, pairs, bare = [], [], []
    before = peak_mb()
    load = os.getloadavg()[0]
    started = time.perf_counter()
    for n, pk in enumerate(ids):
        one = time.perf_counter()
        client.get(BARE)
        bare.append(time.perf_counter() - one)
        operations = [{"op": "Replace", "path": "name.formatted", "value": f"Uppdaterad {n}"}]
        unit = None
        if n % 10 == 0:
            unit = rng.choice(codes)
            operations.append({
                "op": "Replace",
                "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                "value": unit[1],
            })  # fmt: skip
        body = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": operations,
        }
        one = time.perf_counter()
        response = client.patch(
            f"/scim/v2/Users/{pk}", json.dumps(body), content_type="application/scim+json"
        )
        times.append(time.perf_counter() - one)
        assert response.status_code in (200, 204), (response.status_code, response.content[:300])
        pairs.append((pk, f"Rå {n}", unit[0] if unit else None))
    seconds = time.perf_counter() - started - sum(bare)
    raw_times = raw_updates(pairs)
    raw_seconds = sum(raw_times)
    row = {**summarise(times), "label": LABELS["scim_updates"], "updates": len(ids),
           "seconds": round(seconds, 2), "raw_seconds": round(raw_seconds, 3),
           "raw_p95_ms": summarise(raw_times)["p95_ms"],
           "ratio": round(seconds / max(raw_seconds, 0.001), 1),
           "bare_seconds": round(sum(bare), 3), "bare_p50_ms": summarise(bare)["p50_ms"],
           "bare_p95_ms": summarise(bare)["p95_ms"],
           "load": _load(load),
           "peak_mb_before": before, "peak_mb_after": peak_mb()}  # fmt: skip
    print(f"[{db}] scim_updates: {len(ids)} in {seconds:.1f} s (p95 {row['p95_ms']} ms), raw "
          f"{raw_seconds:.2f} s, {row['ratio']}×; bare request p95 {row['bare_p95_ms']} ms, "
          f"load {row['load']}", flush=True)  # fmt: skip
    return row


def child(db: str, units: int, people: int, updates: int, seed: int) -> Path:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakra.config.settings")
    import django

    django.setup()
    load_start = round(os.getloadavg()[0], 1)
    started = time.monotonic()
    results = measure(db, units, people, updates, seed)
    out = {
        "date": date.today().isoformat(), "db": db, "units": units, "people": people,
        "updates": updates, "machine": machine(), "run_seconds": round(time.monotonic() - started, 1),
        "load_start": load_start, "load_end": round(os.getloadavg()[0], 1), "results": results,
    }  # fmt: skip
    return write_results("provisioning", db, out)


def table(path: Path) -> str:
    """The results as the Markdown table docs/performance.md quotes."""
    run = json.loads(path.read_text())
    lines = [
        "| Operation | Seconds | Raw seconds | Ratio | Load (start–end) | Peak memory after, MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in run["results"].values():
        lines.append(f"| {row['label']} | {row['seconds']} | {row['raw_seconds']} | "
                     f"{row['ratio']}× | {row.get('load', '')} | {row['peak_mb_after']} |")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Provisioning at region scale (issue 27).")
    parser.add_argument(
        "--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--units", type=int, default=1500)
    parser.add_argument("--people", type=int, default=40000)
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    if args.child:
        path = child(args.db[0], args.units, args.people, args.updates, args.seed)
        print(table(path))
        return 0
    for db in args.db:
        fresh_database(db)
        # Django reads DATABASE_URL once: each database in its own process.
        env = {**os.environ, "DATABASE_URL": database_url(db), "DEBUG": "false"}
        command = [sys.executable, "-m", "bench.provisioning", "--child", "--db", db,
                   "--units", str(args.units), "--people", str(args.people),
                   "--updates", str(args.updates), "--seed", str(args.seed)]  # fmt: skip
        subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own interpreter
    return 0


if __name__ == "__main__":
    sys.exit(main())
