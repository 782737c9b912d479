"""Abstract building blocks shared by every domain app. No domain knowledge lives here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """A row that records when it was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A row edited by people at the same time: a stale save is detected, never applied."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def user_fk(verbose_name, related_name="+", **kwargs) -> models.ForeignKey:
    """A person on a row (owner, recorded by, assignee): protected, so people are disabled,
    never deleted from under their records."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name=related_name,
        **kwargs,
    )


class PeriodicRun(models.Model):
    """One periodic job enqueued for one period. The unique pair is the claim: however many
    workers run, the first to insert the row enqueues the job and the others skip it."""

    job = models.CharField(_("job"), max_length=200)
    period = models.DateTimeField(_("period"))
    enqueued_at = models.DateTimeField(_("enqueued"), auto_now_add=True)
    worker_id = models.CharField(_("worker"), max_length=64, blank=True)

    class Meta:
        ordering = ["-period", "job"]
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="periodic_run_once"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period:%Y-%m-%d %H:%M:%S}"


class WorkerBeat(models.Model):
    """A worker's heartbeat: when it was last alive, last enqueued the periodic jobs and last
    finished a task. The readiness answer and the banner read these rows; a task left running
    by a worker whose heart stopped is handed back to the queue."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), default=0)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    seen_at = models.DateTimeField(_("last seen"), db_index=True)
    enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    finished_at = models.DateTimeField(_("last finished a task"), null=True, blank=True)

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} ({self.worker_id})"
