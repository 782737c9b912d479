import pytest
from django.urls import reverse

from sakra.accounts.choices import Role


def _found(client, text):
    response = client.get(reverse("incidents:list"), {"q": text})
    return {i.reference for i in response.context["incidents"]}


def test_full_text_search_both_databases(client, org, report):
    reporter = org.user()
    fire = report(reporter, description="Branden startade i köket", immediate_measures="")
    water = report(reporter, description="Vattenläcka i förrådet", immediate_measures="Stängde av")
    client.force_login(org.user(Role.SECURITY_CHIEF))
    assert _found(client, "brand") == {fire.reference}
    assert _found(client, "köket") == {fire.reference}
    assert _found(client, "kok") == set()  # diacritics matter in Swedish
    assert _found(client, "stängde") == {water.reference}
    assert _found(client, water.reference) == {water.reference}
    assert _found(client, '"*) OR (') == set()  # no query syntax from users
    fire.description = "Ny text om rök"
    fire.save(update_fields=["description"])
    assert _found(client, "brand") == set()  # the index follows updates


def test_search_respects_scope(client, org, report):
    report(org.user(home_unit=org.beta_unit), unit=org.beta_unit, description="Branden i Beta")
    client.force_login(org.user(Role.MANAGER))
    assert _found(client, "branden") == set()


def test_the_sqlite_search_triggers_survive_every_migration(db):
    """A migration that remakes the incident table on SQLite (adding a foreign key does) drops
    the full-text triggers with it; the last migration must leave all three in place."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    assert {"incidents_incident_fts_insert", "incidents_incident_fts_delete",
            "incidents_incident_fts_update"} <= triggers  # fmt: skip
