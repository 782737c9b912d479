"""Risk management: the versioned risk matrix, risk analyses (the regional RSA among them),
their risks, environmental scanning, and the region's critical services and dependencies
(which the continuity module reads)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.core.models import TimeStampedModel, VersionedModel, user_fk

from . import matrix
from .choices import AnalysisKind, AnalysisStatus, CycleStep, DependencyKind, Fulfilment, Treatment
from .querysets import (
    AnalysisQuerySet,
    CriticalDependencyQuerySet,
    CriticalServiceQuerySet,
    FollowUpQuerySet,
    MatrixQuerySet,
    PreparednessQuerySet,
    RiskQuerySet,
    ScanningNoteQuerySet,
)


class MatrixVersion(TimeStampedModel):
    """One version of the region's risk matrix (the regional setting).

    Versioned rather than changed in place: an analysis keeps the version it was assessed
    under; a new version applies to analyses moved to it."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    likelihood_labels = models.JSONField(_("likelihood steps"), default=list)
    consequence_labels = models.JSONField(_("consequence steps"), default=list)
    level_labels = models.JSONField(_("levels"), default=list)
    levels = models.JSONField(
        _("level of each cell"), default=list,
        help_text=_("One row per likelihood step, one level (1 = lowest) per consequence step."),
    )  # fmt: skip
    acceptable_level = models.PositiveSmallIntegerField(
        _("highest acceptable level"), default=matrix.DEFAULT_ACCEPTABLE
    )
    review_days = models.JSONField(_("days until review, per level"), default=list)
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    objects = MatrixQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("risk matrix version")
        verbose_name_plural = _("risk matrix versions")

    def __str__(self) -> str:
        return str(_("Risk matrix, version {number}").format(number=self.number))

    def clean(self) -> None:
        matrix.validate(
            likelihood_labels=self.likelihood_labels, consequence_labels=self.consequence_labels,
            level_labels=self.level_labels, levels=self.levels,
            acceptable_level=self.acceptable_level, review_days=self.review_days,
        )  # fmt: skip

    @property
    def size(self) -> tuple[int, int]:
        return len(self.likelihood_labels), len(self.consequence_labels)

    def level(self, likelihood: int | None, consequence: int | None) -> int | None:
        """The level of a cell (1-based steps), None when a step is missing."""
        if not likelihood or not consequence:
            return None
        return self.levels[likelihood - 1][consequence - 1]

    def level_label(self, level: int | None) -> str:
        return self.level_labels[level - 1] if level else ""

    def is_acceptable(self, level: int | None) -> bool:
        return level is not None and level <= self.acceptable_level

    def review_after(self, level: int, start: datetime.date | None = None) -> datetime.date:
        days = self.review_days[level - 1]
        return (start or timezone.localdate()) + datetime.timedelta(days=days)


