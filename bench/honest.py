# ruff: noqa: E501 - labels and command lines read best one a line
"""The honest bench (issue 19): pages through a real server, beside their raw SQL and the floor.

    make bench                                            # PostgreSQL, 1 000 000 incidents
    BENCH_DB=h_me_100k python -m bench.honest --incidents 100000 --db postgres sqlite

What it does, in order:
1. The data: the database BENCH_DB (default `<prefix>_<size>`) is generated when it does not
   hold the size (bench/run.py `ensure_data`; the bench drops only a database it marked).
2. A copy of it, marked too (PostgreSQL: `CREATE DATABASE … TEMPLATE`; SQLite: a file copy),
   into which everything is written (sessions, reports, audit entries) and which is dropped at
   the end: the data stays as generated, with no cleanup to get wrong.
3. Sakra under gunicorn on 127.0.0.1 as `sakra serve` runs it (its settings plus one trivial
   signed-in page, bench/floor_settings.py), and a bare Django view with no middleware under a second
   gunicorn (bench/bare.py).
4. Many people signed in: the security chief, the coordinators of every administration, managers
   of units drawn at random, an auditor; each request draws a person, a filter, a page depth or
   a search word (frequent words often, rare ones seldom, from the data's own texts), so the
   workers' per-process memos see what production would.
5. For every row, request by request: the page over HTTP, its raw SQL (bench/references.py, the
   same rows and columns under the same access rule) over the bench's own connection, and the
   floor, in turns, the rows taking turns too, so the machine's noise falls on all alike.
   p95 of at least 200 samples each; the load average at every sample.
6. Eight clients back to back against three workers: the list's p95 against one client's, and
   reports per second with one and with eight clients.

Results go to bench/results/honest/<date>-<db>-<size>.json; bench.report writes the table into
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from . import database
from .process import free_port, machine, request, threads, wait_for

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results" / "honest"
KEY_PREFIX = "bench-"

#: key -> (label, whose requests)
ROWS = {
    "list_chief": "List, page 1, security chief",
    "list_coordinator": "List, page 1, coordinators of every administration",
    "list_filtered": "List, status and category drawn, coordinators",
    "list_manager": "List, page 1, managers of units",
    "list_auditor": "List, page 1 and a filter, auditor (region-wide)",
    "list_deep": "List, deep keyset page (a random depth), chief and auditor",
    "search_common": "Search, a frequent word, chief and coordinators",
    "search_rare": "Search, a rare word, chief and coordinators",
    "dashboard_admin": "Goals dashboard, own administration, coordinators",
    "dashboard_region": "Goals page, whole region, security chief",
    "report": "Report an incident, POST to the API, employees",
}
STATUSES = ("reported", "under_investigation", "actions_decided", "closed", "closed", "closed")


def summarise(times: list[float]) -> dict:
    ordered = sorted(times)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"n": len(ordered), "p50_ms": round(q[49] * 1000, 2), "p95_ms": round(q[94] * 1000, 2)}


# ---------------------------------------------------------------- the people and what they ask


class Region:
    """The people the bench signs in as, their sessions and roles, and what they ask for."""

    def __init__(self, size: int, seed: int, port: int):
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from sakra.accounts.choices import Role
        from sakra.accounts.models import RoleAssignment, User
        from sakra.accounts.services import create_api_token
        from sakra.incidents.models import IncidentCategory
        from sakra.organisation.models import Unit

        from . import references

        self.rng = random.Random(seed)
        self.port, self.size, self.vendor = port, size, connection.vendor
        assignments = RoleAssignment.objects.select_related("unit")
        self.chief = assignments.filter(role=Role.SECURITY_CHIEF).first().user_id
        coordinators = assignments.filter(
            role=Role.SECURITY_COORDINATOR, unit__kind="administration"
        )
        self.coordinators = {a.user_id: a.unit_id for a in coordinators}
        managers = list(assignments.filter(role=Role.MANAGER).values_list("user_id", flat=True))
        self.managers = self.rng.sample(managers, min(60, len(managers)))
        roled = set(RoleAssignment.objects.values_list("user_id", flat=True))
        plain = [
            pk
            for pk in User.objects.order_by("pk").values_list("pk", flat=True)[:3000]
            if pk not in roled
        ]
        # The generated region has no auditor: one is appointed, region-wide, in the copy.
        self.auditor = plain.pop()
        root = Unit.objects.get(depth=1)
        RoleAssignment.objects.create(user_id=self.auditor, role=Role.AUDITOR, unit=root)
        self.reporters = self.rng.sample(plain, 20)
        everyone = [self.chief, *self.coordinators, *self.managers, self.auditor]
        self.cookies, self.people = {}, {}
        with connection.cursor() as cursor:
            for pk in everyone:
                client = Client()
                client.force_login(User.objects.get(pk=pk))
                self.cookies[pk] = f"sessionid={client.cookies['sessionid'].value}"
                self.people[pk] = references.person(cursor, pk)
        self.tokens = {
            pk: create_api_token(User.objects.get(pk=pk), "bench")[1] for pk in self.reporters
        }
        categories = IncidentCategory.objects.filter(is_restricted=False, is_active=True)
        self.categories = [(c.pk, c.code, c.area_id) for c in categories]
        leaves = Unit.objects.filter(kind="unit").values_list("pk", "path")
        admins = dict(Unit.objects.filter(kind="administration").values_list("path", "pk"))
        self.leaves = [(pk, admins[path[:8]]) for pk, path in leaves]
        self.handler_of = {admin: user for user, admin in self.coordinators.items()}
        self.words_frequent, self.words_rare, self.texts = self._vocabulary()
        self.cursors = self._cursors()
        self.urls = {"list": reverse("incidents:list"), "region": reverse("goals:index")}
        self.report_defaults = references.report_defaults(connection)

    def _vocabulary(self):
        """Words of the data's own texts by how many texts hold them: a sample of 3 000."""
        from sakra.incidents.models import Incident

        from . import generate

        ids = self.rng.sample(range(1, self.size + 1), min(3000, self.size))
        texts = list(Incident.objects.filter(pk__in=ids).values_list("description", flat=True))
        held = Counter()
        for text in texts:
            held.update(
                {
                    w
                    for w in "".join(c if c.isalpha() else " " for c in text.lower()).split()
                    if len(w) >= 4
                }
            )
        ranked = held.most_common()
        frequent = [(w, n) for w, n in ranked if n >= len(texts) * 0.02] or ranked[:20]
        rare = [w for w, n in ranked if n <= max(2, len(texts) * 0.001)] or [
            w for w, _n in ranked[-20:]
        ]
        rare = [*rare, getattr(generate, "RARE_WORD", "ammoniakläckage")]
        return frequent, rare, texts

    def _cursors(self) -> list[tuple[datetime, int]]:
        from sakra.incidents.models import Incident

        ordered = Incident.objects.order_by("-occurred_at", "-id").values_list("occurred_at", "id")
        depths = sorted(self.rng.randint(100, max(101, self.size // 2)) for _ in range(25))
        return [ordered[depth] for depth in depths]

    def list_draw(self, pk: int, **options) -> tuple:
        from urllib.parse import urlencode

        from sakra.incidents.views.common import encode_cursor

        query = [("status", options["status"])] if options.get("status") else []
        query += [("category", code) for code in options.pop("codes", ())]
        if options.get("words"):
            query.append(("q", options["words"]))
        if options.get("after"):
            query.append(("after", encode_cursor(*options["after"])))
        return pk, self.urls["list"] + ("?" + urlencode(query) if query else ""), options

    def draw(self, key: str) -> tuple:
        """(person, address, options of the reference) for one request of row `key`."""
        from django.urls import reverse

        rng = self.rng
        coordinator = rng.choice(list(self.coordinators))
        if key == "list_chief":
            return self.list_draw(self.chief)
        if key == "list_coordinator":
            return self.list_draw(coordinator)
        if key == "list_filtered":
            pk, code, _area = rng.choice(self.categories)
            return self.list_draw(
                coordinator, status=rng.choice(STATUSES), codes=(code,), categories=(pk,)
            )
        if key == "list_manager":
            return self.list_draw(rng.choice(self.managers))
        if key == "list_auditor":
            return self.list_draw(self.auditor, status=rng.choice((None, None, *STATUSES)))
        if key == "list_deep":
            return self.list_draw(
                rng.choice((self.chief, self.auditor)), after=rng.choice(self.cursors)
            )
        if key in ("search_common", "search_rare"):
            who = rng.choice((self.chief, coordinator))
            if key == "search_common":
                words, weights = zip(*self.words_frequent, strict=True)
                word = rng.choices(words, weights)[0]
            else:
                word = rng.choice(self.words_rare)
            return self.list_draw(who, words=word)
        if key == "dashboard_admin":
            admin = self.coordinators[coordinator]
            return (
                coordinator,
                reverse("goals:administration", args=[admin]),
                {"administration": admin},
            )
        if key == "dashboard_region":
            return self.chief, self.urls["region"], {"administration": None}
        if key == "report":
            pk, _code, area = rng.choice(self.categories)
            unit, admin = rng.choice(self.leaves)
            return (
                rng.choice(self.reporters),
                "/api/v1/incidents",
                {
                    "category": (pk, area),
                    "unit": unit,
                    "administration": admin,
                    "text": rng.choice(self.texts),
                },
            )
        raise KeyError(key)

    # -- the three requests of a sample

    def page(self, key: str, pk: int, address: str, options: dict) -> None:
        if key == "report":
            body = json.dumps({
                "category_id": options["category"][0], "unit_id": options["unit"], "description": options["text"],
                "occurred_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
            }).encode()  # fmt: skip
            headers = {"Authorization": f"Bearer {self.tokens[pk]}", "Content-Type": "application/json",
                       "Idempotency-Key": f"{KEY_PREFIX}{uuid.uuid4()}"}  # fmt: skip
            status, answer = request(self.port, "POST", address, headers, body)
            assert status == 201, (address, status, answer[:300])
            return
        status, answer = request(self.port, "GET", address, {"Cookie": self.cookies[pk]})
        assert status == 200, (address, status, answer[:300])

    def reference(self, key: str, pk: int, options: dict) -> None:
        from django.db import connection, transaction

        from . import references

        with connection.cursor() as cursor:
            if key == "report":
                now = datetime.now(UTC)
                with transaction.atomic():
                    references.report(
                        cursor, year=now.year, now=now, local_date=now.date(), reporter=pk,
                        handler=self.handler_of.get(options["administration"]), key=f"{KEY_PREFIX}raw-{uuid.uuid4()}",
                        defaults=self.report_defaults,
                        **{k: options[k] for k in ("category", "unit", "administration", "text")},
                    )  # fmt: skip
                return
            if key.startswith("dashboard"):
                year = date.today().year
                sql, params = references.dashboard(options["administration"], (year - 10, year))
            else:
                sql, params = references.incident_list(
                    self.people[pk], self.vendor, now=datetime.now(UTC),
                    adapt=connection.ops.adapt_datetimefield_value,
                    **{k: v for k, v in options.items() if k != "codes"},
                )  # fmt: skip
            for statement in sql.split(";\n"):
                cursor.execute(statement, params[: statement.count("%s")])
                params = params[statement.count("%s") :]
                cursor.fetchall()

    def floor(self, pk: int) -> None:
        status, _answer = request(self.port, "GET", "/bench/floor", {"Cookie": self.cookies[pk]})
        assert status == 200, status


# ---------------------------------------------------------------- the servers


def serve(app: str, workers: int, log_name: str, settings: str) -> tuple[subprocess.Popen, int]:
    """gunicorn as `sakra serve` starts it (sakra/core/management/commands/serve.py)."""
    port = free_port()
    log = open(DATA / log_name, "w")  # noqa: SIM115 - the server's, closed with it
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
        [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--preload", "--access-logfile", "-", "--graceful-timeout", "5",
         # The one difference: on a machine at a load average of 17 on two cores, gunicorn's 30 s
         # killed workers still loading (before `sakra serve` preloaded the application).
         "--timeout", "300"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": settings, "DEBUG": "false"},
        stdout=log, stderr=log,
    )  # fmt: skip
    server.log = log
    wait_for(port, timeout=300)  # its first request imports every app: a minute under load
    return server, port


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)
    server.log.close()


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


# ---------------------------------------------------------------- measuring


def interleaved(
    region: Region, bare_port: int, samples: int, warmup: int = 5, until: float | None = None
) -> dict:
    """Every row's page, raw SQL and floor in turns, and the rows in turns, `samples` times, or
    fewer when the time `until` (monotonic) comes first: the table shows the samples taken."""
    times = {key: {"page": [], "raw": [], "floor": [], "load": []} for key in ROWS}
    times["floor"] = {"page": [], "raw": [], "floor": [], "load": []}
    started = time.monotonic()
    for n in range(warmup + samples):
        if until is not None and n > warmup + 20 and time.monotonic() > until:
            print(f"  the time is up after {n - warmup} samples", flush=True)
            break
        for key in ROWS:
            pk, address, options = region.draw(key)
            floor_pk = pk if pk in region.cookies else region.chief  # a reporter has no session
            steps = [("page", region.page, (key, pk, address, options)),
                     ("raw", region.reference, (key, pk, options)), ("floor", region.floor, (floor_pk,))]  # fmt: skip
            shift = n % 3  # none of the three always goes first, after the other two
            for name, fn, args in steps[shift:] + steps[:shift]:
                spent = timed(fn, *args)
                if n >= warmup:
                    times[key][name].append(spent)
            if n >= warmup:
                times[key]["load"].append(os.getloadavg()[0])
        # The floor beside a bare Django view, in the same turns.
        pk = region.rng.choice([region.chief, *region.coordinators])
        pair = [
            ("page", region.floor, (pk,)),
            ("raw", request, (bare_port, "GET", "/bench/bare", {})),
        ]
        for name, fn, args in pair if n % 2 else pair[::-1]:
            spent = timed(fn, *args)
            if n >= warmup:
                times["floor"][name].append(spent)
        if n >= warmup:
            times["floor"]["load"].append(os.getloadavg()[0])
        if n % 50 == 0:
            print(
                f"  sample {n} of {warmup + samples} ({time.monotonic() - started:.0f} s, load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
    rows = {}
    for key, measured in times.items():
        page, raw = summarise(measured["page"]), summarise(measured["raw"])
        load = measured["load"]
        row = {
            "label": ROWS.get(key, "Floor: a signed-in page that does nothing, beside a bare Django view with no middleware"),
            "samples": page["n"], "p50_ms": page["p50_ms"], "p95_ms": page["p95_ms"],
            "raw_p50_ms": raw["p50_ms"], "raw_p95_ms": raw["p95_ms"],
            "ratio": round(page["p95_ms"] / max(raw["p95_ms"], 0.01), 1),
            "load": round(statistics.fmean(load), 1), "load_min": round(min(load), 1), "load_max": round(max(load), 1),
        }  # fmt: skip
        if key == "floor":
            row["target_ms"] = round(2 * raw["p95_ms"], 2)
            row["target"] = "floor p95 ≤ 2 × the bare view's"
        else:
            floor = summarise(measured["floor"])
            row.update(floor_p50_ms=floor["p50_ms"], floor_p95_ms=floor["p95_ms"])
            row["target_ms"] = round(floor["p95_ms"] + 3 * raw["p95_ms"], 2)
            row["target"] = "p95 ≤ floor + 3 × raw"
        row["met"] = row["p95_ms"] <= row["target_ms"]
        rows[key] = row
        print(f"  {key}: p95 {row['p95_ms']} ms, raw {row['raw_p95_ms']}, floor {row.get('floor_p95_ms', '–')}, "
              f"target {row['target_ms']} ({'met' if row['met'] else 'NOT met'}), load {row['load']}", flush=True)  # fmt: skip
    return rows


def concurrency(region: Region, samples: int, seconds: float) -> dict:
    """Eight clients back to back against the server's workers, beside one client."""

    def lists(out, count):
        for _ in range(count):
            pk, address, options = region.draw("list_coordinator")
            out.append(timed(region.page, "list_coordinator", pk, address, options))

    def reports(out, deadline):
        while time.monotonic() < deadline:
            pk, address, options = region.draw("report")
            out.append(timed(region.page, "report", pk, address, options))

    load_start = os.getloadavg()[0]
    one = summarise(threads(1, lambda out: lists(out, samples)))
    eight = summarise(threads(8, lambda out: lists(out, max(25, samples // 8))))
    rates = {}
    for clients in (1, 8):
        started = time.monotonic()
        done = threads(clients, lambda out, end=started + seconds: reports(out, end))
        rates[clients] = round(len(done) / (time.monotonic() - started), 1)
    load = round((load_start + os.getloadavg()[0]) / 2, 1)
    out = {
        "concurrent_list": {
            "label": "List, eight clients back to back (no think time), against one client",
            "samples": eight["n"], "p50_ms": eight["p50_ms"], "p95_ms": eight["p95_ms"],
            "single_p95_ms": one["p95_ms"], "single_samples": one["n"],
            "ratio": round(eight["p95_ms"] / one["p95_ms"], 1), "load": load,
            "target": "p95 ≤ 3 × one client's", "met": eight["p95_ms"] <= 3 * one["p95_ms"],
        },
        "reports_per_s": {
            "label": "Reports per second, POST to the API, one and eight clients",
            "one_client_per_s": rates[1], "eight_clients_per_s": rates[8], "seconds": seconds, "load": load,
            "target": "≥ 100 reports/s", "met": max(rates.values()) >= 100,
        },
    }  # fmt: skip
    for key, row in out.items():
        print(f"  {key}: {row}", flush=True)
    return out


def child(
    db: str, size: int, samples: int, workers: int, seed: int, out: Path, minutes: float | None
) -> None:
    from . import generate

    generate.setup_django()
    from django.db import connection

    started, load_start = time.monotonic(), round(os.getloadavg()[0], 1)
    server, port = serve(
        "sakra.config.wsgi:application", workers, f"honest-{db}-sakra.log", "bench.floor_settings"
    )
    bare, bare_port = serve(
        "bench.bare:application", workers, f"honest-{db}-bare.log", "bench.bare"
    )
    try:
        region = Region(size, seed, port)
        print(f"[{db}] {len(region.cookies)} people signed in; {len(region.words_frequent)} frequent and "
              f"{len(region.words_rare)} rare words; {workers} workers", flush=True)  # fmt: skip
        until = time.monotonic() + minutes * 60 if minutes else None
        rows = interleaved(region, bare_port, samples, until=until)
        if workers != 3:
            stop(server)
            server, region.port = serve(
                "sakra.config.wsgi:application",
                3,
                f"honest-{db}-sakra3.log",
                "bench.floor_settings",
            )
        rows.update(concurrency(region, samples, seconds=8.0))
    finally:
        stop(server)
        stop(bare)
    result = {
        "date": date.today().isoformat(), "db": db, "incidents": size, "seed": seed, "samples": samples,
        "workers": workers, "machine": machine(), "run_seconds": round(time.monotonic() - started),
        "load_start": load_start, "load_end": round(os.getloadavg()[0], 1), "rows": rows,
    }  # fmt: skip
    connection.close()
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")


def prepare(db: str, size: int, seed: int) -> None:
    from . import generate

    generate.setup_django()
    from .run import ensure_data

    print(f"[{db}] data: {ensure_data(db, size, seed)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    from .run import database_name

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", nargs="+", choices=["postgres", "sqlite"], default=["postgres"])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument(
        "--samples", type=int, default=200, help="samples per row (at least 200 for a p95)"
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers for the pages")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--minutes", type=float, help="stop sampling after this long (fewer samples, shown)"
    )
    parser.add_argument("--child", choices=["prepare", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    if args.child == "prepare":
        prepare(args.db[0], args.incidents, args.seed)
        return 0
    if args.child == "measure":
        child(
            args.db[0],
            args.incidents,
            args.samples,
            args.workers,
            args.seed,
            Path(args.out),
            args.minutes,
        )
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    source = database_name(args.incidents)
    copy = f"{source}_run"
    for db in args.db:
        started = time.monotonic()
        common = ["--db", db, "--incidents", str(args.incidents), "--seed", str(args.seed)]
        env = {**os.environ, "DEBUG": "false", "DATABASE_URL": database.url(db, source)}
        command = [sys.executable, "-m", "bench.honest", "--child", "prepare", *common]
        subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own interpreter
        prepared = round(time.monotonic() - started)
        if db == "postgres":
            database.replace(copy, template=source)
        else:
            database.sqlite_copy(source, copy)
        out = RESULTS / f"{date.today().isoformat()}-{db}-{args.incidents}.json"
        try:
            env["DATABASE_URL"] = database.url(db, copy)
            subprocess.run(  # noqa: S603 - our own interpreter
                [sys.executable, "-m", "bench.honest", "--child", "measure", *common, "--samples", str(args.samples),
                 "--workers", str(args.workers), "--out", str(out), *(["--minutes", str(args.minutes)] if args.minutes else [])],
                cwd=ROOT, env=env, check=True)  # fmt: skip
        finally:
            database.drop(copy) if db == "postgres" else database.sqlite_drop(copy)
        result = json.loads(out.read_text())
        result.update(total_seconds=round(time.monotonic() - started), prepare_seconds=prepared)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"[{db}] wrote {out.relative_to(ROOT)} in {result['total_seconds']} s", flush=True)
    from .report import write_docs

    write_docs()
    return 0


if __name__ == "__main__":
    sys.exit(main())
