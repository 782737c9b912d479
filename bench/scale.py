# ruff: noqa: E501 - result lines read best one a line
"""What the modules' region-scale benches share (continuity, risks, support, fire safety): a small
region to put their rows in, the database
per bench, a page timed against the plain SQL that answers the same question in the same run,
the results file and the table docs/performance.md quotes, and one child process per database
(Django reads DATABASE_URL once).

A bench module gives `LABELS`, `ensure_data(db, args) -> dict` and `cases(args) -> {key: (page,
raw)}`; `main(...)` parses the common options and runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .run import DATA, DB_PREFIX, PG_SERVER, RESULTS, ROOT, captured, machine, timed


def small_region(
    areas: list[tuple[str, str]],
    *,
    chief: str,
    coordinator: str,
    password: str,
    administrations: int = 20,
    units_per_administration: int = 5,
):
    """A region of `administrations` with `units_per_administration` units each, the security
    areas named by (code, Swedish name), a security chief and a coordinator of the first
    administration, both able to sign in with `password`: (region, units, areas, chief)."""
    from sakra.accounts.choices import Role
    from sakra.accounts.models import RoleAssignment, User
    from sakra.organisation.choices import UnitKind
    from sakra.organisation.models import SecurityArea, Unit

    region = Unit.add_root(code="bench-region", name="Region", kind=UnitKind.REGION)
    units = []
    for a in range(1, administrations + 1):
        administration = region.add_child(
            code=f"bench-adm-{a:02d}", name=f"Förvaltning {a:02d}", kind=UnitKind.ADMINISTRATION
        )
        for u in range(1, units_per_administration + 1):
            units.append(administration.add_child(
                code=f"bench-adm-{a:02d}-{u}", name=f"Enhet {a:02d}-{u}", kind=UnitKind.UNIT
            ))  # fmt: skip
    made = [
        SecurityArea.objects.create(code=code, name_sv=name, name_en=name, position=n)
        for n, (code, name) in enumerate(areas)
    ]
    first = Unit.objects.get(code="bench-adm-01")
    chief_user = User.objects.create_user(email=chief, password=password, full_name="Chef")
    coordinator_user = User.objects.create_user(
        email=coordinator, password=password, full_name="Samordnare", home_unit=first
    )
    RoleAssignment.objects.create(user=chief_user, role=Role.SECURITY_CHIEF, unit=region)
    RoleAssignment.objects.create(user=coordinator_user, role=Role.SECURITY_COORDINATOR, unit=first)
    return region, units, made, chief_user


def database_url(db: str, name: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{DATA / f'sakra-{name}.sqlite3'}"
    return f"{PG_SERVER}/{DB_PREFIX}_{name}"


def create_database(db: str, name: str) -> None:
    """The PostgreSQL database `<prefix>_<name>`, created when missing (SQLite makes its file)."""
    if db != "postgres":
        return
    from . import database

    full = f"{DB_PREFIX}_{name}"
    if not database.exists(full):
        database.create(full)  # marked: a later bench may replace it, and only it


def get(client, url: str) -> Callable[[], None]:
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return run


def raw_sql(sql: str, params: list | dict) -> Callable[[], None]:
    """The statements of `sql` (separated by ";\\n") through Django's connection: with a list,
    each takes as many of its first values as it has %s; with a dict, the names it uses."""
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for statement in sql.split(";\n"):
                values = params if isinstance(params, dict) else params[: statement.count("%s")]
                cursor.execute(statement, values)
                cursor.fetchall()

    return run


def measure(db: str, cases: dict, labels: dict, reps: int) -> dict:
    """Each page and its raw SQL, taking turns so that a burst of load touches both alike."""
    from django.db import connection

    results = {}
    for key, (app, baseline) in cases.items():
        row = {**timed(app, reps), **captured(app)}
        raw_row = timed(baseline, reps)
        row.update(label=labels[key], raw_p50_ms=raw_row["p50_ms"], raw_p95_ms=raw_row["p95_ms"],
                   ratio=round(row["p95_ms"] / max(raw_row["p95_ms"], 0.01), 1))  # fmt: skip
        row.pop("slowest_query", None)
        results[key] = row
        print(f"[{db}] {key}: p50 {row['p50_ms']} p95 {row['p95_ms']} ms, raw p95 "
              f"{row['raw_p95_ms']} ms, {row['ratio']}×, {row['queries']} queries", flush=True)  # fmt: skip
    connection.close()
    return results


def write(name: str, db: str, out: dict) -> Path:
    """bench/results/<name>/<date>-<name>-<db>.json: a folder of its own, since bench.report
    reads every file beside it as an incident run."""
    folder = RESULTS / name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{date.today().isoformat()}-{name}-{db}.json"
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"[{db}] wrote {path.relative_to(ROOT)}", flush=True)
    return path


def table(path: Path) -> str:
    """The results as the Markdown table docs/performance.md quotes."""
    run = json.loads(path.read_text())
    lines = [
        "| Operation | p50 ms | p95 ms | Raw p95 ms | Ratio | Queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in run["results"].values():
        lines.append(f"| {row['label']} | {row['p50_ms']} | {row['p95_ms']} | {row['raw_p95_ms']} "
                     f"| {row['ratio']}× | {row['queries']} |")  # fmt: skip
    return "\n".join(lines)


def child(name: str, db: str, args, ensure_data: Callable, cases: Callable, labels: dict) -> Path:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakra.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    create_database(db, name)
    call_command("migrate", verbosity=0)
    prepared = ensure_data(db, args)
    load_start = round(os.getloadavg()[0], 1)
    started = time.monotonic()
    results = measure(db, cases(args), labels, args.reps)
    out = {
        "date": date.today().isoformat(), "db": db, **{k: v for k, v in vars(args).items()
        if k not in ("db", "child")}, "machine": machine(), **prepared,
        "run_seconds": round(time.monotonic() - started, 1), "load_start": load_start,
        "load_end": round(os.getloadavg()[0], 1), "results": results,
    }  # fmt: skip
    return write(name, db, out)


def main(
    name: str, module: str, description: str, options: Callable, ensure_data: Callable,
    cases: Callable, labels: dict, argv: list[str] | None = None,
) -> int:  # fmt: skip
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options(parser)
    args = parser.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    if args.child:
        args.db = args.db[0]
        path = child(name, args.db, args, ensure_data, cases, labels)
        print(table(path))
        return 0
    passed = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--db"]
    passed = [a for a in passed if a not in ("sqlite", "postgres")]
    for db in args.db:
        env = {**os.environ, "DATABASE_URL": database_url(db, name), "DEBUG": "false"}
        command = [sys.executable, "-m", module, "--child", "--db", db, *passed]
        subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own interpreter
    return 0
