from django.db import models
from django.utils.translation import gettext_lazy as _


class ForumKind(models.TextChoices):
    """What kind of body a forum is: it decides who may record its decisions."""

    POLITICAL = "political", _("Political body")  # Regionfullmäktige, Regionstyrelsen, a committee
    OFFICIAL = "official", _("Official")  # regiondirektören, a head of administration
    SECURITY_BOARD = "security_board", _("Security board")
    MANAGEMENT = "management", _("Management meeting")  # the heads of administration's meeting
    NETWORK = "network", _("Network")  # the security coordinators' network
    COUNCIL = "council", _("Security council")  # one per administration


class MemberKind(models.TextChoices):
    """How a forum's member is named: every holder of a role, or one person."""

    ROLE = "role", _("Everyone holding a role")
    PERSON = "person", _("A named person")


class RequirementStatus(models.TextChoices):
    """How far a statutory requirement is met."""

    NOT_ASSESSED = "not_assessed", _("Not assessed")
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")


#: The statuses that the report of requirements not met lists.
UNMET_STATUSES = (
    RequirementStatus.NOT_ASSESSED,
    RequirementStatus.PARTLY_MET,
    RequirementStatus.NOT_MET,
)


class PlanStatus(models.TextChoices):
    """An internal control plan is drafted, then adopted (which generates its occurrences)."""

    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class ControlFrequency(models.TextChoices):
    """How often a control is performed in the plan's year."""

    YEARLY = "yearly", _("Once a year")
    HALF_YEARLY = "half_yearly", _("Twice a year")
    QUARTERLY = "quarterly", _("Every quarter")
    MONTHLY = "monthly", _("Every month")


#: Occurrences per year for each frequency.
OCCURRENCES_PER_YEAR = {
    ControlFrequency.YEARLY: 1,
    ControlFrequency.HALF_YEARLY: 2,
    ControlFrequency.QUARTERLY: 4,
    ControlFrequency.MONTHLY: 12,
}


class OccurrenceStatus(models.TextChoices):
    """Where one occurrence of a control stands."""

    PLANNED = "planned", _("Planned")
    PERFORMED = "performed", _("Performed")
    # Known and accepted for now: nobody invents a dummy check to clear the warning.
    KNOWN_DEFICIENCY = "known_deficiency", _("Known deficiency")


class ControlResult(models.TextChoices):
    """What a performed control found."""

    OK = "ok", _("No remarks")
    REMARKS = "remarks", _("Remarks")
    DEFICIENT = "deficient", _("Deficient")
    MAINTAINED = "maintained", _("Maintenance done")


class SubmissionStatus(models.TextChoices):
    """Where an administration's plan stands in the February planning dialogue."""

    SUBMITTED = "submitted", _("Submitted")
    # The board has commented: the administration revises and submits again.
    COMMENTED = "commented", _("Commented by the security board")
    AGREED = "agreed", _("Agreed")


class PlanningState(models.TextChoices):
    """An administration's state in the planning dialogue of a year, as the overview shows it:
    the submission's status, or why there is none."""

    NO_PLAN = "no_plan", _("No plan for the year")
    NOT_SUBMITTED = "not_submitted", _("Not submitted")
    SUBMITTED = SubmissionStatus.SUBMITTED.value, SubmissionStatus.SUBMITTED.label
    COMMENTED = SubmissionStatus.COMMENTED.value, SubmissionStatus.COMMENTED.label
    AGREED = SubmissionStatus.AGREED.value, SubmissionStatus.AGREED.label


class AssignmentStatus(models.TextChoices):
    """Where a requirement or assignment from a state authority stands."""

    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Reported to the authority")
    WITHDRAWN = "withdrawn", _("Withdrawn by the authority")


#: The statuses in which an assignment still has work (and a reminder before its deadline).
OPEN_ASSIGNMENT_STATUSES = (AssignmentStatus.RECEIVED, AssignmentStatus.IN_PROGRESS)
