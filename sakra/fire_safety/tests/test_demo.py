"""The demo region's SBA: a control plan per site, rounds done and overdue, a tillsyn with
remarks, and seed 000's two indicators computed from them."""

from django.core.management import call_command
from django.test import Client

from sakra.accounts.models import User
from sakra.fire_safety import demo
from sakra.fire_safety.choices import RoundStatus
from sakra.fire_safety.models import FireDocument, Remark, Round
from sakra.goals.models import Indicator
from sakra.goals.services import compute_values


def test_demo_sba_is_idempotent_and_computes_seed_000s_indicators(db):
    call_command("demo", no_serve=True)
    counts = Round.objects.count(), Remark.objects.count()
    demo.load()
    assert counts == (Round.objects.count(), Remark.objects.count())
    assert FireDocument.objects.count() == 3
    assert Round.objects.overdue().exists()
    assert Round.objects.filter(status=RoundStatus.FINISHED).count() > 100
    assert Remark.objects.past_deadline().count() == 1
    chief = User.objects.get(email="karin.strom@demo.sakra.se")
    on_time = Indicator.objects.get(kind="fire_rounds_on_time")
    remarks = Indicator.objects.get(kind="fire_remarks_past_deadline")
    values = compute_values(chief, [on_time, remarks], list(range(2019, 2031)))
    assert 50 <= values[on_time.pk][2019] < values[on_time.pk][2022] <= 100
    assert sum(values[remarks.pk].values()) == 1
    client = Client()
    client.force_login(User.objects.get(email="erik.ahl@demo.sakra.se"))
    assert client.get("/mal/").status_code == 200
    page = client.get("/min-sida/").content.decode()
    assert client.get("/brandskydd/").status_code == 200
    assert page
