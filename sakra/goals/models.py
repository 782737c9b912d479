"""Goals, their measurable indicators, and the values typed in where no data exists."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from .choices import Direction, Priority, TargetType
from .querysets import GoalQuerySet, IndicatorQuerySet, ManualValueQuerySet

#: The years a goal or an indicator may name: from the first years with data to a plan's end.
FIRST_YEAR, LAST_YEAR = 1990, 2100


class Goal(VersionedModel):
    """A goal: region-wide (from the security policy), per security area, or per administration.

    Archived (`is_active` false), never deleted: its history and its indicators stay readable.
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent goal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    title = models.CharField(_("title"), max_length=200)
    statement = models.TextField(_("statement"), blank=True)
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
    )
    administration = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
    )
    owner = user_fk(_("owner"), related_name="owned_goals")
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    is_active = models.BooleanField(_("active"), default=True)
    # DOMAIN.md: a near miss (tillbud) is counted apart from events; a goal says whether its
    # incident indicators take near misses in too (by default they count events only).
    counts_near_misses = models.BooleanField(
        _("counts near misses"), default=False,
        help_text=_("Its incident figures count near misses too, not only events."),
    )  # fmt: skip

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["area__position", "title"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="goal_period_in_order",
                violation_error_message=_("The period must end in or after the year it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:goal", args=[self.pk])

    @property
    def level(self) -> str:
        if self.administration_id:
            return _("Administration")
        if self.area_id:
            return _("Security area")
        return _("Region")

    def clean(self):
        """The rules of a goal, for the form, the API and the admin alike."""
        errors = {}
        for name in ("start_year", "end_year"):
            year = getattr(self, name)
            if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
                errors[name] = _("Enter a year from {first} to {last}.").format(
                    first=FIRST_YEAR, last=LAST_YEAR
                )
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The period must end in or after the year it starts.")
        if self.administration_id:
            from sakra.organisation.choices import UnitKind
            from sakra.organisation.models import Unit

            # Read by id: an id that names no unit is refused here, not raised as a 500
            # (clean_fields has already said so for the field).
            kind = Unit.objects.filter(pk=self.administration_id).values_list("kind", flat=True)
            if kind.first() != UnitKind.ADMINISTRATION:
                errors["administration"] = _("Choose an administration.")
        parent = Goal.objects.filter(pk=self.parent_id).first() if self.parent_id else None
        if parent is not None and self.pk:
            # A goal below itself would make the tree of goals endless.
            ancestor, seen = parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == self.pk:
                    errors["parent"] = _("A goal cannot be placed below itself.")
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)


class Indicator(VersionedModel):
    """How a goal is measured: a kind from the registry, computed from the data when it can be."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.LOWER_IS_BETTER
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    target_type = models.CharField(
        _("target type"), max_length=10, choices=TargetType.choices, default=TargetType.RELATIVE
    )
    target_value = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=3,
        help_text=_("An absolute value, or a share of the baseline value (0.5 means halved)."),
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit subtree"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Count only within this unit and the units below it."),
    )
    site = models.ForeignKey(
        "organisation.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    criteria = models.JSONField(
        _("criteria"), default=dict, blank=True, help_text=_("Kind-specific selection.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__gt=F("baseline_year")),
                name="indicator_target_after_baseline",
                violation_error_message=_("The target year must come after the baseline year."),
            ),
            models.CheckConstraint(
                condition=Q(target_value__gte=0),
                name="indicator_target_not_negative",
                violation_error_message=_("The target cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:indicator", args=[self.pk])

    def clean(self):
        from .kinds import get_kind

        errors = {}
        for name in ("baseline_year", "target_year"):
            year = getattr(self, name)
            if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
                errors[name] = _("Enter a year from {first} to {last}.").format(
                    first=FIRST_YEAR, last=LAST_YEAR
                )
        if self.baseline_year and self.target_year and self.baseline_year >= self.target_year:
            errors["target_year"] = _("The target year must come after the baseline year.")
        try:
            kind = get_kind(self.kind)
        except KeyError:
            errors["kind"] = _("Unknown indicator kind.")
        else:
            try:
                kind.clean(self)
            except ValidationError as exc:
                errors.update(exc.update_error_dict({}))
        if errors:
            raise ValidationError(errors)

    @property
    def kind_definition(self):
        from .kinds import get_kind

        return get_kind(self.kind)


class ManualValue(models.Model):
    """A value typed in for a year where the system has no data to compute it from."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="manual"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the value comes from: a register, a report, a count by hand."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ManualValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("manual value")
        verbose_name_plural = _("manual values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="manual_value_once_a_year",
                violation_error_message=_("This indicator already has a value for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"