class RiskAnalysis(VersionedModel):
    """A risk analysis: the region's RSA, a unit's, one before a change, or a workplace
    assessment of threats and violence. A confidential one (OSL 18 kap.) is read only by its
    participants, the owner of its area and the security chief."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AnalysisKind.choices)
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
        related_name="risk_analyses",
        help_text=_("The analysis covers this unit and those below it."),
    )  # fmt: skip
    site = models.ForeignKey(
        "organisation.Site", verbose_name=_("site"), on_delete=models.PROTECT,
        related_name="risk_analyses", null=True, blank=True,
    )  # fmt: skip
    area = models.ForeignKey(
        "organisation.SecurityArea", verbose_name=_("security area"), on_delete=models.PROTECT,
        related_name="risk_analyses", null=True, blank=True,
    )  # fmt: skip
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    method = models.TextField(_("process and method"), blank=True)
    responsibility = models.TextField(_("the organisation and its responsibility"), blank=True)
    preparedness = models.TextField(_("assessment of crisis preparedness"), blank=True)
    vulnerabilities = models.TextField(_("vulnerabilities and gaps"), blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), related_name="risk_analyses",
        blank=True,
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=AnalysisStatus.choices, default=AnalysisStatus.DRAFT
    )
    is_confidential = models.BooleanField(
        _("confidential"), default=False,
        help_text=_("Secret under OSL 18 kap.: only participants, the area owner and the "
                    "security chief read it; every read is logged."),
    )  # fmt: skip
    matrix = models.ForeignKey(
        MatrixVersion, verbose_name=_("risk matrix"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        "governance.Decision", verbose_name=_("approval decision"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )  # fmt: skip
    approved_by = user_fk(_("approved by"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_by = user_fk(_("created by"), null=True, blank=True)

    objects = AnalysisQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "title", "pk"]
        verbose_name = _("risk analysis")
        verbose_name_plural = _("risk analyses")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="risk_analysis_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status=AnalysisStatus.APPROVED) | Q(decision__isnull=False),
                name="risk_analysis_approved_has_decision",
                violation_error_message=_("An approved analysis needs its decision."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risks:analysis", args=[self.pk])


class ScanningNote(VersionedModel):
    """A dated note of environmental scanning (omvärldsbevakning): what was seen, where."""

    noted_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=300)
    summary = models.TextField(_("summary"))
    areas = models.ManyToManyField(
        "organisation.SecurityArea", verbose_name=_("security areas"), related_name="+", blank=True
    )
    created_by = user_fk(_("noted by"), null=True, blank=True)

    objects = ScanningNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-noted_on", "-pk"]
        verbose_name = _("environmental scanning note")
        verbose_name_plural = _("environmental scanning notes")

    def __str__(self) -> str:
        return f"{self.noted_on:%Y-%m-%d} {self.source}"

    def get_absolute_url(self) -> str:
        return reverse("risks:notes") + f"#note-{self.pk}"


def _step(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(verbose_name, **kwargs)


class Risk(VersionedModel):
    """A risk in an analysis, assessed three times: inherent (before any measure), current
    (today; the acceptability rule applies here) and residual (planned, once treated)."""

    analysis = models.ForeignKey(
        RiskAnalysis, verbose_name=_("analysis"), on_delete=models.PROTECT, related_name="risks"
    )
    title = models.CharField(_("title"), max_length=200)
    scenario = models.TextField(_("scenario"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    consequences = models.TextField(_("consequence"), blank=True)
    area = models.ForeignKey(
        "organisation.SecurityArea", verbose_name=_("security area"), on_delete=models.PROTECT,
        related_name="risks",
    )  # fmt: skip
    categories = models.ManyToManyField(
        "incidents.IncidentCategory", verbose_name=_("incident categories"), related_name="risks",
        blank=True,
    )  # fmt: skip
    inherent_likelihood = _step(_("inherent likelihood"))
    inherent_consequence = _step(_("inherent consequence"))
    inherent_level = _step(_("inherent level"))
    current_likelihood = _step(_("current likelihood"))
    current_consequence = _step(_("current consequence"))
    current_level = _step(_("current level"))
    residual_likelihood = _step(_("residual likelihood"), null=True, blank=True)
    residual_consequence = _step(_("residual consequence"), null=True, blank=True)
    residual_level = _step(_("residual level"), null=True, blank=True)
    treatment = models.CharField(
        _("treatment"), max_length=10, choices=Treatment.choices, blank=True
    )
    justification = models.TextField(_("justification"), blank=True)
    acceptance_expires = models.DateField(_("acceptance expires"), null=True, blank=True)
    owner = user_fk(_("owner"), "owned_risks")
    review_date = models.DateField(_("review date"))
    reminded_for = models.DateField(
        _("reminder sent for review date"), null=True, blank=True, editable=False
    )
    note = models.ForeignKey(
        ScanningNote, verbose_name=_("from scanning note"), on_delete=models.PROTECT,
        related_name="risks", null=True, blank=True,
    )  # fmt: skip
    created_by = user_fk(_("created by"), null=True, blank=True)

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["-current_level", "title", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        indexes = [models.Index(fields=["review_date"], name="risk_review_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risks:risk", args=[self.pk])

    @property
    def unit(self):
        """The analysis's unit: actions created from a risk are placed there."""
        return self.analysis.unit

    @property
    def is_acceptable(self) -> bool:
        return self.analysis.matrix.is_acceptable(self.current_level)

    @property
    def needs_review(self) -> bool:
        return self.review_date < timezone.localdate()


