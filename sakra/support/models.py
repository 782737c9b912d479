"""Integrated support (samlat stöd, seed 004): named contacts that override the contacts derived
from roles, absences that make a substitute show, the security partners' teams and what they
serve, and managers' support requests with their answer, rating and time spent."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from .choices import Helped, ManagerLevel, ReminderKind, RequestStatus, Urgency
from .querysets import (
    AbsenceQuerySet,
    ContactOverrideQuerySet,
    PartnerTeamQuerySet,
    SupportRequestQuerySet,
    TimeEntryQuerySet,
)

#: The response-time target when the region has not set one (seed 004's "two working days").
DEFAULT_RESPONSE_DAYS = 2


class SupportSettings(models.Model):
    """The region's settings for support; one row, edited in the admin."""

    response_days = models.PositiveSmallIntegerField(
        _("response-time target (working days)"),
        default=DEFAULT_RESPONSE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Working days to answer a support request; Swedish public holidays excluded."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("support settings")
        verbose_name_plural = _("support settings")

    def __str__(self) -> str:
        return str(_("Support settings"))

    @classmethod
    def response_target(cls) -> int:
        row = cls.objects.order_by("pk").first()
        return row.response_days if row is not None else DEFAULT_RESPONSE_DAYS


class ContactOverride(VersionedModel):
    """A named contact for a unit subtree and/or a security area, with a substitute.

    Overrides the contacts derived from roles; a unit's override holds for the units below it
    until one of them has its own."""

    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit subtree"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_contacts",
    )
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_contacts",
    )
    primary = user_fk(_("contact person"), "support_contact_for")
    substitute = user_fk(_("substitute"), "support_substitute_for", null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ContactOverrideQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "area__position", "pk"]
        verbose_name = _("named contact")
        verbose_name_plural = _("named contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(area__isnull=False),
                name="support_contact_has_scope",
                violation_error_message=_("A named contact is for a unit, an area or both."),
            ),
            models.UniqueConstraint(
                fields=["unit", "area"],
                name="support_contact_unique",
                nulls_distinct=False,
                violation_error_message=_("This unit and area already have a named contact."),
            ),
            models.CheckConstraint(
                condition=~Q(primary=F("substitute")),
                name="support_contact_substitute_differs",
                violation_error_message=_("The substitute must be another person."),
            ),
        ]

    def __str__(self) -> str:
        where = " · ".join(str(part) for part in (self.unit, self.area) if part is not None)
        return f"{self.primary} ({where})"


class Absence(VersionedModel):
    """A person away for a date range (both days included): their substitute shows meanwhile."""

    person = user_fk(_("person"), "support_absences")
    starts_on = models.DateField(_("first day away"))
    ends_on = models.DateField(_("last day away"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = user_fk(_("entered by"), null=True, blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="support_absence_ends_after_start",
                violation_error_message=_("An absence cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["person", "ends_on"], name="support_absence_person")]

    def __str__(self) -> str:
        return f"{self.person} {self.starts_on}–{self.ends_on}"


class PartnerTeam(models.Model):
    """A team of security partners lent from their administrations, serving administrations
    and sites (a site served is served whatever administration asks), with one queue."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    lead = user_fk(_("team lead"), "support_led_teams", null=True, blank=True)
    administrations = models.ManyToManyField(
        "organisation.Unit",
        verbose_name=_("administrations served"),
        blank=True,
        related_name="support_teams",
    )
    sites = models.ManyToManyField(
        "organisation.Site",
        verbose_name=_("sites served"),
        blank=True,
        related_name="support_teams",
    )
    email = models.EmailField(_("team e-mail"), blank=True)
    phone = models.CharField(_("team phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PartnerTeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("security partner team")
        verbose_name_plural = _("security partner teams")

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A security partner in a team, lent from their own administration."""

    team = models.ForeignKey(
        PartnerTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members"
    )
    user = user_fk(_("person"), "support_teams")
    lent_from = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("lent from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["team", "user__full_name"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                name="support_team_member_unique",
                violation_error_message=_("This person is already in the team."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.team}"


class SupportRequest(VersionedModel):
    """A manager's question to the security partners, routed to the team serving the site or
    the administration; answered, closed, and rated by the one who asked."""

    asker = user_fk(_("asked by"), "support_requests")
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    #: The unit's administration when asked: reports group by it in one query.
    administration = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    site = models.ForeignKey(
        "organisation.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    question = models.TextField(_("question"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    manager_level = models.CharField(
        _("manager level"),
        max_length=20,
        choices=ManagerLevel.choices,
        default=ManagerLevel.NOT_MANAGER,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    team = models.ForeignKey(
        PartnerTeam,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    assignee = user_fk(_("handled by"), "support_assigned", null=True, blank=True)
    due_on = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    routine_reference = models.CharField(
        _("routine"),
        max_length=500,
        blank=True,
        help_text=_("The routine that answers the question: its address or its name."),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = user_fk(_("answered by"), null=True, blank=True)
    #: Working days from asking to the first answer, kept so reports average it in SQL.
    answer_working_days = models.PositiveSmallIntegerField(
        _("working days to answer"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    helped = models.CharField(
        _("got the help needed"), max_length=10, choices=Helped.choices, blank=True
    )
    time_acceptable = models.BooleanField(_("the time it took was acceptable"), null=True)
    rating_comment = models.CharField(_("comment on the support"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        indexes = [
            models.Index(fields=["status", "due_on"], name="support_request_waiting"),
            models.Index(fields=["team", "status"], name="support_request_queue"),
            # The lists' order and the follow-up's year (bench.support: a page of 40 000
            # requests was a sort of all of them).
            models.Index(fields=["-created_at", "-id"], name="support_request_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(helped="") | Q(status=RequestStatus.CLOSED),
                name="support_request_rated_when_closed",
                violation_error_message=_("Only a closed request carries a rating."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Support request {number}")).format(number=self.pk)

    def get_absolute_url(self) -> str:
        return reverse("support:request", args=[self.pk])

    @property
    def routine_url(self) -> str:
        """The routine as a link when it is an address on this site or an https address."""
        ref = self.routine_reference
        if ref.startswith("https://") or (ref.startswith("/") and not ref.startswith("//")):
            return ref
        return ""

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        from django.utils import timezone

        return timezone.localdate(self.answered_at) <= self.due_on


class SupportReminder(models.Model):
    """A reminder sent about a request past its target; each kind once per request."""

    request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("support request"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["request", "kind"]
        verbose_name = _("support reminder")
        verbose_name_plural = _("support reminders")
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="support_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_kind_display()}"


class TimeEntry(models.Model):
    """Time a security partner spent on a request: the evidence for future resource needs."""

    request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("support request"),
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    person = user_fk(_("person"), "support_time")
    spent_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TimeEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = _("time spent")
        verbose_name_plural = _("time spent")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="support_time_hours_in_day",
                violation_error_message=_("Give between a quarter of an hour and 24 hours."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.spent_on} {self.hours} h"
