"""The audit trail reads as prose in the reader's language (issue 17): who did what to which
record when, with the fields and values as the pages show them, and what a read read."""

import re
from datetime import timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from sakra.accounts.audit_lines import audit_lines
from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment, User
from sakra.actions.services import create_action
from sakra.incidents.services import report_incident

URL = "/min-sida/granskningslogg/"


def _text(response) -> str:
    """The page's text with tags and runs of white space collapsed, as a reader reads it."""
    body = response.content.decode().split("<tbody>", 1)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _in(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return _text(client.get(URL))


def test_a_status_change_reads_as_a_sentence_in_swedish_and_english(client, org):
    chief = org.user(Role.SECURITY_CHIEF, full_name="Chef Chefsson")
    action = create_action(
        by=chief, title="Byt lås i entrén", owner=chief,
        due_date=timezone.localdate() + timedelta(days=30), unit=org.alfa_unit,
    )  # fmt: skip
    client.force_login(chief)
    answer = client.post(reverse("actions:complete", args=[action.pk]), {"version": 1})
    assert answer.status_code == 302
    entry = LogEntry.objects.get_for_object(action).get(action=LogEntry.Action.UPDATE)
    local = timezone.localtime(entry.timestamp)

    swedish = _in(client, "sv")
    assert "Chef Chefsson ändrade åtgärd ”Byt lås i entrén”" in swedish
    assert "Status från Planerad till Genomförd" in swedish
    assert f"Genomförd sattes till {local:%Y-%m-%d %H:%M}" in swedish  # completed_at, local
    assert f"{local:%Y-%m-%d %H:%M}" in swedish and "127.0.0.1" in swedish
    english = _in(client, "en")
    assert "Chef Chefsson changed action “Byt lås i entrén”" in english
    assert "Status from Planned to Done" in english
    for raw in ("None", "planned", "done", "→", f"{local:%H:%M:%S}"):
        assert raw not in swedish and raw not in english, raw


def test_an_export_reads_as_a_sentence_with_its_rows_and_address(client, org, threat):
    chief = org.user(Role.SECURITY_CHIEF, full_name="Chef Chefsson")
    reporter = org.user(Role.EMPLOYEE)
    incidents = [
        report_incident(
            by=reporter, category=threat, occurred_at=timezone.now() - timedelta(hours=1),
            unit=org.alfa_unit, site=org.site, description=f"Hot nummer {n}",
        )[0]
        for n in range(2)
    ]  # fmt: skip
    client.force_login(chief)
    response = client.get(reverse("incidents:export-csv"), REMOTE_ADDR="192.0.2.44")
    b"".join(response.streaming_content)  # the rows are read, and logged, as they are sent
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=chief)
    assert reads.count() == 2
    assert {entry.remote_addr for entry in reads} == {"192.0.2.44"}

    swedish = _in(client, "sv")
    reference = incidents[0].reference
    assert (
        f"Chef Chefsson läste avvikelse ”{reference}” i en export till CSV med 2 loggade rader"
        in swedish
    )
    assert "192.0.2.44" in swedish and "read: " not in swedish
    english = _in(client, "en")
    assert f"Chef Chefsson read incident “{reference}” in an export to CSV with 2 logged rows" in (
        english
    )


def test_a_page_read_says_where_it_was_read(client, org, threat):
    chief = org.user(Role.SECURITY_CHIEF, full_name="Chef Chefsson")
    incident, _created = report_incident(
        by=org.user(Role.EMPLOYEE), category=threat, occurred_at=timezone.now(),
        unit=org.alfa_unit, site=org.site, description="Hot",
    )  # fmt: skip
    client.force_login(chief)
    page = reverse("incidents:detail", args=[incident.pk])
    client.get(page)
    assert f"Chef Chefsson läste avvikelse ”{incident.reference}” på {page}" in _in(client, "sv")
    assert f"read incident “{incident.reference}” at {page}" in _in(client, "en")


def _entry(obj, action, changes, actor=None, **extra):
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk),
        object_id=obj.pk, object_repr=str(obj), action=action, actor=actor, changes=changes,
        **extra,
    )  # fmt: skip


def test_values_read_as_the_pages_show_them(org):
    person = org.user(full_name="Anna Andersson")
    created = _entry(person, LogEntry.Action.CREATE, {
        "id": ["None", str(person.pk)],
        "role_assignments": ["None", "accounts.RoleAssignment.None"],  # a reverse relation
        "full_name": ["None", "Anna Andersson"],
        "home_unit": ["None", str(org.alfa_unit.pk)],
        "is_staff": ["None", "False"],
        "phone": ["None", ""],
        "date_joined": ["None", "2026-03-01 11:05:09.123456"],
    })  # fmt: skip
    assignment = RoleAssignment.objects.create(user=person, role=Role.MANAGER, unit=org.alfa)
    changed = _entry(assignment, LogEntry.Action.UPDATE, {
        "role": [Role.MANAGER.value, Role.SECURITY_CHIEF.value],
        "unit": [str(org.alfa.pk), "999999"],
    })  # fmt: skip
    old_read = _entry(person, LogEntry.Action.ACCESS, {"read": "list"})
    with translation.override("sv"):
        lines = {line.pk: line for line in audit_lines([created, changed, old_read])}
    values = {c.label: c.after for c in lines[created.pk].changes}
    # The id, the reverse relation, empty values: not shown. Local time, to the minute.
    assert values == {
        "Fullständigt namn": "Anna Andersson",
        "Hemenhet": "Alfa enhet 1",
        "Administratör": "Nej",
        "Registrerad": "2026-03-01 12:05",
    }, values
    role, unit = lines[changed.pk].changes
    assert (role.label, role.before, role.after) == ("Roll", "Chef", "Säkerhetschef")
    assert (unit.before, unit.after) == ("Alfa förvaltning", "id 999999 (borttagen)")
    assert lines[old_read.pk].sentence == (
        "Systemet läste användare ”Anna Andersson” i en lista eller en export"
    )


def _entries(org, chief, people, start: int, stop: int) -> None:
    units = [org.alfa_unit, org.alfa_unit2, org.beta_unit]
    for n in range(start, stop):
        person = people[n % 3]
        _entry(person, LogEntry.Action.UPDATE, {
            "home_unit": [str(units[n % 3].pk), str(units[(n + 1) % 3].pk)],
            "is_active": ["True", "False"],
        }, actor=person, remote_addr="192.0.2.1")  # fmt: skip
        read = {"read": {"how": "export", "format": "csv", "export": f"e{n % 2}"}}
        _entry(person, LogEntry.Action.ACCESS, {"read": "list"}, actor=chief,
               additional_data=read)  # fmt: skip


def test_query_count_does_not_grow_with_entries(client, org):
    chief = org.user(Role.SECURITY_CHIEF)
    people = [org.user() for _ in range(3)]
    client.force_login(chief)

    # The people's entries only: setting up the test wrote entries of other kinds.
    people_only = {"model": ContentType.objects.get_for_model(User).pk}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, people_only).status_code == 200
        return len(captured)

    _entries(org, chief, people, 0, 1)
    client.get(URL)  # warm the content type cache
    one = queries()
    _entries(org, chief, people, 1, 50)
    # Session, user, roles, count, entries, one per kind of related record (units), one for
    # the exports' sizes: the same for 2 entries as for 100.
    assert queries() == one <= 12
