"""Continuity plans for the region's critical services (read from the risks module's register)
and the backups of the dependencies they rely on."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from ..choices import IMPACT_STEPS, Outcome
from ..querysets import BackupQuerySet, PlanQuerySet


def backup_outcome(lasts_hours: int | None, tolerable_hours: int) -> str:
    """One dependency's backup against a tolerable interruption: unknown when nobody knows how
    long it lasts."""
    if lasts_hours is None:
        return Outcome.UNKNOWN
    return Outcome.MET if lasts_hours >= tolerable_hours else Outcome.NOT_MET


def plan_outcome(outcomes: set[str]) -> str:
    """Not met when one dependency's backup is too short, met only when every one is known to
    last; a plan with no dependency to check is unknown."""
    if Outcome.NOT_MET in outcomes:
        return Outcome.NOT_MET
    if not outcomes or Outcome.UNKNOWN in outcomes:
        return Outcome.UNKNOWN
    return Outcome.MET


class DependencyBackup(VersionedModel):
    """How long the backup of one critical dependency lasts. Recorded once per dependency
    (the backup itself is described in the RSA's register) and read by every plan that
    relies on it, so two plans never disagree about the same generator."""

    dependency = models.OneToOneField(
        "risks.CriticalDependency", verbose_name=_("critical dependency"),
        on_delete=models.CASCADE, related_name="continuity_backup",
    )  # fmt: skip
    lasts_hours = models.PositiveIntegerField(
        _("backup lasts (hours)"), null=True, blank=True,
        help_text=_("Leave empty when nobody knows: the plan's outcome is then unknown."),
    )  # fmt: skip
    checked_on = models.DateField(_("checked on"), null=True, blank=True)

    objects = BackupQuerySet.as_manager()

    class Meta:
        ordering = ["dependency", "pk"]
        verbose_name = _("dependency backup")
        verbose_name_plural = _("dependency backups")

    def __str__(self) -> str:
        return str(self.dependency)

    def outcome(self, tolerable_hours: int) -> str:
        return backup_outcome(self.lasts_hours, tolerable_hours)


class ContinuityPlan(VersionedModel):
    """A continuity plan (kontinuitetsplan) for a critical service or a unit: what must go on,
    how long an interruption is tolerable, and how the work goes on without its dependencies."""

    title = models.CharField(_("title"), max_length=200)
    service = models.ForeignKey(
        "risks.CriticalService", verbose_name=_("critical service"), on_delete=models.PROTECT,
        related_name="continuity_plans", null=True, blank=True,
    )  # fmt: skip
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
        related_name="continuity_plans",
    )  # fmt: skip
    what_continues = models.TextField(_("what must continue"), blank=True)
    minimum_level = models.TextField(_("minimum acceptable level"))
    tolerable_hours = models.PositiveIntegerField(_("longest tolerable interruption (hours)"))
    impact_1h = models.PositiveSmallIntegerField(_("consequence after 1 hour"), null=True)
    impact_4h = models.PositiveSmallIntegerField(_("consequence after 4 hours"), null=True)
    impact_1d = models.PositiveSmallIntegerField(_("consequence after 1 day"), null=True)
    impact_3d = models.PositiveSmallIntegerField(_("consequence after 3 days"), null=True)
    impact_1w = models.PositiveSmallIntegerField(_("consequence after 1 week"), null=True)
    alternatives = models.TextField(_("alternative ways of working"), blank=True)
    resources = models.TextField(_("resources needed"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    responsible = user_fk(_("responsible person"), related_name="continuity_plans")
    review_date = models.DateField(_("review date"))
    created_by = user_fk(_("created by"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("continuity plan")
        verbose_name_plural = _("continuity plans")
        indexes = [models.Index(fields=["review_date"], name="continuity_plan_review")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("continuity:plan", args=[self.pk])

    def impacts(self) -> list[tuple[int, object, int | None]]:
        """(hours, label, consequence step) per time step."""
        return [(hours, label, getattr(self, name)) for hours, name, label in IMPACT_STEPS]

    def checks(self) -> list[tuple[object, DependencyBackup | None, str]]:
        """(dependency, its backup or None, outcome) for each dependency of the service; reads
        what `PlanQuerySet.with_backups()` prefetched."""
        if self.service is None:
            return []
        rows = []
        for dependency in self.service.dependencies.all():
            backup = getattr(dependency, "continuity_backup", None)
            outcome = backup.outcome(self.tolerable_hours) if backup else Outcome.UNKNOWN
            rows.append((dependency, backup, outcome))
        return rows

    @property
    def outcome(self) -> str:
        """See `plan_outcome`."""
        return plan_outcome({outcome for _dep, _backup, outcome in self.checks()})

    @property
    def is_flagged(self) -> bool:
        return self.outcome == Outcome.NOT_MET


class PlanReviewReminder(models.Model):
    """That a plan's responsible person was reminded of one review date (sent once)."""

    plan = models.ForeignKey(
        ContinuityPlan, verbose_name=_("continuity plan"), on_delete=models.CASCADE,
        related_name="reminders",
    )  # fmt: skip
    review_date = models.DateField(_("review date"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(fields=["plan", "review_date"], name="plan_review_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.review_date:%Y-%m-%d}"
