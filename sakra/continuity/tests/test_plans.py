import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.core.concurrency import StaleVersion
from sakra.risks.choices import DependencyKind
from sakra.testing import count_queries

from .. import services, tasks
from ..choices import Outcome
from ..models import ContinuityPlan
from .factories import make_plan, make_service, plan_data

pytestmark = pytest.mark.django_db


def test_a_tolerable_interruption_below_zero_is_refused(org, chief):
    with pytest.raises(ValidationError) as refused:
        make_plan(org.alfa_unit, chief, tolerable_hours=-1)
    assert "tolerable_hours" in refused.value.message_dict


def test_the_tolerance_cannot_pass_the_first_severe_step(org, chief):
    # "Allvarlig" (3) after one day: 48 hours of tolerance disagrees with the impact.
    with pytest.raises(ValidationError) as refused:
        make_plan(org.alfa_unit, chief, tolerable_hours=48)
    assert "Allvarlig" in refused.value.message_dict["tolerable_hours"][0]
    assert make_plan(org.alfa_unit, chief, tolerable_hours=24).tolerable_hours == 24


def test_the_impact_cannot_fall_over_time_nor_leave_the_scale(org, chief):
    with pytest.raises(ValidationError) as refused:
        make_plan(org.alfa_unit, chief, impact_4h=3, impact_1d=2)
    assert "impact_1d" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_plan(org.alfa_unit, chief, impact_1w=6)
    assert "impact_1w" in refused.value.message_dict


def test_three_outcomes_and_one_failing_dependency_flags_the_plan(org, chief):
    kinds = (DependencyKind.ELECTRICITY, DependencyKind.WATER)
    service = make_service(org.alfa_unit, chief, kinds=kinds)
    electricity, water = service.dependencies.order_by("kind")
    plan = make_plan(org.alfa_unit, chief, service=service, tolerable_hours=4)

    def outcome():
        return ContinuityPlan.objects.with_backups().get(pk=plan.pk).outcome

    assert outcome() == Outcome.UNKNOWN  # nothing known is not "met"
    services.record_backup(electricity, by=chief, lasts_hours=72)
    assert outcome() == Outcome.UNKNOWN  # one known, one not: still unknown
    backup = services.record_backup(water, by=chief, lasts_hours=4)
    assert outcome() == Outcome.MET
    services.record_backup(water, by=chief, lasts_hours=3, version=backup.version)
    assert outcome() == Outcome.NOT_MET
    assert ContinuityPlan.objects.with_backups().get(pk=plan.pk).is_flagged


def test_a_backup_is_recorded_once_and_read_by_every_plan_of_the_service(org, chief):
    service = make_service(org.alfa_unit, chief)
    short = make_plan(org.alfa_unit, chief, service=service, tolerable_hours=2)
    long = make_plan(org.alfa_unit, chief, service=service, tolerable_hours=24)
    backup = services.record_backup(service.dependencies.get(), by=chief, lasts_hours=12)
    rows = {plan.pk: plan.outcome for plan in ContinuityPlan.objects.with_backups()}
    assert rows == {short.pk: Outcome.MET, long.pk: Outcome.NOT_MET}
    with pytest.raises(ValidationError):  # a second record without the version
        services.record_backup(service.dependencies.get(), by=chief, lasts_hours=1)
    with pytest.raises(StaleVersion):
        services.record_backup(
            service.dependencies.get(), by=chief, lasts_hours=1, version=backup.version + 1
        )


def test_a_plan_without_a_service_is_unknown(org, chief):
    plan = services.create_plan(
        by=chief, unit=org.alfa_unit, responsible=chief, **plan_data(title="Enhetens plan")
    )
    assert plan.outcome == Outcome.UNKNOWN


