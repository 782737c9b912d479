"""The incident pages speak the region's Swedish (review of 2026-12-06, docs/glossary.md):
the app's own messages instead of Django's, a status put after a colon, every change confirmed."""

from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.incidents import services
from sakra.incidents.choices import DismissalKind, Status

from .test_views import _form


def test_an_empty_report_says_what_is_missing_in_the_apps_own_words(client, org, fire):
    client.force_login(org.user())
    empty = {**_form(org, fire), "category": "", "description": "", "occurred_at": ""}
    response = client.post(reverse("incidents:report"), empty)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Typ av händelse: Välj en kategori." in html
    assert "Kort beskrivning: Beskriv vad som hände." in html
    assert "Ange när det hände." in html
    assert "Detta fält måste fyllas i" not in html
    # The title is read first when the page loads: it says the form came back with errors.
    assert "<title>Fel: Rapportera en avvikelse · Sakra</title>" in html
    assert "<title>Fel:" not in client.get(reverse("incidents:report")).content.decode()


def test_the_reporter_is_told_the_new_status_after_a_colon(org, report):
    reporter = org.user()
    incident = report(reporter)
    services.change_status(
        incident, by=org.user(Role.SECURITY_COORDINATOR), status=Status.DISMISSED,
        version=incident.version, reason="Dubblett", dismissal_kind=DismissalKind.MISTAKE,
    )  # fmt: skip
    subject = Notification.objects.filter(recipient=reporter).latest("created_at").subject
    assert subject == f"Din rapport {incident.reference} har fått ny status: Avskriven"


def test_a_comment_is_confirmed(client, org, report):
    incident = report(org.user())
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    response = client.post(
        reverse("incidents:comment", args=[incident.pk]), {"text": "Kollat"}, follow=True
    )
    html = response.content.decode()
    assert "Kommentaren har lagts till." in html
    assert '<div class="messages" role="status" tabindex="-1" autofocus>' in html
