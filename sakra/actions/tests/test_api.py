import pytest

from sakra.accounts.choices import Role
from sakra.accounts.services import create_api_token
from sakra.actions import services
from sakra.actions.choices import ActionStatus
from sakra.actions.models import Action, ImprovementNeed

from .helpers import in_days, make_action

API = "/api/v1"


def _field(name: str, response) -> bool:
    """Whether the 422 names the field (the schema keys it by where it was: body.payload.x)."""
    return any(key.split(".")[-1] == name for key in response.json()["errors"])


@pytest.fixture
def action(org):
    return make_action(org, org.user(), area=org.area)


def test_anonymous_gets_401(client, org, action):
    for path in ("/actions", f"/actions/{action.pk}", "/improvement-needs"):
        assert client.get(API + path).status_code == 401
    assert (
        client.post(f"{API}/actions/{action.pk}/start", {}, "application/json").status_code == 401
    )
    assert client.post(f"{API}/actions", {}, "application/json").status_code == 401


@pytest.mark.parametrize(
    "role,scope,sees,changes",
    [
        ("owner", None, True, True),
        (Role.MANAGER, None, True, True),
        (Role.MANAGER, "beta", False, False),
        (Role.SECURITY_COORDINATOR, None, True, True),
        (Role.SECURITY_COORDINATOR, "beta", False, False),
        (Role.HEAD_OF_ADMINISTRATION, None, True, True),
        (Role.AREA_OWNER, None, True, True),
        (Role.AREA_OWNER, "other_area", False, False),
        (Role.SECURITY_CHIEF, None, True, True),
        (Role.AUDITOR, None, True, False),
        (Role.AUDITOR, "beta", False, False),
        (Role.EMPLOYEE, None, False, False),
        (Role.BOARD_MEMBER, None, False, False),
    ],
)
def test_read_and_transition_per_role(client, org, action, role, scope, sees, changes):
    kwargs = {"beta": {"unit": org.beta}, "other_area": {"area": org.other_area}}.get(scope, {})
    client.force_login(action.owner if role == "owner" else org.user(role, **kwargs))
    listed = [item["id"] for item in client.get(f"{API}/actions").json()["items"]]
    assert (action.pk in listed) == sees
    detail = client.get(f"{API}/actions/{action.pk}")
    assert detail.status_code == (200 if sees else 404)
    response = client.post(f"{API}/actions/{action.pk}/start", {"version": 1}, "application/json")
    assert response.status_code == (200 if changes else 403 if sees else 404)
    if changes:
        assert response.json()["status"] == ActionStatus.IN_PROGRESS
        assert response.json()["version"] == 2
    assert (Action.objects.get().status == ActionStatus.IN_PROGRESS) == changes


def test_create_with_a_token_and_bad_input(client, org):
    coordinator, owner = org.user(Role.SECURITY_COORDINATOR), org.user()
    _token, plain = create_api_token(coordinator, "test")
    headers = {"Authorization": f"Bearer {plain}"}
    body = {"title": "Nytt lås", "owner_id": owner.pk, "due_date": in_days(-1).isoformat()}
    response = client.post(f"{API}/actions", body, "application/json", headers=headers)
    assert response.status_code == 422
    assert "due_date" in response.json()["errors"]
    body.update(title="x" * 201, due_date=in_days(3).isoformat())
    response = client.post(f"{API}/actions", body, "application/json", headers=headers)
    assert response.status_code == 422 and _field("title", response)
    body.update(title="Nytt lås", owner_id=999999)
    response = client.post(f"{API}/actions", body, "application/json", headers=headers)
    assert response.status_code == 422 and "owner" in response.json()["errors"]
    body.update(owner_id=owner.pk, unit_id=org.beta_unit.pk)
    response = client.post(f"{API}/actions", body, "application/json", headers=headers)
    assert response.status_code == 403
    assert Action.objects.count() == 0
    body.update(unit_id=None, source_type="actions.improvementneed", source_id=424242)
    response = client.post(f"{API}/actions", body, "application/json", headers=headers)
    assert response.status_code == 422 and "source_type" in response.json()["errors"]
    need = services.raise_improvement_need(by=coordinator, title="x", description="y")
    body.update(source_id=need.pk)
    response = client.post(f"{API}/actions", body, "application/json", headers=headers)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["source_type"], data["source_id"], data["owner_id"]) == (
        "actions.improvementneed", need.pk, owner.pk,
    )  # fmt: skip
    assert data["unit_id"] == org.alfa_unit.pk
    listed = client.get(f"{API}/actions?source_type=actions.improvementneed", headers=headers)
    assert [item["id"] for item in listed.json()["items"]] == [data["id"]]


