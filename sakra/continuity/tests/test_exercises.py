"""Exercises and training: the exercise plan of a year, the closed year that refuses a new
exercise, the evaluation with its recovery time against the plan's tolerance and its actions,
training per person, and the indicators they feed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.actions.models import Action
from sakra.actions.services import create_action
from sakra.core.concurrency import StaleVersion
from sakra.goals import services as goals
from sakra.reports.choices import ReportStatus
from sakra.reports.models import AnnualReport
from sakra.testing import count_queries, make_user

from .. import services
from ..choices import ExerciseStatus, Outcome
from ..models import Exercise, TrainingRecord
from .factories import exercise_data, make_exercise, make_plan

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
LAST_YEAR = TODAY().year - 1


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def closed():
    """Last year is closed: the region's annual report for it is approved."""
    return AnnualReport.objects.create(year=LAST_YEAR, status=ReportStatus.APPROVED)


def _evaluate(exercise, by, **extra):
    data = {"participants": 12, "worked_well": "Stabsarbetet", "did_not_work": "Sambandet",
            "recovery_hours": 3}  # fmt: skip
    data.update(extra)
    return services.record_evaluation(exercise, by=by, version=exercise.version, **data)


def test_an_exercise_in_a_closed_year_is_refused_with_a_clear_message(org, chief, closed):
    day = datetime.date(LAST_YEAR, 6, 1)
    with pytest.raises(ValidationError) as refused:
        make_exercise(org.alfa_unit, org.area, chief, date=day)
    assert refused.value.message_dict["date"] == [
        f"{LAST_YEAR} är stängt: årets säkerhetsberättelse är godkänd, så inga övningar kan "
        "läggas till eller ändras det året."
    ]
    assert not Exercise.objects.exists()
    # Nor can one be moved into it, or one dated in it be evaluated.
    exercise = make_exercise(org.alfa_unit, org.area, chief)
    with pytest.raises(ValidationError):
        services.update_exercise(exercise, by=chief, version=exercise.version, area=org.area,
                                 **exercise_data(date=day))  # fmt: skip
    Exercise.objects.filter(pk=exercise.pk).update(date=day)
    exercise.refresh_from_db()
    with pytest.raises(ValidationError):
        _evaluate(exercise, chief)


def test_the_closed_year_refuses_through_the_page_and_the_api(org, chief, closed):
    client = _client(chief)
    day = f"{LAST_YEAR}-06-01"
    response = client.post(reverse("continuity:exercise-create"), {
        "title": "Övning", "kind": "tabletop", "unit": org.alfa_unit.pk, "area": org.area.pk,
        "date": day, "scenario": "Strömavbrott",
    })  # fmt: skip
    assert response.status_code == 422
    assert f"{LAST_YEAR} är stängt" in response.content.decode()
    response = client.post("/api/v1/continuity/exercises", {
        "title": "Övning", "kind": "tabletop", "unit_id": org.alfa_unit.pk,
        "area_id": org.area.pk, "date": day, "scenario": "Strömavbrott",
    }, content_type="application/json")  # fmt: skip
    assert response.status_code == 422 and "date" in response.json()["errors"]
    assert not Exercise.objects.exists()
    page = client.get(reverse("continuity:exercises") + f"?ar={LAST_YEAR}").content.decode()
    assert "är stängt" in page and reverse("continuity:exercise-create") not in page


def test_an_open_year_takes_exercises(org, chief):
    AnnualReport.objects.create(year=LAST_YEAR, status=ReportStatus.DRAFT)
    exercise = make_exercise(org.alfa_unit, org.area, chief, date=datetime.date(LAST_YEAR, 6, 1))
    assert exercise.status == ExerciseStatus.PLANNED


def test_the_recovery_time_is_compared_with_the_plans_tolerance(org, chief):
    plan = make_plan(org.alfa_unit, chief, tolerable_hours=4)
    exercise = make_exercise(org.alfa_unit, org.area, chief, plan=plan)
    assert exercise.recovery_outcome == Outcome.UNKNOWN
    exercise = _evaluate(exercise, chief, recovery_hours=3)
    assert exercise.status == ExerciseStatus.HELD and exercise.recovery_outcome == Outcome.MET
    exercise = _evaluate(exercise, chief, recovery_hours=6)
    assert exercise.recovery_outcome == Outcome.NOT_MET
    unplanned = _evaluate(make_exercise(org.alfa_unit, org.area, chief), chief)
    assert unplanned.recovery_outcome == Outcome.UNKNOWN


