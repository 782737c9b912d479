# ruff: noqa: E501 - result lines read best one a line
"""Exports and imports at the database's speed (issue 19): the incident export against the
spreadsheet library writing the same values alone, the import against a COPY of the same rows.

    python -m bench.io                          # PostgreSQL, then SQLite
    python -m bench.io --db postgres --reps 3

The data is `bench.generate`'s region (100 000 incidents unless `--incidents`), made once in
the database `h_io19_bench` (`BENCH_IO_PG` names another) or bench/data/sakra-io.sqlite3.

- Export: the XLSX and CSV downloads of the newest N rows (10 000 and 100 000) through
  Django's in-process test client as the security chief, against the library alone writing
  the very cells the export wrote, already in a list (openpyxl's write-only workbook into a
  temporary file; `csv.writer` into one), interleaved repetition by repetition.
- Import: `import_incidents` of a CSV of `--import-rows` new rows (the same shape as
  bench.run's), in process, against the same rows read from the same file and written by one
  COPY (PostgreSQL) or one `executemany` (SQLite) in one transaction, interleaved; each run's
  rows are deleted before the next.

Beside each figure: the peak resident memory the step added (the kernel's high-water mark,
reset before the step) and the machine's load average. Results go to
bench/results/io/<date>-io-<db>.json; docs/performance.md quotes them.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results" / "io"
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_NAME = os.environ.get("BENCH_IO_PG", "h_io19_bench")
PREFIX = "bench-io-"
FIRST_YEAR = 2010  # the imported history lies before the generated decade


def database_url(db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{DATA / 'sakra-io.sqlite3'}"
    return f"{PG_SERVER}/{PG_NAME}"


# ---------------------------------------------------------------- measuring


def load() -> float:
    return round(os.getloadavg()[0], 1)


def _status(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    return 0


def measured(fn) -> dict:
    """Seconds, the peak resident memory above the start (MiB) and the load, for one call."""
    Path("/proc/self/clear_refs").write_text("5")  # resets the high-water mark (VmHWM)
    before = _status("VmRSS:")
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    return {
        "s": round(seconds, 3),
        "peak_mib": round((_status("VmHWM:") - before) / 1024, 1),
        "load": load(),
    }


def summary(runs: list[dict]) -> dict:
    times = sorted(run["s"] for run in runs)
    return {
        "median_s": times[len(times) // 2],
        "runs_s": [run["s"] for run in runs],
        "peak_mib": max(run["peak_mib"] for run in runs),
        "load": [run["load"] for run in runs],
    }


# ---------------------------------------------------------------- the data


def ensure_data(db: str, incidents: int) -> None:
    from django.core.management import call_command

    from sakra.incidents.models import Incident

    if db == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            if not conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME]
            ).fetchone():
                conn.execute(f'CREATE DATABASE "{PG_NAME}"')
    call_command("migrate", verbosity=0)
    if Incident.objects.count() < incidents:
        from . import generate

        generate.generate(incidents, seed=7)
    cleanup()


#: The last audit entry before the bench: every later one is the bench's (imports, exports).
MARK: list[int] = []


def cleanup() -> None:
    """The imported rows, the bench's audit entries and the imported years' numbering, gone."""
    from auditlog.models import LogEntry
    from django.db import transaction
    from django.db.models import Max

    from sakra.incidents import summary as yearly
    from sakra.incidents.models import Incident, IncidentSequence

    if not MARK:
        MARK.append(LogEntry.objects.aggregate(last=Max("pk"))["last"] or 0)
    with transaction.atomic():
        LogEntry.objects.filter(pk__gt=MARK[0])._raw_delete(using="default")
        Incident.objects.filter(external_id__startswith=PREFIX)._raw_delete(using="default")
        IncidentSequence.objects.filter(year__lt=FIRST_YEAR + 5).delete()
        yearly.rebuild()


# ---------------------------------------------------------------- export


def export_cases(reps: int, sizes: list[int]) -> dict:
    from django.test import Client

    from sakra.accounts.models import User

    from .generate import CHIEF_EMAIL

    chief = User.objects.get(email=CHIEF_EMAIL)
    client = Client()
    client.force_login(chief)
    results = {}
    for size in sizes:
        results |= export_size(client, chief, size, reps)
    return results


def export_size(client, chief, size: int, reps: int) -> dict:
    from django.urls import reverse
    from openpyxl import Workbook

    from sakra.core.exports import _cell, _xlsx_cell
    from sakra.incidents import exports
    from sakra.incidents.models import Incident

    since = Incident.objects.order_by("-occurred_date").values_list("occurred_date", flat=True)[
        size - 1
    ]
    incidents = (
        Incident.objects.for_user(chief)
        .filter(occurred_date__gte=since)
        .order_by("-occurred_at", "-id")
    )
    rows = incidents.count()
    headers = exports.headers()
    # The very cells the export writes, in a list before the clock starts.
    values = list(exports.rows(chief, incidents))
    xlsx_cells = [[_xlsx_cell(v) for v in row] for row in values]
    csv_cells = [[_cell(v) for v in row] for row in values]
    del values

    def page(fmt):
        def run():
            response = client.get(reverse(f"incidents:export-{fmt}") + f"?occurred_from={since}")
            assert response.status_code == 200
            assert sum(len(part) for part in response.streaming_content) > rows * 50

        return run

    def xlsx_alone():
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Avvikelser")
        sheet.append(headers)
        for row in xlsx_cells:
            sheet.append(row)
        with tempfile.TemporaryFile() as handle:
            book.save(handle)

    def csv_alone():
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(headers)
            writer.writerows(csv_cells)

    results = {}
    for fmt, alone in (("xlsx", xlsx_alone), ("csv", csv_alone)):
        page_runs, alone_runs = [], []
        page(fmt)()  # warm-up: the query plan, the translations
        for _ in range(reps):
            page_runs.append(measured(page(fmt)))
            alone_runs.append(measured(alone))
        app, ref = summary(page_runs), summary(alone_runs)
        results[f"export_{fmt}_{size}"] = result = {
            "rows": rows, "app": app, "library_alone": ref,
            "ratio": round(app["median_s"] / ref["median_s"], 2),
            "rows_per_s": round(rows / app["median_s"]),
        }  # fmt: skip
        print(f"export {fmt} {rows} rows: {result}", flush=True)
    return results


# ---------------------------------------------------------------- import


def write_import_file(rows: int) -> Path:
    """New rows in bench.run's shape: external id, category, unit, time, text, status."""
    from sakra.incidents.models import IncidentCategory
    from sakra.organisation.models import Unit

    units = list(Unit.objects.filter(depth=4).values_list("code", flat=True)[:200])
    codes = list(IncidentCategory.objects.filter(is_active=True).values_list("code", flat=True))
    path = DATA / f"io-import-{rows}.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["external_id", "category", "unit", "occurred_at", "description", "status"])
        for n in range(rows):
            moment = datetime(FIRST_YEAR, 1, 1) + timedelta(minutes=37 * n)
            writer.writerow([f"{PREFIX}{n}", codes[n % len(codes)], units[n % len(units)],
                             moment.strftime("%Y-%m-%d %H:%M"),
                             "Inbrott i förrådet, dörren uppbruten och verktyg stulna.", "closed"])  # fmt: skip
    return path


