"""The pages, the worker's PDF, the downloads, the CLI and the API, on one report."""

import io
import json

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from sakra.core.choices import PrintStatus
from sakra.core.models import PrintJob
from sakra.core.tasks import make_print
from sakra.reports import services
from sakra.reports.choices import ReportStatus
from sakra.reports.models import AnnualReport
from sakra.reports.prints import ANNUAL_REPORT

from .conftest import YEAR, add_incidents

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world):
    add_incidents(world.org, world.threat, world.employee, world.chief, n=2)
    return services.create_report(by=world.chief, year=YEAR)


def test_the_area_owner_writes_and_submits_on_the_page(client, world, report):
    chapter = report.chapters.get(area=world.org.area)
    client.force_login(world.owner)
    page = client.get(chapter.get_absolute_url())
    assert page.status_code == 200
    answer = client.post(
        chapter.get_absolute_url(), {"version": chapter.version, "narrative": "Året", "submit": "1"}
    )
    assert answer.status_code == 302
    chapter.refresh_from_db()
    assert (chapter.narrative, chapter.status) == ("Året", "submitted")
    client.force_login(world.other_owner)
    assert client.get(chapter.get_absolute_url()).status_code == 404


def test_the_chief_sees_the_report_and_approves_on_the_page(client, world, report):
    client.force_login(world.chief)
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200 and "Hot" in page.content.decode()
    answer = client.post(f"/sakerhetsberattelse/{report.pk}/godkann/", {"version": report.version})
    assert answer.status_code == 422  # chapters not submitted
    client.force_login(world.employee)
    assert client.get(report.get_absolute_url()).status_code == 404


def test_the_worker_makes_the_pdf_and_the_page_shows_its_progress(
    client, world, report, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.chief)
    with django_capture_on_commit_callbacks(execute=False):
        answer = client.post(f"/sakerhetsberattelse/{report.pk}/utskrift/", HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and b"hx-trigger" in answer.content
    job = PrintJob.objects.of(ANNUAL_REPORT, report).get()
    make_print.call(job.pk)
    job.refresh_from_db()
    assert job.status == PrintStatus.DONE and job.file.read().startswith(b"%PDF")
    poll = client.get(f"/sakerhetsberattelse/{report.pk}/utskrift/", HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in poll.content and f"/utskrifter/{job.pk}/".encode() in poll.content
    download = client.get(f"/utskrifter/{job.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith('attachment; filename="sakerhetsberattelse-')


def test_word_and_excel_have_the_chapters_and_figures(client, world, report):
    client.force_login(world.chief)
    word = client.get(f"/sakerhetsberattelse/{report.pk}/rapport.docx")
    headings = [
        p.text
        for p in Document(io.BytesIO(word.content)).paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert any(world.org.area.name_sv in heading for heading in headings)
    book = load_workbook(
        io.BytesIO(client.get(f"/sakerhetsberattelse/{report.pk}/rapport.xlsx").content)
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert ("Hot", YEAR, 2) in {(row[2], row[4], row[5]) for row in rows}


def test_the_command_writes_the_report(world, report, tmp_path):
    out = tmp_path / "report.xlsx"
    call_command("report", "annual", str(YEAR), "--format", "xlsx", "--out", str(out))
    assert out.read_bytes().startswith(b"PK")


def test_the_api_lists_writes_and_approves(client, world, report):
    client.force_login(world.owner)
    assert [r["id"] for r in client.get("/api/v1/reports").json()["items"]] == [report.pk]
    chapter = report.chapters.get(area=world.org.area)
    answer = client.post(
        f"/api/v1/reports/chapters/{chapter.pk}",
        content_type="application/json",
        data=json.dumps({"narrative": "Året", "version": chapter.version, "submit": True}),
    )
    assert answer.status_code == 200 and answer.json()["status"] == "submitted"
    detail = client.get(f"/api/v1/reports/{report.pk}").json()
    assert detail["facts"]["year"] == YEAR
    answer = client.post(
        f"/api/v1/reports/{report.pk}/approve",
        content_type="application/json",
        data=json.dumps({"version": report.version}),
    )
    assert answer.status_code == 403
    assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_the_pdf_is_tagged_for_a_screen_reader(world, report, settings, tmp_path):
    """Issue 26: headings, table headers and the charts' text alternatives are in the PDF's
    structure tree, and the file says it is Swedish and what it is called."""
    from pypdf import PdfReader

    from sakra.core.tests.test_pdf import structure

    settings.MEDIA_ROOT = tmp_path
    job = PrintJob.objects.create(kind=ANNUAL_REPORT, object_id=report.pk, requested_by=world.chief)
    make_print.call(job.pk)
    job.refresh_from_db()
    reader = PdfReader(io.BytesIO(job.file.read()))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "sv"
    assert reader.metadata.title == str(report)
    elements = structure(reader)
    tags = [element["tag"] for element in elements]
    assert tags.count("/H1") == 1 and "/H2" in tags and "/H3" in tags
    assert tags.index("/H1") < tags.index("/H2") < tags.index("/H3")
    # Every data cell names its headers, so a screen reader says which column it is in.
    cells = [element["node"] for element in elements if element["tag"] == "/TD"]
    assert cells and all(cell["/A"].get("/Headers") for cell in cells if "/A" in cell)
    figures = [element for element in elements if element["tag"] == "/Figure"]
    assert figures and all(figure["alt"] for figure in figures)
    # A chart's alternative names every bar's year and figure (two events in the year).
    assert any(f"{YEAR} 2" in figure["alt"] for figure in figures)
