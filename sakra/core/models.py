"""Abstract building blocks shared by every domain app. No domain knowledge lives here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import PRINT_WAITING, PrintStatus


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


class PrintJobQuerySet(models.QuerySet):
    """A print is read by whoever may read the object it was made of (its kind says how)."""

    def for_user(self, user, action: str = "view"):
        from .prints import kinds

        readable = models.Q(pk__in=[])
        for kind in kinds().values():
            readable |= models.Q(kind=kind.key, object_id__in=kind.readable(user).values("pk"))
        return self.filter(readable)

    def of(self, kind: str, obj: models.Model):
        """The prints of one object, the newest first."""
        return self.filter(kind=kind, object_id=obj.pk)


def _print_path(job: "PrintJob", filename: str) -> str:
    return f"prints/{job.pk}/{filename}"


class PrintJob(models.Model):
    """A document the worker makes of one object (the annual report, a crisis log), with its
    progress for the page to show. The object is named by its kind (`sakra.core.prints`) and
    id: core knows no domain, and the kind says who may read it."""

    kind = models.CharField(_("kind"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("object"))
    status = models.CharField(
        _("status"), max_length=10, choices=PrintStatus.choices, default=PrintStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    file = models.FileField(_("file"), upload_to=_print_path, max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = user_fk(_("requested by"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    seconds = models.FloatField(_("seconds taken"), null=True, blank=True)

    objects = PrintJobQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("document made by the worker")
        verbose_name_plural = _("documents made by the worker")
        indexes = [models.Index(fields=["kind", "object_id"], name="print_job_object")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} · {self.get_status_display()}"

    @property
    def waiting(self) -> bool:
        return self.status in PRINT_WAITING
