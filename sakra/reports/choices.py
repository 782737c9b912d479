from django.db import models
from django.utils.translation import pgettext_lazy


class ReportStatus(models.TextChoices):
    """Draft → approved by the security chief (facts frozen) → decided by the regional board."""

    DRAFT = "draft", pgettext_lazy("annual report status", "Draft")
    APPROVED = "approved", pgettext_lazy("annual report status", "Approved")
    DECIDED = "decided", pgettext_lazy("annual report status", "Decided by the board")


#: Statuses whose facts are frozen: the report no longer follows the data.
FROZEN_STATUSES = frozenset({ReportStatus.APPROVED, ReportStatus.DECIDED})


class ChapterStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("chapter status", "Being written")
    SUBMITTED = "submitted", pgettext_lazy("chapter status", "Submitted")
