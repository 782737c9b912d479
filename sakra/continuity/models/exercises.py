"""Exercises (övningar) of the continuity plans and the training (utbildning) of the people in
the security roles."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from ..choices import SECURITY_ROLE_CHOICES, ExerciseKind, ExerciseStatus, Outcome
from ..querysets import ExerciseQuerySet, TrainingQuerySet


class Exercise(VersionedModel):
    """An exercise planned or held by a unit in a security area: its scenario, the continuity
    plan it exercises, who took part, what the evaluation found and how long recovery took."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of exercise"), max_length=20, choices=ExerciseKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ExerciseStatus.choices,
        default=ExerciseStatus.PLANNED,
    )  # fmt: skip
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
        related_name="exercises",
    )  # fmt: skip
    area = models.ForeignKey(
        "organisation.SecurityArea", verbose_name=_("security area"), on_delete=models.PROTECT,
        related_name="exercises",
    )  # fmt: skip
    date = models.DateField(_("date"))
    scenario = models.TextField(_("scenario"))
    plan = models.ForeignKey(
        "continuity.ContinuityPlan", verbose_name=_("continuity plan exercised"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="exercises",
    )  # fmt: skip
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    participant_roles = models.TextField(_("roles taking part"), blank=True)
    worked_well = models.TextField(_("what worked"), blank=True)
    did_not_work = models.TextField(_("what did not work"), blank=True)
    recovery_hours = models.PositiveIntegerField(
        _("recovery time achieved (hours)"), null=True, blank=True
    )
    created_by = user_fk(_("created by"), null=True, blank=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        indexes = [models.Index(fields=["date", "id"], name="exercise_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("continuity:exercise", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.status == ExerciseStatus.HELD

    @property
    def recovery_outcome(self) -> str:
        """Whether the recovery achieved kept within the exercised plan's tolerable interruption
        (unknown without a plan or a recovery time)."""
        if self.plan_id is None or self.recovery_hours is None:
            return Outcome.UNKNOWN
        met = self.recovery_hours <= self.plan.tolerable_hours
        return Outcome.MET if met else Outcome.NOT_MET


class TrainingRecord(VersionedModel):
    """A training a person has done for a security role, and until when it counts."""

    person = user_fk(_("person"), related_name="security_trainings")
    role = models.CharField(_("role"), max_length=40, choices=SECURITY_ROLE_CHOICES)
    course = models.CharField(_("training"), max_length=200)
    completed_on = models.DateField(_("completed on"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: it does not expire.")
    )
    created_by = user_fk(_("created by"), null=True, blank=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["person", "role", "-completed_on", "pk"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("completed_on")),
                name="training_valid_after_completed",
                violation_error_message=_("A training cannot stop counting before it was done."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.get_role_display()}"

    def is_valid(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.completed_on <= on and (self.valid_until is None or self.valid_until >= on)
