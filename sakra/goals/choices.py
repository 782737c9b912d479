from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    LOWER_IS_BETTER = "lower", _("Lower is better")
    HIGHER_IS_BETTER = "higher", _("Higher is better")


class TargetType(models.TextChoices):
    ABSOLUTE = "absolute", _("Absolute value")
    RELATIVE = "relative", _("Share of the baseline value")


class Status(models.TextChoices):
    """An indicator's standing in a year; the rule is in docs/user/goals.md and status.py."""

    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    NO_DATA = "no_data", _("No data")
