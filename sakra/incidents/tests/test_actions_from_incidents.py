"""The owner of an action an incident caused knows what it is for, without reading the incident."""

import pytest

from sakra.actions.tests.helpers import make_action

pytestmark = pytest.mark.django_db


def test_an_owner_who_may_not_read_the_incident_sees_its_outline_not_its_content(
    client, org, report, threat
):
    incident = report(org.user(), category=threat, description="Hotade sköterskan Kim")
    owner = org.user()  # no role: may not read the restricted report
    action = make_action(org, owner, area=org.area, source=incident)
    client.force_login(owner)
    page = client.get(action.get_absolute_url()).content.decode()
    assert incident.reference in page and "Hot" in page and str(org.alfa_unit) in page
    assert "Kim" not in page
    assert incident.get_absolute_url() not in page  # no link to a page that would 404
