"""Yearly snapshots of the computed indicators, so a past year's report can be reproduced."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sakra.core.models import user_fk

from ..querysets import IndicatorSnapshotQuerySet


class IndicatorSnapshot(models.Model):
    """An indicator's value and standing in one year, as computed when the snapshot was taken.

    Data change after the fact (a late incident, a corrected category): the snapshot keeps what
    the report of that year said. The titles are copied so the row reads as it did then.
    Taken at year end by the worker; the chief may take one now. A closed year's snapshot is
    never changed; the current year's is replaced by a newer one."""

    indicator = models.ForeignKey(
        "goals.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    goal_title = models.CharField(_("goal"), max_length=200)
    indicator_title = models.CharField(_("indicator"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3, null=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=3, null=True
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=3, null=True)
    status = models.CharField(_("status"), max_length=20)
    preliminary = models.BooleanField(_("preliminary"), default=False)
    taken_at = models.DateTimeField(_("taken"))
    taken_by = user_fk(_("taken by"), null=True, blank=True)

    objects = IndicatorSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "goal_title", "indicator_title", "pk"]
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="indicator_snapshot_once_a_year",
                violation_error_message=_("This indicator already has a snapshot for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_title} {self.year}"

    @property
    def status_label(self) -> str:
        from sakra.goals.choices import Status

        try:
            return Status(self.status).label
        except ValueError:
            return self.status
