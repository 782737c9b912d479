# ruff: noqa: E501 - SQL reads best one statement a line
"""The crisis log at region scale (issue 24): a crisis of 5 000 entries written by 10 people at
once through the service, then its page and its PDF, each against the plain SQL that does the
same on the same database in the same run.

    python -m bench.crisis_log                     # PostgreSQL, 5 000 entries, 10 writers
    python -m bench.crisis_log --entries 5000 --writers 10 --reps 50 --pdf-reps 3

PostgreSQL only: ten writers at once is a database server's case (SQLite takes one writer at a
time). The database `<BENCH_DB_PREFIX>_crisis` is emptied on every run (the log is append-only,
so the run cannot remove its own entries; `flush` lifts the triggers for the wipe alone).

1. **Writing.** Ten threads, each with its own connection and its own staff role, start
   together and each appends its share of the entries through `services.append_entry` (the
   permission check, the validation, the insert): mostly events and measures, every 25th a
   decision with who decided and on what basis, every 40th a correction of the writer's
   previous entry, every 10th an entry that happened five minutes before it was written. The
   raw baseline is the same ten threads each inserting the same rows with a plain `INSERT`,
   into a second crisis. Checked afterwards: no entry lost or doubled, every writer's entries
   in the order they were written, no entry recorded before it happened, and the page shows
   every entry exactly once, in the log's order, when walked from its first page to its last.
2. **The page**, as the security chief: the newest page (what opens) and the first page, each
   beside the page's own reads in plain SQL (the crisis with its unit, opener and newest
   print; the log's length; the 50 entries with their authors; the staff with their names)
   and beside the floor (a signed-in page that does nothing, `bench/floor_settings.py`), the
   three in turns. The target is every page's in docs/performance.md: p95 ≤ the floor's p95
   + 3 × the raw SQL's p95. The newest page once more with its memos emptied before each
   request (docs/adr/0004: a memo stays only where the page misses its target without it).
3. **The PDF** of the whole log as the worker makes it (core's `make_print` task on a job of
   the crisis; the page asks for it and polls), against reading the same rows in plain SQL,
   with its CPU time, pages and size. `--pdf-reps 0` measures the pages alone.

Results go to bench/results/continuity/<date>-crisis-log-postgres.json; docs/performance.md
quotes them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from .run import DB_PREFIX, PG_SERVER, RESULTS, ROOT, captured, machine, summarise, timed

DOMAIN = "bench-crisis.sakra.se"
TITLE = "Elavbrott i hela regionen"
#: The target docs/performance.md holds for a document made while the person waits (the
#: export's); a page's is every page's there: p95 ≤ the floor's p95 + 3 × its raw SQL's p95.
PDF_TARGET_MS = 5000

LABELS = {
    "write": "Append an entry, {writers} people writing at once (service)",
    "page_newest": "Crisis page, the newest 50 of {entries} entries (security chief)",
    "page_first": "Crisis page, the first 50 of {entries} entries (security chief)",
    "page_newest_cold": "Crisis page, the newest 50, every memo a miss (docs/adr/0004's check)",
    "pdf": "The log of {entries} entries as PDF (made by the worker)",
}


def database_url() -> str:
    return f"{PG_SERVER}/{DB_PREFIX}_crisis"


def prepare(writers: int):
    """An empty, migrated database with a region, its chief, an open crisis and `writers`
    people each holding a staff role in it; and a second crisis for the raw inserts."""
    import psycopg
    from django.core.management import call_command

    from sakra.accounts.models import User
    from sakra.continuity import services
    from sakra.organisation.models import Unit

    from .continuity import CHIEF, _region

    name = f"{DB_PREFIX}_crisis"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    _region()
    chief = User.objects.get(email=CHIEF)
    unit = Unit.objects.get(code="bench-adm-01")
    crisis = services.open_crisis(by=chief, title=TITLE, unit=unit)
    raw_crisis = services.open_crisis(by=chief, title=f"{TITLE} (raw)", unit=unit)
    people = []
    for n in range(writers):
        person = User.objects.create_user(email=f"writer{n}@{DOMAIN}", password=None,
                                          full_name=f"Skrivare {n:02d}")  # fmt: skip
        services.assign_role(crisis, by=chief, person=person, role=f"Stabsroll {n}")
        people.append(person)
    return chief, crisis, raw_crisis, people


# ---------------------------------------------------------------- writing


def _entry_args(writer: int, n: int) -> dict:
    """The n-th entry of a writer, as the service takes it (the correction is added later)."""
    from django.utils import timezone

    from sakra.continuity.choices import EntryKind

    happened = timezone.now() - (timedelta(minutes=5) if n % 10 == 9 else timedelta(0))
    args = {"kind": EntryKind.MEASURE if n % 2 else EntryKind.EVENT, "happened_at": happened,
            "text": f"{writer}:{n} Reservkraften i hus {n % 40} har startat; lägesrapport till staben."}  # fmt: skip
    if n % 25 == 24:
        args.update(kind=EntryKind.DECISION, decided_by="Stabschefen",
                    basis="Elbolagets prognos: minst sex timmar till.")  # fmt: skip
    return args


def _in_threads(people, work) -> tuple[list[float], float, list]:
    """`work(index, person, latencies)` run by one thread a person, all started together; the
    latencies of every call, the wall time and the errors."""
    from django.db import connection

    barrier, errors, latencies = threading.Barrier(len(people)), [], []

    def run(index, person):
        mine = []
        try:
            barrier.wait()
            work(index, person, mine)
        except Exception as exc:  # reported, and the run fails below
            errors.append(repr(exc))
        finally:
            latencies.extend(mine)
            connection.close()

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(people)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started, errors


def write(crisis, people, per_writer: int) -> dict:
    from sakra.continuity import services

    def work(index, person, latencies):
        previous = None
        for n in range(per_writer):
            args = _entry_args(index, n)
            if n % 40 == 39:
                args.update(
                    corrects=previous, text=f"{index}:{n} Rättelse: det var hus {n % 40 - 1}."
                )
            started = time.perf_counter()
            previous = services.append_entry(crisis, by=person, **args)
            latencies.append(time.perf_counter() - started)

    return _in_threads(people, work)


RAW_INSERT = """INSERT INTO continuity_logentry (crisis_id, kind, text, happened_at, recorded_at, author_id, decided_by, basis, corrects_id) VALUES (%s, %s, %s, %s, now(), %s, %s, %s, NULL)"""


def write_raw(crisis, people, per_writer: int) -> dict:
    from django.db import connection

    def work(index, person, latencies):
        with connection.cursor() as cursor:
            for n in range(per_writer):
                args = _entry_args(index, n)
                started = time.perf_counter()
                cursor.execute(RAW_INSERT, [crisis.pk, args["kind"], args["text"], args["happened_at"],
                                            person.pk, args.get("decided_by", ""), args.get("basis", "")])  # fmt: skip
                latencies.append(time.perf_counter() - started)

    return _in_threads(people, work)


def _number(text: str) -> int:
    """n of the writer's n-th entry ("3:12 Reservkraften …" is 12)."""
    return int(text.split(" ", 1)[0].split(":")[1])


