"""People, the roles they hold in scopes, and their personal API tokens."""

import hashlib
import uuid

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sakra.core.access import Scope

from .choices import Role
from .querysets import (
    ApiTokenQuerySet,
    NotificationQuerySet,
    RoleAssignmentQuerySet,
    UserManager,
)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    external_id = models.CharField(
        _("external id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("HSA-id or employee number; imports and provisioning match people by it."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    home_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("home unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("May sign in to the administration pages for reference data."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    deprovisioned_at = models.DateTimeField(
        _("removed by the identity provider"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When SCIM deleted this person: the account is disabled, never deleted, and SCIM "
            "no longer finds it until the provider creates the person again."
        ),
    )
    session_epoch = models.PositiveIntegerField(
        _("session epoch"),
        default=0,
        editable=False,
        help_text=_("Raised to end every session of the user (disabled, or a role removed)."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def scopes(self) -> list[Scope]:
        """The roles this user holds, each in its scope; read once per request (with the
        person, by `sakra.accounts.backends`, on a signed-in page)."""
        return scopes_from(self.role_assignments.select_related("unit"))

    @property
    def reads_only(self) -> bool:
        """Holds the auditor's role and no other: reads, files nothing (no report, no need).

        Least privilege, and the auditor's independence: the trail they check never shows
        them as a party. An auditor who also works as an employee files as that employee.
        """
        return self.roles == {Role.AUDITOR}

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(scope.role for scope in self.scopes)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


def scopes_from(assignments) -> list[Scope]:
    """`User.scopes` from the person's role assignments (their units selected with them)."""
    return [
        Scope.held(assignment.role, unit=assignment.unit, area_id=assignment.area_id)
        for assignment in assignments
    ]


class RoleAssignment(models.Model):
    """A role held in a scope: a unit subtree, a security area, or both."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit subtree"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(area__isnull=False),
                name="role_assignment_has_scope",
                violation_error_message=_(
                    "A role must be held in a unit subtree, an area or both."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit", "area"],
                name="role_assignment_unique",
                violation_error_message=_("This user already holds this role in this scope."),
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        # The label from the enum: get_role_display() rebuilds a dict of the lazy choices on
        # every call, which an import's audit entries (one a role) paid 40 000 times.
        return f"{Role(self.role).label} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        parts = [str(part) for part in (self.unit, self.area) if part is not None]
        return " · ".join(parts)


def hash_token(secret: str) -> str:
    """Tokens are long random strings, so one round of SHA-256 is enough to store them."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token; only its hash is stored, and it can be revoked."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ScimToken(models.Model):
    """The bearer token an identity provider provisions people with over SCIM (/scim/v2/).

    Not a person's token: it acts for no one and reaches nothing but SCIM; its name is the
    actor of the changes it makes. Only its hash is stored, and it can be revoked.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SCIM token")
        verbose_name_plural = _("SCIM tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Notification(models.Model):
    """A message to one person in the app, and by e-mail when asked for.

    `kind` and `args` say what it is (sakra.accounts.notifications), so the app words it in
    the reader's language; `subject` and `body` keep it in the region's language, for the
    e-mail and for rows without a kind.
    """

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    args = models.JSONField(_("arguments"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    send_email = models.BooleanField(_("send by e-mail"), default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.subject

    def worded(self) -> tuple[str, str]:
        """Subject and body in the language of the current request."""
        from .notifications import worded

        return worded(self)


class OutboxEmail(models.Model):
    """An e-mail to send, written in the transaction that decided to send it.

    The worker claims it for a lease, sends it and then marks it sent. A worker killed
    between the send and the mark leaves the lease to run out, and the e-mail is sent again
    with the same `key` in its Message-ID, so the receiving mail system sees one message
    twice rather than two messages (at least once, with an idempotency key; see
    docs/admin/worker.md). The text is composed from the notification when it is sent, so
    removing a notification (retention) removes its e-mail too.
    """

    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    notification = models.OneToOneField(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE,
        related_name="outbox",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    leased_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(
                fields=["created_at"], name="outbox_unsent", condition=Q(sent_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return str(self.key)


# Registered with the app here, where Django looks for models.
from .appointments.models import RoleAppointment  # noqa: E402, F401
