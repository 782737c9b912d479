"""Systematic fire safety work (SBA): each site's fire-protection documentation (the binder)
with its control plan, the self-inspection rounds the plan generates, and the rescue
service's inspections (tillsyn) with their remarks."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from .choices import (
    OPEN_ROUND_STATUSES,
    AssignmentRole,
    Frequency,
    Outcome,
    RemarkKind,
    RemarkStatus,
    ReminderKind,
    RoundStatus,
)
from .querysets import (
    ChecklistTemplateQuerySet,
    ControlPointQuerySet,
    FireDocumentQuerySet,
    InspectionQuerySet,
    RemarkQuerySet,
    ResultQuerySet,
    RoundQuerySet,
    SiteAssignmentQuerySet,
)

#: The binder's sections, in the order of "Rutin Brandskyddspärmen": (field, heading).
SECTIONS = (
    ("responsible_persons", _("Responsible persons")),
    ("building_description", _("Building description")),
    ("activity_risks", _("The activity and its risks")),
    ("technical_protection", _("Technical fire protection")),
    ("rescue_conditions", _("Conditions for a rescue response")),
    ("training_plan", _("Training and exercise plan")),
)
SECTION_FIELDS = tuple(name for name, _heading in SECTIONS)


class FireDocument(VersionedModel):
    """A site's fire-protection documentation (brandskyddsdokumentation, "the binder")."""

    site = models.OneToOneField(
        "organisation.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="fire_document",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="fire_documents",
    )
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        related_name="fire_documents",
    )
    responsible = user_fk(
        _("responsible person"),
        "fire_documents",
        help_text=_("Owns the actions that deviations found at the site give rise to."),
    )
    responsible_persons = models.TextField(_("responsible persons"), blank=True)
    building_description = models.TextField(_("building description"), blank=True)
    activity_risks = models.TextField(_("the activity and its risks"), blank=True)
    technical_protection = models.TextField(_("technical fire protection"), blank=True)
    rescue_conditions = models.TextField(_("conditions for a rescue response"), blank=True)
    training_plan = models.TextField(_("training and exercise plan"), blank=True)
    next_review = models.DateField(_("next yearly review"))

    objects = FireDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["site__name", "pk"]
        verbose_name = _("fire-protection documentation")
        verbose_name_plural = _("fire-protection documentation")

    def __str__(self) -> str:
        return str(_("Fire protection, {site}").format(site=self.site))

    def get_absolute_url(self) -> str:
        return reverse("fire_safety:document", args=[self.pk])

    def sections(self) -> list[tuple[str, str]]:
        return [(heading, getattr(self, name)) for name, heading in SECTIONS]


