from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    """PGSA: planned and in progress (Genomföra), done (Studera), verified effective (Agera)."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    VERIFIED_EFFECTIVE = "verified_effective", _("Verified effective")
    CANCELLED = "cancelled", _("Cancelled")


class ActionChange(models.TextChoices):
    """A state change of an action that its source hears of (an incident writes it into its
    timeline): see `services.actions.tell_source`."""

    CREATED = "created", _("Action created")
    STARTED = "started", _("Action started")
    COMPLETED = "completed", _("Action done")
    EFFECTIVE = "effective", _("Effect checked: the action had the intended effect")
    NOT_EFFECTIVE = (
        "not_effective",
        _("Effect checked: the action did not have the intended effect"),
    )
    CANCELLED = "cancelled", _("Action cancelled")


#: Statuses in which the owner still has work to do (reminders, "Mina uppgifter").
OPEN_STATUSES = frozenset({ActionStatus.PLANNED, ActionStatus.IN_PROGRESS})


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ReminderKind(models.TextChoices):
    WEEK_BEFORE = "week_before", _("A week before the due date")
    DUE_TODAY = "due_today", _("On the due date")
    OVERDUE = "overdue", _("Overdue, escalated")


class NeedStatus(models.TextChoices):
    NEW = "new", _("New")
    QUEUED = "queued", _("Ranked, in the board's queue")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")


#: Needs the security board still has to decide on.
AWAITING_BOARD = frozenset({NeedStatus.NEW, NeedStatus.QUEUED, NeedStatus.DEFERRED})


class DecisionKind(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")
    DEFER = "defer", _("Defer")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")
