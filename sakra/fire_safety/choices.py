"""The fixed vocabularies of systematic fire safety work (SBA)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Frequency(models.TextChoices):
    """How often a control point is checked; each period ends on a calendar boundary."""

    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class AssignmentRole(models.TextChoices):
    """A person's part in a site's SBA: an assignment, not a role of the role list."""

    COORDINATOR = "coordinator", _("Fire safety coordinator")
    DEPUTY = "deputy", _("Deputy fire safety coordinator")
    CONTROLLER = "controller", _("Fire protection controller")


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PAUSED = "paused", _("Started, paused")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled (the control plan changed)")


#: Rounds still to be done: they appear on "Mina uppgifter" once their period has begun.
OPEN_ROUND_STATUSES = frozenset({RoundStatus.PLANNED, RoundStatus.PAUSED})


class Outcome(models.TextChoices):
    OK = "ok", _("OK")
    DEVIATION = "deviation", _("Deviation")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class RemarkKind(models.TextChoices):
    REMARK = "remark", _("Remark")
    INJUNCTION = "injunction", _("Injunction")


class RemarkStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", pgettext_lazy("remark status", "Done")
    DISPUTED = "disputed", _("Disputed")


class ReminderKind(models.TextChoices):
    PERSON = "person", _("To the person doing the round")
    MANAGER = "manager", _("To their manager")
