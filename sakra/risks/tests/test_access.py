"""Confidential analyses (OSL 18 kap.): who reads the content, who only sees that it exists,
who sees nothing, and every read of the content logged; for every role."""

import pytest
from auditlog.models import LogEntry
from django.test import Client

from sakra.accounts.choices import Role
from sakra.risks.models import RiskAnalysis
from sakra.testing import make_user

from .factories import make_analysis, make_risk

pytestmark = pytest.mark.django_db

METHOD = "Intervjuer med personalen om hot"
READS = "read"
EXISTS = "exists"
NOTHING = "nothing"
#: What each role (in its usual scope, on the analysis's side) gets of a confidential analysis.
EXPECTED = {
    Role.EMPLOYEE: NOTHING,
    Role.MANAGER: NOTHING,
    Role.HEAD_OF_ADMINISTRATION: NOTHING,
    Role.SECURITY_COORDINATOR: NOTHING,
    Role.SECURITY_PARTNER: NOTHING,
    Role.AREA_OWNER: READS,
    Role.SECURITY_CHIEF: READS,
    Role.BOARD_MEMBER: NOTHING,
    Role.AUDITOR: EXISTS,
}


@pytest.fixture
def confidential(org):
    participant = make_user(home_unit=org.alfa_unit)
    chief = org.user(Role.SECURITY_CHIEF)
    analysis = make_analysis(org.alfa_unit, org.area, by=chief, confidential=True,
                             participants=[participant], title="Hotbedömning")  # fmt: skip
    RiskAnalysis.objects.filter(pk=analysis.pk).update(method=METHOD)
    risk = make_risk(analysis, org.area, chief, by=chief, title="Våld vid intagning")
    return analysis, risk, participant


def _access_entries(analysis) -> int:
    return LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(analysis.pk),
        content_type__model="riskanalysis",
    ).count()  # fmt: skip


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", list(EXPECTED))
def test_a_confidential_analysis_for_every_role(org, confidential, role):
    analysis, risk, _participant = confidential
    client = _client(org.user(role))
    before = _access_entries(analysis)
    page = client.get(f"/risker/{analysis.pk}/")
    risk_page = client.get(f"/risker/risk/{risk.pk}/")
    listing = client.get("/risker/").content.decode()
    register = client.get("/risker/register/").content.decode()
    api = client.get(f"/api/v1/risks/analyses/{analysis.pk}")
    expected = EXPECTED[role]
    if expected == NOTHING:
        assert page.status_code == risk_page.status_code == api.status_code == 404
        assert "Hotbedömning" not in listing
        assert _access_entries(analysis) == before
    elif expected == EXISTS:
        assert page.status_code == 200 and METHOD not in page.content.decode()
        assert "Hotbedömning" in listing
        assert risk_page.status_code == 404
        assert api.status_code == 200 and api.json()["content_visible"] is False
        assert api.json().get("method") is None
        assert _access_entries(analysis) == before  # nothing of the content was read
    else:
        assert page.status_code == 200 and METHOD in page.content.decode()
        assert risk_page.status_code == 200
        assert api.json()["method"] == METHOD
        # The analysis, the risk, the register's row and the API read are each logged.
        assert _access_entries(analysis) == before + 4
    assert ("Våld vid intagning" in register) == (expected == READS)


def test_participants_and_the_named_owner_of_the_area_read_it_and_are_logged(org, confidential):
    analysis, _risk, participant = confidential
    org.area.owner = make_user(home_unit=org.alfa_unit)
    org.area.save()
    for person in (participant, org.area.owner):
        before = _access_entries(analysis)
        page = _client(person).get(f"/risker/{analysis.pk}/")
        assert page.status_code == 200 and METHOD in page.content.decode()
        entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
        assert entry.actor == person and _access_entries(analysis) == before + 1


def test_the_owner_of_another_area_does_not_read_it(org, confidential):
    analysis, _risk, _participant = confidential
    other = make_user(Role.AREA_OWNER, area=org.other_area)
    assert _client(other).get(f"/risker/{analysis.pk}/").status_code == 404


def test_an_open_analysis_is_read_without_an_access_entry(org):
    chief = org.user(Role.SECURITY_CHIEF)
    analysis = make_analysis(org.alfa_unit, org.area, by=chief)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    assert _client(org.user(Role.MANAGER)).get(f"/risker/{analysis.pk}/").status_code == 200
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before


def test_the_heat_map_counts_a_confidential_analysis_without_listing_it(org, confidential):
    _analysis, _risk, _participant = confidential
    page = _client(org.user(Role.AUDITOR)).get("/risker/karta/").content.decode()
    assert "Våld vid intagning" not in page
    assert "1 risk " in page