def test_an_evaluation_refuses_bad_input_and_a_future_exercise(org, chief):
    exercise = make_exercise(org.alfa_unit, org.area, chief)
    for field, value in (("participants", -1), ("participants", "tolv"),
                         ("recovery_hours", -2), ("worked_well", "")):  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            _evaluate(exercise, chief, **{field: value})
        assert field in refused.value.message_dict
    later = make_exercise(org.alfa_unit, org.area, chief,
                          date=TODAY() + datetime.timedelta(days=30))  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        _evaluate(later, chief)
    assert "date" in refused.value.message_dict
    with pytest.raises(StaleVersion):
        services.record_evaluation(exercise, by=chief, version=99, participants=1,
                                   worked_well="a", did_not_work="b")  # fmt: skip


def test_the_evaluations_actions_have_the_exercise_as_source(org, chief):
    exercise = _evaluate(make_exercise(org.alfa_unit, org.area, chief), chief)
    action = create_action(by=chief, source=exercise, title="Öva sambandet", owner=chief,
                           due_date=TODAY() + datetime.timedelta(days=30))  # fmt: skip
    assert list(Action.objects.for_source(exercise)) == [action]
    page = _client(chief).get(exercise.get_absolute_url()).content.decode()
    assert "Öva sambandet" in page and "?source=" in page


def test_who_plans_exercises_where(org, chief):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    make_exercise(org.alfa_unit, org.area, coordinator)
    with pytest.raises(PermissionDenied):
        make_exercise(org.beta_unit, org.area, coordinator)
    owner = org.user(Role.AREA_OWNER)
    make_exercise(org.beta_unit, org.area, owner)
    with pytest.raises(PermissionDenied):
        make_exercise(org.beta_unit, org.other_area, owner)
    with pytest.raises(PermissionDenied):
        make_exercise(org.alfa_unit, org.area, org.user(Role.MANAGER))
    other_plan = make_plan(org.beta_unit, chief)
    with pytest.raises(ValidationError) as refused:
        make_exercise(org.alfa_unit, org.area, coordinator, plan=other_plan)
    assert "plan" in refused.value.message_dict


def test_the_exercise_plan_lists_a_year(org, chief):
    this = make_exercise(org.alfa_unit, org.area, chief, title="I år")
    make_exercise(org.alfa_unit, org.area, chief, title="Förra året",
                  date=datetime.date(LAST_YEAR, 3, 1))  # fmt: skip
    client = _client(chief)
    page = client.get(reverse("continuity:exercises")).content.decode()
    assert "I år" in page and "Förra året" not in page
    page = client.get(reverse("continuity:exercises") + f"?ar={LAST_YEAR}").content.decode()
    assert "Förra året" in page and "I år" not in page
    api = client.get(f"/api/v1/continuity/exercises?year={TODAY().year}").json()
    assert [row["id"] for row in api["items"]] == [this.pk]
    assert client.get("/api/v1/continuity/exercises?year=99999").status_code == 422


def _queries(client, url) -> int:
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_take_as_many_queries_for_1_and_50_rows(org, chief):
    client = _client(org.user(Role.SECURITY_COORDINATOR))
    plan = make_plan(org.alfa_unit, chief)
    make_exercise(org.alfa_unit, org.area, chief, plan=plan)
    services.add_training(by=chief, person=chief, role="security_chief", course="Kurs",
                          completed_on=TODAY())  # fmt: skip
    urls = [reverse("continuity:exercises"), reverse("continuity:training")]
    one = [_queries(client, url) for url in urls]
    for n in range(49):
        exercise = make_exercise(org.alfa_unit, org.area, chief, title=f"Övning {n}", plan=plan)
        if n % 2:
            _evaluate(exercise, chief)
        person = make_user(home_unit=org.alfa_unit)
        services.add_training(by=chief, person=person, role="security_partner", course="Kurs",
                              completed_on=TODAY())  # fmt: skip
    assert [_queries(client, url) for url in urls] == one


# --- training ---------------------------------------------------------------------------------


def test_training_is_recorded_for_a_security_role(org, chief):
    person = make_user(home_unit=org.alfa_unit)
    record = services.add_training(
        by=chief, person=person, role="security_partner", course="Stabsmetodik",
        completed_on=TODAY() - datetime.timedelta(days=400),
        valid_until=TODAY() - datetime.timedelta(days=1),
    )  # fmt: skip
    assert not record.is_valid()
    for field, extra in (("role", {"role": "employee"}),
                         ("valid_until", {"valid_until": TODAY() - datetime.timedelta(500)}),
                         ("completed_on", {"completed_on": TODAY() + datetime.timedelta(1)}),
                         ("course", {"course": "KONFIDENTIELL kurs"})):  # fmt: skip
        data = {"person": person, "role": "security_partner", "course": "Kurs",
                "completed_on": TODAY() - datetime.timedelta(days=10), **extra}  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            services.add_training(by=chief, **data)
        assert field in refused.value.message_dict
    # The person reads their own record; a coordinator of another administration does not.
    assert list(TrainingRecord.objects.for_user(person)) == [record]
    beta = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    assert not TrainingRecord.objects.for_user(beta).exists()
    with pytest.raises(PermissionDenied):
        services.add_training(by=beta, person=person, role="security_partner", course="Kurs",
                              completed_on=TODAY())  # fmt: skip


