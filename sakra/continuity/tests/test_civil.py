"""Civil defence: a unit's plan for heightened alert, its posts and the people placed in them,
the counts per administration (and the goals they feed), and the classification guard."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.concurrency import StaleVersion
from sakra.goals import services as goals
from sakra.organisation.choices import UnitKind
from sakra.testing import count_queries, make_unit

from .. import services
from ..choices import WartimePlanState
from ..models import WartimePlan, WartimePost
from .factories import make_wartime

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_one_plan_per_unit_and_adopted_needs_its_day(org, chief):
    plan, _post = make_wartime(org.alfa_unit, chief)
    assert plan.state == WartimePlanState.DRAFT
    with pytest.raises(ValidationError) as refused:
        services.create_wartime_plan(by=chief, unit=org.alfa_unit, responsible=chief)
    assert "unit" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.update_wartime_plan(plan, by=chief, version=plan.version, responsible=chief,
                                     state=WartimePlanState.ADOPTED)  # fmt: skip
    assert "adopted_on" in refused.value.message_dict
    plan = services.update_wartime_plan(
        plan, by=chief, version=plan.version, responsible=chief, state=WartimePlanState.ADOPTED,
        adopted_on=TODAY(),
    )  # fmt: skip
    assert plan.version == 2
    with pytest.raises(StaleVersion):
        services.update_wartime_plan(plan, by=chief, version=1, responsible=chief)


def test_a_person_is_told_only_once_placed(org, chief):
    plan, post = make_wartime(org.alfa_unit, chief)
    assert not post.is_informed
    with pytest.raises(ValidationError) as refused:
        services.add_post(plan, by=chief, title="Samband", informed_on=TODAY())
    assert "informed_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.update_post(post, by=chief, version=post.version, title=post.title,
                             person=chief, informed_on=TODAY() + datetime.timedelta(1))  # fmt: skip
    post = services.update_post(post, by=chief, version=post.version, title=post.title,
                                person=chief, informed_on=TODAY())  # fmt: skip
    assert post.is_informed


@pytest.mark.parametrize("text", ["HEMLIG: stabsplats i berget", "Kvalificerat hemlig lokal"])
def test_free_text_refuses_a_classification_marking(org, chief, text):
    plan, _post = make_wartime(org.alfa_unit, chief)
    with pytest.raises(ValidationError) as refused:
        services.add_post(plan, by=chief, title=text)
    assert "title" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.update_wartime_plan(plan, by=chief, version=plan.version, responsible=chief,
                                     notes=text)  # fmt: skip
    assert "notes" in refused.value.message_dict
    page = _client(chief).post(reverse("continuity:wartime-post-add", args=[plan.pk]),
                               {"title": text})  # fmt: skip
    assert page.status_code == 422 and not WartimePost.objects.filter(title=text).exists()


def test_who_reaches_the_wartime_organisation(org, chief):
    plan, post = make_wartime(org.alfa_unit, chief)
    make_wartime(org.beta_unit, chief)
    for role in (Role.SECURITY_COORDINATOR, Role.HEAD_OF_ADMINISTRATION, Role.MANAGER,
                 Role.AUDITOR):  # fmt: skip
        user = org.user(role)
        assert list(WartimePlan.objects.for_user(user)) == [plan], role
        assert list(WartimePost.objects.for_user(user)) == [post], role
    for role in (Role.EMPLOYEE, Role.SECURITY_PARTNER, Role.AREA_OWNER, Role.BOARD_MEMBER):
        assert not WartimePost.objects.for_user(org.user(role)).exists(), role
    manager = org.user(Role.MANAGER)
    with pytest.raises(PermissionDenied):
        services.add_post(plan, by=manager, title="Samband")
    with pytest.raises(PermissionDenied):
        services.create_wartime_plan(by=org.user(Role.SECURITY_COORDINATOR), unit=org.beta_unit,
                                     responsible=chief)  # fmt: skip


def test_counts_per_administration(org, chief):
    plan, post = make_wartime(org.alfa_unit, chief)
    services.add_post(plan, by=chief, title="Vakant")
    services.update_post(post, by=chief, version=post.version, title=post.title,
                         person=post.person, informed_on=TODAY())  # fmt: skip
    make_wartime(org.beta_unit, chief)
    rows = services.administration_counts(WartimePlan.objects.all(), WartimePost.objects.all())
    counts = {row.administration: (row.plans, row.posts, row.placed, row.informed) for row in rows}
    assert counts == {org.alfa: (1, 2, 1, 1), org.beta: (1, 1, 1, 0)}


def _indicator(org, kind, **extra):
    year = TODAY().year
    goal = goals.create_goal(owner=org.user(Role.SECURITY_CHIEF), title="Krigsorganisationen",
                             start_year=year - 1, end_year=year + 1, **extra)  # fmt: skip
    return goals.create_indicator(
        goal=goal, title=kind, kind=kind, baseline_year=TODAY().year - 1,
        target_year=TODAY().year + 1, target_value=Decimal(100),
    )  # fmt: skip


def test_the_counts_feed_goals_per_administration(org, chief):
    plan, post = make_wartime(org.alfa_unit, chief)
    services.add_post(plan, by=chief, title="Vakant")
    services.update_post(post, by=chief, version=post.version, title=post.title,
                         person=post.person, informed_on=TODAY())  # fmt: skip
    make_wartime(org.beta_unit, chief)
    year = TODAY().year
    placed = _indicator(org, "wartime_posts_placed")
    informed = _indicator(org, "wartime_posts_informed")
    values = goals.compute_values(chief, [placed, informed], [year - 1, year, year + 1])
    assert values[placed.pk] == {year: Decimal("66.7")}
    assert values[informed.pk] == {year: Decimal("50.0")}
    breakdown = placed.kind_definition.breakdown(chief, placed, year)
    assert [(row["administration"], row["value"]) for row in breakdown] == [
        (org.alfa, Decimal("50.0")),
        (org.beta, Decimal("100.0")),
    ]
    # An administration's goal counts its own posts, whoever looks.
    alfas = _indicator(org, "wartime_posts_informed", administration=org.alfa)
    employee = org.user(Role.EMPLOYEE)
    assert goals.compute_values(employee, [alfas], [year])[alfas.pk] == {year: Decimal("100.0")}


def _queries(client, url) -> int:
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_take_as_many_queries_for_1_and_50_rows(org, chief):
    client = _client(org.user(Role.SECURITY_COORDINATOR))
    plan, _post = make_wartime(org.alfa_unit, chief)
    urls = [reverse("continuity:civil"), plan.get_absolute_url()]
    one = [_queries(client, url) for url in urls]
    for n in range(49):
        services.add_post(plan, by=chief, title=f"Post {n}", person=chief if n % 2 else None)
        make_wartime(make_unit(org.alfa_dept, f"Enhet {n}", UnitKind.UNIT), chief)
    assert [_queries(client, url) for url in urls] == one
