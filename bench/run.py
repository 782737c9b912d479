# ruff: noqa: E501 - SQL and table rows read best one a line
"""Measure every key operation against a raw-SQL baseline on the same database (issue 7).

    make bench                                   # both databases, 100,000 incidents
    python -m bench.run --db postgres --incidents 1000000
    python -m bench.run --docs                   # only regenerate docs/performance.md

Each database runs in its own child process (Django reads DATABASE_URL once). The child
creates the database if missing, migrates, generates the data when the size differs, then
times each operation through Django's in-process test client (p50/p95 after a warm-up) and
the plain SQL that answers the same question; throughput and concurrency go through gunicorn
with 3 workers on 127.0.0.1 and a small threaded load generator. Results go to
bench/results/<date>-<db>-<size>.json and the table in docs/performance.md is regenerated.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from . import database
from .process import children, free_port, machine, request, rss_mib, threads, wait_for

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "performance.md"
PG_SERVER = database.PG_SERVER
#: The benchmark database is BENCH_DB, else `<prefix>_<size>`: a shared server gives each user
#: its own prefix.
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "sakra_bench")
KEY_PREFIX = "bench-"
IMPORT_PREFIX = "bench-import-"

#: operation key -> (label, target p95 in ms or None, target text)
TARGETS = {
    "report": ("Report an incident (service: validate, insert, audit, notify)", 80, "p95 ≤ 80 ms"),
    "report_http": ("Report an incident, 3 gunicorn workers (API)", None, "≥ 100 reports/s"),
    "list": ("Incident list, 50 rows, two filters, with count (coordinator)", 25, "p95 ≤ 25 ms; ≤ 5× raw"),
    "list_page1": ("Incident list, page 1, no filter (security chief)", 15, "p95 ≤ 15 ms"),
    "list_deep": ("Incident list, deep keyset page (half-way down)", 15, "p95 ≤ 15 ms"),
    "dashboard_admin": ("Indicator dashboard, largest administration", 20, "p95 ≤ 20 ms"),
    "dashboard_region": ("Region-wide goals page (all areas)", 50, "p95 ≤ 50 ms"),
    "statistics": ("Statistics page, region, a year against the year before and the baseline", 50, "p95 ≤ 50 ms"),
    "search_rare": ("Search, rare word, top 50 (list `q`)", 30, "p95 ≤ 30 ms"),
    "search_common": ("Search, common word, top 50 (list `q`)", 30, "p95 ≤ 30 ms"),
    "export_xlsx": ("Export of 10,000 incidents to XLSX", 5000, "≤ 5 s, memory flat"),
    "import": ("Import of 100,000 incidents from CSV", None, "≥ 2,000 rows/s"),
    "concurrent": ("Eight concurrent users on the list, ~1 s between clicks (gunicorn, 3 workers)", None, "p95 ≤ 3× single user"),
    "worker_rss": ("Web worker resident memory after the run", None, "≤ 200 MB"),
    "annual_facts": ("Annual security report: the facts of a year, whole region (draft)", None, "queries bounded"),
    "annual_pdf": ("Annual security report of a year as PDF, whole region (the worker's task)", 30000, "≤ 30 s"),
}  # fmt: skip


# ---------------------------------------------------------------- measuring


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def summarise(times: list[float]) -> dict:
    ordered = sorted(times)
    q = (
        statistics.quantiles(ordered, n=100, method="inclusive")
        if len(ordered) > 1
        else ordered * 99
    )
    return {
        "n": len(ordered),
        "p50_ms": _ms(q[49]),
        "p95_ms": _ms(q[94]),
        "mean_ms": _ms(statistics.fmean(ordered)),
        "throughput_per_s": round(1 / statistics.fmean(ordered), 1),
    }


def timed(fn, reps: int, warmup: int = 5) -> dict:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return summarise(times)


def captured(fn) -> dict:
    """One run with the queries recorded: their count and the slowest one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    queries = sorted(ctx.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    return {
        "queries": len(queries),
        "slowest_query_ms": _ms(float(queries[0]["time"])) if queries else 0,
        "slowest_query": queries[0]["sql"][:2000] if queries else "",
    }


def raw(sql: str, params=()):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for statement in sql.split(";\n"):
                cursor.execute(statement, params if "%s" in statement else None)
                cursor.fetchall()

    return run


# ---------------------------------------------------------------- the database


def database_name(size: int) -> str:
    """BENCH_DB names the database (PostgreSQL) or the file in bench/data (SQLite)."""
    return os.environ.get("BENCH_DB") or f"{DB_PREFIX}_{size}"


def database_url(db: str, size: int) -> str:
    return database.url(db, database_name(size))


def ensure_data(db: str, size: int, seed: int) -> dict:
    """Migrate, and generate the data unless the database already holds exactly this size.

    A database the bench did not create (no mark, bench/database.py) is read when it holds the
    data, and never dropped: the bench stops instead."""
    from django.core.management import call_command
    from django.db import connection

    name = database_name(size)
    if db == "postgres" and not database.exists(name):
        database.create(name)
    call_command("migrate", verbosity=0)
    from sakra.accounts.models import User
    from sakra.incidents.models import Incident

    from . import generate

    if (
        User.objects.filter(email=generate.CHIEF_EMAIL).exists()
        and Incident.objects.count() == size
    ):
        return {"generated": False}
    print(f"[{db}] generating {size:,} incidents (seed {seed}) into {name}", flush=True)
    from sakra.organisation.models import Unit

    if Unit.objects.exists():  # another size: begin again (migrating an empty one is minutes)
        connection.close()
        if db == "postgres":
            database.replace(name)
        else:
            database.sqlite_drop(name)
        call_command("migrate", verbosity=0)
    made = generate.generate(size, seed)
    return {"generated": True, "generation_seconds": made["seconds"]}


def _delete_made(cursor, model, where: str, params: list, depth: int = 0) -> None:
    """DELETE the rows of `model` matching `where`, and first the rows that point at them, in
    SQL: no signal, no audit entry a row (the ORM's delete wrote one per incident)."""
    table = model._meta.db_table
    for relation in model._meta.related_objects:
        if relation.many_to_many or depth > 3:
            continue
        child = relation.related_model
        column = relation.field.column
        inner = f"SELECT {model._meta.pk.column} FROM {table} WHERE {where}"
        _delete_made(cursor, child, f"{column} IN ({inner})", params, depth + 1)
    cursor.execute(f"DELETE FROM {table} WHERE {where}", params)


def audit_mark() -> int:
    """The newest audit entry before the bench writes: those after it are the bench's."""
    from auditlog.models import LogEntry

    return LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


#: The columns the import baseline fills from the file, in the order of its rows; then the
#: ones it sets, an imported incident being closed.
BASELINE_COLUMNS = (
    "created_at, updated_at, reference, category_id, area_id, unit_id, occurred_at, aware_at,"
    " occurred_date, occurred_year, description, external_id, version, status, severity"
)


def insert_incidents(cursor, rows) -> None:
    """One multi-row INSERT of `rows` (values of the file's columns); every other column takes
    the model's default, so a field added later cannot break the baseline (it did, when
    `dismissal_kind` came: `make bench` stopped at the import)."""
    from django.db import connection

    from .references import report_defaults

    defaults = report_defaults(connection, BASELINE_COLUMNS)
    columns = f"{BASELINE_COLUMNS}{''.join(f', {column}' for column in defaults)}"
    values = [1, "closed", 2, *defaults.values()]
    one = "(" + ", ".join(["%s"] * (len(rows[0]) + len(values))) + ")"
    cursor.execute(
        f"INSERT INTO incidents_incident ({columns}) VALUES " + ", ".join([one] * len(rows)),
        [value for row in rows for value in (*row, *values)],
    )


def cleanup(since_audit: int | None = None) -> None:
    """Remove the reports and imports the benchmark made, and the audit entries after
    `since_audit`, in SQL; the next run finds the same data."""
    from django.db import connection, transaction

    from sakra.incidents.models import Incident

    made = "idempotency_key LIKE %s OR external_id LIKE %s"
    params = [f"{KEY_PREFIX}%", f"{IMPORT_PREFIX}%"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM incidents_incident WHERE {made}", params)
        count = cursor.fetchone()[0]
        if count:
            _delete_made(cursor, Incident, made, params)
        if since_audit is not None:
            cursor.execute("DELETE FROM auditlog_logentry WHERE id > %s", [since_audit])
    if count:
        # Deleting is no service of Sakra's: recount the dashboards' summary by hand.
        from sakra.incidents import summary

        summary.rebuild()


# ---------------------------------------------------------------- the operations


class Bench:
    def __init__(self, db: str, size: int, reps: int):
        from django.test import Client

        from sakra.accounts.models import User
        from sakra.incidents.models import IncidentCategory
        from sakra.organisation.models import Unit

        from . import generate

        self.db, self.size, self.reps = db, size, reps
        self.results: dict[str, dict] = {}
        self.chief = User.objects.get(email=generate.CHIEF_EMAIL)
        self.coordinator = User.objects.get(email=f"user00001@{generate.DOMAIN}")
        self.reporter = User.objects.get(email=f"user05000@{generate.DOMAIN}")
        self.admin = Unit.objects.get(code="adm-01")
        self.unit = Unit.objects.filter(path__startswith=self.admin.path, depth=4).first()
        self.category = IncidentCategory.objects.get(code="stold")
        self.chief_client, self.coordinator_client = Client(), Client()
        self.chief_client.force_login(self.chief)
        self.coordinator_client.force_login(self.coordinator)

    def record(self, key: str, app: dict, baseline: dict | None = None, **extra) -> None:
        row = {"operation": key, "label": TARGETS[key][0], "target": TARGETS[key][2], **app}
        if baseline:
            row["raw_p50_ms"], row["raw_p95_ms"] = baseline["p50_ms"], baseline["p95_ms"]
            row["ratio"] = round(app["p95_ms"] / max(baseline["p95_ms"], 0.01), 1)
        row.update(extra)
        self.results[key] = row
        shown = {
            k: row[k] for k in ("p50_ms", "p95_ms", "raw_p95_ms", "ratio", "queries") if k in row
        }
        print(f"[{self.db}] {key}: {shown}", flush=True)

    def get(self, client, url: str):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if hasattr(response, "streaming_content"):
                for _chunk in response.streaming_content:
                    pass
                response.close()

        return run

    # -- report

    def report(self) -> None:
        from django.db import connection, transaction

        from sakra.incidents.services import report_incident

        counter = iter(range(10**9))

        def app():
            report_incident(
                by=self.reporter, category=self.category, unit=self.unit,
                occurred_at=datetime.now(UTC) - timedelta(hours=1),
                description="Stöld av mobiltelefon från personalrummet.",
                idempotency_key=f"{KEY_PREFIX}{uuid.uuid4()}",
            )  # fmt: skip

        year = datetime.now(UTC).year
        now = datetime.now(UTC)
        local = now.date()

        def baseline():
            # The same row by hand: the year's number, then the insert, in one transaction.
            n = next(counter)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE incidents_incidentsequence SET last_number = last_number + 1 WHERE year = %s",
                    [year],
                )
                cursor.execute(
                    "SELECT last_number FROM incidents_incidentsequence WHERE year = %s", [year]
                )
                number = cursor.fetchone()[0]
                cursor.execute(
                    "INSERT INTO incidents_incident (created_at, updated_at, version, reference, category_id,"
                    " area_id, unit_id, administration_id, occurred_at, aware_at, occurred_date,"
                    " occurred_year, description, immediate_measures, people_harmed, police_reported,"
                    " is_acute, severity, status, reporter_id, handler_id, is_restricted, dismissed_reason,"
                    " idempotency_key, request_hash, legal_hold, legal_hold_reason) VALUES (%s, %s, 1, %s, %s, %s,"
                    " %s, %s, %s, %s, %s, %s, %s, '', 0, %s, %s, %s, 'reported', %s, %s, %s, '', %s, '', false, '')",
                    [now, now, f"AVV-{year}-R{number:07d}", self.category.pk, self.category.area_id,
                     self.unit.pk, self.admin.pk, now, now, local, year,
                     "Stöld av mobiltelefon från personalrummet.", False, False, 1,
                     self.reporter.pk, self.coordinator.pk, False, f"{KEY_PREFIX}raw-{n}"],
                )  # fmt: skip

        reps = min(self.reps, 100)
        self.record("report", {**timed(app, reps), **captured(app)}, timed(baseline, reps))

    # -- lists

    def lists(self) -> None:
        from django.urls import reverse

        from sakra.incidents.models import Incident
        from sakra.incidents.views.common import encode_cursor

        url = reverse("incidents:list")
        filters = f"{url}?status=closed&category={self.category.code}"
        app = self.get(self.coordinator_client, filters)
        where = "administration_id = %s AND status = 'closed' AND category_id = %s"
        # The list counts at most 10 001 rows (it says "more than 10 000" beyond); so does the raw.
        baseline = raw(
            f"SELECT * FROM incidents_incident WHERE {where} ORDER BY occurred_at DESC, id DESC LIMIT 51;\n"
            f"SELECT COUNT(*) FROM (SELECT 1 FROM incidents_incident WHERE {where} LIMIT 10001) capped",
            [self.admin.pk, self.category.pk],
        )
        self.record("list", {**timed(app, self.reps), **captured(app)}, timed(baseline, self.reps),
                    size=self.size)  # fmt: skip

        app = self.get(self.chief_client, url)
        baseline = raw(
            "SELECT * FROM incidents_incident ORDER BY occurred_at DESC, id DESC LIMIT 51;\n"
            "SELECT COUNT(*) FROM (SELECT 1 FROM incidents_incident LIMIT 10001) capped"
        )
        self.record(
            "list_page1", {**timed(app, self.reps), **captured(app)}, timed(baseline, self.reps)
        )

        depth = min(500_000, self.size // 2)
        moment, pk = Incident.objects.order_by("-occurred_at", "-id").values_list(
            "occurred_at", "id"
        )[depth]
        app = self.get(self.chief_client, f"{url}?after={encode_cursor(moment, pk)}")
        baseline = raw(
            "SELECT * FROM incidents_incident WHERE (occurred_at, id) < (%s, %s)"
            " ORDER BY occurred_at DESC, id DESC LIMIT 51;\n"
            "SELECT COUNT(*) FROM (SELECT 1 FROM incidents_incident LIMIT 10001) capped",
            [moment, pk],
        )
        self.record("list_deep", {**timed(app, self.reps), **captured(app)}, timed(baseline, self.reps),
                    depth_rows=depth)  # fmt: skip

    # -- dashboards

    def dashboards(self) -> None:
        from django.urls import reverse

        this_year = date.today().year
        # The baseline is the best raw SQL for the question: the same grouping over the
        # yearly summary. The grouping over the incidents themselves is shown beside it.
        years = [this_year - 10, this_year]
        app = self.get(self.chief_client, reverse("goals:administration", args=[self.admin.pk]))
        where = "administration_id = %s AND occurred_year BETWEEN %s AND %s"
        baseline = raw(
            "SELECT occurred_year, category_id, SUM(count) FROM incidents_incidentyearlycount"
            f" WHERE {where} GROUP BY 1, 2",
            [self.admin.pk, *years],
        )
        live = raw(
            f"SELECT occurred_year, category_id, COUNT(*) FROM incidents_incident WHERE {where}"
            " GROUP BY 1, 2",
            [self.admin.pk, *years],
        )
        self.record(
            "dashboard_admin",
            {**timed(app, self.reps), **captured(app)},
            timed(baseline, self.reps),
            live_raw_p95_ms=timed(live, min(self.reps, 20))["p95_ms"],
        )
        app = self.get(self.chief_client, reverse("goals:index"))
        baseline = raw(
            "SELECT area_id, occurred_year, category_id, SUM(count) FROM incidents_incidentyearlycount"
            " WHERE occurred_year BETWEEN %s AND %s GROUP BY 1, 2, 3",
            years,
        )
        live = raw(
            "SELECT area_id, occurred_year, category_id, COUNT(*) FROM incidents_incident"
            " WHERE occurred_year BETWEEN %s AND %s GROUP BY 1, 2, 3",
            years,
        )
        self.record(
            "dashboard_region",
            {**timed(app, self.reps), **captured(app)},
            timed(baseline, self.reps),
            live_raw_p95_ms=timed(live, min(self.reps, 20))["p95_ms"],
        )

        app = self.get(self.chief_client, reverse("incidents:statistics") + f"?year={this_year}")
        baseline = raw(
            "SELECT category_id, occurred_year, SUM(count) FROM incidents_incidentyearlycount"
            " WHERE occurred_year IN (%s, %s, %s) GROUP BY 1, 2",
            [2019, this_year - 1, this_year],
        )
        self.record("statistics", {**timed(app, self.reps), **captured(app)},
                    timed(baseline, self.reps))  # fmt: skip

    # -- search

    def search(self) -> None:
        from django.db import connection
        from django.urls import reverse

        from . import generate

        url = reverse("incidents:list")
        # The same stored vector the application searches (migration 0014), and the same cap
        # on the count as the list under a search (1 000).
        if connection.vendor == "postgresql":
            match = "search_vector @@ plainto_tsquery('swedish'::regconfig, %s)"
        else:
            match = "id IN (SELECT rowid FROM incidents_incident_fts WHERE incidents_incident_fts MATCH %s)"
        reps = max(10, self.reps // 4)
        for key, word in (
            ("search_rare", generate.RARE_WORD),
            ("search_common", generate.COMMON_WORD),
        ):
            app = self.get(self.chief_client, f"{url}?q={word}")
            pattern = word if connection.vendor == "postgresql" else f'"{word}"*'
            baseline = raw(
                f"SELECT * FROM incidents_incident WHERE {match} ORDER BY occurred_at DESC, id DESC LIMIT 51;\n"
                f"SELECT COUNT(*) FROM (SELECT 1 FROM incidents_incident WHERE {match} LIMIT 1001) capped",
                [pattern],
            )
            self.record(key, {**timed(app, reps, warmup=2), **captured(app)}, timed(baseline, reps, warmup=2),
                        word=word)  # fmt: skip

    # -- export

    def export(self) -> None:
        from django.urls import reverse

        from sakra.incidents.models import Incident

        since = Incident.objects.order_by("-occurred_date").values_list("occurred_date", flat=True)[
            10_000
        ]
        rows = Incident.objects.filter(occurred_date__gt=since).count()
        app = self.get(
            self.chief_client,
            f"{reverse('incidents:export-xlsx')}?occurred_from={since + timedelta(days=1)}",
        )
        baseline = raw(
            "SELECT i.*, c.name_sv, a.name_sv, u.name, ad.name, s.name, h.full_name"
            " FROM incidents_incident i JOIN incidents_incidentcategory c ON c.id = i.category_id"
            " JOIN organisation_securityarea a ON a.id = i.area_id JOIN organisation_unit u ON u.id = i.unit_id"
            " LEFT JOIN organisation_unit ad ON ad.id = i.administration_id"
            " LEFT JOIN organisation_site s ON s.id = i.site_id LEFT JOIN accounts_user h ON h.id = i.handler_id"
            " WHERE i.occurred_date > %s ORDER BY i.occurred_at DESC, i.id DESC",
            [since],
        )
        timing = timed(app, 5, warmup=1)
        tracemalloc.start()
        app()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.record("export_xlsx", {**timing, **captured(app)}, timed(baseline, 5, warmup=1),
                    rows=rows, peak_mib=round(peak / 2**20, 1),
                    rows_per_s=round(rows / (timing["p50_ms"] / 1000)))  # fmt: skip

    def import_(self) -> None:
        """`sakra import-incidents` of a CSV in a child process: rows/s and its peak memory."""
        import csv

        from sakra.incidents.models import IncidentCategory
        from sakra.organisation.models import Unit

        rows = min(100_000, self.size // 10)
        units = list(Unit.objects.filter(depth=4).values_list("code", flat=True)[:200])
        codes = list(IncidentCategory.objects.values_list("code", flat=True))
        path = DATA / f"import-{rows}.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(
                ["external_id", "category", "unit", "occurred_at", "description", "status"]
            )
            for n in range(rows):
                moment = datetime(2010, 1, 1) + timedelta(minutes=37 * n)
                writer.writerow([f"{IMPORT_PREFIX}{n}", codes[n % len(codes)], units[n % len(units)],
                                 moment.strftime("%Y-%m-%d %H:%M"),
                                 "Inbrott i förrådet, dörren uppbruten och verktyg stulna.", "closed"])  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own interpreter and command
            [sys.executable, "-m", "sakra.cli", "import-incidents", str(path)],
            cwd=ROOT, env=os.environ, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        cleanup()
        baseline = self._import_baseline(path)
        self.results["import"] = {
            "operation": "import", "label": TARGETS["import"][0], "target": TARGETS["import"][2],
            "rows": rows, "seconds": round(seconds, 1), "rows_per_s": round(rows / seconds),
            "raw_rows_per_s": round(rows / baseline), "ratio": round(seconds / baseline, 1),
            "child_peak_rss_mib": round(max(peak, before) / 1024, 1),
        }  # fmt: skip
        print(f"[{self.db}] import: {self.results['import']}", flush=True)

    def _import_baseline(self, path: Path) -> float:
        """The same rows by hand: read the file, one multi-row INSERT per 1,000, one transaction."""
        import csv

        from django.db import connection, transaction

        from sakra.incidents.models import IncidentCategory
        from sakra.organisation.models import Unit

        categories = {c.code: (c.pk, c.area_id) for c in IncidentCategory.objects.all()}
        units = dict(Unit.objects.values_list("code", "pk"))
        started = time.perf_counter()
        with (
            path.open(encoding="utf-8") as source,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            batch = []
            for n, row in enumerate(csv.DictReader(source)):
                moment = datetime.fromisoformat(row["occurred_at"]).replace(tzinfo=UTC)
                category, area = categories[row["category"]]
                batch.append((moment, moment, f"AVV-R-{n:07d}", category, area, units[row["unit"]], moment,
                              moment, moment.date(), moment.year, row["description"], row["external_id"]))  # fmt: skip
                if len(batch) == 1000:
                    self._insert(cursor, batch)
                    batch = []
            if batch:
                self._insert(cursor, batch)
        seconds = time.perf_counter() - started
        cleanup()
        return seconds

    @staticmethod
    def _insert(cursor, batch) -> None:
        insert_incidents(cursor, batch)

    # -- the annual security report (bench/annual_report.py)

    def annual_report(self) -> None:
        from . import annual_report

        annual_report.measure(self)

    # -- over HTTP: gunicorn with 3 workers

    def http(self, seconds: float = 8.0) -> None:
        from django.urls import reverse

        from sakra.accounts.services import create_api_token

        port = free_port()
        env = {**os.environ, "DEBUG": "false"}
        log = open(DATA / f"gunicorn-{self.db}.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            [sys.executable, "-m", "gunicorn", "sakra.config.wsgi:application", "--workers", "3",
             "--bind", f"127.0.0.1:{port}", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        )  # fmt: skip
        try:
            wait_for(port)
            session = self.coordinator_client.cookies["sessionid"].value
            url = f"{reverse('incidents:list')}?status=closed&category={self.category.code}"

            def list_get(conn_times, count, think=0.0):
                pause = random.Random(id(conn_times))  # each user thinks at their own pace
                for _ in range(count):
                    started = time.perf_counter()
                    status, _body = request(port, "GET", url, {"Cookie": f"sessionid={session}"})
                    assert status == 200, status
                    conn_times.append(time.perf_counter() - started)
                    if think:
                        time.sleep(pause.uniform(0.5 * think, 1.5 * think))

            for _ in range(5):
                list_get([], 1)
            single: list[float] = []
            list_get(single, 60)
            one = summarise(single)
            # People read a page before the next click: eight users with a second's thought
            # (0.5–1.5 s) between requests. Back to back, eight clients on two cores can only
            # share them, about 8 / 2 = 4× the single latency whatever the code: shown beside it.
            users = threads(8, lambda out: list_get(out, 25, think=1.0))
            saturated = threads(8, lambda out: list_get(out, 25))
            eight, flat_out = summarise(users), summarise(saturated)
            self.record(
                "concurrent", eight,
                single_p50_ms=one["p50_ms"], single_p95_ms=one["p95_ms"],
                ratio=round(eight["p95_ms"] / one["p95_ms"], 1),
                back_to_back_p95_ms=flat_out["p95_ms"],
                back_to_back_ratio=round(flat_out["p95_ms"] / one["p95_ms"], 1),
                back_to_back_per_s=round(len(saturated) / sum(saturated) * 8, 1),
            )  # fmt: skip

            _token, secret = create_api_token(self.reporter, "bench")
            payload = {
                "category_id": self.category.pk, "unit_id": self.unit.pk,
                "description": "Stöld av mobiltelefon från personalrummet.",
                "occurred_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
            }  # fmt: skip
            deadline = time.monotonic() + seconds

            def report(out):
                while time.monotonic() < deadline:
                    started = time.perf_counter()
                    status, body = request(port, "POST", "/api/v1/incidents", {
                        "Authorization": f"Bearer {secret}", "Content-Type": "application/json",
                        "Idempotency-Key": f"{KEY_PREFIX}{uuid.uuid4()}",
                    }, json.dumps(payload).encode())  # fmt: skip
                    assert status == 201, (status, body[:300])
                    out.append(time.perf_counter() - started)

            started = time.monotonic()
            reports = threads(3, report)
            elapsed = time.monotonic() - started
            self.record("report_http", {**summarise(reports), "throughput_per_s": round(len(reports) / elapsed, 1)},
                        clients=3, seconds=round(elapsed, 1))  # fmt: skip
            rss = [rss_mib(pid) for pid in children(server.pid)]
            self.results["worker_rss"] = {
                "operation": "worker_rss", "label": TARGETS["worker_rss"][0],
                "target": TARGETS["worker_rss"][2], "peak_mib": max(rss) if rss else None,
                "workers_mib": rss,
            }  # fmt: skip
            print(f"[{self.db}] worker_rss: {rss}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()


# ---------------------------------------------------------------- child and parent


STEPS = ("report", "lists", "dashboards", "search", "export", "import_", "annual_report", "http")


def child(db: str, size: int, reps: int, seed: int, steps: list[str]) -> Path:
    from . import generate

    generate.setup_django()
    from django.db import connection

    prepared = ensure_data(db, size, seed)
    started, load_start = time.monotonic(), round(os.getloadavg()[0], 1)
    mark = audit_mark()
    bench = Bench(db, size, reps)
    try:
        for step in steps:
            getattr(bench, step)()
    finally:
        cleanup(since_audit=mark)
    out = {
        "date": date.today().isoformat(), "db": db, "incidents": size, "seed": seed, "reps": reps,
        "machine": machine(), **prepared, "run_seconds": round(time.monotonic() - started, 1),
        "load_start": load_start, "load_end": round(os.getloadavg()[0], 1),
        "process_max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "results": bench.results,
    }  # fmt: skip
    connection.close()
    if set(steps) != set(STEPS):
        out = _merged_with_previous(out, steps)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{date.today().isoformat()}-{db}-{size}.json"
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"[{db}] wrote {path.relative_to(ROOT)}", flush=True)
    return path


def _merged_with_previous(out: dict, steps: list[str]) -> dict:
    """A partial run replaces its rows in the newest full results of the same database and size."""
    from .report import latest

    previous = next(
        # A comparison's file (bench/compare.py) has the same database and size but no rows.
        (
            run
            for run in latest()
            if (run["db"], run["incidents"]) == (out["db"], out["incidents"]) and "results" in run
        ),
        None,
    )
    if previous is None:
        return out
    rows = {**previous["results"], **out["results"]}
    steps_of = {**previous.get("steps_run", {}), **dict.fromkeys(out["results"], out["date"])}
    # The machine, load and timing stay those of the full run; each partial run keeps its own.
    own = {k: out[k] for k in ("machine", "run_seconds", "load_start", "load_end") if k in out}
    runs = [
        *previous.get("partial_runs", []),
        {"date": out["date"], "steps": sorted(out["results"]), **own},
    ]
    return {**previous, "date": out["date"], "results": rows, "steps_run": steps_of,
            "full_run_date": previous.get("full_run_date", previous["date"]),
            "partial": sorted(steps), "partial_runs": runs}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sakra's benchmarks (issue 7).")
    parser.add_argument(
        "--db", nargs="+", choices=["postgres", "sqlite"], default=["postgres", "sqlite"]
    )
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=100, help="repetitions per operation")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--skip-http", action="store_true", help="no gunicorn (throughput, concurrency)"
    )
    parser.add_argument(
        "--only", nargs="+", choices=STEPS, default=STEPS, metavar="STEP",
        help=f"run these steps only ({', '.join(STEPS)}); the results file then holds only them",
    )  # fmt: skip
    parser.add_argument("--docs", action="store_true", help="only regenerate docs/performance.md")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    if args.child:
        steps = [step for step in args.only if not (args.skip_http and step == "http")]
        child(args.db[0], args.incidents, args.reps, args.seed, steps)
        return 0
    if not args.docs:
        for db in args.db:
            env = {**os.environ, "DATABASE_URL": database_url(db, args.incidents), "DEBUG": "false"}
            command = [sys.executable, "-m", "bench.run", "--child", "--db", db,
                       "--incidents", str(args.incidents), "--reps", str(args.reps), "--seed", str(args.seed)]  # fmt: skip
            if args.skip_http:
                command.append("--skip-http")
            command += ["--only", *args.only]
            subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own interpreter
    from .report import write_docs

    write_docs()
    return 0


if __name__ == "__main__":
    sys.exit(main())
