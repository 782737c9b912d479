"""Resources: funding sources (the state grant 2023–2025) and the activities they pay for."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from ..querysets import FundedActivityQuerySet, FundingSourceQuerySet
from .forums import Decision


class FundingSource(VersionedModel):
    """Money for security work over a period of years: its amount, who grants it, and the
    decision behind it."""

    name = models.CharField(_("name"), max_length=200)
    granted_by = models.CharField(_("granted by"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (SEK)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = user_fk(_("recorded by"), null=True, blank=True)

    objects = FundingSourceQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="funding_period_in_order",
                violation_error_message=_("The last year cannot come before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start_year}–{self.end_year}"

    def get_absolute_url(self) -> str:
        return reverse("governance:funding", args=[self.pk])


class FundedActivity(VersionedModel):
    """An activity paid from a funding source in one year: its estimated cost and effort, in an
    administration and a security area; optionally the annual plan's activity it is."""

    funding = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("activity"), max_length=200)
    administration = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    estimated_cost = models.DecimalField(
        _("estimated cost (SEK)"),
        max_digits=14,
        decimal_places=0,
        validators=[MinValueValidator(0)],
    )
    effort_hours = models.PositiveIntegerField(_("effort (hours)"), null=True, blank=True)
    planned_activity = models.ForeignKey(
        "actions.PlannedActivity",
        verbose_name=_("planned activity"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = user_fk(_("recorded by"), null=True, blank=True)

    objects = FundedActivityQuerySet.as_manager()

    class Meta:
        ordering = ["funding", "year", "title", "pk"]
        verbose_name = _("funded activity")
        verbose_name_plural = _("funded activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__gte=0),
                name="funded_activity_cost_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.title
