"""The report's outputs, all written from its facts (frozen or live): the charts (inline SVG),
Swedish figures and dates, the PDF (WeasyPrint through sakra.core.pdf), the Word file
(python-docx) and the workbook of every figure (sakra.core.exports' cells).

Word gets each chart as a table of its figures: turning the SVG into an image needs a
rasteriser (cairosvg) that is not among the project's dependencies."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation

from django.utils import formats, translation
from django.utils.translation import gettext as _

from sakra.core.exports import neutralise
from sakra.core.pdf import pdf_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Swedish typography: a narrow no-break space between thousands, a decimal comma.
THIN_SPACE = "\u202f"


def number(value) -> str:
    """1 234,5: a figure as Swedish print writes it; "–" for none."""
    if value is None or value == "":
        return "–"
    try:
        figure = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if figure == figure.to_integral_value():
        text = f"{int(figure):,}"
    else:
        text = f"{figure.quantize(Decimal('0.1')):,}"
    return text.replace(",", THIN_SPACE).replace(".", ",")


def swedish_date(value) -> str:
    """7 december 2026."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    with translation.override("sv"):
        return formats.date_format(value, "j F Y")


def bar_chart(series: list[list], title: str) -> dict:
    """Events per year as bars (drawn by `reports/_chart.html`), with the figures written on
    them (readable in black and white) and a text alternative naming every figure."""
    width, height, label = 480, 160, 18
    highest = max((n for _y, n in series), default=0) or 1
    step = width / max(len(series), 1)
    plot = height - 2 * label
    bars = []
    for index, (year, n) in enumerate(series):
        bar = round(plot * n / highest, 1)
        top = round(label + plot - bar, 1)
        bars.append(
            {
                "year": year,
                "n": number(n),
                "x": round(index * step + step * 0.15, 1),
                "width": round(step * 0.7, 1),
                "y": top,
                "height": bar,
                "middle": round(index * step + step / 2, 1),
                "label_y": round(top - 4, 1),
            }
        )
    alt = f"{title}: " + ", ".join(f"{y} {number(n)}" for y, n in series)
    return {"width": width, "height": height, "bottom": height - 4, "bars": bars, "alt": alt}


def pgettext_incidents() -> str:
    from django.utils.translation import pgettext

    return pgettext("report section", "Incidents")


def follow_up_rows(chapter: dict) -> list[tuple[str, str]]:
    """The follow-up section as (what, figure) lines: the same for every output."""
    done = chapter["follow_up"]
    return [
        (
            _("Self-inspection rounds done on time"),
            f"{number(done['rounds_on_time'])} / {number(done['rounds_due'])}",
        ),
        (
            _("Remarks of the rescue service closed"),
            f"{number(done['remarks_closed'])} / {number(done['remarks'])}",
        ),
        (
            _("Internal controls performed"),
            f"{number(done['controls_performed'])} / {number(done['controls_due'])}",
        ),
        (_("Statutory requirements not met"), number(done["requirements_not_met"])),
        (_("Actions completed in the year"), number(done["actions_done"])),
        (_("Actions overdue"), number(done["actions_overdue"])),
        (_("Exercises held"), _("Not recorded in Sakra")),
    ]


def context(report, facts: dict, chapters: list) -> dict:
    """What the templates (page and PDF) show: each chapter's facts beside its narrative."""
    narratives = {chapter.area_id: chapter for chapter in chapters}
    items = []
    for number_, chapter in enumerate(facts["chapters"], start=1):
        row = narratives.get(chapter["area_id"])
        items.append(
            {
                "number": number_,
                "facts": chapter,
                "chapter": row,
                "narrative": row.narrative if row else "",
                "chart": bar_chart(chapter["incidents"]["trend"], _("Events per year")),
                "follow_up": follow_up_rows(chapter),
            }
        )
    return {
        "report": report,
        "facts": facts,
        "items": items,
        "approved_on": swedish_date(report.approved_at.date()) if report.approved_at else "",
        "created_on": swedish_date(datetime.date.today()),
    }


def pdf(
    report, facts: dict, chapters: list, progress: Callable[[int], None] | None = None
) -> bytes:
    with translation.override("sv"):  # a board paper of a Swedish region
        data = context(report, facts, chapters)
        if progress:
            progress(30)
        content = pdf_bytes("reports/report_pdf.html", data)
    if progress:
        progress(95)
    return content


def docx(report, facts: dict, chapters: list) -> bytes:
    """The Word file for the board's papers: the same headings, editable, in Swedish."""
    with translation.override("sv"):
        return _docx(report, facts, chapters)


