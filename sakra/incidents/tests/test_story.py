"""The incident's story (issue 17): what was done about it, its duties when it is closed, its
category and its awareness corrected by the handler, and duties "without delay"."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.actions import services as actions
from sakra.actions.choices import ActionChange
from sakra.core.concurrency import StaleVersion
from sakra.incidents import corrections, services, summary
from sakra.incidents.choices import Status, TimelineKind
from sakra.incidents.models import Incident

pytestmark = pytest.mark.django_db


def _posts(incident, kind):
    return list(incident.timeline.filter(kind=kind).order_by("created_at", "id"))


def _close(incident, by, **kwargs):
    """Through investigation and decided actions; returns the incident before closing."""
    for status in (Status.UNDER_INVESTIGATION, Status.ACTIONS_DECIDED):
        incident = services.change_status(incident, by=by, status=status, version=incident.version)
    return services.change_status(
        incident, by=by, status=Status.CLOSED, version=incident.version, **kwargs
    )


# --- 1. Every action linked to an incident writes its state changes into the timeline ------


def test_each_state_change_of_an_action_is_a_post_on_its_incidents_timeline(org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    owner = org.user(Role.MANAGER, full_name="Maria Chef")
    incident = report(org.user())
    due = timezone.localdate() + timedelta(days=30)
    action = actions.create_action(
        source=incident, title="Byt lås i soprummet", owner=owner, due_date=due, by=coordinator
    )
    action = actions.start_action(action, by=owner, version=action.version)
    action = actions.complete_action(action, by=owner, version=action.version)
    action = actions.record_effect(
        action, by=coordinator, version=action.version, was_effective=False,
        note="Dörren står fortfarande öppen",
        follow_up=actions.PlannedAction(title="Montera dörrstängare", owner=owner, due_date=due),
    )  # fmt: skip
    follow_up = action.follow_ups.get()
    actions.cancel_action(follow_up, by=coordinator, version=follow_up.version, reason="Ny dörr")

    posts = _posts(incident, TimelineKind.ACTION)
    assert [(p.data["change"], p.data["action"], p.text) for p in posts] == [
        (ActionChange.CREATED, action.pk, "Byt lås i soprummet"),
        (ActionChange.STARTED, action.pk, "Byt lås i soprummet"),
        (ActionChange.COMPLETED, action.pk, "Byt lås i soprummet"),
        (ActionChange.NOT_EFFECTIVE, action.pk, "Byt lås i soprummet"),
        (ActionChange.CREATED, follow_up.pk, "Montera dörrstängare"),
        (ActionChange.CANCELLED, follow_up.pk, "Montera dörrstängare"),
    ]
    assert posts[0].author == coordinator and posts[1].author == owner
    assert posts[0].data["owner"] == owner.pk and posts[0].data["due_date"] == due.isoformat()
    assert posts[4].data["follows_up"] == action.pk


def test_an_effective_action_and_the_page_that_tells_it(client, org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    owner = org.user(Role.MANAGER, full_name="Maria Chef")
    incident = report(org.user())
    due = timezone.localdate() + timedelta(days=30)
    action = actions.create_action(
        source=incident, title="Byt lås", owner=owner, due_date=due, by=coordinator
    )
    action = actions.complete_action(action, by=owner, version=action.version)
    actions.record_effect(action, by=coordinator, version=action.version, was_effective=True)
    client.force_login(coordinator)
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert f"Åtgärd skapad: ”Byt lås”. Ansvarig: Maria Chef, sista dag {due.isoformat()}." in page
    assert "Åtgärd genomförd: ”Byt lås”." in page
    assert "Effekt uppföljd: åtgärden fick avsedd effekt: ”Byt lås”." in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Action created: “Byt lås”. Owner: Maria Chef" in page


def test_a_refused_action_leaves_no_post(org, report):
    incident = report(org.user())
    with pytest.raises(PermissionDenied):
        actions.create_action(
            source=incident, title="Byt lås", owner=org.user(Role.MANAGER),
            due_date=timezone.localdate() + timedelta(days=3), by=org.user(Role.EMPLOYEE),
        )  # fmt: skip
    assert not _posts(incident, TimelineKind.ACTION)


def test_the_timeline_is_one_query_however_many_action_posts(client, org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())
    due = timezone.localdate() + timedelta(days=30)

    def add_actions(count):
        for n in range(count):
            owner = org.user(Role.MANAGER)  # a new person each time: their names in one query
            action = actions.create_action(
                source=incident, title=f"Åtgärd {n}", owner=owner, due_date=due, by=coordinator
            )
            actions.complete_action(action, by=owner, version=action.version)

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 200
        timeline = [q for q in queries.captured_queries if "incidents_timelineentry" in q["sql"]]
        return len(queries), len(timeline)

    client.force_login(coordinator)
    add_actions(1)
    one = page_queries()
    add_actions(24)
    assert incident.timeline.filter(kind=TimelineKind.ACTION).count() == 50
    assert page_queries() == one
    assert one[1] == 1


def test_a_restricted_reports_partial_reader_sees_that_an_action_changed_not_its_title(
    client, org, report, threat
):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user(), category=threat)
    actions.create_action(
        source=incident, title="Samtal med Kim", owner=org.user(Role.MANAGER),
        due_date=timezone.localdate() + timedelta(days=3), by=coordinator,
    )  # fmt: skip
    client.force_login(org.user(Role.AUDITOR))
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    # The action itself is the actions module's, read as its access says; the timeline's copy
    # of its title is the report's free text, hidden like a comment.
    timeline = page.split('id="timeline-heading"')[1]
    assert "Åtgärd skapad." in timeline and "Kim" not in timeline
    api = client.get(f"/api/v1/incidents/{incident.pk}/timeline").json()
    assert [p["text"] for p in api if p["kind"] == "action"] == [""]


# --- 2. Closing with duties open asks for a confirmation and records it ---------------------


def test_closing_with_a_duty_unreported_is_refused_naming_it_then_confirmed(org, report, threat):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user(), category=threat)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        with pytest.raises(ValidationError) as refused:
            _close(incident, coordinator)
        [message] = refused.value.message_dict["confirm_open_obligations"]
        assert "Arbetsmiljöverket: Anmälan av allvarligt tillbud (försenad)" in message
        incident.refresh_from_db()
        assert incident.status == Status.ACTIONS_DECIDED
        closed = services.change_status(
            incident, by=coordinator, status=Status.CLOSED, version=incident.version,
            confirm_open_obligations=True,
        )  # fmt: skip
    assert closed.status == Status.CLOSED
    post = _posts(incident, TimelineKind.STATUS_CHANGE)[-1]
    assert post.data["open_obligations"] == ["av-serious-incident"]
    assert post.data["overdue_obligations"] == ["av-serious-incident"]


def test_closing_with_every_duty_reported_needs_no_confirmation(org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())  # fire: the IMY duty
    services.record_obligation_reported(
        incident.obligations.get(), by=coordinator, version=incident.version
    )
    incident.refresh_from_db()
    assert _close(incident, coordinator).status == Status.CLOSED
    assert "open_obligations" not in _posts(incident, TimelineKind.STATUS_CHANGE)[-1].data


def test_the_page_asks_for_the_confirmation_and_the_timeline_keeps_it(client, org, report, threat):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user(), category=threat)
    for status in (Status.UNDER_INVESTIGATION, Status.ACTIONS_DECIDED):
        incident = services.change_status(
            incident, by=coordinator, status=status, version=incident.version
        )
    client.force_login(coordinator)
    url = reverse("incidents:status", args=[incident.pk])
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Vid avslut: jag bekräftar" in page and "Anmälan av allvarligt tillbud" in page
    refused = client.post(url, {"status": Status.CLOSED, "version": incident.version})
    assert refused.status_code == 422
    assert "Inte registrerad som rapporterad till myndigheten" in refused.content.decode()
    confirmed = client.post(
        url,
        {"status": Status.CLOSED, "version": incident.version, "confirm_open_obligations": "on"},
    )
    assert confirmed.status_code == 302
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Avslutad utan registrerad rapportering till myndigheten (bekräftat)" in page
    assert "inte rapporterad; avvikelsen handläggs inte längre" in page


def test_the_api_asks_for_the_confirmation_too(client, org, report, threat):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user(), category=threat)
    for status in (Status.UNDER_INVESTIGATION, Status.ACTIONS_DECIDED):
        incident = services.change_status(
            incident, by=coordinator, status=status, version=incident.version
        )
    client.force_login(coordinator)
    url = f"/api/v1/incidents/{incident.pk}/status"
    body = {"status": "closed", "version": incident.version}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 422
    assert "confirm_open_obligations" in refused.json()["errors"]
    body["confirm_open_obligations"] = True
    assert client.post(url, body, content_type="application/json").json()["status"] == "closed"


def test_a_closed_incident_is_no_longer_flagged_overdue(client, org, report, fire):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    still_open = report(org.user(), description="Öppen")
    closed = report(org.user(), description="Stängd")
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        _close(closed, coordinator, confirm_open_obligations=True)
        flags = dict(Incident.objects.with_overdue().values_list("pk", "has_overdue"))
        assert flags == {still_open.pk: True, closed.pk: False}
        client.force_login(org.user(Role.SECURITY_CHIEF))
        listed = client.get(reverse("incidents:list"))
        rows = {row.reference: row.has_overdue for row in listed.context["rows"]}
        assert rows == {still_open.reference: True, closed.reference: False}
        assert listed.content.decode().count("Försenad rapportering</span>") == 1
        overdue = client.get(reverse("incidents:list"), {"overdue": "true"})
        assert [i.pk for i in overdue.context["incidents"]] == [still_open.pk]
        waiting = client.get(reverse("incidents:obligations")).context["obligations"]
        assert [row.incident_id for row in waiting] == [still_open.pk]


# --- 3. The handler changes the category; the duties follow -----------------------------


def test_the_handler_changes_the_category_and_the_duties_follow(org, report, fire, threat):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())  # fire: IMY's 72 hours
    assert incident.handler == coordinator
    changed = corrections.change_category(
        incident, by=coordinator, category=threat, version=incident.version
    )
    assert (changed.category, changed.area, changed.is_restricted) == (threat, org.area, True)
    assert changed.version == incident.version + 1
    duty = changed.obligations.get()
    assert duty.obligation.code == "av-serious-incident"
    assert duty.due_at == changed.aware_at + timedelta(hours=24)  # without delay: the grace
    [post] = _posts(changed, TimelineKind.CATEGORY_CHANGE)
    assert post.author == coordinator
    assert post.data == {"from": fire.pk, "to": threat.pk, "added": ["av-serious-incident"],
                         "removed": ["gdpr-imy"]}  # fmt: skip
    assert summary.differences() == []  # the yearly count moved with it


def test_a_duty_already_reported_stays_when_the_category_changes(org, report, threat):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())
    services.record_obligation_reported(
        incident.obligations.get(), by=coordinator, version=incident.version,
        authority_reference="IMY-1",
    )  # fmt: skip
    incident.refresh_from_db()
    corrections.change_category(incident, by=coordinator, category=threat, version=incident.version)
    codes = dict(incident.obligations.values_list("obligation__code", "authority_reference"))
    assert codes == {"gdpr-imy": "IMY-1", "av-serious-incident": ""}


def test_the_reporter_may_not_change_the_category(org, report, threat):
    reporter = org.user(Role.EMPLOYEE)
    incident = report(reporter)
    with pytest.raises(PermissionDenied):
        corrections.change_category(
            incident, by=reporter, category=threat, version=incident.version
        )


def test_a_stale_or_unknown_category_change_is_refused(org, report, threat):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())
    with pytest.raises(StaleVersion):
        corrections.change_category(
            incident, by=coordinator, category=threat, version=incident.version + 1
        )
    threat.is_active = False
    threat.save()
    with pytest.raises(ValidationError) as refused:
        corrections.change_category(
            incident, by=coordinator, category=threat, version=incident.version
        )
    assert "category" in refused.value.message_dict


def test_category_through_the_form_and_the_api(client, org, report, fire, threat):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())
    client.force_login(coordinator)
    reply = client.post(
        reverse("incidents:category", args=[incident.pk]),
        {"category": threat.pk, "version": incident.version},
    )
    assert reply.status_code == 302
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Kategori: Brand → Hot." in page
    assert "Rapporteringsskyldigheter tillagda: Arbetsmiljöverket: Anmälan av allvarligt" in page
    incident.refresh_from_db()
    reply = client.post(
        f"/api/v1/incidents/{incident.pk}/category",
        {"category_id": fire.pk, "version": incident.version},
        content_type="application/json",
    )
    assert reply.status_code == 200 and reply.json()["category_id"] == fire.pk
    assert [o["code"] for o in reply.json()["obligations"]] == ["gdpr-imy"]
    # The reporter's own report: they read it, they do not reclassify it.
    client.force_login(incident.reporter)
    reply = client.post(
        reverse("incidents:category", args=[incident.pk]),
        {"category": threat.pk, "version": incident.version + 1},
    )
    assert reply.status_code == 403


# --- 4. When the region became aware: the form, every path's rule, the handler's correction --


def _report_form(org, fire, **values):
    data = {
        "category": fire.pk, "occurred_at": "", "unit": org.alfa_unit.pk,
        "description": "Rök i soprummet", "people_harmed": "0", "idempotency_key": "k",
    }  # fmt: skip
    data.update(values)
    return data


def test_the_report_form_takes_when_the_region_became_aware(client, org, fire):
    client.force_login(org.user(Role.EMPLOYEE))
    page = client.get(reverse("incidents:report")).content.decode()
    assert "Regionen fick kännedom" in page
    occurred = timezone.localtime() - timedelta(days=2)
    aware = occurred + timedelta(hours=3)
    reply = client.post(
        reverse("incidents:report"),
        _report_form(org, fire, occurred_at=occurred.strftime("%Y-%m-%dT%H:%M"),
                     aware_at=aware.strftime("%Y-%m-%dT%H:%M")),
    )  # fmt: skip
    assert reply.status_code == 302
    incident = Incident.objects.get()
    assert incident.aware_at == aware.replace(second=0, microsecond=0)
    assert incident.obligations.get().due_at == incident.aware_at + timedelta(hours=72)


def test_an_empty_awareness_means_now(client, org, fire):
    client.force_login(org.user(Role.EMPLOYEE))
    occurred = timezone.localtime() - timedelta(hours=5)
    before = timezone.now()
    reply = client.post(
        reverse("incidents:report"),
        _report_form(org, fire, occurred_at=occurred.strftime("%Y-%m-%dT%H:%M"), aware_at=""),
    )
    assert reply.status_code == 302
    assert Incident.objects.get().aware_at >= before


@pytest.mark.parametrize(
    ("aware", "message"),
    [(timedelta(days=2), "framtiden"), (timedelta(hours=-3), "innan det hände")],
    ids=["future", "before-occurrence"],
)
def test_awareness_in_the_future_or_before_the_event_is_refused_on_the_form(
    client, org, fire, aware, message
):
    client.force_login(org.user(Role.EMPLOYEE))
    occurred = timezone.localtime() - timedelta(hours=1)
    reply = client.post(
        reverse("incidents:report"),
        _report_form(org, fire, occurred_at=occurred.strftime("%Y-%m-%dT%H:%M"),
                     aware_at=(occurred + aware).strftime("%Y-%m-%dT%H:%M")),
    )  # fmt: skip
    assert reply.status_code == 422
    assert reply.context["form"].errors["aware_at"][0].find(message) >= 0
    assert not Incident.objects.exists()


def test_the_api_refuses_awareness_in_the_future(client, org, fire):
    client.force_login(org.user(Role.EMPLOYEE))
    reply = client.post(
        "/api/v1/incidents",
        {"category_id": fire.pk, "occurred_at": timezone.now().isoformat(),
         "aware_at": (timezone.now() + timedelta(days=400)).isoformat(),
         "unit_id": org.alfa_unit.pk, "description": "Rök"},
        content_type="application/json",
    )  # fmt: skip
    assert reply.status_code == 422 and "aware_at" in reply.json()["errors"]
    assert not Incident.objects.exists()


def test_the_handler_corrects_awareness_and_the_pending_duties_follow(org, report, fire):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())
    earlier = incident.occurred_at + timedelta(minutes=10)
    old = incident.aware_at
    corrected = corrections.correct_awareness(
        incident, by=coordinator, aware_at=earlier, version=incident.version
    )
    assert corrected.aware_at == earlier
    assert corrected.obligations.get().due_at == earlier + timedelta(hours=72)
    [post] = _posts(corrected, TimelineKind.AWARENESS_CORRECTED)
    assert post.data["from"] == old.isoformat() and post.data["to"] == earlier.isoformat()
    assert post.author == coordinator


def test_a_correction_keeps_the_rule_and_the_reported_duty(org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())
    services.record_obligation_reported(
        incident.obligations.get(), by=coordinator, version=incident.version
    )
    incident.refresh_from_db()
    due = incident.obligations.get().due_at
    for moment, field in (
        (timezone.now() + timedelta(days=1), "aware_at"),
        (incident.occurred_at - timedelta(minutes=1), "aware_at"),
    ):
        with pytest.raises(ValidationError) as refused:
            corrections.correct_awareness(
                incident, by=coordinator, aware_at=moment, version=incident.version
            )
        assert field in refused.value.message_dict
    corrections.correct_awareness(
        incident, by=coordinator, aware_at=incident.occurred_at, version=incident.version
    )
    assert incident.obligations.get().due_at == due  # reported: its deadline is history
    with pytest.raises(PermissionDenied):
        corrections.correct_awareness(
            incident, by=incident.reporter, aware_at=incident.occurred_at,
            version=incident.version + 1,
        )  # fmt: skip


def test_awareness_through_the_form_and_the_api(client, org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())
    client.force_login(coordinator)
    url = reverse("incidents:awareness", args=[incident.pk])
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(url, {"aware_at": future, "version": incident.version})
    assert refused.status_code == 422
    assert "Regionen kan inte få kännedom i framtiden" in refused.content.decode()
    moment = timezone.localtime(incident.occurred_at).replace(second=0, microsecond=0)
    moment += timedelta(minutes=1)
    reply = client.post(
        url, {"aware_at": moment.strftime("%Y-%m-%dT%H:%M"), "version": incident.version}
    )
    assert reply.status_code == 302
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "Regionen fick kännedom: " in page
    incident.refresh_from_db()
    reply = client.post(
        f"/api/v1/incidents/{incident.pk}/awareness",
        {"aware_at": incident.occurred_at.isoformat(), "version": incident.version},
        content_type="application/json",
    )
    assert reply.status_code == 200 and reply.json()["version"] == incident.version + 1


# --- 5. A duty "without delay": due now, overdue after the region's grace ----------------


def test_a_duty_without_delay_is_due_now_and_overdue_after_the_grace(
    client, org, report, threat, settings
):
    settings.SAKRA_WITHOUT_DELAY_GRACE_HOURS = 8
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user(), category=threat)
    duty = incident.obligations.get()
    assert duty.due_at == incident.aware_at + timedelta(hours=8)
    client.force_login(coordinator)
    url = reverse("incidents:detail", args=[incident.pk])
    page = client.get(url).content.decode()
    assert "Ska rapporteras nu" in page and "badge--red" not in page.split("Tidsfrist")[1][:400]
    api = client.get(f"/api/v1/incidents/{incident.pk}").json()["obligations"][0]
    assert (api["without_delay"], api["is_due_now"], api["is_overdue"]) == (True, True, False)
    assert not Incident.objects.with_overdue().get(pk=incident.pk).has_overdue
    with time_machine.travel(timezone.now() + timedelta(hours=9)):
        client.force_login(coordinator)  # a new session: the old one has gone idle
        page = client.get(url).content.decode()
        assert "Försenad</span>" in page and "Ska rapporteras nu" not in page
        assert Incident.objects.with_overdue().get(pk=incident.pk).has_overdue


def test_no_grace_is_the_regions_choice(org, report, threat, settings):
    settings.SAKRA_WITHOUT_DELAY_GRACE_HOURS = 0
    incident = report(org.user(), category=threat)
    assert incident.obligations.get().due_at == incident.aware_at


def test_retention_clears_an_action_posts_title_and_later_posts_carry_none(org, report):
    from sakra.incidents.retention import add_months, remove_personal_data

    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())
    due = timezone.localdate() + timedelta(days=30)
    action = actions.create_action(
        source=incident, title="Samtal med Kim", owner=coordinator, due_date=due, by=coordinator
    )
    incident.refresh_from_db()
    incident = services.change_status(
        incident, by=coordinator, status=Status.DISMISSED, version=incident.version,
        reason="Fel", dismissal_kind="mistake",
    )  # fmt: skip
    Incident.objects.filter(pk=incident.pk).update(closed_at=add_months(timezone.now(), -40))
    assert remove_personal_data(incident.pk)
    actions.complete_action(action, by=coordinator, version=action.version)
    assert [p.text for p in _posts(incident, TimelineKind.ACTION)] == ["", ""]


@pytest.mark.parametrize(
    "aware_at", ["2099-01-01 08:00", "2019-03-14 08:00"], ids=["future", "before-occurrence"]
)
def test_the_import_refuses_awareness_in_the_future_or_before_the_event(
    org, fire, tmp_path, capsys, aware_at
):
    from django.core.management import CommandError, call_command

    path = tmp_path / "old.csv"
    path.write_text(
        "external_id;category;unit;occurred_at;aware_at;description\n"
        f"gammal-1;{fire.code};{org.alfa_unit.code};2019-03-14 08:30;{aware_at};Brand\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import_incidents", str(path))
    assert "aware_at" in capsys.readouterr().err
    assert not Incident.objects.exists()


def test_a_category_that_takes_the_incident_out_of_scope_leads_back_to_the_list(
    client, org, report, threat
):
    org.user(Role.SECURITY_COORDINATOR)  # the handler
    fire_coordinator = org.user(Role.SECURITY_COORDINATOR, unit=org.alfa, area=org.other_area)
    incident = report(org.user())  # fire, in org.other_area
    client.force_login(fire_coordinator)
    reply = client.post(
        reverse("incidents:category", args=[incident.pk]),
        {"category": threat.pk, "version": incident.version},
    )
    assert reply.status_code == 302 and reply["Location"] == reverse("incidents:list")
    incident.refresh_from_db()
    assert incident.category == threat
