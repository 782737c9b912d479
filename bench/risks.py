# ruff: noqa: E501 - SQL reads best one statement a line
"""Risks at region scale (issue 21): 5 000 risks in 500 analyses with 20 000 treating actions.
The risk register, the region's heat map and the eight-part RSA report's data, each against
the plain SQL that answers the same question on the same database in the same run, and the
RSA's PDF.

    python -m bench.risks                       # SQLite in bench/data/, then PostgreSQL
    python -m bench.risks --db postgres --reps 50

The data is its own small region (20 administrations of 5 units, 3 security areas), made once
through `bulk_create` and reused while it holds exactly the sizes asked for: `--analyses`
analyses spread over the units (one in ten confidential), one of them the regional RSA at the
region, which holds `--rsa-risks` of the `--risks` risks, 50 critical services with four
dependencies each and an assessment against every preparedness indicator; every risk has
`--actions` / `--risks` treating actions. Latency goes through Django's in-process test
client, as in `bench.run`, logged in as the security chief (region-wide) or the coordinator of
the first administration; "raw" is the same page's rows, count and figures in plain SQL
through the same connection. The report's data is `risks.report.gather` called in process
(what both the PDF and the Word file are written from); the PDF is timed over a few runs.
Results go to bench/results/risks/<date>-risks-<db>.json; docs/performance.md quotes them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from .run import DATA, DB_PREFIX, PG_SERVER, ROOT, captured, machine, timed
from .scale import small_region, write

ADMINISTRATIONS = 20
UNITS_PER_ADMINISTRATION = 5
DOMAIN = "bench-risks.sakra.se"
CHIEF = f"chief@{DOMAIN}"
COORDINATOR = f"coordinator@{DOMAIN}"
PASSWORD = "bench-lösenord"  # noqa: S105 - the benchmark's users, never a real system
RSA_TITLE = "Regional risk- och sårbarhetsanalys (bench)"
SERVICES = 50

LABELS = {
    "register_chief": "Risk register, page 1 of 5 000 (security chief)",
    "register_coordinator": "Risk register, page 1 (coordinator of one administration)",
    "register_api": "Risk register through the API, 50 rows (security chief)",
    "heat_map_chief": "Heat map of the region, every open analysis (security chief)",
    "report_data": "The RSA report's data, eight parts (gather, in process)",
    "rsa_page": "The RSA's page: heat map, risks, services, preparedness (security chief)",
}


def database_url(db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{DATA / 'sakra-risks.sqlite3'}"
    return f"{PG_SERVER}/{DB_PREFIX}_risks"


# ---------------------------------------------------------------- the data


def _region():
    return small_region(
        [("krisberedskap", "Krisberedskap"), ("informationssakerhet", "Informationssäkerhet"), ("brandskydd", "Brandskydd")],
        chief=CHIEF, coordinator=COORDINATOR, password=PASSWORD,
        administrations=ADMINISTRATIONS, units_per_administration=UNITS_PER_ADMINISTRATION,
    )  # fmt: skip


def generate(analyses: int, risks: int, rsa_risks: int, actions: int, seed: int) -> float:
    """The region, its analyses, risks and actions, the RSA's services; seconds taken."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from sakra.actions.choices import ActionStatus
    from sakra.actions.models import Action
    from sakra.risks.choices import AnalysisKind, AnalysisStatus, DependencyKind, Treatment
    from sakra.risks.models import (
        CriticalDependency,
        CriticalService,
        MatrixVersion,
        PreparednessAssessment,
        PreparednessIndicator,
        Risk,
        RiskAnalysis,
    )

    started = time.monotonic()
    rng = random.Random(seed)
    today = timezone.localdate()
    with transaction.atomic():
        if not PreparednessIndicator.objects.exists():
            # flush emptied the default list the migration put in: put it back the same way.
            from django.apps import apps

            importlib.import_module(
                "sakra.risks.migrations.0003_default_preparedness_indicators"
            ).add(apps, None)
        region, units, areas, chief = _region()
        matrix = MatrixVersion.objects.current()
        rows = [
            RiskAnalysis(
                title=RSA_TITLE, kind=AnalysisKind.REGIONAL_RSA, unit=region, area=areas[0],
                period_start=date(today.year, 1, 1), period_end=date(today.year + 3, 12, 31),
                status=AnalysisStatus.IN_PROGRESS, matrix=matrix, created_by=chief,
                method="Workshoppar med förvaltningarna. " * 20,
                responsibility="Regionen ansvarar för hälso- och sjukvården. " * 20,
                preparedness="Krisberedskapen bedöms mot regionens indikatorer. " * 10,
                vulnerabilities="Beroendet av ett fåtal leverantörer. " * 10,
            )
        ]  # fmt: skip
        for n in range(1, analyses):
            rows.append(RiskAnalysis(
                title=f"Riskanalys {n}", kind=rng.choice([AnalysisKind.UNIT, AnalysisKind.CHANGE,
                                                          AnalysisKind.THREATS]),
                unit=units[n % len(units)], area=rng.choice(areas),
                period_start=today - timedelta(days=rng.randint(0, 700)),
                period_end=today + timedelta(days=rng.randint(30, 700)),
                status=rng.choice([AnalysisStatus.DRAFT, AnalysisStatus.IN_PROGRESS,
                                   AnalysisStatus.ARCHIVED]),
                is_confidential=n % 10 == 0, matrix=matrix, created_by=chief,
            ))  # fmt: skip
        rows = RiskAnalysis.objects.bulk_create(rows)
        rsa, others = rows[0], rows[1:]
        risk_rows = []
        for n in range(risks):
            analysis = rsa if n < rsa_risks else others[n % len(others)]
            lik, con = rng.randint(1, 5), rng.randint(1, 5)
            cur_lik, cur_con = max(1, lik - rng.randint(0, 1)), con
            level = matrix.level(cur_lik, cur_con)
            risk_rows.append(Risk(
                analysis=analysis, title=f"Risk {n}", scenario="Elen går i hela sjukhuset.",
                cause="Storm", consequences="Vården stannar", area=rng.choice(areas),
                inherent_likelihood=lik, inherent_consequence=con,
                inherent_level=matrix.level(lik, con), current_likelihood=cur_lik,
                current_consequence=cur_con, current_level=level,
                residual_likelihood=1, residual_consequence=cur_con,
                residual_level=matrix.level(1, cur_con), treatment=Treatment.REDUCE,
                justification="Reservkraft", owner=chief,
                review_date=today + timedelta(days=rng.randint(-60, 365)), created_by=chief,
            ))  # fmt: skip
        risk_rows = Risk.objects.bulk_create(risk_rows, batch_size=1000)
        risk_type = ContentType.objects.get_for_model(Risk)
        per_risk = actions // risks
        statuses = [ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.DONE]
        action_rows = [
            Action(title=f"Åtgärd {risk.pk}-{k}", owner=chief, unit=units[risk.pk % len(units)],
                   area=risk.area, due_date=today + timedelta(days=rng.randint(-300, 600)),
                   status=rng.choice(statuses), source_type=risk_type, source_id=risk.pk,
                   created_by=chief)
            for risk in risk_rows
            for k in range(per_risk)
        ]  # fmt: skip
        Action.objects.bulk_create(action_rows, batch_size=2000)
        services = CriticalService.objects.bulk_create(
            CriticalService(name=f"Samhällsviktig verksamhet {n}", unit=units[n % len(units)],
                            analysis=rsa, tolerable_outage_hours=rng.choice([0, 4, 24]),
                            backup="Omfördelning mellan sjukhusen.")
            for n in range(SERVICES)
        )  # fmt: skip
        kinds = list(DependencyKind.values)
        CriticalDependency.objects.bulk_create(
            CriticalDependency(service=service, kind=kind, tolerable_outage_hours=12,
                               backup="Reservkraft i 72 timmar")
            for service in services
            for kind in rng.sample(kinds, 4)
        )  # fmt: skip
        PreparednessAssessment.objects.bulk_create(
            PreparednessAssessment(analysis=rsa, indicator=indicator, fulfilment="partly",
                                   comment="Delvis uppfyllt.", assessed_by=chief)
            for indicator in PreparednessIndicator.objects.filter(is_active=True)
        )  # fmt: skip
    return round(time.monotonic() - started, 1)


