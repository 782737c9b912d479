"""The annual security report (säkerhetsberättelse): a report per year (and an edition per
administration), a chapter per security area. Its PDF is made by the worker (`prints.py`)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from .choices import FROZEN_STATUSES, ChapterStatus, ReportStatus
from .querysets import AnnualReportQuerySet, ChapterQuerySet


class AnnualReport(VersionedModel):
    """The region's annual security report for one year, or an administration's edition of it.

    Its facts are computed from the other modules' data until the security chief approves it;
    then they are frozen in `facts`, and the report never changes when the data does. A
    correction is a new version (`previous`), which keeps the approved one."""

    year = models.PositiveSmallIntegerField(_("year"))
    administration = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty for the report of the whole region."),
    )
    number = models.PositiveSmallIntegerField(_("version of the report"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    facts = models.JSONField(_("frozen facts"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = user_fk(_("approved by"), null=True, blank=True)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("the board's decision"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = user_fk(_("created by"), null=True, blank=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "administration", "-number"]
        verbose_name = _("annual security report")
        verbose_name_plural = _("annual security reports")

    def __str__(self) -> str:
        edition = f" · {self.administration}" if self.administration_id else ""
        return _("Annual security report {year}{edition}").format(year=self.year, edition=edition)

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES


class Chapter(VersionedModel):
    """One security area's chapter: the facts come from the data, the narrative from the
    area's owner, who submits it to the security chief."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="chapters"
    )
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ChapterStatus.choices, default=ChapterStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = user_fk(_("submitted by"), null=True, blank=True)

    objects = ChapterQuerySet.as_manager()

    class Meta:
        ordering = ["report", "area__position", "area__name_sv"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "area"],
                name="report_chapter_once_per_area",
                violation_error_message=_("The report has a chapter for this area already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.area}"

    def get_absolute_url(self) -> str:
        return reverse("reports:chapter", args=[self.pk])