def copy_same_rows(path: Path) -> None:
    """The file's rows as the import stores them, with no check and no audit entry: read,
    looked up by code, and written in one COPY (one `executemany` on SQLite), one transaction."""
    from django.db import connection, transaction
    from django.utils import timezone

    from sakra.core.bulk import defaults
    from sakra.incidents.models import LOCAL_ZONE, Incident, IncidentCategory
    from sakra.organisation.models import Unit

    categories = {
        c.code: (c.pk, c.area_id, c.is_restricted) for c in IncidentCategory.objects.all()
    }
    units = {
        u.code: (u.pk, u.administration.pk if u.administration else None)
        for u in Unit.objects.filter(depth=4)[:200]
    }
    fresh = defaults(Incident)
    names = list(fresh)
    columns = ", ".join(f'"{Incident._meta.get_field(name).column}"' for name in names)
    table = Incident._meta.db_table
    with path.open(encoding="utf-8") as source, transaction.atomic(), connection.cursor() as cursor:
        rows = []
        for n, line in enumerate(csv.DictReader(source)):
            moment = timezone.make_aware(datetime.fromisoformat(line["occurred_at"]), LOCAL_ZONE)
            local = timezone.localtime(moment, LOCAL_ZONE)
            category, area, restricted = categories[line["category"]]
            unit, administration = units[line["unit"]]
            row = {**fresh, "reference": f"AVV-{local.year}-R{n:06d}", "category_id": category,
                   "area_id": area, "unit_id": unit, "administration_id": administration,
                   "is_restricted": restricted, "occurred_at": moment, "aware_at": moment,
                   "occurred_date": local.date(), "occurred_year": local.year, "closed_at": moment,
                   "external_id": line["external_id"], "description": line["description"],
                   "status": line["status"], "severity": 2}  # fmt: skip
            rows.append([row[name] for name in names])
            if len(rows) == 1000:
                _write(cursor, table, columns, rows)
                rows = []
        _write(cursor, table, columns, rows)


