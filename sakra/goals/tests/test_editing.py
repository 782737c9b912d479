"""Goals and indicators set, changed and archived in the app: who may, what is checked once,
and what stays constant."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.core.concurrency import StaleVersion
from sakra.goals import services
from sakra.goals.forms import GoalForm
from sakra.goals.models import Goal, Indicator, ManualValue

pytestmark = pytest.mark.django_db


def _goal(org, **fields):
    fields = {"owner": org.user(Role.SECURITY_CHIEF), "title": "Färre hot",
              "start_year": 2019, "end_year": 2022, **fields}  # fmt: skip
    return services.create_goal(**fields)


def _scopes(user) -> set[str]:
    form = GoalForm(user=user)
    values = set()
    for value, label in form.fields["scope"].choices:
        if isinstance(label, list | tuple):
            values |= {inner for inner, _label in label}
        elif value:
            values.add(value)
    return values


def test_the_form_offers_only_the_scopes_the_person_may_use(org):
    assert _scopes(org.user(Role.AREA_OWNER)) == {f"area-{org.area.pk}"}
    assert _scopes(org.user(Role.HEAD_OF_ADMINISTRATION)) == {f"administration-{org.alfa.pk}"}
    assert _scopes(org.user(Role.SECURITY_COORDINATOR)) == {f"administration-{org.alfa.pk}"}
    chief = _scopes(org.user(Role.SECURITY_CHIEF))
    assert {"region", f"area-{org.other_area.pk}", f"administration-{org.beta.pk}"} <= chief
    assert _scopes(org.user(Role.MANAGER)) == set()


def test_an_area_owner_sets_a_goal_for_their_area_and_no_other(client, org):
    owner = org.user(Role.AREA_OWNER)
    client.force_login(owner)
    data = {"title": "Färre hot", "scope": f"area-{org.area.pk}", "start_year": 2025,
            "end_year": 2028, "owner": owner.email, "priority": "high"}  # fmt: skip
    response = client.post(reverse("goals:create"), data)
    goal = Goal.objects.get()
    assert response.status_code == 302 and response["Location"] == goal.get_absolute_url()
    assert (goal.area, goal.administration, goal.priority) == (org.area, None, "high")
    refused = client.post(reverse("goals:create"), {**data, "scope": f"area-{org.other_area.pk}"})
    assert refused.status_code == 422 and Goal.objects.count() == 1


def test_naming_oneself_owner_opens_no_scope(org):
    employee = org.user(Role.EMPLOYEE)
    with pytest.raises(PermissionDenied):
        _goal(org, by=employee, owner=employee, area=org.area)
    assert not Goal.objects.exists()


def test_an_owner_without_a_role_changes_the_goal_but_cannot_move_it(org):
    employee = org.user(Role.EMPLOYEE)
    goal = _goal(org, owner=employee, area=org.area)
    goal = services.update_goal(goal, by=employee, version=1, title="Ännu färre hot")
    assert (goal.title, goal.version) == ("Ännu färre hot", 2)
    with pytest.raises(PermissionDenied):
        services.update_goal(goal, by=employee, version=2, area=org.other_area)
    goal.refresh_from_db()
    assert goal.area == org.area


def test_a_stale_version_changes_nothing(client, org):
    goal = _goal(org, area=org.area)
    chief = org.user(Role.SECURITY_CHIEF)
    services.update_goal(goal, by=chief, version=1, title="Först")
    with pytest.raises(StaleVersion):
        services.update_goal(goal, by=chief, version=1, title="Sedan")
    client.force_login(chief)
    response = client.post(reverse("goals:archive", args=[goal.pk]), {"version": 1})
    assert response.status_code == 409
    goal.refresh_from_db()
    assert (goal.title, goal.is_active) == ("Först", True)


def test_the_period_and_the_parent_are_checked_once_for_form_and_api(org):
    goal = _goal(org)
    child = _goal(org, parent=goal)
    chief = org.user(Role.SECURITY_CHIEF)
    with pytest.raises(ValidationError) as caught:
        services.update_goal(goal, by=chief, version=1, parent=child)
    assert "parent" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.update_goal(goal, by=chief, version=1, start_year=2030)
    assert "end_year" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _goal(org, administration=org.alfa_unit)  # a unit, not an administration
    assert "administration" in caught.value.message_dict


def test_archiving_keeps_the_goal_and_is_audited(client, org):
    head = org.user(Role.HEAD_OF_ADMINISTRATION)
    goal = _goal(org, administration=org.alfa)
    client.force_login(head)
    response = client.post(reverse("goals:archive", args=[goal.pk]), {"version": 1})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.is_active, goal.version) == (False, 2)
    entry = LogEntry.objects.get_for_object(goal).order_by("-pk").first()
    assert entry.actor == head and "is_active" in entry.changes_dict
    assert goal.title not in client.get(reverse("goals:index")).content.decode()
    assert client.get(goal.get_absolute_url()).status_code == 200  # nothing is lost


def test_someone_outside_the_scope_gets_404(client, org):
    goal = _goal(org, administration=org.beta)
    client.force_login(org.user(Role.HEAD_OF_ADMINISTRATION))
    for name in ("goals:edit", "goals:indicator-create"):
        assert client.get(reverse(name, args=[goal.pk])).status_code == 404
    assert client.post(reverse("goals:archive", args=[goal.pk]), {"version": 1}).status_code == 404


def test_indicators_of_a_registered_kind_with_a_typed_baseline(client, org):
    goal = _goal(org, area=org.area)
    client.force_login(org.user(Role.AREA_OWNER))
    data = {"title": "Övningar", "kind": "manual", "direction": "higher", "baseline_year": 2019,
            "target_year": 2022, "target_type": "absolute", "target_value": "12",
            "position": 0, "baseline_value": "4", "source": "Övningsloggen"}  # fmt: skip
    response = client.post(reverse("goals:indicator-create", args=[goal.pk]), data)
    indicator = Indicator.objects.get()
    assert response.status_code == 302
    value = ManualValue.objects.get(indicator=indicator)
    assert (value.year, value.value, value.source) == (2019, 4, "Övningsloggen")
    bad = client.post(reverse("goals:indicator-create", args=[goal.pk]), {**data, "kind": "x"})
    assert bad.status_code == 422
    edit = reverse("goals:indicator-edit", args=[indicator.pk])
    changed = {**data, "version": 1, "target_value": "10", "criteria": "{}"}
    assert client.post(edit, changed).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.version) == (10, 2)
    assert client.post(edit, changed).status_code == 409


def test_a_computed_kind_takes_no_typed_baseline(org):
    goal = _goal(org)
    with pytest.raises(ValidationError) as caught:
        services.create_indicator(
            goal=goal, title="Bränder", kind="incident_count", baseline_year=2019,
            target_year=2022, target_value=1, criteria={"categories": ["x"]},
            baseline_value=3, source="Pärmen",
        )  # fmt: skip
    assert caught.value.message_dict


def test_api_sets_changes_and_archives_a_goal(client, org):
    head = org.user(Role.HEAD_OF_ADMINISTRATION)
    client.force_login(head)
    body = {"title": "Färre stölder", "administration_id": org.alfa.pk, "start_year": 2025,
            "end_year": 2028}  # fmt: skip
    created = client.post("/api/v1/goals", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    goal = created.json()
    assert (goal["owner_id"], goal["version"]) == (head.pk, 1)
    elsewhere = {**body, "administration_id": org.beta.pk}
    assert (
        client.post("/api/v1/goals", elsewhere, content_type="application/json").status_code == 403
    )
    url = f"/api/v1/goals/{goal['id']}"
    changed = client.post(url, {"version": 1, "priority": "low"}, content_type="application/json")
    assert changed.json()["priority"] == "low" and changed.json()["version"] == 2
    stale = client.post(url, {"version": 1, "title": "X"}, content_type="application/json")
    assert stale.status_code == 409
    indicator = client.post(
        f"{url}/indicators",
        {"title": "Stölder", "kind": "manual", "baseline_year": 2024, "target_year": 2028,
         "target_type": "absolute", "target_value": "3"},
        content_type="application/json",
    )  # fmt: skip
    assert indicator.status_code == 201, indicator.json()
    value = client.post(
        f"/api/v1/indicators/{indicator.json()['id']}/values",
        {"year": 2024, "value": "7", "source": "Larmcentralen"},
        content_type="application/json",
    )
    assert value.status_code == 201 and value.json()["source"] == "Larmcentralen"
    archived = client.post(f"{url}/archive", {"version": 2}, content_type="application/json")
    assert archived.json()["is_active"] is False
    client.force_login(org.user(Role.HEAD_OF_ADMINISTRATION, unit=org.beta))
    assert client.post(url, {"version": 3}, content_type="application/json").status_code == 404


@pytest.mark.parametrize("name", ["goals:create", "goals:edit", "goals:indicator-create",
                                  "goals:indicator-edit", "goals:goal"])  # fmt: skip
def test_new_pages_read_as_many_queries_for_1_and_50_goals(client, org, name):
    chief = org.user(Role.SECURITY_CHIEF)
    first = _goal(org, area=org.area)
    indicator = services.create_indicator(
        goal=first, title="Övningar", kind="manual", baseline_year=2019, target_year=2022,
        target_value=3,
    )  # fmt: skip
    args = {"goals:create": [], "goals:indicator-edit": [indicator.pk]}.get(name, [first.pk])
    url = reverse(name, args=args)
    client.force_login(chief)
    client.get(url)  # warm caches (content types, kinds)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count()
    for n in range(49):
        _goal(org, title=f"Mål {n}", area=org.area, parent=first)
    assert count() == one
