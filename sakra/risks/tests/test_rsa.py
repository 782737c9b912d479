"""The regional RSA's own parts: critical services and dependencies, crisis preparedness
against the region's indicators, the yearly follow-up, the mandate-period cycle with its
deadline and one reminder, the level-change preview before a draft moves to a new matrix
version, and the indicator of analyses approved in the year."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.core.concurrency import StaleVersion
from sakra.governance.models import Forum
from sakra.risks import cycle, inbox, services, tasks
from sakra.risks.choices import AnalysisKind, CycleStep, Fulfilment
from sakra.risks.indicators import AnalysesApproved
from sakra.risks.models import (
    CriticalService,
    CycleReminder,
    MatrixVersion,
    PreparednessIndicator,
    RiskAnalysis,
)
from sakra.testing import count_queries

from .factories import make_analysis, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(org):
    return org.user(Role.SECURITY_CHIEF)


@pytest.fixture
def forum():
    return Forum.objects.create(name="Regionstyrelsen", kind="political")


def _rsa(org, chief, first_year=2019):
    return services.create_analysis(
        by=chief, title=f"RSA {first_year}", kind=AnalysisKind.REGIONAL_RSA, unit=org.region,
        period_start=datetime.date(first_year, 1, 1),
        period_end=datetime.date(first_year + 3, 12, 31),
    )  # fmt: skip


def _approve(analysis, chief, forum, day):
    return services.approve_analysis(
        analysis, by=chief, version=analysis.version, forum=forum, decided_on=day
    )


# --- the mandate-period cycle -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "day"),
    [(2014, 14), (2018, 9), (2022, 11), (2026, 13), (2030, 8)],
)
def test_election_day_is_the_second_sunday_of_september(year, day):
    assert cycle.election_day(year) == datetime.date(year, 9, day)
    assert cycle.election_day(year).weekday() == 6


def test_a_year_outside_the_cycle_has_no_election():
    with pytest.raises(ValueError):
        cycle.election_day(2023)


@pytest.mark.parametrize(
    ("year", "first"),
    [(2019, 2019), (2022, 2019), (2023, 2023), (2026, 2023), (2027, 2027), (2030, 2027)],
)
def test_a_year_belongs_to_the_period_after_its_election(year, first):
    period = cycle.period_of(year)
    assert period.first_year == first
    assert period.report_due == datetime.date(first, 10, 31)
    assert list(period.follow_up_years) == [first + 1, first + 2, first + 3]
    assert cycle.is_election_year(period.first_year - 1)


def test_a_second_rsa_in_a_period_is_refused(org, chief):
    _rsa(org, chief, 2023)
    with pytest.raises(ValidationError) as refused:
        services.create_analysis(
            by=chief, title="RSA igen", kind=AnalysisKind.REGIONAL_RSA, unit=org.region,
            period_start=datetime.date(2024, 1, 1), period_end=datetime.date(2026, 12, 31),
        )  # fmt: skip
    assert "period_start" in refused.value.message_dict
    _rsa(org, chief, 2027)  # the next period has room


def test_the_cycle_marks_each_deadline_met_late_or_overdue(org, chief, forum):
    rsa = _rsa(org, chief, 2019)
    rsa = _approve(rsa, chief, forum, datetime.date(2019, 10, 23))
    services.record_follow_up(rsa, by=chief, year=2020, summary="Uppföljt")
    today = datetime.date(2022, 11, 15)
    [row] = cycle.status([cycle.MandatePeriod(2019)], today)
    assert row.analysis == rsa
    marks = [(d.step, d.year, d.done, d.on_time, d.overdue) for d in row.deadlines]
    assert marks == [
        (CycleStep.REPORT, 2019, True, True, False),
        (CycleStep.FOLLOW_UP, 2020, True, True, False),
        (CycleStep.FOLLOW_UP, 2021, False, False, True),
        (CycleStep.FOLLOW_UP, 2022, False, False, True),
    ]
    late = cycle.status([cycle.MandatePeriod(2023)], datetime.date(2024, 1, 2))[0]
    assert late.analysis is None and late.deadlines[0].overdue


def test_the_chief_sees_the_next_deadline_and_is_reminded_once(org, chief, monkeypatch):
    day = datetime.date(2027, 9, 10)  # within the reminder window of 31 October 2027
    monkeypatch.setattr(timezone, "localdate", lambda *a: day)
    [section] = inbox.sections(chief)
    assert section.key == "rsa-cycle"
    assert section.items[0].due == datetime.date(2027, 10, 31)
    assert "2027–2030" in section.items[0].title
    assert inbox.sections(org.user(Role.SECURITY_COORDINATOR)) == []
    assert tasks.send_cycle_reminder.call() == 1
    assert tasks.send_cycle_reminder.call() == 0
    assert CycleReminder.objects.get().due == datetime.date(2027, 10, 31)
    assert Notification.objects.filter(recipient=chief, kind="risks.cycle-report").count() == 1


def test_no_reminder_before_the_window(org, chief, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2027, 3, 1))
    assert tasks.send_cycle_reminder.call() == 0
    assert not CycleReminder.objects.exists()


def test_the_cycle_page_links_the_rsa_and_reads_a_constant_number_of_queries(org, chief):
    client = Client()
    client.force_login(chief)
    client.get("/risker/mandatperiod/")
    with count_queries() as empty:
        assert client.get("/risker/mandatperiod/").status_code == 200
    year = timezone.localdate().year
    first = cycle.period_of(year).first_year
    for start in (first - 4, first, first + 4):
        _rsa(org, chief, start)
    with count_queries() as full:
        response = client.get("/risker/mandatperiod/")
    assert len(full) == len(empty)
    assert f"RSA {first}" in response.content.decode()


# --- critical services ----------------------------------------------------------------------


def test_critical_services_are_changed_with_a_version_in_scope(org, chief):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    service = services.add_critical_service(
        by=coordinator, name="Akut sjukvård", unit=org.alfa_unit, tolerable_outage_hours=0
    )
    dependency = services.add_dependency(
        service, by=coordinator, kind="electricity", tolerable_outage_hours=0, backup="Reservkraft"
    )
    with pytest.raises(ValidationError):
        services.add_dependency(service, by=coordinator, kind="electricity",
                                tolerable_outage_hours=1)  # fmt: skip
    with pytest.raises(ValidationError):
        services.add_dependency(service, by=coordinator, kind="gold", tolerable_outage_hours=1)
    service = services.update_critical_service(
        service, by=coordinator, version=1, name="Akutsjukvård", tolerable_outage_hours=2
    )
    assert (service.name, service.version) == ("Akutsjukvård", 2)
    with pytest.raises(StaleVersion):
        services.update_critical_service(service, by=coordinator, version=1, name="X")
    with pytest.raises(ValidationError) as refused:
        services.update_critical_service(service, by=coordinator, version=2, unit=org.beta_unit)
    assert "unit" in refused.value.message_dict
    dependency = services.update_dependency(
        dependency, by=coordinator, version=1, tolerable_outage_hours=4
    )
    assert dependency.tolerable_outage_hours == 4
    with pytest.raises(PermissionDenied):
        services.update_dependency(
            dependency, by=org.user(Role.MANAGER), version=2, tolerable_outage_hours=1
        )


@pytest.mark.parametrize("hours", [-1, 24 * 367, True, "3", None])
def test_a_tolerable_outage_out_of_range_is_refused(org, chief, hours):
    with pytest.raises(ValidationError) as refused:
        services.add_critical_service(
            by=chief, name="Akut", unit=org.alfa_unit, tolerable_outage_hours=hours
        )
    assert "tolerable_outage_hours" in refused.value.message_dict


def test_the_services_list_reads_a_constant_number_of_queries(org, chief):
    client = Client()
    client.force_login(org.user(Role.SECURITY_COORDINATOR))

    def grow(n):
        for i in range(n):
            service = services.add_critical_service(
                by=chief, name=f"Tjänst {i}", unit=org.alfa_unit, tolerable_outage_hours=i
            )
            for kind in ("water", "staff"):
                services.add_dependency(service, by=chief, kind=kind, tolerable_outage_hours=1)

    grow(1)
    client.get("/risker/samhallsviktig-verksamhet/")
    with count_queries() as one:
        assert client.get("/risker/samhallsviktig-verksamhet/").status_code == 200
    grow(49)
    with count_queries() as many:
        response = client.get("/risker/samhallsviktig-verksamhet/")
    assert len(many) == len(one)
    assert "Tjänst 48" in response.content.decode()


def test_service_pages_create_and_change(org, chief):
    client = Client()
    client.force_login(chief)
    response = client.post("/risker/samhallsviktig-verksamhet/ny/", {
        "name": "Ambulans", "unit": org.alfa_unit.pk, "tolerable_outage_hours": "1",
    })  # fmt: skip
    assert response.status_code == 302
    service = CriticalService.objects.get(name="Ambulans")
    url = f"/risker/samhallsviktig-verksamhet/{service.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url + "beroenden/ny/", {"kind": "transport",
                                                    "tolerable_outage_hours": "2"})  # fmt: skip
    assert response.status_code == 302
    dependency = service.dependencies.get()
    response = client.post(f"/risker/beroende/{dependency.pk}/andra/", {
        "version": 1, "tolerable_outage_hours": "-1",
    })  # fmt: skip
    assert response.status_code == 422
    response = client.post(url + "andra/", {
        "version": 1, "name": "Ambulanssjukvård", "unit": org.alfa_unit.pk,
        "tolerable_outage_hours": "0",
    })  # fmt: skip
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.version) == ("Ambulanssjukvård", 2)


# --- crisis preparedness and the follow-up ---------------------------------------------------


def test_the_region_has_a_default_list_of_indicators():
    assert PreparednessIndicator.objects.filter(is_active=True).count() == 10


def test_preparedness_is_assessed_once_per_indicator_then_changed_with_its_version(org, chief):
    rsa = _rsa(org, chief, 2023)
    indicator = PreparednessIndicator.objects.first()
    first = services.assess_preparedness(
        rsa, by=chief, indicator=indicator, fulfilment=Fulfilment.PARTLY, comment="Delvis"
    )
    with pytest.raises(StaleVersion):  # someone else's first assessment made this one stale
        services.assess_preparedness(rsa, by=chief, indicator=indicator, fulfilment="met")
    changed = services.assess_preparedness(
        rsa, by=chief, indicator=indicator, fulfilment=Fulfilment.MET, version=first.version
    )
    assert (changed.pk, changed.version, changed.fulfilment) == (first.pk, 2, "met")
    with pytest.raises(ValidationError):
        services.assess_preparedness(
            rsa, by=chief, indicator=indicator, fulfilment="maybe", version=2
        )
    indicator.is_active = False
    indicator.save()
    with pytest.raises(ValidationError):
        services.assess_preparedness(rsa, by=chief, indicator=indicator, fulfilment="met",
                                     version=2)  # fmt: skip
    rows = services.preparedness_of(rsa)
    assert rows[0]["indicator"] == indicator  # a retired indicator it was assessed on stays
    unit_analysis = make_analysis(org.alfa_unit, org.area, by=chief)
    with pytest.raises(ValidationError):
        services.assess_preparedness(
            unit_analysis, by=chief, indicator=PreparednessIndicator.objects.last(),
            fulfilment="met",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.assess_preparedness(
            rsa, by=org.user(Role.BOARD_MEMBER), indicator=PreparednessIndicator.objects.last(),
            fulfilment="met",
        )  # fmt: skip


def test_the_preparedness_page_saves_an_assessment_and_the_report_shows_it(org, chief):
    rsa = _rsa(org, chief, 2023)
    indicator = PreparednessIndicator.objects.first()
    client = Client()
    client.force_login(chief)
    assert client.get(f"/risker/{rsa.pk}/krisberedskap/").status_code == 200
    url = f"/risker/{rsa.pk}/krisberedskap/{indicator.pk}/"
    assert client.post(url, {"fulfilment": "nope"}).status_code == 422
    assert client.post(url, {"fulfilment": "not_met", "comment": "Saknas"}).status_code == 302
    assert client.post(url, {"fulfilment": "met"}).status_code == 409  # no version: stale
    from sakra.risks import report

    data = report.gather(RiskAnalysis.objects.get(pk=rsa.pk))
    assessed = [row for row in data.preparedness if row["assessment"]]
    assert assessed[0]["assessment"].comment == "Saknas"
    assert b"Saknas" in report.docx_bytes(data) or report.docx_bytes(data)


def test_the_follow_up_is_recorded_for_a_later_year_of_an_approved_rsa(org, chief, forum):
    rsa = _rsa(org, chief, 2019)
    with pytest.raises(ValidationError):
        services.record_follow_up(rsa, by=chief, year=2020, summary="För tidigt")
    rsa = _approve(rsa, chief, forum, datetime.date(2019, 10, 1))
    for year in (2019, 2023, True):
        with pytest.raises(ValidationError):
            services.record_follow_up(rsa, by=chief, year=year, summary="Fel år")
    with pytest.raises(ValidationError):
        services.record_follow_up(rsa, by=chief, year=2021, summary="  ")
    row = services.record_follow_up(rsa, by=chief, year=2021, summary="Klart")
    row = services.record_follow_up(rsa, by=chief, year=2021, summary="Ändrat", version=1)
    assert (row.summary, row.version) == ("Ändrat", 2)
    client = Client()
    client.force_login(chief)
    response = client.post(f"/risker/{rsa.pk}/uppfoljning/", {"year": "2022", "summary": "Ok"})
    assert response.status_code == 302
    assert rsa.follow_ups.count() == 2


# --- a new matrix version --------------------------------------------------------------------


def _new_matrix(**changes):
    current = MatrixVersion.objects.current()
    fields = {name: getattr(current, name) for name in
              ("likelihood_labels", "consequence_labels", "level_labels", "levels",
               "acceptable_level", "review_days")}  # fmt: skip
    fields.update(changes)
    return MatrixVersion.objects.create(number=current.number + 1, **fields)


def test_the_preview_shows_which_levels_change_before_the_move(org, chief):
    analysis = make_analysis(org.alfa_unit, org.area, by=chief)
    high = make_risk(analysis, org.area, chief, by=chief, likelihood=3, consequence=4, title="A")
    low = make_risk(analysis, org.area, chief, by=chief, likelihood=1, consequence=1, title="B")
    levels = [[min(4, con) for con in range(1, 6)] for _lik in range(1, 6)]  # by consequence
    target = _new_matrix(levels=levels)
    preview = services.matrix_changes(analysis, target)
    by_risk = {row["risk"].pk: row for row in preview["rows"]}
    assert by_risk[high.pk]["changed"]
    assert [(s["old"], s["new"]) for s in by_risk[high.pk]["steps"]][:2] == [(3, 4), (3, 4)]
    assert by_risk[high.pk]["was_acceptable"] is False and by_risk[high.pk]["acceptable"] is False
    assert not by_risk[low.pk]["changed"]
    high.refresh_from_db()
    assert high.current_level == 3  # nothing applied by the preview
    client = Client()
    client.force_login(chief)
    response = client.get(f"/risker/{analysis.pk}/matris/")
    assert response.status_code == 200
    assert response.context["preview"]["changed"] == preview["changed"]
    response = client.post(f"/risker/{analysis.pk}/matris/",
                           {"version": analysis.version, "matrix": target.number})  # fmt: skip
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert analysis.matrix == target


def test_the_move_recomputes_levels_and_refuses_what_does_not_fit(org, chief, forum):
    analysis = make_analysis(org.alfa_unit, org.area, by=chief)
    risk = make_risk(analysis, org.area, chief, by=chief, likelihood=2, consequence=3)
    assert risk.current_level == 2
    everything_high = _new_matrix(levels=[[4] * 5 for _ in range(5)], acceptable_level=3)
    moved = services.move_to_matrix(
        analysis, by=chief, version=analysis.version, matrix=everything_high
    )
    risk.refresh_from_db()
    assert (moved.matrix, risk.current_level, risk.inherent_level, risk.version) == (
        everything_high, 4, 4, 2,
    )  # fmt: skip
    with pytest.raises(ValidationError):  # not newer
        services.move_to_matrix(moved, by=chief, version=moved.version, matrix=everything_high)
    smaller = _new_matrix(
        likelihood_labels=["Låg", "Hög"], consequence_labels=["Liten", "Stor"],
        levels=[[1, 2], [2, 4]], acceptable_level=2,
    )  # fmt: skip
    make_risk(moved, org.area, chief, by=chief, likelihood=5, consequence=1, title="Stor")
    with pytest.raises(ValidationError) as refused:
        services.move_to_matrix(moved, by=chief, version=moved.version, matrix=smaller)
    assert "matrix" in refused.value.message_dict
    approved = make_analysis(org.alfa_unit, org.area, by=chief, title="Fastställd")
    approved = _approve(approved, chief, forum, timezone.localdate())
    with pytest.raises(ValidationError):
        services.move_to_matrix(approved, by=chief, version=approved.version, matrix=smaller)


# --- the indicator of analyses approved in the year -------------------------------------------


def test_analyses_approved_in_the_year_are_counted_per_area(org, chief, forum):
    from sakra.goals import services as goals

    year = timezone.localdate().year
    for area, n in ((org.area, 2), (org.other_area, 1)):
        for i in range(n):
            analysis = make_analysis(org.alfa_unit, area, by=chief, title=f"{area} {i}")
            _approve(analysis, chief, forum, timezone.localdate())
    make_analysis(org.alfa_unit, org.area, by=chief, title="Utkast")
    confidential = make_analysis(org.alfa_unit, org.area, by=chief, confidential=True,
                                 title="Skyddad bedömning")  # fmt: skip
    _approve(confidential, chief, forum, timezone.localdate())
    goal = goals.create_goal(owner=chief, title="Riskanalyser per område", area=org.area,
                             start_year=year - 1, end_year=year + 1)  # fmt: skip
    indicator = goals.create_indicator(
        goal=goal, title="Fastställda", kind="analyses_approved", baseline_year=year - 1,
        target_year=year + 1, target_value=Decimal(5),
    )  # fmt: skip
    values = AnalysesApproved().compute(chief, [indicator], [year - 1, year])[indicator.pk]
    assert values == {year - 1: Decimal(0), year: Decimal(3)}  # the confidential one counted
    client = Client()
    client.force_login(chief)
    response = client.get(AnalysesApproved().rows_url(indicator, year))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 3  # the goal's area, per viewer


# --- the report's data and the RSA's page at any size ----------------------------------------


def test_the_report_data_and_the_rsa_page_read_a_constant_number_of_queries(org, chief, forum):
    from django.contrib.contenttypes.models import ContentType

    from sakra.actions.models import Action
    from sakra.risks import report
    from sakra.risks.models import Risk

    rsa = _rsa(org, chief, cycle.period_of(timezone.localdate().year).first_year)
    client = Client()
    client.force_login(chief)

    def grow(n):
        for i in range(n):
            risk = make_risk(rsa, org.area, chief, by=chief, title=f"Risk {i}",
                             likelihood=1 + i % 5, consequence=1 + (i * 3) % 5,
                             treatment="reduce", justification="Åtgärder")  # fmt: skip
            Action.objects.create(
                title=f"Åtgärd {i}", owner=chief, unit=org.alfa_unit, area=org.area,
                due_date=timezone.localdate(), created_by=chief, source_id=risk.pk,
                source_type=ContentType.objects.get_for_model(Risk),
            )  # fmt: skip
            service = services.add_critical_service(
                by=chief, name=f"Tjänst {i}", unit=org.alfa_unit, tolerable_outage_hours=1,
                analysis=rsa,
            )  # fmt: skip
            services.add_dependency(service, by=chief, kind="water", tolerable_outage_hours=1)
        for indicator in PreparednessIndicator.objects.filter(assessments=None)[:n]:
            services.assess_preparedness(rsa, by=chief, indicator=indicator, fulfilment="met")

    def counts():
        analysis = RiskAnalysis.objects.select_related("matrix").get(pk=rsa.pk)
        with count_queries() as gathered:
            report.gather(analysis)
        with count_queries() as page:
            assert client.get(f"/risker/{rsa.pk}/").status_code == 200
        return len(gathered), len(page)

    grow(1)
    client.get(f"/risker/{rsa.pk}/")
    one = counts()
    grow(30)
    assert counts() == one
