from django.core import mail

from sakra.accounts.inbox import sections
from sakra.accounts.models import Notification
from sakra.accounts.services import mark_notifications_read, notify
from sakra.accounts.tasks import send_notification_emails


def test_notify_once_per_person_and_email_after_commit(org, django_capture_on_commit_callbacks):
    alice, bob = org.user(), org.user()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([alice, bob, alice], "Akut händelse", body="Hot i entrén", url="/x/")
    assert Notification.objects.count() == 2
    assert len(callbacks) == 1  # the e-mail waits for the commit
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert send_notification_emails.call(ids) == 2
    assert send_notification_emails.call(ids) == 0  # a retry sends nothing twice
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bob.email])
    assert mail.outbox[0].body.endswith("/x/")


def test_notifications_are_private_and_mark_read(org):
    alice, bob = org.user(), org.user()
    notify([alice], "Till Alice", email=False)
    assert not Notification.objects.for_user(bob).exists()
    assert mark_notifications_read(by=bob) == 0
    assert sections(alice)[0].count == 1
    assert mark_notifications_read(by=alice) == 1
    assert sections(alice)[0].count == 0
