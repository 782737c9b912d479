# ruff: noqa: E501 - SQL and table rows read best one a line
"""Regenerate the results table in docs/performance.md from bench/results/*.json."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "performance.md"
BEGIN = "<!-- bench:results:begin -->"
END = "<!-- bench:results:end -->"
HONEST = RESULTS / "honest"
HONEST_BEGIN = "<!-- bench:honest:begin -->"
HONEST_END = "<!-- bench:honest:end -->"


def latest() -> list[dict]:
    """The newest result per (database, size), PostgreSQL first, larger sizes first."""
    runs: dict[tuple[str, int], dict] = {}
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text())
        if "results" not in data:
            continue  # a comparison (bench/compare.py), not a run
        data["file"] = path.name
        runs[(data["db"], data["incidents"])] = data
    return sorted(runs.values(), key=lambda d: (d["db"] != "postgres", -d["incidents"]))


def _n(value, suffix: str = "") -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, float) and value >= 100:
        value = round(value)
    return f"{value:,}{suffix}".replace(",", " ")


def _met(key: str, row: dict, target_ms) -> str:
    if not row:
        return "–"  # not measured at this size
    if "p95_ms" not in row and key not in ("worker_rss", "report_http", "import"):
        return "not built" if "not built" in row.get("note", "") else "–"
    checks = []
    if target_ms is not None and "p95_ms" in row:
        checks.append(row["p95_ms"] <= target_ms)
    if key == "list" and "ratio" in row:
        checks.append(row["ratio"] <= 5)
    if key == "concurrent":
        checks.append(row.get("ratio", 99) <= 3)
    if key == "import" and "rows_per_s" in row:
        checks.append(row["rows_per_s"] >= 2000)
    if key == "report_http":
        checks.append(row.get("throughput_per_s", 0) >= 100)
    if key == "worker_rss":
        checks.append((row.get("peak_mib") or 999) <= 200)
    if not checks:
        return "–"
    return "met" if all(checks) else "**not met**"


def table(run: dict) -> str:
    from .run import TARGETS

    lines = [
        f"### {'PostgreSQL' if run['db'] == 'postgres' else 'SQLite'}, {_n(run['incidents'])} incidents ({run['date']}, `{run['file']}`)",
        "",
        "| Operation | Data size | p50 ms | p95 ms | Throughput /s | Raw p95 ms | Ratio | Peak memory MiB | Queries | Target | Met |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]  # fmt: skip
    for key, (label, target_ms, target) in TARGETS.items():
        row = run["results"].get(key, {})
        size = f"{run['incidents']:,}".replace(",", " ")
        if "rows" in row:
            size += f" ({row['rows']:,} rows)".replace(",", " ")
        if "depth_rows" in row:
            size += f" (after {row['depth_rows']:,})".replace(",", " ")
        if "pages" in row:
            size += f" ({row['year']}: {row['chapters']} chapters, {row['pages']} pages)"
        elif "year" in row and key.startswith("annual"):
            size += f" ({row['year']})"
        ratio = row.get("ratio")
        if key == "concurrent" and ratio is not None:
            ratio = f"{ratio}× single ({row.get('single_p95_ms')} ms)"
            if "back_to_back_ratio" in row:
                ratio += f"; back to back {row['back_to_back_ratio']}×"
        elif key == "import" and ratio is not None:
            ratio = f"{ratio}× the raw insert ({_n(row.get('raw_rows_per_s'))} rows/s)"
        elif key == "annual_pdf" and ratio is not None:
            ratio = f"{_n(ratio)}× (CPU {_n(row.get('cpu_ms'))} ms; a worker's first print {_n(row.get('cold_ms'))} ms)"
        elif ratio is not None:
            ratio = f"{ratio}×"
            if "live_raw_p95_ms" in row:
                ratio += f" (live grouping: {_n(row['live_raw_p95_ms'])} ms)"
        throughput = row.get("throughput_per_s", row.get("rows_per_s"))
        peak = row.get("peak_mib", row.get("child_peak_rss_mib"))
        lines.append(
            f"| {label} | {size} | {_n(row.get('p50_ms'))} | {_n(row.get('p95_ms'))} | "
            f"{_n(throughput)} | {_n(row.get('raw_p95_ms'))} | {ratio or '–'} | "
            f"{_n(peak)} | {_n(row.get('queries'))} | {target} | {_met(key, row, target_ms)} |"
        )
    machine = run["machine"]
    if run.get("steps_run") and set(run["results"]) <= set(run["steps_run"]):
        lines += ["", "Only these rows were measured at this size (`--only`)."]
    elif run.get("steps_run"):
        again = ", ".join(
            f"{TARGETS[key][0][0].lower()}{TARGETS[key][0][1:]} ({day})"
            for key, day in run["steps_run"].items()
        )
        lines += ["", f"Measured again on their own (`--only`): {again}; the other rows are from the "
                      f"full run of {run.get('full_run_date', run['date'])}."]  # fmt: skip
    for partial in run.get("partial_runs", []):
        m = partial.get("machine", {})
        lines += ["", f"The rows measured on their own on {partial['date']} ran on {m.get('cpu')}, {m.get('cores')} cores, "
                      f"{m.get('database')}, at a load average of {partial.get('load_start')} to {partial.get('load_end')}."]  # fmt: skip
    lines += [
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_mib']:,} MiB, "
        f"{machine['database']}, Python {machine['python']}. Run took {run['run_seconds']:,.0f} s"
        + (f"; generating the data took {run['generation_seconds']:,.0f} s." if run.get("generated") else ".")
        + f" The benchmark process peaked at {run['process_max_rss_mib']} MiB resident."
        + (
            f" Load average (1 min) at start and end: {run['load_start']} and {run['load_end']}"
            " (the machine was shared with other work)."
            if "load_start" in run
            else ""
        ),
    ]  # fmt: skip
    return "\n".join(lines)


def sqlite_vs_postgres(runs: list[dict]) -> str:
    """SQLite's p95 against PostgreSQL's at the same size (target: ≤ 3×)."""
    from .run import TARGETS

    pairs = []
    for run in runs:
        if run["db"] != "sqlite":
            continue
        pg = next(
            (r for r in runs if r["db"] == "postgres" and r["incidents"] == run["incidents"]), None
        )
        if pg:
            pairs.append((run, pg))
    if not pairs:
        return ""
    lines = []
    for sqlite, pg in pairs:
        lines += [
            f"### SQLite against PostgreSQL at {_n(sqlite['incidents'])} incidents (target: SQLite p95 ≤ 3×)",
            "",
            "| Operation | PostgreSQL p95 ms | SQLite p95 ms | SQLite / PostgreSQL | Met |",
            "| --- | ---: | ---: | ---: | --- |",
        ]  # fmt: skip
        for key, (label, _t, _target) in TARGETS.items():
            a, b = pg["results"].get(key, {}), sqlite["results"].get(key, {})
            if "p95_ms" in a and "p95_ms" in b:
                ratio = b["p95_ms"] / max(a["p95_ms"], 0.01)
                met = "met" if ratio <= 3 else "**not met**"
                lines.append(
                    f"| {label} | {_n(a['p95_ms'])} | {_n(b['p95_ms'])} | {ratio:.1f}× | {met} |"
                )
        lines.append("")
    return "\n".join(lines)


def honest_latest() -> list[dict]:
    """The newest honest run (bench/honest.py) per database and size, PostgreSQL first."""
    runs: dict[tuple[str, int], dict] = {}
    for path in sorted(HONEST.glob("*.json")):
        data = json.loads(path.read_text())
        data["file"] = path.name
        runs[(data["db"], data["incidents"])] = data
    return sorted(runs.values(), key=lambda d: (d["db"] != "postgres", -d["incidents"]))


def honest_table(run: dict) -> str:
    """Each row's figure beside its raw SQL and the floor, the load it was taken at, the samples,
    and whether its target (issue 19's targets as ratios) is met."""
    rows = run["rows"]
    lines = [
        f"### {'PostgreSQL' if run['db'] == 'postgres' else 'SQLite'}, {_n(run['incidents'])} incidents, "
        f"through gunicorn ({run['date']}, `honest/{run['file']}`)",
        "",
        "| Operation | Samples | p50 ms | p95 ms | Raw p50 ms | Raw p95 ms | Ratio (p95) | Floor p95 ms | Target p95 ms | Load (1 min) | Met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for key, row in rows.items():
        if key in ("concurrent_list", "reports_per_s"):
            continue
        load = f"{row['load']} ({row['load_min']}–{row['load_max']})"
        if key == "floor":
            target, floor = f"≤ {_n(row['target_ms'])} (2 × the bare view's p95)", "–"
        else:
            target = f"≤ {_n(row['target_ms'])} (floor + 3 × raw)"
            floor = _n(row["floor_p95_ms"])
        lines.append(
            f"| {row['label']} | {row['samples']} | {_n(row['p50_ms'])} | {_n(row['p95_ms'])} | "
            f"{_n(row['raw_p50_ms'])} | {_n(row['raw_p95_ms'])} | {row['ratio']}× | {floor} | {target} | "
            f"{load} | {'met' if row['met'] else '**not met**'} |"
        )
    if "concurrent_list" in rows:
        c = rows["concurrent_list"]
        lines.append(
            f"| {c['label']} | {c['samples']} (one client: {c['single_samples']}) | {_n(c['p50_ms'])} | "
            f"{_n(c['p95_ms'])} | – | – | {c['ratio']}× one client's p95 ({_n(c['single_p95_ms'])} ms) | – | "
            f"≤ {_n(round(3 * c['single_p95_ms'], 2))} (3 × one client's) | {c['load']} | {'met' if c['met'] else '**not met**'} |"
        )
    if "reports_per_s" in rows:
        r = rows["reports_per_s"]
        lines.append(
            f"| {r['label']} | {r['seconds']:.0f} s each | – | – | – | – | one client {_n(r['one_client_per_s'])}/s, "
            f"eight {_n(r['eight_clients_per_s'])}/s | – | ≥ 100 reports/s (3 workers) | {r['load']} | "
            f"{'met' if r['met'] else '**not met**'} |"
        )
    m = run["machine"]
    lines += [
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['database']}, Python {m['python']}; {run['workers']} gunicorn "
        f"workers for the pages, 3 for the last two rows. Load average (1 min) {run['load_start']} at the start and "
        f"{run['load_end']} at the end. The run took {_n(run.get('total_seconds', run['run_seconds']))} s"
        + (
            f", of which {_n(run['prepare_seconds'])} s preparing the data."
            if "prepare_seconds" in run
            else "."
        ),
    ]
    return "\n".join(lines)


def _replace(text: str, begin: str, end: str, body: str) -> str:
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _old, tail = rest.split(end, 1)
    return f"{head}{begin}\n{body.strip()}\n{end}{tail}"


def write_docs() -> None:
    runs = latest()
    body = "\n\n".join(table(run) for run in runs) + "\n\n" + sqlite_vs_postgres(runs)
    text = DOC.read_text() if DOC.exists() else f"# Performance\n\n{HONEST_BEGIN}\n{HONEST_END}\n"
    honest = "\n\n".join(honest_table(run) for run in honest_latest())
    if honest:
        text = _replace(text, HONEST_BEGIN, HONEST_END, honest)
    DOC.write_text(_replace(text, BEGIN, END, body))
    print(f"wrote {DOC.relative_to(ROOT)}")
