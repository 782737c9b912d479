from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.goals import services
from sakra.goals.kinds import IndicatorKind, get_kind
from sakra.goals.models import Goal, Indicator, ManualValue


@pytest.fixture
def goal(org):
    owner = org.user(Role.AREA_OWNER)
    return services.create_goal(
        owner=owner, title="Färre bränder", start_year=2019, end_year=2022, area=org.area
    )


@pytest.fixture
def manual(goal):
    return services.create_indicator(
        goal=goal,
        title="Egenkontroller i tid",
        kind="manual",
        direction="higher",
        baseline_year=2019,
        target_year=2022,
        target_type="absolute",
        target_value=100,
    )


def test_registry_knows_the_manual_kind():
    assert get_kind("manual").is_manual
    assert isinstance(get_kind("manual"), IndicatorKind)


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"baseline_year": 2022, "target_year": 2019}, "target_year"),
        ({"baseline_year": 2022, "target_year": 2022}, "target_year"),
        ({"kind": "no-such-kind"}, "kind"),
        ({"target_value": -1}, "__all__"),
    ],
)
def test_bad_definitions_are_refused_with_a_message(goal, fields, field):
    definition = {
        "title": "X",
        "kind": "manual",
        "baseline_year": 2019,
        "target_year": 2022,
        "target_value": Decimal("0.5"),
        **fields,
    }
    with pytest.raises(ValidationError) as caught:
        services.create_indicator(goal=goal, **definition)
    assert field in caught.value.message_dict
    assert not Indicator.objects.exists()


def test_goal_period_must_be_in_order(org):
    with pytest.raises(ValidationError):
        services.create_goal(owner=org.user(), title="Bakvänt", start_year=2023, end_year=2019)
    assert not Goal.objects.exists()


def test_manual_value_keeps_who_and_when(manual):
    owner = manual.goal.owner
    row = services.record_manual_value(
        manual, by=owner, year=2020, value="75.5", source="Pärmen", note="Från pärmen"
    )
    assert (row.value, row.entered_by, row.note) == (Decimal("75.5"), owner, "Från pärmen")
    services.record_manual_value(
        manual, by=owner, year=2020, value=80, source="Pärmen"
    )  # a correction replaces the value
    assert ManualValue.objects.get().value == 80


@pytest.mark.parametrize("value", ["abc", "-1", "1e12", "NaN", "Infinity"])
def test_bad_manual_values_change_nothing(manual, value):
    with pytest.raises(ValidationError):
        services.record_manual_value(
            manual, by=manual.goal.owner, year=2020, value=value, source="Pärmen"
        )
    assert not ManualValue.objects.exists()


def test_future_year_is_refused(manual):
    with pytest.raises(ValidationError):
        services.record_manual_value(
            manual, by=manual.goal.owner, year=2999, value=1, source="Pärmen"
        )


def test_only_those_who_may_change_the_goal_type_values(org, manual):
    with pytest.raises(PermissionDenied):
        services.record_manual_value(
            manual, by=org.user(Role.MANAGER), year=2020, value=1, source="Pärmen"
        )
    services.record_manual_value(
        manual, by=org.user(Role.SECURITY_CHIEF), year=2020, value=1, source="Pärmen"
    )


def test_dashboard_assesses_from_manual_values(manual):
    owner = manual.goal.owner
    for year, value in ((2019, 60), (2020, 75), (2021, 70)):
        services.record_manual_value(manual, by=owner, year=year, value=value, source="Pärmen")
    (goal_view,) = services.dashboard(owner, Goal.objects.all(), year=2021)
    assessment = goal_view.indicators[0].assessment
    assert (assessment.value, assessment.baseline, assessment.status) == (70, 60, "at_risk")


def test_pages_for_any_signed_in_user(client, org, manual):
    client.force_login(org.user(Role.EMPLOYEE))
    for url in (
        reverse("goals:index"),
        reverse("goals:area", args=[org.area.code]),
        reverse("goals:administration", args=[org.alfa.pk]),
        reverse("goals:goal", args=[manual.goal.pk]),
        reverse("goals:indicator", args=[manual.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<svg" in response.content or url == reverse("goals:index")


def test_pages_need_login(client, manual):
    response = client.get(reverse("goals:indicator", args=[manual.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_ids_are_404(client, org):
    client.force_login(org.user())
    assert client.get(reverse("goals:indicator", args=[99999])).status_code == 404
    assert client.get(reverse("goals:goal", args=[99999])).status_code == 404
    assert client.get(reverse("goals:area", args=["nope"])).status_code == 404
    # A unit that is not an administration has no dashboard.
    assert client.get(reverse("goals:administration", args=[org.alfa_unit.pk])).status_code == 404


def test_manual_value_form(client, org, manual):
    client.force_login(manual.goal.owner)
    url = reverse("goals:indicator", args=[manual.pk])
    bad = client.post(url, {"year": 2020, "value": "-5", "source": "Pärmen"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.content.decode()
    assert client.post(url, {"year": 2020, "value": "5"}).status_code == 422  # no source
    assert not ManualValue.objects.exists()
    assert client.post(url, {"year": 2020, "value": "55", "source": "Pärmen"}).status_code == 302
    row = ManualValue.objects.get()
    assert (row.value, row.source) == (55, "Pärmen")


def test_manual_value_form_refused_to_readers(client, org, manual):
    client.force_login(org.user(Role.EMPLOYEE))
    url = reverse("goals:indicator", args=[manual.pk])
    assert "id_value" not in client.get(url).content.decode()
    assert client.post(url, {"year": 2020, "value": "55"}).status_code == 403
    assert not ManualValue.objects.exists()


def test_index_query_count_does_not_grow_with_values(
    client, org, manual, django_assert_max_num_queries
):
    client.force_login(org.user(Role.SECURITY_CHIEF))
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("goals:index"))
    for year in range(2019, 2026):
        services.record_manual_value(
            manual, by=manual.goal.owner, year=year, value=year - 2000, source="Pärmen"
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("goals:index"))


def test_api_goals_and_values(client, org, manual):
    services.record_manual_value(manual, by=manual.goal.owner, year=2019, value=60, source="Pärmen")
    services.record_manual_value(manual, by=manual.goal.owner, year=2020, value=90, source="Pärmen")
    client.force_login(org.user())
    goals = client.get("/api/v1/goals?year=2020").json()
    indicator = goals[0]["indicators"][0]
    assert (indicator["value"], indicator["status"]) == ("90.000", "on_track")
    values = client.get(f"/api/v1/indicators/{manual.pk}/values?from_year=2020&to_year=2021").json()
    assert values["baseline_value"] == "60.000"
    assert [(v["year"], v["status"]) for v in values["values"]] == [
        (2020, "on_track"),
        (2021, "no_data"),
    ]
    assert (
        client.get(f"/api/v1/indicators/{manual.pk}/values?from_year=2022&to_year=2019").status_code
        == 422
    )
    assert client.get("/api/v1/indicators/9999/values").status_code == 404
