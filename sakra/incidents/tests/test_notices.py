"""The authorities' notifications drafted from the incident (issue 15): pre-filled without
names, edited by the handler, exported, recorded as sent (which stops the duty's clock), a
follow-up where the law asks for one."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.concurrency import StaleVersion
from sakra.incidents.choices import NoticeKind, TimelineKind
from sakra.incidents.models import ReportingObligation, TimelineEntry
from sakra.incidents.notices import services, specs
from sakra.incidents.notices.models import AuthorityNotice
from sakra.incidents.notices.text import as_text

REPORTER = "Ada Rapportör"


@pytest.fixture
def breach(org, report, fire):
    """A personal data breach in Alfa enhet 1 (the fire fixture carries IMY's 72 hours)."""
    reporter = org.user(Role.EMPLOYEE, full_name=REPORTER)
    return report(
        reporter,
        description="Ada skickade journalen till fel mottagare, Bertil Patient",
        immediate_measures="Bad mottagaren radera",
        people_harmed=0,
    )


@pytest.fixture
def handler(org):
    return org.user(Role.SECURITY_COORDINATOR, full_name="Hanna Handläggare")


def _duty(incident, code="gdpr-imy"):
    return incident.obligations.select_related("obligation", "incident").get(obligation__code=code)


def test_the_pre_fill_takes_the_facts_and_leaves_names_and_words_out(breach, handler):
    filled = specs.prefilled("gdpr-imy", breach)
    text = " ".join(filled.values())
    assert "Fire" in text or "Brand" in text
    assert str(breach.unit) in text
    assert timezone.localtime(breach.aware_at).strftime("%Y-%m-%d %H:%M") in text
    for private in (REPORTER, "Ada", "Bertil", "journalen", "radera", handler.full_name):
        assert private not in text
    assert filled["contact"] == "" and filled["people_count"] == ""


def test_imy_draft_is_edited_exported_and_recorded_as_sent(breach, handler):
    duty = _duty(breach)
    content = {**specs.prefilled("gdpr-imy", breach), "people_count": "ca 40",
               "record_categories": "Journaluppgifter", "breach_kind": "confidentiality",
               "contact": "Dataskyddsombudet, dso@example.se"}  # fmt: skip
    notice = services.draft_notice(duty, by=handler, content=content)
    notice = services.edit_notice(
        notice, by=handler, version=notice.version, content={**content, "people_count": "41"}
    )
    assert notice.version == 2 and notice.content["people_count"] == "41"
    with pytest.raises(StaleVersion):
        services.edit_notice(notice, by=handler, version=1, content=content)
    text = as_text(notice)
    assert "41" in text and ("Konfidentialitet" in text or "Confidentiality" in text)
    assert REPORTER not in text and "Bertil" not in text
    duty.refresh_from_db()
    assert duty.reported_at is None and duty.is_pending
    sent_at = timezone.now() - timedelta(minutes=10)
    services.record_sent(notice, by=handler, version=notice.version, sent_at=sent_at,
                         authority_reference="IMY-2026-123")  # fmt: skip
    duty.refresh_from_db()
    # The clock shown on the incident stops: the duty is reported, with the case reference.
    assert duty.reported_at == sent_at and duty.authority_reference == "IMY-2026-123"
    assert duty.reported_by == handler and not duty.is_pending and not duty.is_overdue
    assert TimelineEntry.objects.filter(
        incident=breach, kind=TimelineKind.OBLIGATION_REPORTED
    ).exists()
    notice.refresh_from_db()
    assert (notice.sent_by, notice.authority_reference) == (handler, "IMY-2026-123")
    # Sent, it is the record of what IMY was told.
    with pytest.raises(ValidationError):
        services.edit_notice(notice, by=handler, version=notice.version, content=content)


def test_the_trail_says_what_changed_never_the_text(breach, handler):
    duty = _duty(breach)
    notice = services.draft_notice(
        duty, by=handler, content={"people_categories": "Bertil Patient och hans anhöriga"}
    )
    entries = LogEntry.objects.get_for_object(notice)
    assert entries.exists()
    assert all("Bertil" not in str(entry.changes) for entry in entries)
    assert any("people_categories" in entry.changes_dict for entry in entries)


def test_one_notification_per_duty_and_a_follow_up_only_after_it_is_sent(breach, handler):
    duty = _duty(breach)
    with pytest.raises(ValidationError):
        services.draft_notice(duty, by=handler, kind=NoticeKind.FOLLOW_UP, content={})
    notice = services.draft_notice(duty, by=handler, content={})
    with pytest.raises(ValidationError):
        services.draft_notice(duty, by=handler, content={})
    services.record_sent(notice, by=handler, version=notice.version, authority_reference="X-1")
    follow = services.draft_notice(
        duty, by=handler, kind=NoticeKind.FOLLOW_UP, content={"consequences": "Begränsade"}
    )
    services.record_sent(follow, by=handler, version=follow.version, authority_reference="X-1")
    assert TimelineEntry.objects.filter(data__follow_up=True, incident=breach).exists()


def test_no_follow_up_where_the_law_asks_for_none(org, report, threat, handler):
    incident = report(org.user(Role.EMPLOYEE), category=threat)
    duty = _duty(incident, "av-serious-incident")
    notice = services.draft_notice(duty, by=handler, content={})
    services.record_sent(notice, by=handler, version=notice.version)
    with pytest.raises(ValidationError):
        services.draft_notice(duty, by=handler, kind=NoticeKind.FOLLOW_UP, content={})


def test_refused_input(breach, handler):
    duty = _duty(breach)
    for bad in ({"breach_kind": "maybe"}, {"nature": "x" * 5001}, {"nature": "HEMLIG enligt OSL"}):
        with pytest.raises(ValidationError):
            services.draft_notice(duty, by=handler, content=bad)
    notice = services.draft_notice(duty, by=handler, content={"unknown": "kept out"})
    assert "unknown" not in notice.content
    with pytest.raises(ValidationError):
        services.record_sent(notice, by=handler, version=notice.version,
                             sent_at=timezone.now() + timedelta(days=1))  # fmt: skip


@pytest.mark.parametrize("role", [Role.MANAGER, Role.AUDITOR, Role.EMPLOYEE, Role.AREA_OWNER])
def test_only_those_who_handle_it_draft(org, breach, role):
    with pytest.raises(PermissionDenied):
        services.draft_notice(_duty(breach), by=org.user(role), content={})


def test_every_obligation_has_its_form(db):
    for obligation in ReportingObligation.objects.all():
        assert obligation.code in specs.SPECS
    assert specs.spec_for("a-region-s-own").fields  # one added by hand: the general form


def test_the_journey_through_the_pages(client, breach, handler):
    client.force_login(handler)
    duty = _duty(breach)
    detail = client.get(reverse("incidents:detail", args=[breach.pk])).content.decode()
    new_url = reverse("incidents:notice-new", args=[breach.pk, duty.pk])
    assert new_url in detail
    page = client.get(new_url)
    assert page.status_code == 200 and str(breach.unit) in page.content.decode()
    assert REPORTER not in page.content.decode().split("<main")[-1]
    data = {**specs.prefilled("gdpr-imy", breach), "people_count": "ca 40"}
    answer = client.post(new_url, data)
    notice = AuthorityNotice.objects.get()
    assert answer.status_code == 302 and answer["Location"] == notice.get_absolute_url()
    assert client.get(new_url)["Location"] == notice.get_absolute_url()  # one notification
    edit = client.post(notice.get_absolute_url(), {**data, "version": 1, "people_count": "42"})
    assert edit.status_code == 302
    assert client.post(notice.get_absolute_url(), {**data, "version": 1}).status_code == 409
    pdf = client.get(reverse("incidents:notice-pdf", args=[notice.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    plain = client.get(reverse("incidents:notice-text", args=[notice.pk]))
    assert plain["Content-Type"].startswith("text/plain") and "42" in plain.content.decode()
    sent_url = reverse("incidents:notice-sent", args=[notice.pk])
    assert client.post(sent_url, {"version": 2, "authority_reference": "HEMLIG"}).status_code == 422
    assert client.post(sent_url, {"version": 2, "authority_reference": "IMY-9"}).status_code == 302
    duty.refresh_from_db()
    assert duty.authority_reference == "IMY-9" and duty.reported_at is not None


@pytest.mark.parametrize(
    ("role", "inside", "outside"),
    [
        (Role.EMPLOYEE, 404, 404),
        (Role.MANAGER, 403, 404),
        (Role.HEAD_OF_ADMINISTRATION, 403, 404),
        (Role.SECURITY_COORDINATOR, 200, 404),
        (Role.SECURITY_PARTNER, 403, 404),
        (Role.AUDITOR, 403, 404),
        (Role.SECURITY_CHIEF, 200, 200),
    ],
)
def test_who_may_open_a_notification(client, org, report, role, inside, outside):
    chief = org.user(Role.SECURITY_CHIEF, email="chef-x@example.se")
    reporter = org.user(Role.EMPLOYEE, email="rap@example.se")
    mine = report(reporter)
    theirs = report(org.user(Role.EMPLOYEE, home_unit=org.beta_unit), unit=org.beta_unit)
    notices = [services.draft_notice(_duty(i), by=chief, content={}) for i in (mine, theirs)]
    client.force_login(org.user(role))
    for notice, expected in zip(notices, (inside, outside), strict=True):
        for name in ("notice", "notice-pdf", "notice-text"):
            assert client.get(reverse(f"incidents:{name}", args=[notice.pk])).status_code == (
                expected
            ), name


def test_retention_clears_the_text_and_keeps_the_record(breach, handler):
    from sakra.incidents.retention import remove_personal_data

    notice = services.draft_notice(
        _duty(breach), by=handler, content={"people_categories": "Bertil"}
    )
    assert notice.content["people_categories"] == "Bertil"
    breach.__class__.objects.filter(pk=breach.pk).update(
        status="closed", closed_at=timezone.now() - timedelta(days=4000)
    )
    remove_personal_data(breach.pk)
    notice.refresh_from_db()
    assert notice.content == {}
