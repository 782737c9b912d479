"""The crisis log (stabsloggbok): a crisis, its staff and its entries, which the database keeps
append-only."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from ..choices import CrisisStatus, EntryKind
from ..querysets import CrisisQuerySet, LogEntryQuerySet, StaffQuerySet, TemplateQuerySet


class CrisisTemplate(models.Model):
    """How a crisis of one kind of event starts: its staff roles and its checklist (reference
    data, kept in the admin)."""

    name = models.CharField(_("kind of event"), max_length=200, unique=True)
    roles = models.JSONField(_("staff roles"), default=list)
    checklist = models.JSONField(_("checklist"), default=list)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("crisis template")
        verbose_name_plural = _("crisis templates")

    def __str__(self) -> str:
        return self.name


class Crisis(VersionedModel):
    """An extraordinary event or a serious disruption, handled by a staff with a log."""

    title = models.CharField(_("title"), max_length=200)
    template = models.ForeignKey(
        CrisisTemplate, verbose_name=_("template"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
        related_name="crises",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=CrisisStatus.choices, default=CrisisStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = user_fk(_("opened by"))
    roles = models.JSONField(_("staff roles"), default=list)
    checklist = models.JSONField(_("checklist"), default=list)
    summary = models.TextField(_("status summary"), blank=True)
    incidents = models.ManyToManyField(
        "incidents.Incident", verbose_name=_("linked incidents"), blank=True, related_name="+"
    )
    sites = models.ManyToManyField(
        "organisation.Site", verbose_name=_("affected sites"), blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)

    objects = CrisisQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("crisis")
        verbose_name_plural = _("crises")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("continuity:crisis", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == CrisisStatus.OPEN


class StaffAssignment(models.Model):
    """A person holding a staff role in a crisis from one time to another, so the log shows who
    held the role when a decision was taken."""

    crisis = models.ForeignKey(
        Crisis, verbose_name=_("crisis"), on_delete=models.PROTECT, related_name="staff"
    )
    person = user_fk(_("person"), related_name="crisis_roles")
    role = models.CharField(_("staff role"), max_length=100)
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("to"), null=True, blank=True)

    objects = StaffQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")

    def __str__(self) -> str:
        return f"{self.role}: {self.person}"


class LogEntry(models.Model):
    """One entry of a crisis log. Append-only: the database refuses to change or delete it
    (triggers, `append_only.py`); a correction is a later entry that names this one."""

    crisis = models.ForeignKey(
        Crisis, verbose_name=_("crisis"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("what happened"))
    happened_at = models.DateTimeField(_("happened at"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    author = user_fk(_("written by"))
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    basis = models.TextField(_("basis for the decision"), blank=True)
    corrects = models.ForeignKey(
        "self", verbose_name=_("corrects"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="corrections",
    )  # fmt: skip

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["happened_at", "recorded_at", "pk"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        indexes = [models.Index(fields=["crisis", "happened_at"], name="crisis_log_order")]

    def __str__(self) -> str:
        return f"{self.happened_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