def check(crisis, people, per_writer: int, client) -> dict:
    """No entry lost or doubled, each writer's in the order written, none recorded before it
    happened, and the page walked from first to last shows each entry once in the log's order."""
    from sakra.continuity.models import LogEntry

    rows = list(
        crisis.entries.in_order().values_list(
            "pk", "text", "author_id", "happened_at", "recorded_at"
        )
    )
    expected = {f"{w}:{n}" for w in range(len(people)) for n in range(per_writer)}
    written = [text.split(" ", 1)[0] for _pk, text, *_rest in rows]
    assert len(written) == len(expected) == len(set(written)), "an entry was lost or doubled"
    assert set(written) == expected, "an entry was lost"
    for index, person in enumerate(people):
        # An entry that happened when it was written (nine in ten) comes in the order written.
        mine = [_number(text) for _pk, text, author, *_t in rows
                if author == person.pk and _number(text) % 10 != 9]  # fmt: skip
        assert mine == sorted(mine), f"writer {index}'s entries are out of order"
        recorded = [
            r
            for _pk, text, author, _h, r in sorted(rows, key=lambda row: row[0])
            if author == person.pk
        ]
        assert recorded == sorted(recorded), f"writer {index}'s entries were recorded out of order"
    assert all(happened <= recorded for *_x, happened, recorded in rows), (
        "recorded before it happened"
    )
    corrections = LogEntry.objects.filter(crisis=crisis, corrects__isnull=False).count()
    shown, page = [], 1
    while True:
        html = client.get(f"{crisis.get_absolute_url()}?page={page}").content.decode()
        ids = [int(pk) for pk in re.findall(r'<tr id="entry-(\d+)"', html)]
        shown += ids
        if f"?page={page + 1}" not in html:
            break
        page += 1
    assert shown == [pk for pk, *_rest in rows], "the page does not show the log in its order"
    return {"entries": len(rows), "corrections": corrections, "pages_walked": page}