def _write(cursor, table: str, columns: str, rows: list) -> None:
    from django.db import connection

    if not rows:
        return
    if connection.vendor == "postgresql":
        with cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(rows[0]))
        cursor.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)


def import_cases(reps: int, rows: int) -> dict:
    from sakra.incidents.importer import import_incidents

    path = write_import_file(rows)
    reference = "COPY" if _vendor() == "postgresql" else "executemany"
    app_runs, ref_runs = [], []
    for _ in range(reps):
        app_runs.append(measured(lambda: import_incidents(path)))
        cleanup()
        ref_runs.append(measured(lambda: copy_same_rows(path)))
        cleanup()
    app, ref = summary(app_runs), summary(ref_runs)
    result = {
        "rows": rows, "app": app, "reference": reference, f"{reference}_alone": ref,
        "rows_per_s": round(rows / app["median_s"]),
        "reference_rows_per_s": round(rows / ref["median_s"]),
        "share_of_reference": round(ref["median_s"] / app["median_s"], 2),
    }  # fmt: skip
    print(f"import {rows} rows: {result}", flush=True)
    return {f"import_{rows}": result}


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


# ---------------------------------------------------------------- running


def child(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakra.config.settings")
    import django

    django.setup()
    from django.db import connection

    DATA.mkdir(parents=True, exist_ok=True)
    ensure_data(args.db, args.incidents)
    results = {
        "db": args.db, "date": date.today().isoformat(), "incidents": args.incidents,
        "server": f"{connection.vendor} {connection.Database.__name__}",
        "cores": os.cpu_count(), "load_at_start": load(),
    }  # fmt: skip
    results |= import_cases(args.reps, args.import_rows)
    results |= export_cases(args.reps, args.export_rows)
    results["load_at_end"] = load()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{date.today().isoformat()}-io-{args.db}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--export-rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return 0
    for db in ["postgres", "sqlite"] if args.db == "both" else [args.db]:
        env = {**os.environ, "DATABASE_URL": database_url(db), "DEBUG": "false"}
        command = [sys.executable, "-m", "bench.io", "--child", "--db", db,
                   "--incidents", str(args.incidents), "--reps", str(args.reps),
                   "--import-rows", str(args.import_rows),
                   "--export-rows", *map(str, args.export_rows)]  # fmt: skip
        subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own interpreter
    return 0


if __name__ == "__main__":
    sys.exit(main())
