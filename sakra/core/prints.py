"""Documents made by the worker: a PDF that takes longer than a person should wait for (the
annual report, a crisis log of thousands of entries) is asked for on the page, made by
`sakra worker` and fetched when ready. The page polls its progress (`core/_print.html`).

An app plugs its kinds in with `prints.py`: `KINDS = [PrintKind(...)]`. A kind names the
model whose `for_user()` says who may ask for, see and download its prints (core knows no
domain), and how to render one object's document. One task makes every kind
(`sakra.core.tasks.make_print`), one view sends the file (`sakra.core.views.print_file`).

Retention: a finished print is kept with its file (`MEDIA_ROOT/prints/<job>/`), as the annual
report's prints always were; the page offers the newest of each object.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .access import VIEW
from .choices import PRINT_WAITING, PrintStatus
from .hooks import app_modules
from .models import PrintJob

logger = logging.getLogger("sakra.prints")

#: Reports how far the document has come, in per cent.
Progress = Callable[[int], None]


@dataclass(frozen=True)
class PrintKind:
    """One kind of document the worker makes of one kind of object."""

    #: Stored on the job: "<app>.<document>", never renamed (old jobs keep it).
    key: str
    #: The object's model as "app_label.Model": its `for_user(user, VIEW)` says who reads it.
    model: str
    #: `render(obj, progress) -> bytes`: the whole document, made in the worker.
    render: Callable[[Any, Progress], bytes]
    #: `filename(obj) -> str`: the download's name, extension included.
    filename: Callable[[Any], str]

    def readable(self, user) -> models.QuerySet:
        return apps.get_model(self.model)._default_manager.for_user(user, VIEW)


@cache
def kinds() -> dict[str, PrintKind]:
    """Every app's kinds (`prints.py`: `KINDS`), by key."""
    modules = app_modules("prints")  # core's own module is this one, with no kinds
    return {kind.key: kind for module in modules for kind in getattr(module, "KINDS", ())}


def newest(kind: str, obj: models.Model) -> PrintJob | None:
    return PrintJob.objects.of(kind, obj).first()


@transaction.atomic
def request_print(kind: str, obj: models.Model, *, by: Any) -> PrintJob:
    """Ask the worker for `obj`'s document of `kind`; the page follows its progress. A print
    of the same object still waiting is that print: a second click starts no second one."""
    from .tasks import make_print

    print_kind = kinds()[kind]
    if not print_kind.readable(by).filter(pk=obj.pk).exists():
        raise PermissionDenied
    waiting = PrintJob.objects.of(kind, obj).filter(status__in=PRINT_WAITING).first()
    if waiting is not None:
        return waiting
    job = PrintJob.objects.create(kind=kind, object_id=obj.pk, requested_by=by)
    transaction.on_commit(lambda: make_print.enqueue(job.pk))
    return job


def _failed(job_id: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):  # stored once, in the region's language
        error = _(
            "The PDF could not be made. Try again; if it fails again, tell the administrator."
        )
    PrintJob.objects.filter(pk=job_id).update(
        status=PrintStatus.FAILED, error=error, finished_at=timezone.now()
    )


def make(job_id: int) -> int:
    """Make the job's document (the worker's task); returns its size, 0 when nothing was made.
    A job already taken by another worker is left alone. The file is stored only once the
    whole document is made, and removed again if the job cannot record it: a failed print
    leaves no file behind, only its Swedish message."""
    with transaction.atomic():
        claimed = PrintJob.objects.filter(pk=job_id, status=PrintStatus.QUEUED).update(
            status=PrintStatus.RUNNING, progress=5
        )
    if not claimed:
        return 0
    job = PrintJob.objects.get(pk=job_id)
    started = time.monotonic()
    name = stored = ""
    try:
        kind = kinds()[job.kind]
        obj = apps.get_model(kind.model)._default_manager.get(pk=job.object_id)

        def progress(percent: int) -> None:
            PrintJob.objects.filter(pk=job_id).update(progress=percent)

        content = kind.render(obj, progress)
        name = job.file.field.generate_filename(job, kind.filename(obj))
        stored = job.file.storage.save(name, ContentFile(content))
        PrintJob.objects.filter(pk=job_id).update(
            status=PrintStatus.DONE,
            progress=100,
            file=stored,
            finished_at=timezone.now(),
            seconds=round(time.monotonic() - started, 2),
        )
    except Exception:
        logger.exception("print %s (%s) failed", job_id, job.kind)
        # The path is the job's own: whatever is there is this print's, whole or in part.
        for path in {name, stored} - {""}:
            if job.file.storage.exists(path):
                job.file.storage.delete(path)
        _failed(job_id)
        return 0
    return len(content)


def newest_annotation(kind: str) -> models.Subquery:
    """The newest print of each row's object, as an annotation (a dict, or None): a page that
    shows its object's print reads it in the object's own query (`print_from`)."""
    from django.db.models.functions import JSONObject

    newest_row = PrintJob.objects.filter(kind=kind, object_id=models.OuterRef("pk")).order_by(
        "-requested_at", "-pk"
    )
    fields = JSONObject(id="id", status="status", progress="progress", seconds="seconds")
    return models.Subquery(newest_row.values_list(fields)[:1])


def print_from(value: dict | None) -> PrintJob | None:
    """The print an annotation of `newest_annotation` read (enough of it for the fragment)."""
    return PrintJob(**value) if value else None
