"""The fixed vocabularies of integrated support (samlat stöd)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Urgency(models.TextChoices):
    """How soon the manager needs an answer. Acute is not one: it goes to the acute channel."""

    LOW = "low", pgettext_lazy("support urgency", "When there is time")
    NORMAL = "normal", pgettext_lazy("support urgency", "Normal")
    HIGH = "high", pgettext_lazy("support urgency", "Soon")


class RequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("support request status", "In the queue")
    ASSIGNED = "assigned", pgettext_lazy("support request status", "Assigned")
    ANSWERED = "answered", pgettext_lazy("support request status", "Answered")
    CLOSED = "closed", pgettext_lazy("support request status", "Closed")


#: Requests still waiting for an answer: they count against the response-time target.
WAITING_STATUSES = frozenset({RequestStatus.OPEN, RequestStatus.ASSIGNED})
#: Requests a handler still works on.
OPEN_STATUSES = frozenset({RequestStatus.OPEN, RequestStatus.ASSIGNED, RequestStatus.ANSWERED})


class ManagerLevel(models.TextChoices):
    """The asker's level in the line, read from the unit tree when they asked (seed 004 compares
    first-line managers with the managers above them)."""

    FIRST_LINE = "first_line", _("First-line manager")
    HIGHER = "higher", _("Higher manager")
    NOT_MANAGER = "not_manager", _("Not a manager")


class Helped(models.TextChoices):
    """The asker's answer to "did you get the help you needed?"."""

    YES = "yes", pgettext_lazy("support rating", "Yes")
    PARTLY = "partly", pgettext_lazy("support rating", "Partly")
    NO = "no", pgettext_lazy("support rating", "No")


class ReminderKind(models.TextChoices):
    ASSIGNEE = "assignee", _("To the person handling it")
    LEAD = "lead", _("To the team lead")


class ContactSource(models.TextChoices):
    """Why a person is shown as a contact: named by an override, or derived from roles."""

    OVERRIDE = "override", _("Named contact")
    PARTNER = "partner", _("Security partner")
    COORDINATOR = "coordinator", _("Security coordinator")
    OWNER = "owner", _("Area owner")
