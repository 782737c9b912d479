from django.core.management import call_command
from django.test import Client

from sakra.actions.demo import load
from sakra.actions.models import Action, BoardMeeting, ImprovementNeed


def test_demo_is_idempotent_and_maria_sees_her_tasks(db):
    call_command("demo", no_serve=True)
    counts = (Action.objects.count(), ImprovementNeed.objects.count(), BoardMeeting.objects.count())
    load()  # the actions' share again: idempotent
    assert counts == (
        Action.objects.count(), ImprovementNeed.objects.count(), BoardMeeting.objects.count(),
    )  # fmt: skip
    # The other modules' demos add actions of their own (the fire-safety demo's deviations,
    # created by the system; the RSA's actions; a decision's and a control's).
    assert counts[1:] == (3, 1)
    assert Action.objects.filter(created_by__isnull=True).count() >= 2
    maria = Action.objects.filter(owner__email="maria.lindqvist@demo.sakra.se")
    assert any(action.is_overdue for action in maria)
    assert any(action.awaits_effect_check for action in maria)
    client = Client()
    client.force_login(maria.first().owner)
    page = client.get("/mina-uppgifter/").content.decode()
    assert "Utbilda personalen" in page and "Byt kodlås" in page
