import re
from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.core.concurrency import StaleVersion
from sakra.incidents import services
from sakra.incidents.choices import DismissalKind, Severity, Status, TimelineKind
from sakra.incidents.models import Incident, IncidentObligation, OnCallShift, TimelineEntry
from sakra.incidents.tasks import escalate_unacknowledged


def test_report_allocates_reference_obligations_and_default_handler(org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    reporter = org.user(Role.EMPLOYEE)
    incident = report(reporter)
    year = timezone.localtime(incident.aware_at).year
    assert re.fullmatch(rf"AVV-{year}-\d{{6}}", incident.reference)
    assert incident.handler == coordinator
    assert incident.administration == org.alfa
    assert incident.area == org.other_area
    assert incident.severity == Severity.MODERATE
    assert incident.occurred_year == timezone.localtime(incident.occurred_at).year
    obligation = incident.obligations.get()
    assert obligation.due_at == incident.aware_at + timedelta(hours=72)
    assert Notification.objects.filter(recipient=coordinator).count() == 1
    assert incident.timeline.filter(kind=TimelineKind.ASSIGNMENT).exists()


def test_fifty_reports_get_unique_consecutive_references(org, report):
    reporter = org.user()
    refs = [report(reporter, description=f"Händelse {n}").reference for n in range(50)]
    assert len(set(refs)) == 50
    numbers = sorted(int(ref.rsplit("-", 1)[1]) for ref in refs)
    assert numbers == list(range(numbers[0], numbers[0] + 50))


@pytest.mark.parametrize(
    "text",
    ["Detta är HEMLIG information", "begränsat hemlig", "Konfidentiellt? nej: KONFIDENTIELL",
     "kvalificerat   hemlig"],
)  # fmt: skip
def test_classification_marking_is_refused_and_nothing_saved(org, report, text):
    with pytest.raises(ValidationError) as exc:
        report(org.user(), immediate_measures=text)
    assert "immediate_measures" in exc.value.message_dict
    assert "Sakra" in exc.value.message_dict["immediate_measures"][0]
    assert Incident.objects.count() == 0
    assert IncidentObligation.objects.count() == 0


def test_ordinary_words_are_not_markings(org, report):
    incident = report(org.user(), description="Hemligheter? Nej, en hemligt placerad nyckel.")
    assert incident.pk


def test_idempotent_replay_and_conflict(org, report):
    reporter = org.user()
    first = report(reporter, idempotency_key="k1")
    again = report(reporter, idempotency_key="k1")
    assert again.pk == first.pk
    assert Incident.objects.count() == 1
    with pytest.raises(services.IdempotencyConflict):
        report(reporter, idempotency_key="k1", description="Något annat")
    # The same key from someone else is their own report.
    other = report(org.user(), idempotency_key="k1")
    assert other.pk != first.pk


def test_anonymous_only_where_allowed_and_reporter_not_stored(org, report, threat, fire):
    reporter = org.user()
    with pytest.raises(ValidationError) as exc:
        report(reporter, category=fire, anonymous=True)
    assert "anonymous" in exc.value.message_dict
    incident = report(reporter, category=threat, anonymous=True, idempotency_key="a1")
    assert incident.reporter_id is None
    assert incident.is_restricted
    assert report(reporter, category=threat, anonymous=True, idempotency_key="a1") == incident


def test_future_time_and_missing_description_refused(org, report):
    with pytest.raises(ValidationError) as exc:
        report(org.user(), occurred_at=timezone.now() + timedelta(days=1), description=" ")
    assert {"occurred_at", "description"} <= set(exc.value.message_dict)


def test_acute_goes_to_partner_on_duty(org, report, threat):
    on_duty = org.user(Role.SECURITY_PARTNER)
    other_partner = org.user(Role.SECURITY_PARTNER)
    now = timezone.now()
    OnCallShift.objects.create(
        person=on_duty, administration=org.alfa, starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )  # fmt: skip
    incident = report(org.user(), category=threat, is_acute=True)
    assert Notification.objects.filter(recipient=on_duty, send_email=True).exists()
    assert not Notification.objects.filter(recipient=other_partner).exists()
    entry = incident.timeline.get(kind=TimelineKind.NOTIFICATION_SENT)
    assert entry.data["reason"] == "on_call"


def test_acute_without_roster_goes_to_partners_in_scope(org, report, threat):
    partner = org.user(Role.SECURITY_PARTNER)
    beta_partner = org.user(Role.SECURITY_PARTNER, unit=org.beta)
    report(org.user(), category=threat, is_acute=True)
    assert Notification.objects.filter(recipient=partner).exists()
    assert not Notification.objects.filter(recipient=beta_partner).exists()


def test_escalation_with_frozen_clock(org, report, threat, settings):
    settings.SAKRA_ACUTE_ESCALATION_MINUTES = 15
    chief = org.user(Role.SECURITY_CHIEF)
    partner = org.user(Role.SECURITY_PARTNER)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        late = report(org.user(), category=threat, is_acute=True, description="Hot i entrén")
        acked = report(org.user(), category=threat, is_acute=True, description="Hot i kassan")
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        services.acknowledge(acked, by=partner)
        assert escalate_unacknowledged.call() == 0
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert escalate_unacknowledged.call() == 1
        assert escalate_unacknowledged.call() == 0  # once only
    assert (
        Notification.objects.filter(recipient=chief, subject__contains=late.reference).count() == 1
    )
    assert not Notification.objects.filter(recipient=chief, subject__contains=acked.reference)
    assert acked.timeline.filter(kind=TimelineKind.ACKNOWLEDGEMENT, author=partner).exists()
    late.refresh_from_db()
    assert late.escalated_at == start + timedelta(minutes=16)


def test_acknowledge_twice_and_non_acute_refused(org, report, threat):
    partner = org.user(Role.SECURITY_PARTNER)
    acute = report(org.user(), category=threat, is_acute=True)
    services.acknowledge(acute, by=partner)
    with pytest.raises(ValidationError):
        services.acknowledge(acute, by=org.user(Role.SECURITY_CHIEF))
    calm = report(org.user())
    with pytest.raises(PermissionDenied):  # a partner acknowledges acute reports only
        services.acknowledge(calm, by=partner)


def test_status_transitions_and_stale_version(org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())
    with pytest.raises(ValidationError):
        services.change_status(
            incident, by=coordinator, status=Status.CLOSED, version=incident.version
        )
    incident = services.change_status(
        incident, by=coordinator, status=Status.UNDER_INVESTIGATION, version=1
    )
    assert incident.version == 2
    with pytest.raises(StaleVersion):
        services.change_severity(incident, by=coordinator, severity=Severity.HIGH, version=1)
    with pytest.raises(ValidationError) as exc:
        services.change_status(incident, by=coordinator, status=Status.DISMISSED, version=2)
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # the reason alone does not say why
        services.change_status(
            incident, by=coordinator, status=Status.DISMISSED, version=2, reason="Fel"
        )
    assert "dismissal_kind" in exc.value.message_dict
    incident = services.change_status(
        incident, by=coordinator, status=Status.DISMISSED, version=2, reason="Fel",
        dismissal_kind=DismissalKind.MISTAKE,
    )  # fmt: skip
    assert incident.dismissed_reason == "Fel" and incident.closed_at
    assert Incident.objects.filter(pk=incident.pk).exists()  # nothing is deleted
    kinds = list(incident.timeline.values_list("kind", flat=True))
    assert kinds.count(TimelineKind.STATUS_CHANGE) == 2


def test_auditor_and_manager_cannot_change(org, report):
    incident = report(org.user())
    for role in (Role.AUDITOR, Role.MANAGER, Role.SECURITY_PARTNER):
        with pytest.raises(PermissionDenied):
            services.change_status(
                incident, by=org.user(role), status=Status.UNDER_INVESTIGATION, version=1
            )
    with pytest.raises(PermissionDenied):
        services.add_comment(incident, by=org.user(Role.AUDITOR), text="Hej")


def test_assign_handler_and_severity(org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    partner = org.user(Role.SECURITY_PARTNER)
    outsider = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    incident = report(org.user())
    with pytest.raises(ValidationError):
        services.assign_handler(incident, by=coordinator, handler=outsider, version=1)
    incident = services.assign_handler(incident, by=coordinator, handler=partner, version=1)
    assert incident.handler == partner
    # The new handler may now handle it.
    incident = services.change_severity(incident, by=partner, severity=Severity.CRITICAL, version=2)
    assert incident.severity == Severity.CRITICAL


def test_assigning_the_same_handler_again_changes_nothing(org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    partner = org.user(Role.SECURITY_PARTNER)
    incident = services.assign_handler(
        report(org.user()), by=coordinator, handler=partner, version=1
    )
    lines = incident.timeline.count()
    again = services.assign_handler(
        incident, by=coordinator, handler=partner, version=incident.version
    )
    assert (again.version, incident.timeline.count()) == (incident.version, lines)


def test_record_obligation_reported(org, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user())
    obligation = incident.obligations.get()
    services.record_obligation_reported(
        obligation, by=coordinator, version=1, authority_reference="IMY-2026-1"
    )
    obligation.refresh_from_db()
    assert obligation.reported_at and obligation.authority_reference == "IMY-2026-1"
    with pytest.raises(ValidationError):
        services.record_obligation_reported(obligation, by=coordinator, version=2)
    entry = TimelineEntry.objects.get(kind=TimelineKind.OBLIGATION_REPORTED)
    assert entry.data["late"] is False


def test_comment_with_marking_refused(org, report):
    incident = report(org.user())
    with pytest.raises(ValidationError):
        services.add_comment(
            incident, by=org.user(Role.SECURITY_COORDINATOR), text="Se HEMLIG bilaga"
        )
    assert not incident.timeline.filter(kind=TimelineKind.COMMENT).exists()


def test_restricted_read_is_logged(org, report, threat):
    incident = report(org.user(), category=threat)
    services.log_read(incident)
    assert LogEntry.objects.filter(
        object_pk=str(incident.pk), action=LogEntry.Action.ACCESS
    ).exists()
    plain = report(org.user())
    services.log_read(plain)
    assert not LogEntry.objects.filter(object_pk=str(plain.pk), action=LogEntry.Action.ACCESS)


def test_on_call_shift_rules(org):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    partner = org.user(Role.SECURITY_PARTNER)
    now = timezone.now()
    shift = services.add_on_call_shift(
        by=coordinator, person=partner, administration=org.alfa, starts_at=now,
        ends_at=now + timedelta(hours=8),
    )  # fmt: skip
    assert shift.created_by == coordinator
    with pytest.raises(PermissionDenied):
        services.add_on_call_shift(
            by=coordinator, person=partner, administration=org.beta, starts_at=now,
            ends_at=now + timedelta(hours=8),
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.add_on_call_shift(
            by=coordinator, person=org.user(), administration=org.alfa, starts_at=now,
            ends_at=now + timedelta(hours=8),
        )  # fmt: skip


def test_load_catalogue_is_idempotent(org):
    from sakra.organisation.services import load_area_preset

    load_area_preset("halland")
    created, skipped = services.load_catalogue()
    # Skipped: only the categories of seed 003's areas whose deviations are handled elsewhere.
    assert created >= 15 and set(skipped) == {
        "lakemedelsavvikelse", "mt-avvikelse", "vardskada", "smitta", "stralningshandelse",
        "hygienavvikelse",
    }  # fmt: skip
    assert services.load_catalogue() == (0, skipped)


def test_notifications_are_worded_in_the_regions_language_whatever_the_sender_reads(org, report):
    from django.utils import translation

    coordinator = org.user(Role.SECURITY_COORDINATOR)
    with translation.override("en"):  # the reporter reads Sakra in English
        incident = report(org.user())
    notification = Notification.objects.get(recipient=coordinator)
    assert notification.subject == f"Ny avvikelse att handlägga: {incident.reference}"
    assert notification.body == f"Brand på {incident.unit}."  # the category's Swedish name


def test_escalation_after_an_outage_is_sent_at_once_with_its_delay(org, report, threat, settings):
    """The worker was down from minute 5 to 40: the report due at 15 goes out at 40, once."""
    settings.SAKRA_ACUTE_ESCALATION_MINUTES = 15
    chief = org.user(Role.SECURITY_CHIEF)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        waiting = report(org.user(), category=threat, is_acute=True, description="Hot i entrén")
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        on_time = report(org.user(), category=threat, is_acute=True, description="Hot i kassan")
    with time_machine.travel(start + timedelta(minutes=40), tick=False):
        assert escalate_unacknowledged.call() == 1
        assert escalate_unacknowledged.call() == 0
    entry = waiting.timeline.get(kind=TimelineKind.NOTIFICATION_SENT, data__reason="escalation")
    assert entry.data["late_minutes"] == 25 and "25" in entry.text
    sent = Notification.objects.filter(recipient=chief, subject__contains=waiting.reference)
    assert sent.count() == 1
    with time_machine.travel(start + timedelta(minutes=46, seconds=30), tick=False):
        assert escalate_unacknowledged.call() == 1  # on time: no delay to tell
    entry = on_time.timeline.get(kind=TimelineKind.NOTIFICATION_SENT, data__reason="escalation")
    assert "late_minutes" not in entry.data
