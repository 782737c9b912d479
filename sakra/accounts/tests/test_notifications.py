from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import transaction
from django.utils import timezone

from sakra.accounts.inbox import sections
from sakra.accounts.models import Notification, OutboxEmail
from sakra.accounts.services import mark_notifications_read, notify
from sakra.accounts.tasks import send_due_emails, send_notification_emails


def test_notify_once_per_person_and_email_after_commit(org, django_capture_on_commit_callbacks):
    alice, bob = org.user(), org.user()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([alice, bob, alice], "Akut händelse", body="Hot i entrén", url="/x/")
    assert Notification.objects.count() == 2
    assert OutboxEmail.objects.filter(sent_at__isnull=True).count() == 2  # in the same commit
    assert len(callbacks) == 1  # the e-mail task waits for the commit
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert send_notification_emails.call(ids) == 2
    assert send_notification_emails.call(ids) == 0  # a retry sends nothing twice
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bob.email])
    assert mail.outbox[0].body.endswith("/x/")
    assert not OutboxEmail.objects.filter(sent_at__isnull=True).exists()


def test_a_rolled_back_decision_sends_nothing(org):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([org.user()], "Beslut som ångras")
        raise RuntimeError
    assert not Notification.objects.exists() and not OutboxEmail.objects.exists()
    assert send_due_emails.call() == 0 and not mail.outbox


class _DiesAfterSending(locmem.EmailBackend):
    """The mail server took the message; the worker is killed before it records that."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise KeyboardInterrupt


def test_killed_between_send_and_record_resends_the_same_message(org, settings):
    settings.EMAIL_BACKEND = f"{__name__}._DiesAfterSending"
    notify([org.user()], "Akut händelse")
    row = OutboxEmail.objects.get()
    with pytest.raises(KeyboardInterrupt):
        send_due_emails.call()
    assert len(mail.outbox) == 1 and OutboxEmail.objects.get().sent_at is None
    # Another worker at once: the first one's lease holds, nothing is sent beside it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_emails.call() == 0 and len(mail.outbox) == 1
    # The lease ran out: sent again, as the same message (its key in the Message-ID).
    OutboxEmail.objects.update(leased_until=timezone.now() - timedelta(seconds=1))
    assert send_due_emails.call() == 1
    first, again = mail.outbox
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    assert str(row.key) in first.extra_headers["Message-ID"]
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2
    assert send_due_emails.call() == 0 and len(mail.outbox) == 2


class _Refuses(locmem.EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_failed_send_is_kept_and_tried_after_the_lease(org, settings):
    settings.EMAIL_BACKEND = f"{__name__}._Refuses"
    notify([org.user()], "Påminnelse")
    assert send_due_emails.call() == 0
    row = OutboxEmail.objects.get()
    assert row.sent_at is None and "mail server down" in row.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_emails.call() == 0  # waits for the lease
    OutboxEmail.objects.update(leased_until=timezone.now())
    assert send_due_emails.call() == 1 and len(mail.outbox) == 1


def test_notifications_are_private_and_mark_read(org):
    alice, bob = org.user(), org.user()
    notify([alice], "Till Alice", email=False)
    assert not Notification.objects.for_user(bob).exists()
    assert mark_notifications_read(by=bob) == 0
    assert sections(alice)[0].count == 1
    assert mark_notifications_read(by=alice) == 1
    assert sections(alice)[0].count == 0
