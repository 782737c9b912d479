"""The worker makes the report's PDF, telling the page how far it has come."""

from __future__ import annotations

import time

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .choices import PrintStatus
from .models import PrintJob


@task()
def print_report(job_id: int) -> int:
    """Make the PDF of the job's report; a job already taken by another worker is left alone."""
    from . import output, services

    with transaction.atomic():
        claimed = PrintJob.objects.filter(pk=job_id, status=PrintStatus.QUEUED).update(
            status=PrintStatus.RUNNING, progress=5
        )
    if not claimed:
        return 0
    job = PrintJob.objects.select_related("report", "report__administration").get(pk=job_id)
    started = time.monotonic()

    def progress(percent: int) -> None:
        PrintJob.objects.filter(pk=job_id).update(progress=percent)

    try:
        facts = services.current_facts(job.report)
        progress(20)
        chapters = list(job.report.chapters.select_related("area"))
        content = output.pdf(job.report, facts, chapters, progress)
    except Exception:
        PrintJob.objects.filter(pk=job_id).update(
            status=PrintStatus.FAILED, finished_at=timezone.now()
        )
        raise
    PrintJob.objects.filter(pk=job_id).update(
        status=PrintStatus.DONE,
        progress=100,
        content=content,
        finished_at=timezone.now(),
        seconds=round(time.monotonic() - started, 2),
    )
    return len(content)
