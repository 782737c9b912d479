# ruff: noqa: E501 - SQL reads best one a line
"""The annual security report of a year over the benchmark data (issue 26): its facts, and its
PDF as the worker makes it, each against the plain SQL that reads the same figures.

A draft of the current year is made (a chapter per active area, each with the owner's
narrative), printed through the worker's own task (core's `make_print` on a job of the report's kind: facts
gathered, WeasyPrint, the PDF stored on the job), and removed again at the end, so a second
run finds the same data. The first print in the process is timed apart ("cold"): it loads
WeasyPrint, Pango and the fonts, as a worker's first print does.
"""

from __future__ import annotations

import io
import time
import tracemalloc
from datetime import date

NARRATIVE = (
    "Arbetet inom området har följt årets plan. Målen följs upp med indikatorerna nedan; "
    "avvikelserna har analyserats och åtgärder har beslutats där de behövts.\n\n"
    "Vissa aktiviteter har inte kunnat genomföras på grund av hög arbetsbelastning i "
    "verksamheterna; de redovisas nedan med skäl."
)

#: The figures of the report read by hand, one statement per source, as `facts.gather` reads
#: them: areas and owners, the yearly summary (per category and year, per administration),
#: the catalogue, the goals and indicators of the year, risk analyses and the highest risks,
#: self-inspections, remarks, internal controls, requirements, actions, board decisions,
#: postponed activities and figures reported elsewhere.
RAW = """SELECT a.id, a.code, a.name_sv, a.name_en, u.full_name FROM organisation_securityarea a LEFT JOIN accounts_user u ON u.id = a.owner_id WHERE a.is_active ORDER BY a.position, a.id;
SELECT area_id, category_id, occurred_year, SUM(count) FROM incidents_incidentyearlycount WHERE occurred_year BETWEEN %(first)s AND %(year)s GROUP BY 1, 2, 3;
SELECT s.area_id, s.administration_id, u.name, SUM(s.count) FROM incidents_incidentyearlycount s LEFT JOIN organisation_unit u ON u.id = s.administration_id WHERE s.occurred_year = %(year)s GROUP BY 1, 2, 3;
SELECT id, area_id, name_sv, is_active FROM incidents_incidentcategory ORDER BY position, name_sv, id;
SELECT g.id, g.area_id, g.title, g.statement, g.start_year, g.end_year, o.full_name, ad.name, i.title, i.kind, i.criteria, i.baseline_year, i.target_year, i.target_value FROM goals_goal g JOIN accounts_user o ON o.id = g.owner_id LEFT JOIN organisation_unit ad ON ad.id = g.administration_id LEFT JOIN goals_indicator i ON i.goal_id = g.id WHERE g.is_active AND g.area_id IS NOT NULL AND g.start_year <= %(year)s AND g.end_year >= %(year)s ORDER BY g.area_id, g.title, g.id, i.position;
SELECT area_id, COUNT(*), COUNT(*) FILTER (WHERE status = 'approved') FROM risks_riskanalysis WHERE area_id IS NOT NULL AND period_start <= %(end)s AND period_end >= %(start)s AND status <> 'archived' GROUP BY 1;
SELECT * FROM (SELECT r.area_id, r.title, r.current_level, r.treatment, ROW_NUMBER() OVER (PARTITION BY r.area_id ORDER BY r.current_level DESC, r.id) AS rank FROM risks_risk r JOIN risks_riskanalysis a ON a.id = r.analysis_id WHERE a.period_start <= %(end)s AND a.period_end >= %(start)s AND a.status <> 'archived') ranked WHERE rank <= 5;
SELECT d.area_id, COUNT(*), COUNT(*) FILTER (WHERE r.status = 'finished' AND r.performed_on <= r.due_date) FROM fire_safety_round r JOIN fire_safety_firedocument d ON d.id = r.document_id WHERE r.due_date BETWEEN %(start)s AND %(end)s AND r.status <> 'cancelled' GROUP BY 1;
SELECT d.area_id, COUNT(*), COUNT(*) FILTER (WHERE m.status = 'done') FROM fire_safety_remark m JOIN fire_safety_fireinspection i ON i.id = m.inspection_id JOIN fire_safety_firedocument d ON d.id = i.document_id WHERE m.deadline BETWEEN %(start)s AND %(end)s GROUP BY 1;
SELECT c.area_id, COUNT(*), COUNT(*) FILTER (WHERE o.status = 'performed') FROM governance_controloccurrence o JOIN governance_control c ON c.id = o.control_id WHERE o.due_on BETWEEN %(start)s AND %(end)s GROUP BY 1;
SELECT area_id, COUNT(*) FROM governance_requirement WHERE is_current AND status IN ('not_assessed', 'partly_met', 'not_met') GROUP BY 1;
SELECT area_id, COUNT(*) FILTER (WHERE completed_at >= %(start)s AND completed_at < %(next)s), COUNT(*) FILTER (WHERE status IN ('planned', 'in_progress') AND due_date <= %(end)s), COUNT(*) FILTER (WHERE status = 'verified_effective' AND effect_checked_at >= %(start)s AND effect_checked_at < %(next)s) FROM actions_action WHERE area_id IS NOT NULL GROUP BY 1;
SELECT n.area_id, n.title, d.kind, m.date FROM actions_boarddecision d JOIN actions_improvementneed n ON n.id = d.need_id JOIN actions_boardmeeting m ON m.id = d.meeting_id WHERE m.date BETWEEN %(start)s AND %(end)s ORDER BY m.date, d.id;
SELECT a.area_id, a.title, a.status, a.status_note FROM actions_plannedactivity a JOIN actions_annualplan p ON p.id = a.plan_id WHERE p.year = %(year)s AND a.status IN ('postponed', 'cancelled') ORDER BY a.area_id, a.title, a.id;
SELECT area_id, year, count, source_system FROM incidents_figurereportedelsewhere WHERE year IN (%(first)s, %(previous)s, %(year)s)"""