def test_update_needs_the_version_and_the_right(org, chief):
    plan = make_plan(org.alfa_unit, chief)
    data = plan_data(title="Ny titel", service=plan.service, responsible=chief)
    plan = services.update_plan(plan, by=chief, version=plan.version, **data)
    assert (plan.title, plan.version) == ("Ny titel", 2)
    with pytest.raises(StaleVersion):
        services.update_plan(plan, by=chief, version=1, **data)
    outsider = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    with pytest.raises(PermissionDenied):
        services.update_plan(plan, by=outsider, version=plan.version, **data)


def test_a_plan_out_of_scope_is_refused(org, chief):
    coordinator = org.user(Role.SECURITY_COORDINATOR)  # Alfa
    service = make_service(org.beta_unit, chief)
    with pytest.raises(ValidationError):  # the service is not in their scope
        services.create_plan(by=coordinator, service=service, responsible=chief, **plan_data())
    with pytest.raises(PermissionDenied):
        services.create_plan(by=coordinator, unit=org.beta_unit, responsible=chief, **plan_data())


def test_the_responsible_person_reads_their_plan(org, chief):
    employee = org.user(Role.EMPLOYEE)
    plan = services.create_plan(by=chief, unit=org.beta_unit, responsible=employee, **plan_data())
    assert list(ContinuityPlan.objects.for_user(employee)) == [plan]
    assert not ContinuityPlan.objects.for_user(org.user(Role.EMPLOYEE)).exists()


def test_the_review_is_reminded_once_per_date(org, chief):
    plan = make_plan(org.alfa_unit, chief)
    ContinuityPlan.objects.filter(pk=plan.pk).update(review_date=timezone.localdate())
    assert tasks.send_review_reminders.call() == 1
    assert tasks.send_review_reminders.call() == 0
    assert Notification.objects.filter(recipient=chief, url=plan.get_absolute_url()).count() == 1
    ContinuityPlan.objects.filter(pk=plan.pk).update(
        review_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert tasks.send_review_reminders.call() == 1


def _index_queries(client) -> int:
    with count_queries() as queries:
        assert client.get(reverse("continuity:index")).status_code == 200
    return len(queries)


def test_the_list_takes_as_many_queries_for_1_and_50_plans(org, chief):
    client = Client()
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    service = make_service(org.alfa_unit, chief, kinds=(DependencyKind.ELECTRICITY, "water"))
    make_plan(org.alfa_unit, chief, service=service)
    one = _index_queries(client)
    for n in range(49):
        make_plan(org.alfa_unit, chief, service=make_service(org.alfa_unit, chief, name=f"T{n}"))
    assert _index_queries(client) == one


def test_the_card_prints(org, chief):
    plan = make_plan(org.alfa_unit, chief)
    client = Client()
    client.force_login(chief)
    response = client.get(reverse("continuity:plan-pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_lists_rows_show_what_the_models_say(org, chief):
    """The list's rows are worked out without the model's objects: held to the model."""
    from django.db.models import F

    from ..views.plans import plan_rows

    kinds = (DependencyKind.ELECTRICITY, DependencyKind.WATER)
    for n, backups in enumerate([(72, 72), (72, 1), (72, None), ()]):
        service = make_service(org.alfa_unit, chief, kinds=kinds[: len(backups)], name=f"S{n}")
        for dependency, hours in zip(service.dependencies.order_by("kind"), backups, strict=True):
            services.record_backup(dependency, by=chief, lasts_hours=hours)
        make_plan(org.alfa_unit, chief, service=service, title=f"Plan {n}")
    services.create_plan(by=chief, unit=org.alfa_unit, responsible=chief, **plan_data())
    plans = ContinuityPlan.objects.annotate(unit_name=F("unit__name"),
                                            service_name=F("service__name"))  # fmt: skip
    rows = {row.title: row.outcome for row in plan_rows(plans)}
    expected = {plan.title: plan.outcome for plan in ContinuityPlan.objects.with_backups()}
    assert rows == expected
    assert set(rows.values()) == {Outcome.MET, Outcome.NOT_MET, Outcome.UNKNOWN}
