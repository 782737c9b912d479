"""Actions (åtgärder), improvement needs and the security board's meetings: the PGSA cycle."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.core.models import TimeStampedModel, VersionedModel

from .choices import (
    OPEN_STATUSES,
    ActionStatus,
    ActivityStatus,
    DecisionKind,
    NeedStatus,
    Priority,
    ReminderKind,
)
from .querysets import (
    ActionQuerySet,
    AnnualPlanQuerySet,
    BoardMeetingQuerySet,
    ImprovementNeedQuerySet,
    PlannedActivityQuerySet,
)


def _estimated_cost():
    """The estimated cost in whole kronor, for the budget process (governance sums it per area
    and year); empty until someone estimates it."""
    return models.DecimalField(
        _("estimated cost (SEK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


def _effort_hours():
    return models.PositiveIntegerField(_("estimated effort (hours)"), null=True, blank=True)


def _cost_not_negative(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0),
        name=name,
        violation_error_message=_("A cost cannot be negative."),
    )


class Action(VersionedModel):
    """One action with an owner and a due date, tied to whatever caused it."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_actions",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    due_date = models.DateField(_("due date"))
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    estimated_cost = _estimated_cost()
    effort_hours = _effort_hours()
    # What caused the action: any row of any module (an incident, a risk, a remark, a need…).
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("source type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    follows_up = models.ForeignKey(
        "self",
        verbose_name=_("follows up"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text=_("The ineffective action that this action follows up."),
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    effect_checked_at = models.DateField(_("effect checked on"), null=True, blank=True)
    effect_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("effect checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    was_effective = models.BooleanField(_("had the intended effect"), null=True, blank=True)
    effect_note = models.TextField(_("how the effect was checked"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="action_source"),
            models.Index(fields=["status", "due_date"], name="action_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="action_cancel_has_reason",
                violation_error_message=_("A cancelled action needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.VERIFIED_EFFECTIVE)
                | Q(was_effective=True, effect_checked_at__isnull=False),
                name="action_verified_has_effect_check",
                violation_error_message=_(
                    "An action is verified effective only with a recorded effect check."
                ),
            ),
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="action_source_complete",
                violation_error_message=_("A source needs both its type and its id."),
            ),
            models.CheckConstraint(
                condition=~Q(follows_up=models.F("pk")),
                name="action_not_own_follow_up",
                violation_error_message=_("An action cannot follow up itself."),
            ),
            _cost_not_negative("action_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def awaits_effect_check(self) -> bool:
        return self.status == ActionStatus.DONE and self.was_effective is None


class ActionReminder(models.Model):
    """A reminder sent for one due date: the unique constraint makes every reminder once-only."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    due_date = models.DateField(_("due date"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("action reminder")
        verbose_name_plural = _("action reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_date"],
                name="action_reminder_once",
                violation_error_message=_("This reminder has already been sent."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} · {self.get_kind_display()} · {self.due_date}"


class ImprovementNeed(VersionedModel):
    """An improvement need (förbättringsbehov) raised by anyone for the security board."""

    title = models.CharField(_("what needs improving"), max_length=200)
    description = models.TextField(_("why it is needed"))
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_needs",
    )
    site = models.ForeignKey(
        "organisation.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_needs",
    )
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_needs",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="improvement_needs",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.NEW
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)

    objects = ImprovementNeedQuerySet.as_manager()

    class Meta:
        ordering = [models.F("rank").asc(nulls_last=True), "-created_at"]
        verbose_name = _("improvement need")
        verbose_name_plural = _("improvement needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1),
                name="improvement_need_rank_positive",
                violation_error_message=_("A rank starts at 1."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:need-detail", args=[self.pk])


class BoardMeeting(TimeStampedModel):
    """A meeting of the security board (säkerhetsledningen) where needs are decided."""

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        related_name="board_meetings",
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = BoardMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("board meeting")
        verbose_name_plural = _("board meetings")

    def __str__(self) -> str:
        return self.title or str(_("Security board meeting {date}").format(date=self.date))

    def get_absolute_url(self) -> str:
        return reverse("actions:meeting-detail", args=[self.pk])


class BoardDecision(models.Model):
    """The board's decision on one improvement need at one meeting."""

    meeting = models.ForeignKey(
        BoardMeeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    need = models.ForeignKey(
        ImprovementNeed,
        verbose_name=_("improvement need"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    kind = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    actions = models.ManyToManyField(
        Action, verbose_name=_("actions"), related_name="board_decisions", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("board decision")
        verbose_name_plural = _("board decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=DecisionKind.REJECT) | ~Q(reason=""),
                name="board_decision_reject_has_reason",
                violation_error_message=_("A rejection needs a reason."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.need} · {self.get_kind_display()}"


class AnnualPlan(TimeStampedModel):
    """An administration's plan of security activities for one year (verksamhetsplan)."""

    year = models.PositiveSmallIntegerField(_("year"))
    administration = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="annual_plans",
        help_text=_("The administration, or the region for a region-wide plan."),
    )
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AnnualPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "administration__path"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "administration"],
                name="annual_plan_one_per_year",
                violation_error_message=_("This administration already has a plan for that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="annual_plan_year_sensible",
                violation_error_message=_("Give a year between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("actions:plan-detail", args=[self.pk])


class PlannedActivity(VersionedModel):
    """One planned activity of an annual plan, per security area, followed through the year."""

    plan = models.ForeignKey(
        AnnualPlan,
        verbose_name=_("annual plan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_activities",
    )
    # Free text until the goals module exists; then a link to a Goal.
    goal = models.CharField(_("goal"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_activities",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    status_note = models.TextField(_("status note"), blank=True)
    estimated_cost = _estimated_cost()
    effort_hours = _effort_hours()

    objects = PlannedActivityQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "area__position", "pk"]
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        constraints = [_cost_not_negative("planned_activity_cost_not_negative")]

    def __str__(self) -> str:
        return self.title
