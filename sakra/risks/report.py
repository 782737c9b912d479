"""The analysis's report, for the regional RSA in the eight parts of MSBFS 2015:4: the region
and its responsibility; process and method; critical services; critical dependencies;
identified and analysed risks; crisis preparedness; vulnerabilities and gaps; needed actions.

One function gathers the data (a fixed number of queries, whatever the number of risks,
services and actions); the PDF (WeasyPrint, from `risks/report.html`) and the Word file
(python-docx) are both written from what it returns.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sakra.actions.models import Action
from sakra.core.pdf import pdf_bytes as render_pdf

from . import heatmap
from .choices import AnalysisKind
from .models import CriticalDependency, CriticalService, Risk, RiskAnalysis
from .services import preparedness_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def swedish_date(day) -> str:
    """ "7 december 2026": dates in the report read as Swedish prose does."""
    if day is None:
        return ""
    with translation.override("sv"):
        return formats.date_format(day, "j F Y")


@dataclass
class Part:
    number: int
    heading: str
    text: str = ""


@dataclass
class ReportData:
    analysis: RiskAnalysis
    parts: list[Part]
    services: list[CriticalService]
    dependencies: list[CriticalDependency]
    risks: list[Risk]
    actions: list[Action]
    preparedness: list[dict]
    heat_map: heatmap.HeatMap
    created: str
    period: str
    approval: str
    level_labels: list[str] = field(default_factory=list)


def gather(analysis: RiskAnalysis) -> ReportData:
    """Everything the report shows, in eight queries whatever the number of rows."""
    matrix = analysis.matrix
    services = list(CriticalService.objects.filter(analysis=analysis).select_related("unit"))
    dependencies = list(
        CriticalDependency.objects.filter(service__analysis=analysis).select_related("service")
    )
    risks = list(
        analysis.risks.select_related("area", "owner").order_by("-current_level", "title", "pk")
    )
    actions = list(
        Action.objects.filter(
            source_type=ContentType.objects.get_for_model(Risk),
            source_id__in=[risk.pk for risk in risks],
        )
        .select_related("owner")
        .order_by("due_date", "pk")
    )
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        key = (risk.current_likelihood, risk.current_consequence)
        counts[key] = counts.get(key, 0) + 1
    titles = {risk.pk: risk.title for risk in risks}
    for action in actions:
        action.risk_title = titles.get(action.source_id, "")
    parts = [
        Part(1, _("The region and its responsibility"), analysis.responsibility),
        Part(2, _("Process and method"), analysis.method),
        Part(3, _("Critical services")),
        Part(4, _("Critical dependencies")),
        Part(5, _("Identified and analysed risks")),
        Part(6, _("Crisis preparedness against the indicators"), analysis.preparedness),
        Part(7, _("Vulnerabilities and gaps"), analysis.vulnerabilities),
        Part(8, _("Needed actions")),
    ]
    approval = ""
    if analysis.decision_id:
        decision = analysis.decision
        approval = _("Approved by {forum} on {date} {paragraph}").format(
            forum=decision.forum, date=swedish_date(decision.decided_on),
            paragraph=decision.paragraph,
        ).strip()  # fmt: skip
    preparedness = [row for row in preparedness_of(analysis)
                    if row["assessment"] or analysis.kind == AnalysisKind.REGIONAL_RSA]  # fmt: skip
    return ReportData(
        analysis=analysis, parts=parts, services=services, dependencies=dependencies,
        risks=risks, actions=actions, preparedness=preparedness,
        heat_map=heatmap.build(matrix, counts, _("Current risk levels")),
        created=swedish_date(timezone.localdate()),
        period=f"{swedish_date(analysis.period_start)} – {swedish_date(analysis.period_end)}",
        approval=approval, level_labels=list(matrix.level_labels),
    )  # fmt: skip


def _filename(data: ReportData, extension: str) -> str:
    return f"{slugify(data.analysis.title)[:60] or 'rsa'}.{extension}"


def pdf_bytes(data: ReportData) -> bytes:
    context = {"data": data, "matrix": data.analysis.matrix}
    return render_pdf("risks/report.html", context)


def pdf_response(request, data: ReportData) -> HttpResponse:
    response = HttpResponse(pdf_bytes(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "pdf")}"'
    return response


def docx_bytes(data: ReportData) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    analysis = data.analysis
    document = Document()
    document.core_properties.title = analysis.title
    document.core_properties.language = "sv-SE"
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = _("Page") + " "
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    document.add_heading(analysis.title, 0)
    document.add_paragraph(f"{analysis.get_kind_display()} · {data.period}")
    if data.approval:
        document.add_paragraph(data.approval)
    document.add_paragraph(_("Created {date}").format(date=data.created))

    def table(headers, rows):
        grid = document.add_table(rows=1, cols=len(headers))
        grid.style = "Table Grid"
        for cell, header in zip(grid.rows[0].cells, headers, strict=True):
            cell.text = str(header)
        for row in rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = str(value)

    for part in data.parts:
        document.add_heading(f"{part.number}. {part.heading}", 1)
        if part.text:
            for paragraph in part.text.split("\n\n"):
                document.add_paragraph(paragraph)
        if part.number == 3:
            if data.services:
                table([_("Critical service"), _("Responsible unit"), _("Tolerable outage (hours)"),
                       _("Backup")],
                      [(s.name, s.unit.name, s.tolerable_outage_hours, s.backup)
                       for s in data.services])  # fmt: skip
            else:
                document.add_paragraph(_("No critical services recorded."))
        elif part.number == 4:
            if data.dependencies:
                table([_("Critical service"), _("Dependency"), _("Tolerable outage (hours)"),
                       _("Backup")],
                      [(d.service.name, d.get_kind_display(), d.tolerable_outage_hours, d.backup)
                       for d in data.dependencies])  # fmt: skip
            else:
                document.add_paragraph(_("No critical dependencies recorded."))
        elif part.number == 5:
            matrix = analysis.matrix
            document.add_paragraph(
                _("{n} risks; a level above {label} is above the acceptable level.").format(
                    n=len(data.risks), label=matrix.level_label(matrix.acceptable_level)
                )
            )
            if data.risks:
                table([_("Risk"), _("Security area"), _("Current level"), _("Residual level"),
                       _("Treatment"), _("Owner")],
                      [(r.title, r.area, matrix.level_label(r.current_level),
                        matrix.level_label(r.residual_level), r.get_treatment_display() or "–",
                        r.owner.full_name) for r in data.risks])  # fmt: skip
        elif part.number == 6 and data.preparedness:
            table([_("Indicator"), _("Assessment"), _("Comment")],
                  [(row["indicator"].name,
                    row["assessment"].get_fulfilment_display() if row["assessment"]
                    else _("Not assessed yet."),
                    row["assessment"].comment if row["assessment"] else "")
                   for row in data.preparedness])  # fmt: skip
        elif part.number == 8:
            if data.actions:
                table([_("Action"), _("Risk"), _("Owner"), _("Due date"), _("Status")],
                      [(a.title, a.risk_title, a.owner.full_name, swedish_date(a.due_date),
                        a.get_status_display()) for a in data.actions])  # fmt: skip
            else:
                document.add_paragraph(_("No actions recorded."))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_response(data: ReportData) -> HttpResponse:
    response = HttpResponse(docx_bytes(data), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "docx")}"'
    return response
