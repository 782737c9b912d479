"""The fixed vocabularies of continuity planning and the crisis log."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: The time steps at which a plan records the consequence of an interruption: (hours, field,
#: label). The field holds a step of the regional consequence scale (the risk matrix's).
IMPACT_STEPS = (
    (1, "impact_1h", _("1 hour")),
    (4, "impact_4h", _("4 hours")),
    (24, "impact_1d", _("1 day")),
    (72, "impact_3d", _("3 days")),
    (168, "impact_1w", _("1 week")),
)


class Outcome(models.TextChoices):
    """Whether the backups carry a plan through its tolerable interruption."""

    MET = "met", pgettext_lazy("continuity outcome", "Met")
    NOT_MET = "not_met", pgettext_lazy("continuity outcome", "Not met")
    UNKNOWN = "unknown", pgettext_lazy("continuity outcome", "Unknown")


class CrisisStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("crisis status", "Open")
    CLOSED = "closed", pgettext_lazy("crisis status", "Closed")


class EntryKind(models.TextChoices):
    EVENT = "event", pgettext_lazy("log entry kind", "Event")
    DECISION = "decision", pgettext_lazy("log entry kind", "Decision")
    MEASURE = "measure", pgettext_lazy("log entry kind", "Measure")