def ensure_data(
    db: str, analyses: int, risks: int, rsa_risks: int, actions: int, seed: int
) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from sakra.accounts.models import User
    from sakra.actions.models import Action
    from sakra.risks.models import Risk, RiskAnalysis

    name = f"{DB_PREFIX}_risks"
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
        and RiskAnalysis.objects.count() == analyses
        and Risk.objects.count() == risks
        and Action.objects.count() == actions
    ):
        return {"generated": False}
    print(f"[{db}] generating {analyses:,} analyses, {risks:,} risks, {actions:,} actions",
          flush=True)  # fmt: skip
    call_command("flush", interactive=False, verbosity=0)
    connection.close()
    return {
        "generated": True,
        "generation_seconds": generate(analyses, risks, rsa_risks, actions, seed),
    }


# ---------------------------------------------------------------- measuring


def _get(client, url: str):
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return run


def _raw_sql(sql: str, params: list):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for statement in sql.split(";\n"):
                cursor.execute(statement, params[: statement.count("%s")])
                cursor.fetchall()

    return run


#: The register's page as the view reads it: 50 risks of the analyses in scope (not
#: confidential for the coordinator) with their analysis, matrix, unit, area and owner, and
#: the count.
REGISTER_RAW = """SELECT r.id, r.title, r.inherent_level, r.current_level, r.residual_level, r.treatment, r.review_date, a.title, a.is_confidential, m.acceptable_level, u.name, s.name_sv, o.full_name FROM risks_risk r JOIN risks_riskanalysis a ON a.id = r.analysis_id JOIN risks_matrixversion m ON m.id = a.matrix_id JOIN organisation_unit u ON u.id = a.unit_id JOIN organisation_securityarea s ON s.id = r.area_id JOIN accounts_user o ON o.id = r.owner_id WHERE 1 = 1 {scope} ORDER BY r.current_level DESC, r.title, r.id LIMIT 50;
SELECT COUNT(*) FROM risks_risk r JOIN risks_riskanalysis a ON a.id = r.analysis_id JOIN organisation_unit u ON u.id = a.unit_id WHERE 1 = 1 {scope}"""