def test_coverage_per_role(org, chief):
    partners = [org.user(Role.SECURITY_PARTNER) for _n in range(4)]
    services.add_training(by=chief, person=partners[0], role="security_partner", course="K",
                          completed_on=TODAY())  # fmt: skip
    services.add_training(by=chief, person=partners[1], role="security_partner", course="K",
                          completed_on=TODAY() - datetime.timedelta(days=800),
                          valid_until=TODAY() - datetime.timedelta(days=70))  # fmt: skip
    services.add_training(by=chief, person=partners[2], role="security_chief", course="K",
                          completed_on=TODAY())  # fmt: skip
    coverage = {row.role: (row.holders, row.trained, row.share) for row in services.role_coverage()}
    assert coverage["security_partner"] == (4, 1, 25)
    assert coverage["security_chief"] == (1, 0, 0)


def _indicator(org, kind, **criteria):
    goal = goals.create_goal(owner=org.user(Role.SECURITY_CHIEF), title="Övning och utbildning",
                             start_year=LAST_YEAR, end_year=TODAY().year + 1)  # fmt: skip
    return goals.create_indicator(
        goal=goal, title=kind, kind=kind, baseline_year=LAST_YEAR, target_year=TODAY().year + 1,
        target_value=Decimal(100), criteria=criteria,
    )  # fmt: skip


def test_share_of_critical_services_whose_plan_was_exercised(org, chief):
    exercised, idle = make_plan(org.alfa_unit, chief), make_plan(org.beta_unit, chief)
    make_plan(org.alfa_unit, chief, service=exercised.service)  # a second plan, same service
    _evaluate(make_exercise(org.alfa_unit, org.area, chief, plan=exercised), chief)
    make_exercise(org.beta_unit, org.area, chief, plan=idle)  # planned, not held
    indicator = _indicator(org, "continuity_plans_exercised")
    year = TODAY().year
    values = goals.compute_values(chief, [indicator], [year, year + 1])[indicator.pk]
    assert values == {year: Decimal("50.0")}


def test_training_coverage_per_role_needs_its_role(org, chief):
    with pytest.raises(ValidationError) as refused:
        _indicator(org, "continuity_training_coverage")
    assert "criteria" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _indicator(org, "continuity_training_coverage", role="employee")
    partners = [org.user(Role.SECURITY_PARTNER) for _n in range(2)]
    services.add_training(by=chief, person=partners[0], role="security_partner", course="K",
                          completed_on=TODAY())  # fmt: skip
    indicator = _indicator(org, "continuity_training_coverage", role="security_partner")
    values = goals.compute_values(chief, [indicator], [LAST_YEAR, TODAY().year])[indicator.pk]
    assert values == {LAST_YEAR: Decimal("0.0"), TODAY().year: Decimal("50.0")}


def test_the_plans_rows_show_what_the_models_say(org, chief):
    """The exercise plan's rows are worked out without the model's objects: held to it."""
    from ..views.exercises import ROW_NAMES, exercise_rows

    plan = make_plan(org.alfa_unit, chief, tolerable_hours=4)
    _evaluate(make_exercise(org.alfa_unit, org.area, chief, plan=plan, title="A"), chief)
    _evaluate(make_exercise(org.alfa_unit, org.area, chief, plan=plan, title="B"), chief,
              recovery_hours=9)  # fmt: skip
    _evaluate(make_exercise(org.alfa_unit, org.area, chief, title="C"), chief)
    make_exercise(org.alfa_unit, org.area, chief, title="D")
    rows = {row.title: (row.outcome, row.area, row.plan) for row in
            exercise_rows(Exercise.objects.annotate(**ROW_NAMES))}  # fmt: skip
    expected = {
        exercise.title: (exercise.recovery_outcome if exercise.is_held else "",
                         str(exercise.area), exercise.plan.title if exercise.plan else "\u2013")
        for exercise in Exercise.objects.select_related("area", "plan")
    }  # fmt: skip
    assert rows == expected
