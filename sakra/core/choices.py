from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PrintStatus(models.TextChoices):
    """A document the worker makes: waiting → being made → ready (or failed)."""

    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being produced")
    DONE = "done", pgettext_lazy("print status", "Ready")
    FAILED = "failed", _("Failed")


#: Statuses the page keeps polling.
PRINT_WAITING = frozenset({PrintStatus.QUEUED, PrintStatus.RUNNING})
