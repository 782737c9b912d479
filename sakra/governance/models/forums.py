"""Forums, their meetings and members, decisions and their distribution, role mandates."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.accounts.choices import Role
from sakra.core.models import VersionedModel, user_fk

from ..choices import ForumKind, MemberKind
from ..querysets import DecisionQuerySet, ForumQuerySet, MeetingQuerySet


class Forum(VersionedModel):
    """A body that decides: a political body, an official, the security board, a network or an
    administration's security council."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ForumKind.choices)
    administration = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty for a forum of the whole region."),
    )
    mandate = models.TextField(_("mandate"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ForumQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:forum", args=[self.pk])


class ForumMember(models.Model):
    """A member of a forum: everyone holding a role (in the forum's administration, or anywhere
    for a forum of the region), or one named person."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="members"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MemberKind.choices)
    role = models.CharField(_("role"), max_length=40, choices=Role.choices, blank=True)
    user = user_fk(_("person"), null=True, blank=True)
    function = models.CharField(_("function in the forum"), max_length=100, blank=True)

    class Meta:
        ordering = ["forum", "kind", "role", "pk"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=MemberKind.ROLE, user__isnull=True) & ~Q(role="")
                | Q(kind=MemberKind.PERSON, user__isnull=False, role=""),
                name="forum_member_role_or_person",
                violation_error_message=_("A member is either a role or a named person."),
            )
        ]

    def __str__(self) -> str:
        return self.get_role_display() if self.kind == MemberKind.ROLE else str(self.user)


class Meeting(VersionedModel):
    """One meeting of a forum, with its agenda and minutes; its decisions point at it."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = user_fk(_("recorded by"), null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title or f"{self.forum} {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", args=[self.pk])


class Decision(VersionedModel):
    """One decision of a forum (beslut): date, paragraph, registry number and what was decided.

    The one decision record of Sakra; what it decides (a document, an analysis, a report)
    points at it."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="decisions"
    )
    decided_on = models.DateField(_("decided on"))
    paragraph = models.CharField(_("paragraph (§)"), max_length=20, blank=True)
    registry_number = models.CharField(_("registry number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("decision"), blank=True)
    responsible = user_fk(_("responsible"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_by = user_fk(_("recorded by"), null=True, blank=True)
    # Empty for a decision recorded on its own (a document's adoption by an official).
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("decided_on")),
                name="decision_deadline_after_decision",
                violation_error_message=_("The deadline cannot come before the decision."),
            )
        ]

    def __str__(self) -> str:
        reference = " ".join(part for part in (self.paragraph, self.registry_number) if part)
        return f"{self.forum} {self.decided_on:%Y-%m-%d} {reference}".strip()

    def get_absolute_url(self) -> str:
        return reverse("governance:decision", args=[self.pk])


class DecisionRecipient(models.Model):
    """Where a decision is sent (expedieras till): a named person, the holders of a role
    (within a unit's subtree, or anywhere), or a unit's management (its heads and managers)."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="recipients"
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices, blank=True)
    user = user_fk(_("person"), null=True, blank=True)
    added_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("recipient of a decision")
        verbose_name_plural = _("recipients of decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, unit__isnull=True, role="")
                | Q(user__isnull=True) & (Q(unit__isnull=False) | ~Q(role="")),
                name="decision_recipient_kind",
                violation_error_message=_("A recipient is a person, a role or a unit."),
            )
        ]

    def __str__(self) -> str:
        if self.user_id:
            return str(self.user)
        if self.role and self.unit_id:
            return f"{self.get_role_display()}, {self.unit}"
        return self.get_role_display() if self.role else str(self.unit)


class Acknowledgement(models.Model):
    """A recipient's acknowledgement that they have read a decision sent to them."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    user = user_fk(_("person"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), default=timezone.now)

    class Meta:
        ordering = ["decision", "acknowledged_at", "pk"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "user"],
                name="acknowledgement_once",
                violation_error_message=_("You have already acknowledged this decision."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.decision}"


class RoleMandate(models.Model):
    """The written mandate (uppdrag) of one role of the role list."""

    role = models.CharField(_("role"), max_length=40, choices=Role.choices, unique=True)
    text = models.TextField(_("mandate"))
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["role"]
        verbose_name = _("mandate of a role")
        verbose_name_plural = _("mandates of roles")

    def __str__(self) -> str:
        return self.get_role_display()