# ---------------------------------------------------------------- reading


def _get(client, url: str):
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return run


def _cold(get):
    """The page with its memos (the empty forms, the log's pages) emptied before each request:
    what a page costs when every lookup misses (docs/adr/0004)."""
    from sakra.continuity.views.crisis import LOG_PAGES
    from sakra.core.forms import EMPTY_FORMS

    def run():
        EMPTY_FORMS.clear()
        LOG_PAGES.clear()
        return get()

    return run


def _print(crisis):
    """The log's PDF as the worker makes it (core's `make_print` task on a job of the crisis),
    returning the file's bytes."""
    from sakra.continuity.prints import CRISIS_LOG
    from sakra.core.choices import PrintStatus
    from sakra.core.models import PrintJob
    from sakra.core.tasks import make_print

    def run():
        job = PrintJob.objects.create(
            kind=CRISIS_LOG, object_id=crisis.pk, requested_by=crisis.opened_by
        )
        make_print.call(job.pk)
        job.refresh_from_db()
        assert job.status == PrintStatus.DONE, job.error
        with job.file.open("rb") as handle:
            content = handle.read()
        job.file.delete(save=False)  # the bench's own files, not kept
        return content

    return run


def _raw_sql(sql: str, params: list[list]):
    """The statements of `sql` (one a line), each with its own parameters."""
    from django.db import connection

    def run() -> list[list[tuple]]:
        answers = []
        with connection.cursor() as cursor:
            for statement, values in zip(sql.split(";\n"), params, strict=True):
                cursor.execute(statement, values)
                answers.append(cursor.fetchall())
        return answers

    return run


#: The page's own reads (the session and the person are the floor's): the crisis with its
#: unit, opener and newest print; the log's length; 50 entries with their authors; the staff.
PAGE_RAW = """SELECT c.id, c.title, c.status, c.opened_at, c.closed_at, c.summary, c.roles, c.checklist, c.evaluation, c.version, u.name, p.full_name, (SELECT j.status FROM core_printjob j WHERE j.kind = 'continuity.crisis_log' AND j.object_id = c.id ORDER BY j.requested_at DESC, j.id DESC LIMIT 1) FROM continuity_crisis c JOIN organisation_unit u ON u.id = c.unit_id JOIN accounts_user p ON p.id = c.opened_by_id WHERE c.id = %s;
SELECT COUNT(*) FROM continuity_logentry WHERE crisis_id = %s;
SELECT e.id, e.kind, e.text, e.happened_at, e.recorded_at, e.decided_by, e.basis, e.corrects_id, u.full_name FROM continuity_logentry e JOIN accounts_user u ON u.id = e.author_id WHERE e.crisis_id = %s ORDER BY e.happened_at, e.recorded_at, e.id LIMIT 50 OFFSET %s;
SELECT s.role, s.starts_at, s.ends_at, u.full_name FROM continuity_staffassignment s JOIN accounts_user u ON u.id = s.person_id WHERE s.crisis_id = %s ORDER BY s.starts_at, s.id"""
#: The PDF's rows: every entry with its author, in order.
PDF_RAW = """SELECT e.id, e.kind, e.text, e.happened_at, e.recorded_at, e.decided_by, e.basis, e.corrects_id, u.full_name FROM continuity_logentry e JOIN accounts_user u ON u.id = e.author_id WHERE e.crisis_id = %s ORDER BY e.happened_at, e.recorded_at, e.id"""


