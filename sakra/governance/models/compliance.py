"""Statutory requirements per security area, and the internal control plan of a year."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from ..choices import (
    ControlFrequency,
    ControlResult,
    OccurrenceStatus,
    PlanStatus,
    RequirementStatus,
)
from ..querysets import (
    ControlPlanQuerySet,
    ControlQuerySet,
    OccurrenceQuerySet,
    RequirementQuerySet,
)


class Requirement(VersionedModel):
    """One statutory requirement on a security area: the law, the requirement in a sentence,
    who owns it, how it is met and its status.

    `reference` is stable across versions of the law: a changed law supersedes the row (a new
    row with the same reference) instead of editing it, so what was answered stays attached to
    the wording it answered."""

    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reference = models.CharField(_("reference"), max_length=40)
    law = models.CharField(_("law or regulation"), max_length=200)
    requirement = models.CharField(_("requirement"), max_length=500)
    owner = user_fk(_("owner"), null=True, blank=True)
    how_met = models.TextField(_("how it is met"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequirementStatus.choices,
        default=RequirementStatus.NOT_ASSESSED,
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        related_name="superseded_by",
        null=True,
        blank=True,
    )
    is_current = models.BooleanField(_("current"), default=True)
    created_by = user_fk(_("recorded by"), null=True, blank=True)

    objects = RequirementQuerySet.as_manager()

    class Meta:
        ordering = ["area__position", "reference", "-pk"]
        verbose_name = _("statutory requirement")
        verbose_name_plural = _("statutory requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=Q(is_current=True),
                name="requirement_one_current_per_reference",
                violation_error_message=_("A current requirement already has this reference."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.law}"

    def get_absolute_url(self) -> str:
        return reverse("governance:requirement", args=[self.pk])


class ControlPlan(VersionedModel):
    """The internal control plan (internkontrollplan) of one administration for one year; the
    region's own plan is placed at the region."""

    year = models.PositiveSmallIntegerField(_("year"))
    administration = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = user_fk(_("adopted by"), null=True, blank=True)
    created_by = user_fk(_("created by"), null=True, blank=True)

    objects = ControlPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "administration__path"]
        verbose_name = _("internal control plan")
        verbose_name_plural = _("internal control plans")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "administration"],
                name="control_plan_one_per_year",
                violation_error_message=_("This administration already has a plan for that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="control_plan_year_sensible",
                violation_error_message=_("Give a year between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("governance:plan", args=[self.pk])

    @property
    def is_adopted(self) -> bool:
        return self.status == PlanStatus.ADOPTED


class Control(VersionedModel):
    """One control of a plan: what risk it guards, how it is checked, how often, by whom."""

    plan = models.ForeignKey(
        ControlPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="controls"
    )
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("control"), max_length=200)
    risk = models.CharField(_("risk"), max_length=500)
    method = models.TextField(_("method"))
    frequency = models.CharField(_("frequency"), max_length=20, choices=ControlFrequency.choices)
    owner = user_fk(_("owner"))
    maintenance_only = models.BooleanField(
        _("maintenance only"),
        default=False,
        help_text=_("Upkeep that is done, not judged: no result beyond that it was done."),
    )

    objects = ControlQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "area__position", "title", "pk"]
        verbose_name = _("control")
        verbose_name_plural = _("controls")

    def __str__(self) -> str:
        return self.title


class ControlOccurrence(VersionedModel):
    """One time a control is due in the plan's year, generated when the plan is adopted.

    The method is frozen here when generated: a later edit of the control reaches only the
    occurrences not yet performed. `performed_on` (when it was done) decides the plan year;
    `recorded_at` is only when it was written down."""

    control = models.ForeignKey(
        Control, verbose_name=_("control"), on_delete=models.CASCADE, related_name="occurrences"
    )
    due_on = models.DateField(_("due on"))
    method = models.TextField(_("method"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OccurrenceStatus.choices,
        default=OccurrenceStatus.PLANNED,
    )
    performed_on = models.DateField(_("performed on"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    recorded_by = user_fk(_("recorded by"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=ControlResult.choices, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    deficiency_note = models.TextField(_("known deficiency"), blank=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "control", "pk"]
        verbose_name = _("control occurrence")
        verbose_name_plural = _("control occurrences")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=OccurrenceStatus.PERFORMED)
                | Q(performed_on__isnull=False) & ~Q(result=""),
                name="occurrence_performed_has_date_and_result",
                violation_error_message=_("A performed control needs its date and result."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.control} {self.due_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("governance:occurrence", args=[self.pk])

    @property
    def unit(self):
        """The plan's administration: an action raised from a remark belongs there."""
        return self.control.plan.administration

    @property
    def area(self):
        return self.control.area
