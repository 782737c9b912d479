"""The report's workflow: chapters by their area owners, approval by the chief that freezes
the facts, the board's decision through governance, a new version that keeps the old."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sakra.actions.models import Action
from sakra.core.concurrency import StaleVersion
from sakra.core.hooks import year_is_closed
from sakra.governance.models import Decision
from sakra.incidents.models import Incident
from sakra.reports import services
from sakra.reports.choices import ChapterStatus, ReportStatus
from sakra.reports.models import AnnualReport

from .conftest import YEAR, add_incidents

pytestmark = pytest.mark.django_db


def _ready(world, report):
    """Every chapter written and submitted by its owner, the chief's texts written."""
    for owner in (world.owner, world.other_owner):
        for chapter in report.chapters.filter(area__in=[world.org.area, world.org.other_area]):
            if (
                chapter.area_id
                != (world.org.area if owner is world.owner else world.org.other_area).pk
            ):
                continue
            row = services.write_chapter(
                chapter, by=owner, version=chapter.version, narrative="Året i korthet."
            )
            services.submit_chapter(row, by=owner, version=row.version)
    report.refresh_from_db()
    return services.write_summary(
        report,
        by=world.chief,
        version=report.version,
        summary="Sammanfattning",
        conclusions="Slutsatser",
    )


def test_only_the_chief_starts_a_report_with_a_chapter_per_area(world):
    with pytest.raises(PermissionDenied):
        services.create_report(by=world.owner, year=YEAR)
    report = services.create_report(by=world.chief, year=YEAR)
    assert {c.area_id for c in report.chapters.all()} == {
        world.org.area.pk,
        world.org.other_area.pk,
    }
    with pytest.raises(ValidationError):
        services.create_report(by=world.chief, year=YEAR)
    with pytest.raises(ValidationError):
        services.create_report(by=world.chief, year=YEAR, administration=world.org.alfa_unit)


def test_only_the_area_owner_writes_their_chapter(world):
    report = services.create_report(by=world.chief, year=YEAR)
    chapter = report.chapters.get(area=world.org.area)
    for stranger in (world.other_owner, world.chief, world.coordinator):
        with pytest.raises(PermissionDenied):
            services.write_chapter(chapter, by=stranger, version=chapter.version, narrative="x")
    row = services.write_chapter(chapter, by=world.owner, version=chapter.version, narrative="Text")
    with pytest.raises(StaleVersion):
        services.write_chapter(chapter, by=world.owner, version=chapter.version, narrative="Y")
    row = services.submit_chapter(row, by=world.owner, version=row.version)
    assert row.status == ChapterStatus.SUBMITTED and row.submitted_by == world.owner


def test_approval_needs_every_chapter_and_only_the_chief(world):
    report = services.create_report(by=world.chief, year=YEAR)
    with pytest.raises(ValidationError):
        services.approve_report(report, by=world.chief, version=report.version)
    report = _ready(world, report)
    with pytest.raises(PermissionDenied):
        services.approve_report(report, by=world.owner, version=report.version)
    report = services.approve_report(report, by=world.chief, version=report.version)
    assert report.status == ReportStatus.APPROVED and report.facts["year"] == YEAR
    assert year_is_closed(YEAR)


def test_the_approved_report_does_not_change_when_the_data_does(world):
    add_incidents(world.org, world.threat, world.employee, world.chief, n=3)
    report = _ready(world, services.create_report(by=world.chief, year=YEAR))
    report = services.approve_report(report, by=world.chief, version=report.version)
    frozen = AnnualReport.objects.get(pk=report.pk)
    chapter = next(c for c in frozen.facts["chapters"] if c["area_id"] == world.org.area.pk)
    assert chapter["incidents"]["totals"]["year"] == 3
    add_incidents(world.org, world.threat, world.employee, world.chief, n=2)
    assert Incident.objects.events().filter(occurred_year=YEAR).count() == 5
    again = services.current_facts(AnnualReport.objects.get(pk=report.pk))
    again_chapter = next(c for c in again["chapters"] if c["area_id"] == world.org.area.pk)
    assert again_chapter["incidents"]["totals"]["year"] == 3
    with pytest.raises(ValidationError):
        services.write_summary(
            frozen, by=world.chief, version=frozen.version, summary="Ny", conclusions="Ny"
        )


def test_the_board_decides_through_governance_and_its_assignment_becomes_an_action(world):
    report = _ready(world, services.create_report(by=world.chief, year=YEAR))
    report = services.approve_report(report, by=world.chief, version=report.version)
    due = datetime.date.today() + datetime.timedelta(days=200)
    report = services.record_board_decision(
        report,
        by=world.chief,
        version=report.version,
        forum=world.forum,
        decided_on=datetime.date.today(),
        paragraph="§ 87",
        registry_number="RS 2026/334",
        assignments=[services.Assignment("Utveckla mål", world.owner, due)],
        recipient_units=[world.org.alfa],
    )
    assert report.status == ReportStatus.DECIDED
    decision = Decision.objects.get(pk=report.decision_id)
    assert (decision.paragraph, decision.registry_number) == ("§ 87", "RS 2026/334")
    action = Action.objects.get(title="Utveckla mål")
    assert (action.owner, action.due_date, action.source) == (world.owner, due, decision)
    assert decision.recipients.filter(unit=world.org.alfa).exists()


def test_a_new_version_keeps_the_approved_one(world):
    report = _ready(world, services.create_report(by=world.chief, year=YEAR))
    report = services.approve_report(report, by=world.chief, version=report.version)
    new = services.start_new_version(report, by=world.chief, version=report.version)
    old = AnnualReport.objects.get(pk=report.pk)
    assert (new.number, new.previous_id, new.status) == (2, old.pk, ReportStatus.DRAFT)
    assert old.status == ReportStatus.APPROVED and old.facts == report.facts
    assert new.chapters.get(area=world.org.area).narrative == "Året i korthet."
    assert list(AnnualReport.objects.current()) == [new]
