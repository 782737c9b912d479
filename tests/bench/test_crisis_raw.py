"""The crisis bench's plain SQL reads what the crisis page shows (bench/crisis_log.py): the
crisis, the log's length, the page's entries with their authors and the staff. A ratio against
SQL that reads less would flatter the page."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from bench.crisis_log import page_raw
from sakra.accounts.choices import Role
from sakra.continuity import services
from sakra.continuity.views.crisis import LOG_FIELDS


def test_the_raw_sql_reads_the_rows_the_crisis_page_shows(org):
    chief = org.user(Role.SECURITY_CHIEF)
    writer = org.user()
    crisis = services.open_crisis(by=chief, title="Elavbrott", unit=org.alfa_unit)
    services.assign_role(crisis, by=chief, person=writer, role="Loggförare")
    start = timezone.now() - timedelta(hours=2)
    for n in range(60):
        at = start + timedelta(minutes=n)
        author = writer if n % 2 else chief
        services.append_entry(crisis, by=author, kind="event", text=f"Post {n}", happened_at=at)
    client = Client()
    client.force_login(chief)
    page = client.get(crisis.get_absolute_url())  # the newest: entries 51 to 60
    header, count, entries, staff = page_raw(crisis.pk, 50)()
    assert header[0][1] == "Elavbrott" and header[0][10] == org.alfa_unit.name
    assert count == [(page.context["page_obj"].paginator.count,)] == [(60,)]
    shown = list(page.context["page_obj"].object_list)
    assert [row[0] for row in entries] == [row[0] for row in shown]
    author = LOG_FIELDS.index("author__full_name")
    assert [row[-1] for row in entries] == [row[author] for row in shown]
    assert sorted(row[3] for row in staff) == sorted(
        person["person_name"] for person in page.context["staff"]
    )
    assert len(staff) == 2  # the chief who opened it and the log keeper