def page_raw(crisis_pk: int, offset: int):
    return _raw_sql(PAGE_RAW, [[crisis_pk], [crisis_pk], [crisis_pk, offset], [crisis_pk]])


def in_turns(reps: int, **steps) -> dict[str, list[float]]:
    """Each step timed once a round, the steps taking turns, so the machine's noise falls on
    all of them alike (as the honest bench does); five rounds first to warm up."""
    times = {name: [] for name in steps}
    for round_ in range(reps + 5):
        for name, step in steps.items():
            started = time.perf_counter()
            step()
            if round_ >= 5:
                times[name].append(time.perf_counter() - started)
    return times


def _ratio(app: dict, raw: dict) -> float:
    return round(app["p95_ms"] / max(raw["p95_ms"], 0.01), 1)


def read(crisis, client, entries: int, reps: int, pdf_reps: int) -> dict:
    from pypdf import PdfReader

    results = {}
    last = (entries - 1) // 50 * 50
    for key, url, offset in (("page_newest", crisis.get_absolute_url(), last),
                             ("page_first", f"{crisis.get_absolute_url()}?page=1", 0),
                             ("page_newest_cold", crisis.get_absolute_url(), last)):  # fmt: skip
        app = _get(client, url) if not key.endswith("cold") else _cold(_get(client, url))
        times = in_turns(
            reps, page=app, raw=page_raw(crisis.pk, offset), floor=_get(client, "/bench/floor")
        )
        row, raw, floor = (summarise(times[name]) for name in ("page", "raw", "floor"))
        row.update(captured(app))
        row.pop("slowest_query", None)
        target = round(floor["p95_ms"] + 3 * raw["p95_ms"], 2)
        row.update(raw_p50_ms=raw["p50_ms"], raw_p95_ms=raw["p95_ms"], ratio=_ratio(row, raw),
                   floor_p50_ms=floor["p50_ms"], floor_p95_ms=floor["p95_ms"], target_ms=target,
                   met=row["p95_ms"] <= target if not key.endswith("cold") else None)  # fmt: skip
        results[key] = row
    if not pdf_reps:  # the pages alone (the PDF is ~20 s of CPU a print at 5 000 entries)
        return results
    pdf = _print(crisis)
    content = pdf()  # the first print loads WeasyPrint, Pango and the fonts
    times, cpu = [], []
    for _ in range(pdf_reps):
        started, processor = time.perf_counter(), time.process_time()
        pdf()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - processor)
    raw = timed(_raw_sql(PDF_RAW, [crisis.pk]), reps, warmup=2)
    row = {**summarise(times), **captured(pdf)}
    row.pop("slowest_query", None)
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    row.update(raw_p50_ms=raw["p50_ms"], raw_p95_ms=raw["p95_ms"], ratio=_ratio(row, raw),
               cpu_ms=round(1000 * sum(cpu) / len(cpu)), pages=len(reader.pages), bytes=len(content),
               entries_in_text=len(re.findall(r"\d+:\d+ (?:Reservkraften|Rättelse)", text)),
               met=row["p95_ms"] <= PDF_TARGET_MS)  # fmt: skip
    results["pdf"] = row
    return results


# ---------------------------------------------------------------- the run


