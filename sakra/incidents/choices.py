from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sakra.risks.choices import DependencyKind


class Severity(models.IntegerChoices):
    """How serious an incident is; an integer so that "at least high" is one comparison."""

    LOW = 1, _("Low")
    MODERATE = 2, _("Moderate")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class Status(models.TextChoices):
    REPORTED = "reported", _("Reported")
    UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
    ACTIONS_DECIDED = "actions_decided", _("Actions decided")
    CLOSED = "closed", _("Closed")
    DISMISSED = "dismissed", _("Dismissed")


#: Statuses in which an incident still waits for its handler.
OPEN_STATUSES = frozenset({Status.REPORTED, Status.UNDER_INVESTIGATION, Status.ACTIONS_DECIDED})

#: The only moves a status may make; dismissing needs a reason and its kind. A dismissal made
#: by mistake is undone by taking the report up again (it counts again from then on).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REPORTED: frozenset({Status.UNDER_INVESTIGATION, Status.DISMISSED}),
    Status.UNDER_INVESTIGATION: frozenset({Status.ACTIONS_DECIDED, Status.DISMISSED}),
    Status.ACTIONS_DECIDED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.DISMISSED: frozenset({Status.UNDER_INVESTIGATION}),
}


class DismissalKind(models.TextChoices):
    """Why a report was dismissed. A dismissed report is not an event: no indicator,
    dashboard, statistic or report counts it, whatever the kind (docs/user/goals.md)."""

    DUPLICATE = "duplicate", _("Duplicate of another report")
    NOT_SECURITY = "not_security", _("Not a security matter")
    MISTAKE = "mistake", _("Reported by mistake")


class TimelineKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    STATUS_CHANGE = "status_change", _("Status change")
    SEVERITY_CHANGE = "severity_change", _("Severity change")
    ASSIGNMENT = "assignment", _("Assignment")
    NOTIFICATION_SENT = "notification_sent", _("Notification sent")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    OBLIGATION_REPORTED = "obligation_reported", _("Obligation reported")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    LEGAL_HOLD = "legal_hold", _("Legal hold")
    PERSONAL_DATA_REMOVED = "personal_data_removed", _("Personal data removed")
    ACTION = "action", pgettext_lazy("something to do", "Action")
    CATEGORY_CHANGE = "category_change", _("Category change")
    AWARENESS_CORRECTED = "awareness_corrected", _("Awareness corrected")
    NEAR_MISS_CORRECTED = "near_miss_corrected", _("Near miss corrected")
    DISRUPTION_RECORDED = "disruption_recorded", _("Disruption recorded")


#: The critical supply a disruption concerns (seed 002): the dependencies of the RSA's register
#: (risks' `DependencyKind`), so that the continuity plans can compare a disruption with the
#: dependencies of their services; staff is not a supply.
SUPPLY_CHOICES = [(value, label) for value, label in DependencyKind.choices if value != "staff"]
SUPPLIES = frozenset(value for value, _label in SUPPLY_CHOICES)


class Counted(models.TextChoices):
    """What a count takes in: events (as goals count by default), near misses (tillbud: it could
    have happened, and did not), or both. A near miss is counted apart from events
    (DOMAIN.md); a dismissed report is neither."""

    EVENTS = "events", _("Events")
    NEAR_MISSES = "near_misses", _("Near misses")
    BOTH = "both", _("Events and near misses")

    @property
    def near_miss(self) -> dict:
        """The filter on `is_near_miss` it stands for (none for both)."""
        return {self.EVENTS: {"is_near_miss": False},
                self.NEAR_MISSES: {"is_near_miss": True}}.get(self, {})  # fmt: skip


class FollowFrequency(models.TextChoices):
    """How a manager hears of the reports made in their unit (following/, Min sida)."""

    EACH = "each", _("At each report")
    DIGEST = "digest", _("A daily digest")
    NONE = "none", _("Not at all")


class NoticeKind(models.TextChoices):
    """A notification to an authority, or the follow-up report the law asks for (notices/)."""

    INITIAL = "initial", _("Notification")
    FOLLOW_UP = "follow_up", _("Follow-up report")
