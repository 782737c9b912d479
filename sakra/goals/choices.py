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
    #: A share of a zero baseline: half of nothing is nothing, so "achieved" would say nothing.
    NOT_MEASURABLE = "not_measurable", _("Not measurable (baseline 0)")
    #: The baseline year (or before it): the point the goal is measured from, not assessed.
    BASELINE = "baseline", _("Baseline year")


class Priority(models.TextChoices):
    """How much a goal weighs against the others of its scope."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Level(models.TextChoices):
    """The scope a goal is set for, as the goal form offers it."""

    REGION = "region", _("The whole region")
    AREA = "area", _("A security area")
    ADMINISTRATION = "administration", _("An administration")