def child(entries: int, writers: int, reps: int, pdf_reps: int) -> Path:
    # Sakra's settings with one address more: the floor (a signed-in page that does nothing).
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.floor_settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    per_writer = entries // writers
    entries = per_writer * writers
    chief, crisis, raw_crisis, people = prepare(writers)
    load_start = round(os.getloadavg()[0], 1)
    latencies, seconds, errors = write(crisis, people, per_writer)
    assert not errors, errors[:3]
    raw_latencies, raw_seconds, raw_errors = write_raw(raw_crisis, people, per_writer)
    assert not raw_errors, raw_errors[:3]
    app, raw = summarise(latencies), summarise(raw_latencies)
    results = {"write": {
        **app, "throughput_per_s": round(entries / seconds, 1), "seconds": round(seconds, 1),
        "raw_p50_ms": raw["p50_ms"], "raw_p95_ms": raw["p95_ms"], "ratio": _ratio(app, raw),
        "raw_throughput_per_s": round(entries / raw_seconds, 1),
    }}  # fmt: skip
    print(f"[crisis] wrote {entries:,} entries in {seconds:.1f} s "
          f"({results['write']['throughput_per_s']}/s; raw {results['write']['raw_throughput_per_s']}/s)", flush=True)  # fmt: skip
    # What autovacuum does within a minute of 10 000 new rows, here before anything is read,
    # so that every run plans its reads on the same statistics (stale, the first page's plain
    # SQL sorted the whole log; analysed, it reads the index).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE continuity_logentry")
    client = Client()
    client.force_login(chief)
    checked = check(crisis, people, per_writer, client)
    print(f"[crisis] checked: {checked}", flush=True)
    results.update(read(crisis, client, entries, reps, pdf_reps))
    for key, row in results.items():
        row["label"] = LABELS[key].format(writers=writers, entries=f"{entries:,}".replace(",", " "))
        print(f"[crisis] {key}: p50 {row['p50_ms']} p95 {row['p95_ms']} ms, raw p95 {row['raw_p95_ms']} ms, "
              f"{row['ratio']}×, {row.get('queries', '–')} queries", flush=True)  # fmt: skip
    out = {
        "date": date.today().isoformat(), "db": "postgres", "entries": entries, "writers": writers,
        "reps": reps, "pdf_reps": pdf_reps, "machine": machine(), "checked": checked,
        "load_start": load_start, "load_end": round(os.getloadavg()[0], 1), "results": results,
    }  # fmt: skip
    folder = RESULTS / "continuity"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{date.today().isoformat()}-crisis-log-postgres.json"
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"[crisis] wrote {path.relative_to(ROOT)}", flush=True)
    return path


def table(path: Path) -> str:
    """The results as the Markdown table docs/performance.md quotes."""
    run = json.loads(path.read_text())
    lines = [
        "| Operation | p50 ms | p95 ms | Throughput /s | Raw p95 ms | Ratio | Floor p95 ms | Queries | Target | Met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for key, row in run["results"].items():
        met = {True: "met", False: "**not met**", None: "– (a check, not a target)"}[
            row.get("met", True)
        ]
        throughput = row.get("throughput_per_s", "–")
        target = {"write": "no entry lost, in order", "pdf": f"≤ {PDF_TARGET_MS // 1000} s"}.get(
            key, f"≤ {row.get('target_ms')} ms (floor + 3 × raw)"
        )
        if key == "write":
            throughput = f"{throughput} (raw {row['raw_throughput_per_s']})"
        lines.append(f"| {row['label']} | {row['p50_ms']} | {row['p95_ms']} | {throughput} | {row['raw_p95_ms']} "
                     f"| {row['ratio']}× | {row.get('floor_p95_ms', '–')} | {row.get('queries', '–')} | {target} | {met} |")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The crisis log at region scale (issue 24).")
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--pdf-reps", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(table(child(args.entries, args.writers, args.reps, args.pdf_reps)))
        return 0
    # Django reads DATABASE_URL once: the run in its own process, as bench.continuity does.
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "false",
           "DJANGO_SETTINGS_MODULE": "bench.floor_settings"}  # fmt: skip
    command = [sys.executable, "-m", "bench.crisis_log", "--child", "--entries", str(args.entries),
               "--writers", str(args.writers), "--reps", str(args.reps), "--pdf-reps", str(args.pdf_reps)]  # fmt: skip
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own interpreter
    return 0


if __name__ == "__main__":
    sys.exit(main())
