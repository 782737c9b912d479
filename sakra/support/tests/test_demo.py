"""The demo region's support: the team serving Närsjukvården only in Kungsbacka, a named contact
whose primary is away, requests in every state with ratings, and the figures per level."""

from django.core.management import call_command
from django.test import Client

from sakra.accounts.models import User
from sakra.support import demo
from sakra.support.choices import RequestStatus
from sakra.support.models import PartnerTeam, SupportRequest


def test_demo_support_is_idempotent(db):
    call_command("demo", no_serve=True)
    count = SupportRequest.objects.count()
    demo.load()
    assert SupportRequest.objects.count() == count == len(demo.REQUESTS)
    team = PartnerTeam.objects.get()
    assert not team.administrations.filter(code="nsvh").exists()
    kungsbacka = SupportRequest.objects.filter(unit__code="nsvh-vc-kungsbacka")
    assert kungsbacka.exists() and all(r.team_id == team.pk for r in kungsbacka)
    states = set(SupportRequest.objects.values_list("status", flat=True))
    assert {RequestStatus.OPEN, RequestStatus.ANSWERED, RequestStatus.CLOSED} <= states
    assert SupportRequest.objects.exclude(helped="").count() == 3
    manager = Client()
    manager.force_login(User.objects.get(email="lisa.ek@demo.sakra.se"))
    assert manager.get("/").url == "/stod/"
    page = manager.get("/stod/").content.decode()
    assert "Amir Haddad" in page and "Peter Ek" in page  # the substitute, for the away primary
    chief = Client()
    chief.force_login(User.objects.get(email="karin.strom@demo.sakra.se"))
    figures = chief.get("/stod/uppfoljning/").content.decode()
    assert "Första linjens chef" in figures