def _docx(report, facts: dict, chapters: list) -> bytes:
    from docx import Document

    data = context(report, facts, chapters)
    document = Document()
    document.core_properties.title = str(report)
    document.core_properties.language = "sv-SE"
    document.add_heading(str(report), 0)
    document.add_paragraph(facts["region"])
    if data["approved_on"]:
        document.add_paragraph(
            _("Approved by the security chief on {date}").format(date=data["approved_on"])
        )

    def table(headers, rows):
        grid = document.add_table(rows=1, cols=len(headers))
        grid.style = "Table Grid"
        for cell, header in zip(grid.rows[0].cells, headers, strict=True):
            cell.text = str(header)
        for row in rows:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = str(value)

    def paragraphs(text):
        for paragraph in (text or "").split("\n\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())

    document.add_heading(_("Summary"), 1)
    paragraphs(report.summary)
    document.add_heading(_("Conclusions"), 1)
    paragraphs(report.conclusions)
    for item in data["items"]:
        chapter = item["facts"]
        document.add_heading(f"{item['number']}. {chapter['name']}", 1)
        paragraphs(item["narrative"])
        for heading, rows, headers in _docx_sections(chapter, item):
            document.add_heading(heading, 2)
            if rows:
                table(headers, rows)
            else:
                document.add_paragraph(_("Nothing to report."))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_sections(chapter: dict, item: dict):
    incidents = chapter["incidents"]
    years = (_("Baseline"), _("Year before"), _("Year"))
    yield (
        _("Overarching goals"),
        [(g["title"], g["period"], g["statement"]) for g in chapter["goals"]],
        (_("Goal"), _("Period"), _("Statement")),
    )
    yield (
        _("Goal fulfilment"),
        [
            (
                i["title"],
                f"{number(i['baseline'])} ({i['baseline_year']})",
                f"{number(i['target'])} ({i['target_year']})",
                number(i["value"]),
                i["status_label"],
            )
            for g in chapter["goals"]
            for i in g["indicators"]
        ],
        (_("Indicator"), _("Baseline"), _("Target"), _("Outcome"), _("Status")),
    )
    risks = chapter["risks"]
    yield (
        _("Risk analyses"),
        [
            (_("Analyses in the year"), number(risks["analyses"])),
            (_("Of which approved"), number(risks["approved"])),
        ]
        + [(r["title"], f"{r['level_label']} · {r['treatment'] or '–'}") for r in risks["highest"]],
        (_("What"), _("Figure")),
    )
    rows = (
        [
            (
                line["category"],
                number(line["baseline"]),
                number(line["previous"]),
                number(line["year"]),
            )
            for line in incidents["lines"]
        ]
        if incidents["has_data"]
        else []
    )
    yield (pgettext_incidents(), rows, (_("Category"), *years))
    yield (
        _("Events per year"),
        [(y, number(n)) for y, n in incidents["trend"]],
        (_("Year"), _("Events")),
    )
    yield (
        _("Figures reported elsewhere"),
        [
            (
                f["category"] or "–",
                f["administration"] or "–",
                f["year"],
                number(f["count"]),
                f["source"],
            )
            for f in incidents["elsewhere"]
        ],
        (_("Category"), _("Administration"), _("Year"), _("Number"), _("Source system")),
    )
    yield (_("Follow-up"), item["follow_up"], (_("What"), _("Figure")))
    improvements = chapter["improvements"]
    yield (
        _("Improvements"),
        [(_("Actions verified effective"), number(improvements["actions_verified"]))]
        + [(n["title"], n["decision"]) for n in improvements["needs"]],
        (_("What"), _("Figure")),
    )
    yield (
        _("Postponed or cancelled activities"),
        [(a["title"], a["status"], a["reason"]) for a in chapter["postponed"]],
        (_("Activity"), _("Status"), _("Reason")),
    )


def figure_rows(facts: dict) -> Iterator[list]:
    """Every figure of the report, one a line, for the region's annual report."""
    year = facts["year"]
    for chapter in facts["chapters"]:
        area = chapter["name"]
        for goal in chapter["goals"]:
            for i in goal["indicators"]:
                yield [
                    area,
                    _("Goal fulfilment"),
                    i["title"],
                    _("Outcome"),
                    year,
                    _float(i["value"]),
                    i["status_label"],
                ]
                yield [
                    area,
                    _("Goal fulfilment"),
                    i["title"],
                    _("Target"),
                    i["target_year"],
                    _float(i["target"]),
                    "",
                ]
                yield [
                    area,
                    _("Goal fulfilment"),
                    i["title"],
                    _("Baseline"),
                    i["baseline_year"],
                    _float(i["baseline"]),
                    "",
                ]
        risks = chapter["risks"]
        yield [area, _("Risk analyses"), _("Analyses in the year"), "", year, risks["analyses"], ""]
        yield [area, _("Risk analyses"), _("Of which approved"), "", year, risks["approved"], ""]
        incidents = chapter["incidents"]
        for line in incidents["lines"]:
            for key, when in (
                ("baseline", facts["baseline_year"]),
                ("previous", facts["previous_year"]),
                ("year", year),
            ):
                yield [
                    area,
                    pgettext_incidents(),
                    line["category"],
                    _("Events"),
                    when,
                    line[key],
                    "",
                ]
        for row in incidents["per_administration"]:
            yield [
                area,
                pgettext_incidents(),
                row["administration"],
                _("Events"),
                year,
                row["count"],
                "",
            ]
        for figure in incidents["elsewhere"]:
            yield [
                area,
                _("Figures reported elsewhere"),
                figure["category"] or area,
                figure["administration"],
                figure["year"],
                figure["count"],
                figure["source"],
            ]
        for key, value in chapter["follow_up"].items():
            yield [area, _("Follow-up"), key, "", year, value, ""]
        yield [
            area,
            _("Improvements"),
            "actions_verified",
            "",
            year,
            chapter["improvements"]["actions_verified"],
            "",
        ]


def _float(value):
    return None if value is None else float(value)


def xlsx(facts: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Figures")[:31])
    sheet.append(
        [
            _("Security area"),
            _("Section"),
            _("What"),
            _("Measure"),
            _("Year"),
            _("Figure"),
            _("Note"),
        ]
    )
    for row in figure_rows(facts):
        sheet.append([neutralise(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