#: The heat map: the open analyses' risks counted per cell.
HEAT_MAP_RAW = """SELECT r.current_likelihood, r.current_consequence, COUNT(*) FROM risks_risk r JOIN risks_riskanalysis a ON a.id = r.analysis_id WHERE a.status <> 'archived' GROUP BY 1, 2"""

#: The report's data: the RSA's services, dependencies, risks, their actions, the
#: preparedness assessments and indicators, and the approval decision.
REPORT_RAW = """SELECT s.id, s.name, s.tolerable_outage_hours, s.backup, u.name FROM risks_criticalservice s JOIN organisation_unit u ON u.id = s.unit_id WHERE s.analysis_id = %s;
SELECT d.id, d.kind, d.tolerable_outage_hours, d.backup, s.name FROM risks_criticaldependency d JOIN risks_criticalservice s ON s.id = d.service_id WHERE s.analysis_id = %s;
SELECT r.id, r.title, r.current_level, r.residual_level, r.treatment, a.name_sv, o.full_name FROM risks_risk r JOIN organisation_securityarea a ON a.id = r.area_id JOIN accounts_user o ON o.id = r.owner_id WHERE r.analysis_id = %s ORDER BY r.current_level DESC, r.title, r.id;
SELECT x.id, x.title, x.due_date, x.status, x.source_id, o.full_name FROM actions_action x JOIN accounts_user o ON o.id = x.owner_id WHERE x.source_type_id = %s AND x.source_id IN (SELECT id FROM risks_risk WHERE analysis_id = %s) ORDER BY x.due_date, x.id;
SELECT p.indicator_id, p.fulfilment, p.comment FROM risks_preparednessassessment p WHERE p.analysis_id = %s;
SELECT i.id, i.name FROM risks_preparednessindicator i WHERE i.is_active ORDER BY i.position, i.name, i.id"""


