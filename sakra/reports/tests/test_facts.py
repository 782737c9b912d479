"""The facts against counts made independently in the test, and their query count, which
does not grow with the data."""

import datetime

import pytest
from django.db.models import Count

from sakra.actions.choices import ActivityStatus
from sakra.actions.services import add_activity, create_plan, set_activity_status
from sakra.incidents.elsewhere import record_figure
from sakra.incidents.models import Incident
from sakra.reports import facts, output

from .conftest import YEAR, add_incidents

pytestmark = pytest.mark.django_db


def _chapter(gathered, area):
    return next(c for c in gathered["chapters"] if c["area_id"] == area.pk)


def test_incidents_are_events_per_category_year_and_administration(world):
    org = world.org
    add_incidents(org, world.threat, world.employee, world.chief, n=4)
    add_incidents(org, world.threat, world.employee, world.chief, n=2, unit=org.beta_unit)
    add_incidents(org, world.threat, world.employee, world.chief, n=3, year=YEAR - 1)
    gathered = facts.gather(YEAR)
    chapter = _chapter(gathered, org.area)
    counted = {
        year: Incident.objects.filter(category=world.threat, occurred_year=year)
        .exclude(status="dismissed")
        .count()
        for year in (YEAR, YEAR - 1)
    }
    line = chapter["incidents"]["lines"][0]
    assert (line["year"], line["previous"]) == (counted[YEAR], counted[YEAR - 1]) == (6, 3)
    per_unit = dict(
        Incident.objects.events()
        .filter(occurred_year=YEAR, area=org.area)
        .values_list("administration__name")
        .annotate(n=Count("pk"))
    )
    assert (
        {r["administration"]: r["count"] for r in chapter["incidents"]["per_administration"]}
        == per_unit
        == {org.alfa.name: 4, org.beta.name: 2}
    )
    assert chapter["incidents"]["has_data"]
    # The administration's edition counts its own subtree only.
    alfa = _chapter(facts.gather(YEAR, org.alfa), org.area)
    assert alfa["incidents"]["totals"]["year"] == 4


def test_an_area_without_data_says_so_and_shows_figures_reported_elsewhere(world):
    org = world.org
    record_figure(
        by=world.chief, area=org.other_area, year=YEAR, count=42, source_system="MedControl"
    )
    chapter = _chapter(facts.gather(YEAR), org.other_area)
    assert not chapter["incidents"]["has_data"]
    assert chapter["incidents"]["totals"]["year"] == 0
    assert [(f["count"], f["source"]) for f in chapter["incidents"]["elsewhere"]] == [
        (42, "MedControl")
    ]


def test_postponed_activities_are_listed_with_their_reasons(world):
    org = world.org
    plan = create_plan(by=world.chief, year=YEAR, administration=org.alfa, title="Plan")
    activity = add_activity(plan, by=world.chief, title="Övning", area=org.area, owner=world.owner)
    set_activity_status(
        activity,
        by=world.chief,
        version=activity.version,
        status=ActivityStatus.POSTPONED,
        note="Hög arbetsbelastning",
    )
    chapter = _chapter(facts.gather(YEAR), org.area)
    assert chapter["postponed"] == [
        {
            "title": "Övning",
            "status": str(ActivityStatus.POSTPONED.label),
            "reason": "Hög arbetsbelastning",
        }
    ]


def test_the_queries_do_not_grow_with_the_data(world, django_assert_max_num_queries):
    org = world.org
    add_incidents(org, world.threat, world.employee, world.chief, n=1)
    with django_assert_max_num_queries(20) as few:
        facts.gather(YEAR)
    add_incidents(org, world.threat, world.employee, world.chief, n=30, unit=org.beta_unit)
    record_figure(by=world.chief, area=org.other_area, year=YEAR, count=1, source_system="X")
    with django_assert_max_num_queries(len(few.captured_queries)):
        facts.gather(YEAR)


def test_swedish_figures():
    assert output.number(1234567) == "1\u202f234\u202f567"
    assert output.number("12.5") == "12,5"
    assert output.number(None) == "–"
    assert output.swedish_date(datetime.date(2026, 4, 21)) == "21 april 2026"