class CriticalService(VersionedModel):
    """A critical service (samhällsviktig verksamhet) of the region: what must keep going."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT,
        related_name="critical_services",
    )  # fmt: skip
    analysis = models.ForeignKey(
        RiskAnalysis, verbose_name=_("analysis"), on_delete=models.PROTECT,
        related_name="critical_services", null=True, blank=True,
    )  # fmt: skip
    tolerable_outage_hours = models.PositiveIntegerField(_("tolerable outage (hours)"))
    backup = models.TextField(_("backup"), blank=True)

    objects = CriticalServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("critical service")
        verbose_name_plural = _("critical services")

    def __str__(self) -> str:
        return self.name


class CriticalDependency(VersionedModel):
    """What a critical service depends on (electricity, water, medicines…) and its backup."""

    service = models.ForeignKey(
        CriticalService, verbose_name=_("critical service"), on_delete=models.CASCADE,
        related_name="dependencies",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=30, choices=DependencyKind.choices)
    description = models.TextField(_("description"), blank=True)
    tolerable_outage_hours = models.PositiveIntegerField(_("tolerable outage (hours)"))
    backup = models.TextField(_("backup"), blank=True)

    objects = CriticalDependencyQuerySet.as_manager()

    class Meta:
        ordering = ["service", "kind", "pk"]
        verbose_name = _("critical dependency")
        verbose_name_plural = _("critical dependencies")
        constraints = [
            models.UniqueConstraint(fields=["service", "kind"], name="critical_dependency_once")
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.get_kind_display()}"


class PreparednessIndicator(TimeStampedModel):
    """An indicator of crisis preparedness that every RSA is assessed against: the region's
    list (a setting edited in the admin; MSB's indicators by default). An indicator in use is
    retired, not deleted, so that an approved RSA keeps what it was assessed against."""

    name = models.CharField(_("indicator"), max_length=300, unique=True)
    description = models.TextField(_("what is assessed"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "name", "pk"]
        verbose_name = _("crisis preparedness indicator")
        verbose_name_plural = _("crisis preparedness indicators")

    def __str__(self) -> str:
        return self.name


class PreparednessAssessment(VersionedModel):
    """How an analysis (the RSA) assesses the region against one preparedness indicator."""

    analysis = models.ForeignKey(
        RiskAnalysis, verbose_name=_("analysis"), on_delete=models.PROTECT,
        related_name="preparedness_assessments",
    )  # fmt: skip
    indicator = models.ForeignKey(
        PreparednessIndicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
        related_name="assessments",
    )  # fmt: skip
    fulfilment = models.CharField(_("assessment"), max_length=10, choices=Fulfilment.choices)
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = user_fk(_("assessed by"), null=True, blank=True)

    objects = PreparednessQuerySet.as_manager()

    class Meta:
        ordering = ["analysis", "indicator__position", "indicator__name", "pk"]
        verbose_name = _("crisis preparedness assessment")
        verbose_name_plural = _("crisis preparedness assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "indicator"], name="preparedness_assessed_once",
                violation_error_message=_("The indicator is already assessed in the analysis."),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.analysis} · {self.indicator}"


class RsaFollowUp(VersionedModel):
    """The yearly follow-up of the regional RSA in the later years of its mandate period."""

    analysis = models.ForeignKey(
        RiskAnalysis, verbose_name=_("analysis"), on_delete=models.PROTECT,
        related_name="follow_ups",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(_("follow-up"))
    recorded_by = user_fk(_("recorded by"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["analysis", "year", "pk"]
        verbose_name = _("RSA follow-up")
        verbose_name_plural = _("RSA follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "year"], name="rsa_follow_up_once_a_year",
                violation_error_message=_("The year is already followed up."),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.analysis} · {self.year}"


class CycleReminder(TimeStampedModel):
    """A deadline of the mandate-period cycle that the security chiefs were reminded of: one
    row per deadline, so that each reminds once however many workers run."""

    step = models.CharField(_("step"), max_length=10, choices=CycleStep.choices)
    due = models.DateField(_("deadline"))

    class Meta:
        ordering = ["-due", "step"]
        verbose_name = _("RSA deadline reminder")
        verbose_name_plural = _("RSA deadline reminders")
        constraints = [
            models.UniqueConstraint(fields=["step", "due"], name="rsa_cycle_reminded_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.due:%Y-%m-%d}"
