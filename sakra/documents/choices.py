from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The levels of the chain from policy to routine (DOMAIN.md: styrande dokument)."""

    POLICY = "policy", _("Policy")
    STRATEGY = "strategy", _("Strategy")
    GUIDELINE = "guideline", _("Guideline")
    ROUTINE = "routine", _("Routine")
    INSTRUCTION = "instruction", _("Instruction")


class Audience(models.TextChoices):
    """Who an adopted document is written for, and so who reads it."""

    ALL_STAFF = "all", _("All staff")
    MANAGERS = "managers", _("Managers")
    SECURITY_STAFF = "security", _("Security staff")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("On consultation")
    ADOPTED = "adopted", _("Adopted")
    ARCHIVED = "archived", _("Archived")


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("On consultation")
    ADOPTED = "adopted", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


class ReviewKind(models.TextChoices):
    ADOPTED = "adopted", _("New version adopted")
    NO_CHANGE = "no_change", _("Reviewed, no change")


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Review coming up")
    OVERDUE = "overdue", _("Review overdue")


#: Statuses whose document is in force or kept for the record: readable by its audience.
PUBLISHED = (DocumentStatus.ADOPTED, DocumentStatus.ARCHIVED)
#: Version states that are being worked on: at most one per document.
WORKING_STATES = (VersionState.DRAFT, VersionState.CONSULTATION)
