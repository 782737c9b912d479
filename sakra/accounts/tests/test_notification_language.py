"""Notifications are stored as what they are and read in the reader's language (issue 17);
the e-mail goes in the region's language."""

import datetime
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.utils import timezone, translation

from sakra.accounts.appointments.services import appoint_role
from sakra.accounts.choices import Role
from sakra.accounts.inbox import sections
from sakra.accounts.models import Notification
from sakra.accounts.notifications import Kind, kind_of, worded
from sakra.accounts.services import notify
from sakra.accounts.tasks import send_notification_emails
from sakra.core.hooks import app_modules
from sakra.incidents.choices import DismissalKind, Status
from sakra.incidents.services import change_status, report_incident


def _inbox(user, language: str) -> list[tuple[str, str]]:
    with translation.override(language):
        (section,) = [s for s in sections(user) if s.key == "notifications"]
        return [(item.title, item.detail) for item in section.items]


def _my_tasks(client, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get("/mina-uppgifter/").content.decode()


def test_an_acute_alert_reads_in_english_and_is_mailed_in_swedish(client, org, threat):
    partner = org.user(Role.SECURITY_PARTNER)
    with translation.override("en"):  # the reporter's page was in English
        incident, _created = report_incident(
            by=org.user(Role.EMPLOYEE), category=threat, occurred_at=timezone.now(),
            unit=org.alfa_unit, site=org.site, description="Hot", is_acute=True,
        )  # fmt: skip
    row = Notification.objects.get(recipient=partner)
    assert row.kind == "incidents.acute"
    assert row.subject == f"AKUT: Hot, Alfa enhet 1 ({incident.reference})"  # the region's
    help_now = "An acute incident needs help now. Open it in Sakra and acknowledge it."
    english = [(f"ACUTE: Threat, Alfa enhet 1 ({incident.reference})", help_now)]
    assert _inbox(partner, "en") == english
    assert _inbox(partner, "sv") == [
        (row.subject, "En akut avvikelse behöver hjälp nu. Öppna den i Sakra och kvittera den.")
    ]
    client.force_login(partner)
    assert english[0][0] in _my_tasks(client, "en")
    assert row.subject in _my_tasks(client, "sv")

    with translation.override("en"):  # whoever's request the worker's task follows
        send_notification_emails.call([row.pk])
    (message,) = mail.outbox
    assert message.subject == row.subject and "En akut avvikelse" in message.body


def test_a_choice_label_in_a_notification_follows_the_reader(org, threat):
    reporter = org.user(Role.EMPLOYEE)
    chief = org.user(Role.SECURITY_CHIEF)
    incident, _created = report_incident(
        by=reporter, category=threat, occurred_at=timezone.now() - timedelta(hours=1),
        unit=org.alfa_unit, site=org.site, description="Hot",
    )  # fmt: skip
    change_status(incident, by=chief, status=Status.DISMISSED, version=incident.version,
                  reason="Dubblett", dismissal_kind=DismissalKind.MISTAKE)  # fmt: skip
    ((subject, _body),) = _inbox(reporter, "en")
    assert subject == f"Your report {incident.reference} has a new status: Dismissed"
    ((subject, _body),) = _inbox(reporter, "sv")
    assert subject.startswith(f"Din rapport {incident.reference} har fått ny status: ")
    assert "Dismissed" not in subject


def test_an_argument_computed_per_language(org):
    chief = org.user(Role.SECURITY_CHIEF)
    person = org.user()
    appoint_role(
        by=chief, user=person, role=Role.SECURITY_COORDINATOR, unit=org.alfa,
        starts_on=datetime.date(2027, 1, 4), reason="Vikariat",
    )  # fmt: skip
    ((subject, body),) = _inbox(person, "en")
    assert subject == "You are appointed security coordinator"
    assert body == "Alfa förvaltning, from 2027-01-04. Reason: Vikariat"
    ((subject, _body),) = _inbox(person, "sv")
    assert subject == "Du är utsedd till säkerhetssamordnare"


def test_a_row_without_a_kind_shows_its_stored_text(org):
    person = org.user()
    notify([person], "Gammal notis", body="Lagrad text", email=False)
    Notification.objects.create(recipient=person, kind="gone.kind", args={"x": 1},
                                subject="Okänd typ", body="Sparad")  # fmt: skip
    assert sorted(_inbox(person, "en")) == [("Gammal notis", "Lagrad text"),
                                            ("Okänd typ", "Sparad")]  # fmt: skip


def test_a_kind_whose_text_asks_for_more_shows_the_stored_text(org):
    person = org.user()
    notify([person], kind_of("actions.done")(title="Byt lås"), email=False)
    row = Notification.objects.get()
    row.args = {}
    with translation.override("en"):
        assert worded(row) == (row.subject, row.body)


def test_every_app_names_its_kinds_once_and_each_reads_in_both_languages():
    modules = list(app_modules("notifications"))
    kinds = [value for module in modules for value in vars(module).values()
             if isinstance(value, Kind)]  # fmt: skip
    assert len({kind.key for kind in kinds}) == len(kinds) >= 30
    assert all(kind_of(kind.key) is kind for kind in kinds)
    for kind in kinds:
        texts = {}
        for language in ("sv", "en"):
            with translation.override(language):
                texts[language] = str(kind.subject)
        assert texts["sv"] != texts["en"], kind.key  # each has its Swedish
