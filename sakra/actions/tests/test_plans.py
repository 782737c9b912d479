import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.actions import services
from sakra.actions.choices import ActivityStatus
from sakra.actions.models import AnnualPlan, PlannedActivity
from sakra.core.concurrency import StaleVersion


@pytest.fixture
def plan(org):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    plan = services.create_plan(by=coordinator, year=2027, administration=org.alfa, title="Plan")
    services.add_activity(plan, by=coordinator, title="Brandövning", area=org.other_area,
                          goal="Halvera antalet bränder")  # fmt: skip
    done = services.add_activity(plan, by=coordinator, title="Inventera lås", area=org.area)
    services.set_activity_status(done, by=coordinator, version=1, status=ActivityStatus.DONE)
    dropped = services.add_activity(plan, by=coordinator, title="Utgår")
    services.set_activity_status(
        dropped, by=coordinator, version=1, status=ActivityStatus.CANCELLED
    )
    return plan


def test_copy_to_next_year_plans_everything_again_but_cancelled(org, plan):
    coordinator = plan.created_by
    copy = services.copy_plan_to_next_year(plan, by=coordinator)
    assert copy.year == 2028
    titles = dict(copy.activities.values_list("title", "status"))
    assert titles == {"Brandövning": "planned", "Inventera lås": "planned"}
    assert copy.activities.get(title="Brandövning").goal == "Halvera antalet bränder"
    with pytest.raises(ValidationError):
        services.copy_plan_to_next_year(plan, by=coordinator)
    assert AnnualPlan.objects.count() == 2


def test_plan_rules(org, plan):
    with pytest.raises(ValidationError):
        services.create_plan(by=plan.created_by, year=2027, administration=org.alfa, title="X")
    with pytest.raises(PermissionDenied):
        services.create_plan(by=plan.created_by, year=2027, administration=org.beta, title="X")
    with pytest.raises(PermissionDenied):
        services.add_activity(plan, by=org.user(Role.MANAGER), title="X")
    activity = PlannedActivity.objects.get(title="Brandövning")
    with pytest.raises(StaleVersion):
        services.set_activity_status(activity, by=plan.created_by, status="ongoing", version=9)
    area_owner = org.user(Role.AREA_OWNER, area=org.other_area)
    changed = services.set_activity_status(activity, by=area_owner, version=1, status="ongoing")
    assert changed.version == 2
    assert AnnualPlan.objects.filter(year=2027).count() == 1


@pytest.mark.parametrize(
    "role,kwargs,sees,changes",
    [
        (Role.SECURITY_COORDINATOR, {}, True, True),
        (Role.HEAD_OF_ADMINISTRATION, {}, True, True),
        (Role.MANAGER, {}, True, False),  # reads the plan of the administration above
        (Role.AUDITOR, {}, True, False),
        (Role.SECURITY_CHIEF, {}, True, True),
        (Role.SECURITY_COORDINATOR, {"unit": "beta"}, False, False),
        (Role.MANAGER, {"unit": "beta"}, False, False),
        (Role.EMPLOYEE, {}, False, False),
    ],
)
def test_plan_pages_per_role(client, org, plan, role, kwargs, sees, changes):
    if kwargs.get("unit") == "beta":
        kwargs = {"unit": org.beta}
    client.force_login(org.user(role, **kwargs))
    assert client.get(plan.get_absolute_url()).status_code == (200 if sees else 404)
    assert (plan in client.get(reverse("actions:plan-list")).context["page_obj"]) == sees
    activity = PlannedActivity.objects.get(title="Brandövning")
    response = client.post(
        reverse("actions:activity-status", args=[activity.pk]),
        {"status": "ongoing", "version": 1, "note": "Bokad till mars"},
    )
    assert response.status_code == (302 if changes else 404)
    activity.refresh_from_db()
    assert (activity.status == "ongoing") == changes
    response = client.post(reverse("actions:plan-copy", args=[plan.pk]))
    assert response.status_code == (302 if changes else 404)
    assert AnnualPlan.objects.filter(year=2028).exists() == changes


def test_plan_create_page(client, org):
    client.force_login(org.user(Role.EMPLOYEE))
    assert client.get(reverse("actions:plan-create")).status_code == 403
    head = org.user(Role.HEAD_OF_ADMINISTRATION)
    client.force_login(head)
    url = reverse("actions:plan-create")
    response = client.post(url, {"year": 2027, "administration": org.alfa.pk, "title": ""})
    assert response.status_code == 422 and AnnualPlan.objects.count() == 0
    response = client.post(url, {"year": 2027, "administration": org.alfa.pk, "title": "Plan"})
    plan = AnnualPlan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    response = client.post(plan.get_absolute_url(), {"title": "Övning", "goal": "Mål 1"})
    assert response.status_code == 302 and plan.activities.get().goal == "Mål 1"


def test_activity_status_without_a_version_or_stale_is_refused(client, org, plan):
    client.force_login(plan.created_by)
    activity = PlannedActivity.objects.get(title="Brandövning")
    url = reverse("actions:activity-status", args=[activity.pk])
    response = client.post(url, {"status": "ongoing"})
    assert response.status_code == 422
    assert "saknar den version" in response.content.decode()
    response = client.post(url, {"status": "ongoing", "version": 7})
    assert response.status_code == 409 and "Ladda om" in response.content.decode()
    activity.refresh_from_db()
    assert (activity.status, activity.version) == ("planned", 1)
