"""Governance: the forums that decide, and the one decision record of the whole system.

A forum's decision at a meeting, a governing document's adoption, the RSA's approval and the
board's decision on the annual report are all a `Decision`: other apps point at it with a
foreign key (`decision = models.ForeignKey("governance.Decision", ...)`) and create it through
`sakra.governance.services.record_decision`. Governance imports no other domain app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel

from .choices import ForumKind
from .querysets import DecisionQuerySet, ForumQuerySet


class Forum(VersionedModel):
    """A body that decides: a political body, an official, the security board, a network or an
    administration's security council."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ForumKind.choices)
    administration = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty for a forum of the whole region."),
    )
    mandate = models.TextField(_("mandate"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ForumQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return self.name


class Decision(VersionedModel):
    """One decision of a forum (beslut): date, paragraph, registry number and what was decided.

    The one decision record of Sakra; what it decides (a document, an analysis, a report)
    points at it."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="decisions"
    )
    decided_on = models.DateField(_("decided on"))
    paragraph = models.CharField(_("paragraph (§)"), max_length=20, blank=True)
    registry_number = models.CharField(_("registry number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("decision"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("decided_on")),
                name="decision_deadline_after_decision",
                violation_error_message=_("The deadline cannot come before the decision."),
            )
        ]

    def __str__(self) -> str:
        reference = " ".join(part for part in (self.paragraph, self.registry_number) if part)
        return f"{self.forum} {self.decided_on:%Y-%m-%d} {reference}".strip()
