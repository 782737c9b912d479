"""State changes of accounts: role assignments and API tokens."""

import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import Truncator

from sakra.core.audit import log_bulk_updated

from .models import (
    ApiToken,
    Notification,
    OutboxEmail,
    RoleAssignment,
    ScimToken,
    User,
    hash_token,
)
from .notifications import Message, stored_text

# A label in front of every token, not a secret.
TOKEN_PREFIX = "sakra"  # noqa: S105 # nosec B105
SCIM_TOKEN_PREFIX = "scim"  # noqa: S105 # nosec B105


@transaction.atomic
def assign_role(user: User, role: str, *, unit=None, area=None) -> RoleAssignment:
    """Give `user` a role in a scope; assigning the same role and scope twice is a no-op."""
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, area=area
    )
    user.__dict__.pop("scopes", None)
    user.__dict__.pop("roles", None)
    return assignment


@transaction.atomic
def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; the plain text is returned once and never stored."""
    prefix, plain = _new_secret(TOKEN_PREFIX)
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=hash_token(plain))
    return token, plain


def _new_secret(label: str) -> tuple[str, str]:
    """A token's lookup prefix and its plain text, `<label>_<prefix>_<secret>`."""
    prefix = secrets.token_hex(4)
    return prefix, f"{label}_{prefix}_{secrets.token_urlsafe(32)}"


def _token_row(queryset, label: str, plain: str):
    """The row of `queryset` whose hash is that of `plain`, looked up by its prefix."""
    parts = plain.split("_")
    if len(parts) < 3 or parts[0] != label:
        return None
    token = queryset.filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.key_hash, hash_token(plain)):
        return None
    now = timezone.now()
    # One write a minute at most, so a busy client does not turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        type(token).objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def revoke_api_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for_token(plain: str) -> User | None:
    """The active user behind a bearer token, or None for anything else."""
    token = _token_row(ApiToken.objects.usable().select_related("user"), TOKEN_PREFIX, plain)
    return token.user if token is not None else None


@transaction.atomic
def create_scim_token(name: str) -> tuple[ScimToken, str]:
    """A new token for an identity provider's SCIM client; the plain text is returned once."""
    prefix, plain = _new_secret(SCIM_TOKEN_PREFIX)
    token = ScimToken.objects.create(name=name, prefix=prefix, key_hash=hash_token(plain))
    return token, plain


@transaction.atomic
def revoke_scim_token(token: ScimToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def scim_token_for(plain: str) -> ScimToken | None:
    """The unrevoked SCIM token `plain` is, or None (a person's API token is not one)."""
    return _token_row(ScimToken.objects.filter(revoked_at__isnull=True), SCIM_TOKEN_PREFIX, plain)


def region_language():
    """Word a text for others in the region's language, whatever the sender's page showed
    (a timeline line, an import's messages). Notifications need it no more: `notify` stores
    their kind and words them in each reader's language."""
    return translation.override(settings.LANGUAGE_CODE)


def notify(
    recipients, subject: str | Message, *, body: str = "", url: str = "", email: bool = True
):
    """Notify people in the app at once and by e-mail through the outbox.

    `subject` is a `Message` (a kind of sakra.accounts.notifications with its arguments): the
    app shows it in each reader's language and the e-mail goes in the region's. `body` is
    text a person wrote (a reason, a question), shown as it is when the kind has no body of
    its own. A plain text subject is stored and shown as it is.

    Call inside the caller's transaction: the notifications and their outbox rows commit with
    the decision, or nobody is told anything. The worker's sweep sends what the task enqueued
    after commit does not (the enqueue failed, the worker was down).
    """
    from .tasks import send_notification_emails

    kind, args = "", {}
    if isinstance(subject, Message):
        kind, args = subject.kind.key, subject.args
        subject, worded_body = stored_text(subject)
        body = worded_body or body
    # A prefix and a title of its own full length overflowed the column (a 500 on PostgreSQL).
    limit = Notification._meta.get_field("subject").max_length
    subject = Truncator(subject).chars(limit)
    with transaction.atomic(savepoint=False):  # the caller's transaction, when it has one
        rows = Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind=kind,
                args=args,
                subject=subject,
                body=body,
                url=url,
                send_email=email,
            )
            for user in {user.pk: user for user in recipients}.values()
        )
        ids = [row.pk for row in rows if row.send_email]
        OutboxEmail.objects.bulk_create(OutboxEmail(notification_id=pk) for pk in ids)
    if ids:
        # Robust: the decision is committed; a queue that cannot take the task now must not
        # turn it into an error, the sweep sends the e-mail.
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids), robust=True)
    return rows


@transaction.atomic
def mark_notifications_read(*, by: User, ids: list[int] | None = None) -> int:
    """Mark `by`'s notifications read (all, or the given ones); returns how many."""
    unread = Notification.objects.for_user(by, "change").unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def deactivate_user(user: User) -> None:
    """Disable an account: it cannot sign in, its tokens stop working, its sessions end."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])  # the signal ends the sessions


@transaction.atomic
def deactivate_users(users: list[User]) -> None:
    """`deactivate_user` for many at once (an import's departed): one statement a thousand,
    their sessions ended as the signal would, one audit entry each."""
    users = [user for user in users if user.is_active]
    for start in range(0, len(users), 1000):
        batch = users[start : start + 1000]
        User.objects.filter(pk__in=[user.pk for user in batch]).update(
            is_active=False, session_epoch=F("session_epoch") + 1
        )
        for user in batch:
            user.is_active = False
        log_bulk_updated([(user, {"is_active": (True, False)}) for user in batch])


@transaction.atomic
def remove_role(assignment: RoleAssignment) -> None:
    """Take a role away; the holder's sessions end on their next request."""
    user = assignment.user
    assignment.delete()  # the signal ends the sessions
    user.__dict__.pop("scopes", None)
    user.__dict__.pop("roles", None)


def managers_covering(paths: list[str], assignments: list[RoleAssignment], *, exclude: int):
    """The holders of `assignments` (manager roles, read once with their units) whose unit
    subtree covers one of `paths`, without the person `exclude` (the one being escalated)."""
    return [
        assignment.user
        for assignment in assignments
        if assignment.user_id != exclude
        and any(path.startswith(assignment.unit.path) for path in paths)
    ]
