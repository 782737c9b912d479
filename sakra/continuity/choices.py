"""The fixed vocabularies of continuity planning, critical supply, civil defence, exercises and
the crisis log."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sakra.accounts.choices import Role

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


class Good(models.TextChoices):
    """The critical goods of seed 002 whose stock the region keeps (försörjningsberedskap)."""

    MEDICINES = "medicines", _("Medicines")
    PROTECTIVE_EQUIPMENT = "protective_equipment", _("Protective equipment")
    MEDICAL_GASES = "medical_gases", _("Medical gases")
    FOOD = "food", _("Food")
    WATER = "water", _("Water")
    FUEL = "fuel", _("Fuel")
    MEDICAL_SUPPLIES = "medical_supplies", _("Medical devices and consumables")
    OTHER = "other", pgettext_lazy("critical good", "Other")


class WartimePlanState(models.TextChoices):
    """How far a unit's plan for heightened alert has come."""

    DRAFT = "draft", pgettext_lazy("wartime plan state", "In progress")
    ADOPTED = "adopted", pgettext_lazy("wartime plan state", "Adopted")
    NEEDS_REVIEW = "needs_review", pgettext_lazy("wartime plan state", "Needs revision")


class ExerciseKind(models.TextChoices):
    """The kinds of exercise MSB's guidance names, from talking it through to doing it."""

    TABLETOP = "tabletop", _("Tabletop exercise")
    FUNCTIONAL = "functional", _("Functional exercise")
    FULL_SCALE = "full_scale", _("Full-scale exercise")


class ExerciseStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("exercise status", "Planned")
    HELD = "held", pgettext_lazy("exercise status", "Held")


#: The roles of the security organisation whose holders keep their training up to date (so the
#: support teams do not depend on one person).
SECURITY_ROLES = (
    Role.SECURITY_COORDINATOR,
    Role.SECURITY_PARTNER,
    Role.AREA_OWNER,
    Role.SECURITY_CHIEF,
)
SECURITY_ROLE_CHOICES = [(role.value, role.label) for role in SECURITY_ROLES]