class FireDocumentVersion(models.Model):
    """The binder's sections as they were saved: who changed them and when."""

    document = models.ForeignKey(
        FireDocument, verbose_name=_("documentation"), on_delete=models.CASCADE,
        related_name="versions",
    )  # fmt: skip
    number = models.PositiveIntegerField(_("version"))
    sections = models.JSONField(_("sections"))
    next_review = models.DateField(_("next yearly review"))
    changed_by = user_fk(_("changed by"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("documentation version")
        verbose_name_plural = _("documentation versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="fire_document_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class SiteAssignment(VersionedModel):
    """A person's part in a site's SBA for a time (brandskyddsansvarig, deputy, controller)."""

    site = models.ForeignKey(
        "organisation.Site", verbose_name=_("site"), on_delete=models.PROTECT,
        related_name="fire_assignments",
    )  # fmt: skip
    user = user_fk(_("person"), "fire_assignments")
    role = models.CharField(_("role in SBA"), max_length=20, choices=AssignmentRole.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    objects = SiteAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["site", "role", "valid_from"]
        verbose_name = _("fire safety assignment")
        verbose_name_plural = _("fire safety assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="site_assignment_ends_after_start",
                violation_error_message=_("The assignment cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.site}"


class ChecklistTemplate(VersionedModel):
    """A checklist a control point's rounds go through (escape routes, exit signs, …)."""

    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey(
        "organisation.SecurityArea", verbose_name=_("security area"), on_delete=models.PROTECT,
        related_name="fire_checklists",
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """One thing to check on a checklist; an item taken away is kept inactive, not deleted."""

    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("checklist"), on_delete=models.CASCADE,
        related_name="items",
    )  # fmt: skip
    text = models.CharField(_("what is checked"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text


class ControlPoint(VersionedModel):
    """A line of the control plan: what is checked, how often and by whom."""

    document = models.ForeignKey(
        FireDocument, verbose_name=_("documentation"), on_delete=models.PROTECT,
        related_name="control_points",
    )  # fmt: skip
    title = models.CharField(_("what is checked"), max_length=200)
    checklist = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("checklist"), on_delete=models.PROTECT,
        related_name="control_points",
    )  # fmt: skip
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices)
    performer = user_fk(
        _("done by"),
        "fire_control_points",
        null=True,
        blank=True,
        help_text=_("Empty: the binder's responsible person."),
    )
    starts_on = models.DateField(
        _("in force from"),
        help_text=_("Rounds are generated for the periods from this day on."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ControlPointQuerySet.as_manager()

    class Meta:
        ordering = ["document", "title", "pk"]
        verbose_name = _("control point")
        verbose_name_plural = _("control points")

    def __str__(self) -> str:
        return self.title


class Round(VersionedModel):
    """A self-inspection round (egenkontroll) of one control point for one period."""

    control_point = models.ForeignKey(
        ControlPoint, verbose_name=_("control point"), on_delete=models.PROTECT,
        related_name="rounds",
    )  # fmt: skip
    # The binder, stored so that access and the follow-up need no join through the plan.
    document = models.ForeignKey(
        FireDocument, verbose_name=_("documentation"), on_delete=models.PROTECT,
        related_name="rounds",
    )  # fmt: skip
    period_start = models.DateField(_("period from"))
    due_date = models.DateField(_("to be done by"))
    assigned_to = user_fk(_("done by"), "fire_rounds")
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    performed_on = models.DateField(_("done on"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    finished_by = user_fk(_("finished by"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("self-inspection")
        verbose_name_plural = _("self-inspections")
        indexes = [models.Index(fields=["status", "due_date"], name="fire_round_status_due")]
        constraints = [
            # Generating the rounds twice creates each once (a cancelled one may be replaced).
            models.UniqueConstraint(
                fields=["control_point", "period_start"],
                condition=~Q(status=RoundStatus.CANCELLED),
                name="fire_round_once_per_period",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("period_start")),
                name="fire_round_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status=RoundStatus.FINISHED) | Q(performed_on__isnull=False),
                name="fire_round_finished_has_date",
                violation_error_message=_("A finished round needs the day it was done."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.control_point} · {self.due_date}"

    def get_absolute_url(self) -> str:
        return reverse("fire_safety:round", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ROUND_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()


def photo_path(instance, filename: str) -> str:
    return f"fire_safety/{filename}"


class RoundResult(models.Model):
    """The outcome of one checklist item in a round; a deviation leads to an action."""

    round = models.ForeignKey(
        Round, verbose_name=_("self-inspection"), on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.PROTECT,
        related_name="results",
    )  # fmt: skip
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    photo = models.FileField(_("photo"), upload_to=photo_path, max_length=200, blank=True)
    photo_type = models.CharField(_("photo type"), max_length=40, blank=True)
    action = models.OneToOneField(
        "actions.Action", verbose_name=_("action"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="fire_result",
    )  # fmt: skip
    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["round", "item__position", "pk"]
        verbose_name = _("self-inspection result")
        verbose_name_plural = _("self-inspection results")
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="fire_result_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return self.round.get_absolute_url()


class RoundComment(models.Model):
    """A comment on a round: what a finished round still takes."""

    round = models.ForeignKey(
        Round, verbose_name=_("self-inspection"), on_delete=models.CASCADE, related_name="comments"
    )
    author = user_fk(_("author"))
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["round", "created_at", "pk"]
        verbose_name = _("self-inspection comment")
        verbose_name_plural = _("self-inspection comments")

    def __str__(self) -> str:
        return self.text[:60]


class RoundReminder(models.Model):
    """A reminder about an overdue round; the unique constraint sends each once."""

    round = models.ForeignKey(
        Round, verbose_name=_("self-inspection"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("self-inspection reminder")
        verbose_name_plural = _("self-inspection reminders")
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="fire_round_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.get_kind_display()}"


def report_path(instance, filename: str) -> str:
    return f"fire_safety/{filename}"


class FireInspection(VersionedModel):
    """An inspection (tillsyn) of a site by the rescue service, under LSO 5 kap."""

    document = models.ForeignKey(
        FireDocument, verbose_name=_("documentation"), on_delete=models.PROTECT,
        related_name="inspections",
    )  # fmt: skip
    date = models.DateField(_("date"))
    rescue_service = models.CharField(_("rescue service"), max_length=200)
    reference = models.CharField(_("the rescue service's reference"), max_length=100, blank=True)
    report = models.FileField(
        _("inspection report"), upload_to=report_path, max_length=200, blank=True
    )
    recorded_by = user_fk(_("recorded by"))

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("inspection by the rescue service")
        verbose_name_plural = _("inspections by the rescue service")

    def __str__(self) -> str:
        return str(_("Inspection {date}, {site}").format(date=self.date, site=self.document.site))

    def get_absolute_url(self) -> str:
        return reverse("fire_safety:inspection", args=[self.pk])


class Remark(VersionedModel):
    """A remark (anmärkning) or injunction (föreläggande) of an inspection, with its deadline."""

    inspection = models.ForeignKey(
        FireInspection, verbose_name=_("inspection"), on_delete=models.PROTECT,
        related_name="remarks",
    )  # fmt: skip
    kind = models.CharField(
        _("kind"), max_length=12, choices=RemarkKind.choices, default=RemarkKind.REMARK
    )
    text = models.TextField(_("remark"))
    # The rescue service's deadline as it was given, even when recorded after it passed.
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=RemarkStatus.choices, default=RemarkStatus.OPEN
    )
    status_note = models.TextField(_("note on the status"), blank=True)

    objects = RemarkQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("remark")
        verbose_name_plural = _("remarks")
        indexes = [models.Index(fields=["status", "deadline"], name="fire_remark_status_deadline")]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return self.inspection.get_absolute_url()

    @property
    def past_deadline(self) -> bool:
        return self.status == RemarkStatus.OPEN and self.deadline < timezone.localdate()


class RemarkReminder(models.Model):
    """A reminder about a remark open past its deadline; once per deadline."""

    remark = models.ForeignKey(
        Remark, verbose_name=_("remark"), on_delete=models.CASCADE, related_name="reminders"
    )
    deadline = models.DateField(_("deadline"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("remark reminder")
        verbose_name_plural = _("remark reminders")
        constraints = [
            models.UniqueConstraint(fields=["remark", "deadline"], name="fire_remark_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.remark} · {self.deadline}"