def measure(db: str, reps: int, pdf_reps: int) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test import Client

    from sakra.accounts.models import User
    from sakra.organisation.models import Unit
    from sakra.risks import report
    from sakra.risks.models import Risk, RiskAnalysis

    clients = {}
    for key, email in (("chief", CHIEF), ("coordinator", COORDINATOR)):
        clients[key] = Client()
        clients[key].force_login(User.objects.get(email=email))
    path = Unit.objects.get(code="bench-adm-01").path
    rsa = RiskAnalysis.objects.get(title=RSA_TITLE)
    risk_type = ContentType.objects.get_for_model(Risk).pk
    coordinator_scope = "AND u.path LIKE %s AND NOT a.is_confidential"

    def gather():
        report.gather(RiskAnalysis.objects.select_related("matrix", "unit").get(pk=rsa.pk))

    cases = {
        "register_chief": (
            _get(clients["chief"], "/risker/register/"),
            _raw_sql(REGISTER_RAW.format(scope=""), []),
        ),
        "register_coordinator": (
            _get(clients["coordinator"], "/risker/register/"),
            _raw_sql(REGISTER_RAW.format(scope=coordinator_scope), [f"{path}%", f"{path}%"]),
        ),
        "register_api": (
            _get(clients["chief"], "/api/v1/risks/risks?limit=50"),
            _raw_sql(REGISTER_RAW.format(scope=""), []),
        ),
        "heat_map_chief": (_get(clients["chief"], "/risker/karta/"), _raw_sql(HEAT_MAP_RAW, [])),
        "report_data": (
            gather,
            _raw_sql(REPORT_RAW, [rsa.pk, rsa.pk, rsa.pk, risk_type, rsa.pk, rsa.pk]),
        ),
        "rsa_page": (
            _get(clients["chief"], f"/risker/{rsa.pk}/"),
            _raw_sql(REPORT_RAW, [rsa.pk, rsa.pk, rsa.pk, risk_type, rsa.pk, rsa.pk]),
        ),
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
    # The PDF: a few runs of data and document together, as the page's download does.
    seconds, size = [], 0
    for _ in range(pdf_reps):
        started = time.perf_counter()
        data = report.gather(RiskAnalysis.objects.select_related("matrix", "unit").get(pk=rsa.pk))
        size = len(report.pdf_bytes(data))
        seconds.append(round(time.perf_counter() - started, 2))
    results["rsa_pdf"] = {
        "label": f"The RSA's PDF, {len(data.risks)} risks and {len(data.actions)} actions",
        "seconds": seconds, "max_seconds": max(seconds), "bytes": size,
        "risks": len(data.risks), "actions": len(data.actions), "target_seconds": 15,
    }  # fmt: skip
    print(f"[{db}] rsa_pdf: {seconds} s, {size:,} bytes", flush=True)
    connection.close()
    return results


def child(db: str, args) -> Path:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakra.config.settings")
    import django

    django.setup()
    prepared = ensure_data(db, args.analyses, args.risks, args.rsa_risks, args.actions, args.seed)
    load_start = round(os.getloadavg()[0], 1)
    started = time.monotonic()
    results = measure(db, args.reps, args.pdf_reps)
    out = {
        "date": date.today().isoformat(), "db": db, "analyses": args.analyses,
        "risks": args.risks, "rsa_risks": args.rsa_risks, "actions": args.actions,
        "reps": args.reps, "machine": machine(), **prepared,
        "run_seconds": round(time.monotonic() - started, 1), "load_start": load_start,
        "load_end": round(os.getloadavg()[0], 1), "results": results,
    }  # fmt: skip
    return write("risks", db, out)


def table(path: Path) -> str:
    """The results as the Markdown table docs/performance.md quotes."""
    run = json.loads(path.read_text())
    lines = [
        "| Operation | p50 ms | p95 ms | Raw p95 ms | Ratio | Queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, row in run["results"].items():
        if key == "rsa_pdf":
            continue
        lines.append(f"| {row['label']} | {row['p50_ms']} | {row['p95_ms']} | {row['raw_p95_ms']} "
                     f"| {row['ratio']}× | {row['queries']} |")  # fmt: skip
    pdf = run["results"]["rsa_pdf"]
    lines.append("")
    lines.append(f"{pdf['label']}: {', '.join(str(s) for s in pdf['seconds'])} s "
                 f"(target {pdf['target_seconds']} s), {pdf['bytes']:,} bytes.")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Risks at region scale (issue 21).")
    parser.add_argument(
        "--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--analyses", type=int, default=500)
    parser.add_argument("--risks", type=int, default=5000)
    parser.add_argument("--rsa-risks", type=int, default=500, help="risks of the regional RSA")
    parser.add_argument("--actions", type=int, default=20000)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--pdf-reps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(table(child(args.db[0], args)))
        return 0
    for db in args.db:
        # Django reads DATABASE_URL once: each database in its own process.
        env = {**os.environ, "DATABASE_URL": database_url(db), "DEBUG": "false"}
        command = [sys.executable, "-m", "bench.risks", "--child", "--db", db,
                   "--analyses", str(args.analyses), "--risks", str(args.risks),
                   "--rsa-risks", str(args.rsa_risks), "--actions", str(args.actions),
                   "--reps", str(args.reps), "--pdf-reps", str(args.pdf_reps),
                   "--seed", str(args.seed)]  # fmt: skip
        subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own interpreter
    return 0


if __name__ == "__main__":
    sys.exit(main())
