"""Civil defence (civilt försvar): each unit's plan for heightened alert (höjd beredskap) and the
posts of its wartime organisation with the person placed in each (krigsplacering).

Nothing classified is kept here: the guard refuses security-classification markings in every
text, and docs/user/continuity.md says what stays outside Sakra (the wartime tasks themselves,
alternative command sites, protected premises, anything a security-protection analysis marks)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from ..choices import WartimePlanState
from ..querysets import WartimePlanQuerySet, WartimePostQuerySet


class WartimePlan(VersionedModel):
    """A unit's plan for heightened alert: how far it has come, and its wartime organisation."""

    unit = models.OneToOneField(
        "organisation.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
        related_name="wartime_plan",
    )  # fmt: skip
    state = models.CharField(
        _("state of the plan"), max_length=20, choices=WartimePlanState.choices,
        default=WartimePlanState.DRAFT,
    )  # fmt: skip
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    responsible = user_fk(_("responsible person"), related_name="wartime_plans")
    created_by = user_fk(_("created by"), null=True, blank=True)

    objects = WartimePlanQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "pk"]
        verbose_name = _("plan for heightened alert")
        verbose_name_plural = _("plans for heightened alert")

    def __str__(self) -> str:
        return str(self.unit)

    def get_absolute_url(self) -> str:
        return reverse("continuity:wartime-plan", args=[self.pk])


class WartimePost(VersionedModel):
    """A post (befattning) of a unit's wartime organisation, the person placed in it (none: the
    post is vacant) and the day they were told of their placement."""

    plan = models.ForeignKey(
        WartimePlan, verbose_name=_("plan for heightened alert"), on_delete=models.CASCADE,
        related_name="posts",
    )  # fmt: skip
    title = models.CharField(_("post"), max_length=200)
    person = user_fk(_("person placed"), related_name="wartime_posts", null=True, blank=True)
    informed_on = models.DateField(_("told on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = WartimePostQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "title", "pk"]
        verbose_name = _("wartime post")
        verbose_name_plural = _("wartime posts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("continuity:wartime-post", args=[self.pk])

    @property
    def is_informed(self) -> bool:
        return self.person_id is not None and self.informed_on is not None