def _raw(params: dict):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for statement in RAW.split(";\n"):
                cursor.execute(statement, params)
                cursor.fetchall()

    return run


def _draft(chief, year: int):
    """A draft of `year` with every chapter written by its area's owner (or as if by one)."""
    from sakra.reports import services
    from sakra.reports.models import AnnualReport, Chapter

    report = AnnualReport.objects.filter(year=year, administration__isnull=True).first()
    if report is None:
        report = services.create_report(by=chief, year=year)
    report = services.write_summary(report, by=chief, version=report.version,
                                    summary=NARRATIVE, conclusions=NARRATIVE)  # fmt: skip
    Chapter.objects.filter(report=report).update(narrative=NARRATIVE)
    return report


def _remove(report) -> None:
    """The benchmark's own report, its chapters, prints and their audit entries."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from sakra.core.models import PrintJob
    from sakra.reports.models import AnnualReport, Chapter
    from sakra.reports.prints import ANNUAL_REPORT

    chapters = list(Chapter.objects.filter(report=report).values_list("pk", flat=True))
    jobs = list(PrintJob.objects.of(ANNUAL_REPORT, report).values_list("pk", flat=True))
    for model, ids in ((Chapter, chapters), (PrintJob, jobs), (AnnualReport, [report.pk])):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        ).delete()
    for job in PrintJob.objects.filter(pk__in=jobs):
        job.file.delete(save=False)
    PrintJob.objects.filter(pk__in=jobs).delete()
    Chapter.objects.filter(pk__in=chapters).delete()
    AnnualReport.objects.filter(pk=report.pk).delete()


def measure(bench, reps: int = 5) -> None:
    """Record `annual_facts` and `annual_pdf` on `bench` (a bench.run.Bench)."""
    from pypdf import PdfReader

    from sakra.core.models import PrintJob
    from sakra.core.tasks import make_print
    from sakra.incidents.statistics import FIRST_YEAR
    from sakra.reports import facts
    from sakra.reports.prints import ANNUAL_REPORT

    from .run import captured, summarise, timed

    year = date.today().year
    report = _draft(bench.chief, year)
    try:
        params = {
            "year": year, "previous": year - 1, "first": FIRST_YEAR,
            "start": date(year, 1, 1), "end": date(year, 12, 31), "next": date(year + 1, 1, 1),
        }  # fmt: skip
        baseline = timed(_raw(params), min(bench.reps, 20), warmup=2)
        gather = lambda: facts.gather(year)  # noqa: E731
        bench.record("annual_facts", {**timed(gather, min(bench.reps, 20), warmup=2), **captured(gather)},
                     baseline, year=year)  # fmt: skip

        def make() -> PrintJob:
            job = PrintJob.objects.create(
                kind=ANNUAL_REPORT, object_id=report.pk, requested_by=bench.chief
            )
            make_print.call(job.pk)
            return PrintJob.objects.get(pk=job.pk)

        started = time.perf_counter()
        job = make()  # the worker's first print: WeasyPrint, Pango and the fonts are loaded
        cold_ms = round((time.perf_counter() - started) * 1000)
        times, cpu = [], []
        for _ in range(reps):
            started, processor = time.perf_counter(), time.process_time()
            make()
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - processor)
        with job.file.open("rb") as handle:
            content = handle.read()
        pages = len(PdfReader(io.BytesIO(content)).pages)
        query_count = captured(make)
        tracemalloc.start()
        make()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        bench.record(
            "annual_pdf", {**summarise(times), **query_count}, baseline,
            year=year, pages=pages, bytes=len(content), cold_ms=cold_ms,
            cpu_ms=round(1000 * sum(cpu) / len(cpu)), peak_mib=round(peak / 2**20, 1),
            chapters=len(report.chapters.all()),
        )  # fmt: skip
    finally:
        _remove(report)
