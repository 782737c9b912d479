"""Critical supply (försörjningsberedskap): the stock of each critical good a unit keeps, at a
site or for the whole region, in days against a target, and the agreement that refills it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from ..choices import Good
from ..querysets import StockQuerySet


class SupplyStock(VersionedModel):
    """The stock of one critical good (oxygen, diesel for the generators, protective masks…)
    kept by a unit at a site, or for the region when no site is named: how many days it lasts
    at normal use against the days it should, and who refills it on what terms."""

    good = models.CharField(_("critical good"), max_length=30, choices=Good.choices)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("unit keeping the stock"), on_delete=models.PROTECT,
        related_name="supply_stocks",
    )  # fmt: skip
    site = models.ForeignKey(
        "organisation.Site", verbose_name=_("site"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="supply_stocks",
        help_text=_("Empty: the stock serves the whole region."),
    )  # fmt: skip
    days_held = models.PositiveIntegerField(_("days of stock held"))
    target_days = models.PositiveIntegerField(_("target (days of stock)"))
    counted_on = models.DateField(_("counted on"))
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    agreement = models.TextField(_("supply agreement"), blank=True)
    agreement_ends_on = models.DateField(_("agreement ends on"), null=True, blank=True)
    responsible = user_fk(_("responsible person"), related_name="supply_stocks")
    created_by = user_fk(_("created by"), null=True, blank=True)

    objects = StockQuerySet.as_manager()

    class Meta:
        ordering = ["good", "name", "pk"]
        verbose_name = _("stock of a critical good")
        verbose_name_plural = _("stocks of critical goods")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_days__gte=1),
                name="supply_target_at_least_a_day",
                violation_error_message=_("The target is at least one day of stock."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("continuity:stock", args=[self.pk])

    @property
    def below_target(self) -> bool:
        return self.days_held < self.target_days

    @property
    def shortfall_days(self) -> int:
        return max(self.target_days - self.days_held, 0)
