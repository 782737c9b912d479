# ruff: noqa: E501 - command lines and result rows read best one a line
"""Before and after side by side: the same operations timed against two source trees (issue 13).

    BENCH_DB_PREFIX=sakra_bench_html python -m bench.compare --before 33dc264 --incidents 100000

The "before" commit is exported to a temporary directory and given this tree's `bench/`, so
only the application differs. Each variant runs in its own child process against the same
database, the variants taking turns (`--rounds`), so a change in the machine's load falls on
all of them alike. `cold` variants replace every `sakra.core.memo.Memo` lookup by a miss: what a
per-process memo gives when filters and users vary, as in production, instead of the one
address the benchmark repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import date
from io import BytesIO
from pathlib import Path

from .run import DB_PREFIX, RESULTS, ROOT, TARGETS, database_url

OPERATIONS = ("list", "list_page1", "list_deep", "search_rare", "search_common",
              "dashboard_admin", "dashboard_region")  # fmt: skip


def export(commit: str, into: Path) -> Path:
    """The tree at `commit`, with this tree's benchmark harness."""
    archive = subprocess.run(  # noqa: S603 - git with our own arguments
        ["git", "archive", commit],  # noqa: S607 - the git of the PATH, as make uses
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    shutil.rmtree(into / "bench")
    shutil.copytree(
        ROOT / "bench", into / "bench", ignore=shutil.ignore_patterns("results", "data")
    )
    return into


def plain(into: Path) -> Path:
    """This tree with Django's own choice fields on the incident filter instead of
    `ReferenceRows`, no filter-form memo, and DISABLE_SERVER_SIDE_CURSORS (the experiment of
    ADR 0005): what the list costs without the hand-written reference fields."""
    shutil.copytree(ROOT, into, ignore=shutil.ignore_patterns(".venv", ".git", "results", "data",
                                                              "node_modules", "__pycache__"))  # fmt: skip
    edits = {
        "sakra/incidents/filters.py": [(
            "class IncidentFilter(django_filters.FilterSet):",
            "ReferenceChoiceFilter = django_filters.ModelChoiceFilter\n"
            "ReferenceMultipleChoiceFilter = django_filters.ModelMultipleChoiceFilter\n\n\n"
            "class IncidentFilter(django_filters.FilterSet):",
        )],
        "sakra/incidents/views/lists.py": [(
            "    data = request.GET\n", "    return render_fields(filterset)\n    data = request.GET\n"
        )],
        "sakra/config/settings.py": [(
            'DATABASES = {"default": _database()}\n',
            'DATABASES = {"default": _database()}\n'
            'DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True\n',
        )],
    }  # fmt: skip
    for name, pairs in edits.items():
        path = into / name
        text = path.read_text()
        for old, new in pairs:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text)
    return into


def prepare(size: int) -> None:
    from . import generate
    from .run import ensure_data

    generate.setup_django()
    print(ensure_data("postgres", size, 7), flush=True)


def child(size: int, reps: int, cold: bool, out: Path) -> None:
    from . import generate

    generate.setup_django()
    if cold:
        from sakra.core import memo

        memo.Memo.get = lambda self, key, compute: compute()
    from .run import Bench, audit_mark, cleanup

    mark = audit_mark()

    requests = []  # the operations' requests, in the order of OPERATIONS
    get = Bench.get
    Bench.get = lambda self, client, url: requests.append(get(self, client, url)) or requests[-1]
    bench = Bench("postgres", size, reps)
    try:
        for step in ("lists", "search", "dashboards"):
            getattr(bench, step)()
        # The CPU this process spends on a request (Django, the templates, psycopg; not the
        # database server): steadier than the wall clock on a shared machine.
        for op, run in zip(OPERATIONS, requests, strict=True):
            for _ in range(2):
                run()
            spent = []
            for _ in range(reps):
                started = time.process_time()
                run()
                spent.append((time.process_time() - started) * 1000)
            bench.results[op]["cpu_p50_ms"] = round(statistics.median(spent), 2)
    finally:
        cleanup(since_audit=mark)
    out.write_text(json.dumps(bench.results, default=str))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="33dc264", help="the commit measured as before")
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--variants", nargs="+", default=["before", "after", "after-cold", "plain-cold"]
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        prepare(args.incidents)
        return 0
    if args.child:
        child(args.incidents, args.reps, args.cold, Path(args.out))
        return 0
    env = {**os.environ, "DATABASE_URL": database_url("postgres", args.incidents), "DEBUG": "false"}
    # The data first, once (migrated, generated when the size differs).
    subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "bench.compare", "--prepare", "--incidents", str(args.incidents)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    samples: dict[str, dict[str, list]] = {v: {op: [] for op in OPERATIONS} for v in args.variants}
    with tempfile.TemporaryDirectory(prefix="sakra-before-") as tmp:
        trees = {"before": export(args.before, Path(tmp) / "before"), "after": ROOT}
        if any(v.startswith("plain") for v in args.variants):
            trees["plain"] = plain(Path(tmp) / "plain")
        for round_ in range(args.rounds):
            for variant in args.variants:
                tree = trees[variant.split("-")[0]]
                out = Path(tmp) / f"{variant}-{round_}.json"
                command = [sys.executable, "-m", "bench.compare", "--child", "--incidents",
                           str(args.incidents), "--reps", str(args.reps), "--out", str(out)]  # fmt: skip
                if variant.endswith("-cold"):
                    command.append("--cold")
                print(f"round {round_ + 1}: {variant}", flush=True)
                subprocess.run(command, cwd=tree, env=env, check=True)  # noqa: S603
                for op, row in json.loads(out.read_text()).items():
                    if op in samples[variant]:
                        samples[variant][op].append(row)
    table = {
        variant: {
            op: {
                "p50_ms": round(statistics.median(r["p50_ms"] for r in rows), 2),
                "p95_ms": round(statistics.median(r["p95_ms"] for r in rows), 2),
                "p95_each_round": [r["p95_ms"] for r in rows],
                "cpu_p50_ms": round(statistics.median(r["cpu_p50_ms"] for r in rows), 2),
                "raw_p95_ms": round(statistics.median(r.get("raw_p95_ms", 0) for r in rows), 2),
                "queries": rows[0].get("queries"),
            }
            for op, rows in ops.items()
            if rows
        }
        for variant, ops in samples.items()
    }
    result = {"date": date.today().isoformat(), "db": "postgres", "incidents": args.incidents,
              "database": f"{DB_PREFIX}_{args.incidents}", "before": args.before, "reps": args.reps,
              "rounds": args.rounds, "load_end": round(os.getloadavg()[0], 1), "table": table}  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{date.today().isoformat()}-compare-postgres-{args.incidents}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"| Operation | Target | {' | '.join(f'{v} p95 ms (CPU p50)' for v in args.variants)} |")
    for op in OPERATIONS:
        cells = [
            f"{table[v][op]['p95_ms']} ({table[v][op]['cpu_p50_ms']})" if op in table[v] else "–"
            for v in args.variants
        ]
        print(f"| {TARGETS[op][0]} | {TARGETS[op][2]} | {' | '.join(cells)} |")
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