def test_the_cycle_through_the_api_with_a_stale_version(client, org, action):
    client.force_login(action.owner)
    url = f"{API}/actions/{action.pk}"
    assert client.post(f"{url}/complete", {"version": 1}, "application/json").status_code == 200
    stale = client.post(f"{url}/cancel", {"version": 1, "reason": "x"}, "application/json")
    assert stale.status_code == 409 and "Ladda om" in stale.json()["detail"]
    response = client.post(
        f"{url}/effect", {"version": 2, "was_effective": False, "note": "Larmet går"},
        "application/json",
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["was_effective"] is False
    response = client.post(
        f"{url}/follow-ups",
        {"title": "Nytt larm", "owner_id": action.owner.pk, "due_date": in_days(9).isoformat()},
        "application/json",
    )
    assert response.status_code == 201 and response.json()["follows_up_id"] == action.pk


def test_filters_and_query_count(client, org, django_assert_max_num_queries):
    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    make_action(org, chief, due_date=in_days(-3), title="Sen")
    with django_assert_max_num_queries(8) as one:
        client.get(f"{API}/actions")
    other = org.user()
    for n in range(49):
        make_action(org, other, title=f"Åtgärd {n}", unit=org.beta_unit)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(f"{API}/actions?limit=100").json()["count"] == 50
    overdue = client.get(f"{API}/actions?overdue=true").json()
    assert [item["title"] for item in overdue["items"]] == ["Sen"]
    subtree = client.get(f"{API}/actions?unit={org.beta.pk}").json()
    assert subtree["count"] == 49
    assert client.get(f"{API}/actions?owner=abc").status_code == 422
    assert client.get(f"{API}/actions?source_type=actions.improvementneed").json()["count"] == 0
    assert client.get(f"{API}/actions?source_type=nonsense").json()["count"] == 0
    refused = client.get(f"{API}/actions?status=nonsense")
    assert refused.status_code == 422
    assert set(refused.json()) == {"detail", "errors"} and "status" in refused.json()["errors"]


def test_improvement_needs_api(client, org):
    employee, other, board = org.user(), org.user(), org.user(Role.BOARD_MEMBER)
    client.force_login(employee)
    for title in ("", "y" * 201):
        response = client.post(f"{API}/improvement-needs", {"title": title, "description": "x"},
                               "application/json")  # fmt: skip
        assert response.status_code == 422 and ImprovementNeed.objects.count() == 0
    response = client.post(f"{API}/improvement-needs", {"title": "Lås", "description": "Trasigt"},
                           "application/json")  # fmt: skip
    assert response.status_code == 201
    need_id = response.json()["id"]
    assert client.get(f"{API}/improvement-needs/{need_id}").status_code == 200
    client.force_login(other)
    assert client.get(f"{API}/improvement-needs/{need_id}").status_code == 404
    assert client.get(f"{API}/improvement-needs").json()["count"] == 0
    client.force_login(board)
    assert client.get(f"{API}/improvement-needs?status=new").json()["count"] == 1


def test_openapi_lists_the_operations(client, db):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for path in (
        "/api/v1/actions",
        "/api/v1/actions/{action_id}/effect",
        "/api/v1/improvement-needs",
    ):
        assert path in paths


@pytest.mark.parametrize(
    "suffix,body",
    [
        ("complete", {"version": 1}),
        ("cancel", {"version": 1, "reason": "x"}),
        ("effect", {"version": 1, "was_effective": True}),
        ("follow-ups", {"title": "x", "owner_id": 1, "due_date": "2099-01-01"}),
    ],
)
def test_every_transition_is_404_out_of_scope_and_403_for_readers(
    client, org, action, suffix, body
):
    url = f"{API}/actions/{action.pk}/{suffix}"
    client.force_login(org.user(Role.MANAGER, unit=org.beta))
    assert client.post(url, body, "application/json").status_code == 404
    client.force_login(org.user(Role.AUDITOR))
    response = client.post(url, body, "application/json")
    assert response.status_code == 403, response.json()
    client.logout()
    assert client.post(url, body, "application/json").status_code == 401
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.PLANNED, 1)
    assert Action.objects.count() == 1


@pytest.mark.parametrize("suffix", ["start", "complete", "cancel", "effect"])
def test_a_change_without_a_version_is_a_422_and_changes_nothing(client, org, action, suffix):
    client.force_login(action.owner)
    body = {"reason": "x", "was_effective": True}
    response = client.post(f"{API}/actions/{action.pk}/{suffix}", body, "application/json")
    assert response.status_code == 422 and _field("version", response)
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.PLANNED, 1)


@pytest.mark.parametrize(
    "path,body,field",
    [
        ("/actions", {"title": "KONFIDENTIELL: lås"}, "title"),
        ("/actions", {"description": "Se hemlig bilaga"}, "description"),
        ("/actions", {"title": "Lås\u202efdp.exe"}, "title"),
        ("/improvement-needs", {"title": "Lås", "description": "TOP SECRET plan"}, "description"),
        ("/improvement-needs", {"title": "Lås\x00", "description": "x"}, "title"),
    ],
)
def test_markings_and_unsafe_characters_are_refused(client, org, path, body, field):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    client.force_login(coordinator)
    valid = {"title": "Lås", "owner_id": coordinator.pk, "due_date": in_days(3).isoformat()}
    response = client.post(API + path, {**valid, **body}, "application/json")
    assert response.status_code == 422 and _field(field, response), response.json()
    assert not Action.objects.exists() and not ImprovementNeed.objects.exists()


def test_cancel_reason_and_effect_note_refuse_a_marking(client, org, action):
    client.force_login(action.owner)
    url = f"{API}/actions/{action.pk}"
    response = client.post(f"{url}/cancel", {"version": 1, "reason": "HEMLIG"}, "application/json")
    assert response.status_code == 422 and "HEMLIG" in str(response.json()["errors"])
    services.complete_action(action, by=action.owner, version=1)
    body = {"version": 2, "was_effective": False, "note": "Kvalificerat hemlig"}
    assert client.post(f"{url}/effect", body, "application/json").status_code == 422
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.DONE, 2)
