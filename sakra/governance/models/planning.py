"""The February planning dialogue, and requirements and assignments from state authorities."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.core.models import VersionedModel, user_fk

from ..choices import AssignmentStatus, SubmissionStatus
from ..querysets import PlanSubmissionQuerySet, StateAssignmentQuerySet
from .forums import Decision


class PlanSubmission(VersionedModel):
    """An administration's annual plan submitted to the security board's planning dialogue
    (each February): the board comments, the administration revises, the board agrees it.

    The plan itself (its activities, their cost) stays in `actions.AnnualPlan`; this row is
    only where the plan stands in the dialogue. One per plan, so one per administration and
    year."""

    plan = models.OneToOneField(
        "actions.AnnualPlan",
        verbose_name=_("annual plan"),
        on_delete=models.PROTECT,
        related_name="submission",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    note = models.TextField(_("the administration's note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = user_fk(_("submitted by"), null=True, blank=True)
    board_comment = models.TextField(_("the security board's comment"), blank=True)
    commented_at = models.DateTimeField(_("commented"), null=True, blank=True)
    commented_by = user_fk(_("commented by"), null=True, blank=True)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_by = user_fk(_("agreed by"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = PlanSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-plan__year", "plan__administration__path"]
        verbose_name = _("plan in the planning dialogue")
        verbose_name_plural = _("plans in the planning dialogue")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=SubmissionStatus.AGREED) | Q(agreed_on__isnull=False),
                name="plan_submission_agreed_has_date",
                violation_error_message=_("An agreed plan needs the date it was agreed."),
            )
        ]

    def __str__(self) -> str:
        return str(self.plan)

    def get_absolute_url(self) -> str:
        return reverse("governance:submission", args=[self.pk])


class StateAssignment(VersionedModel):
    """A requirement or an assignment from a state authority (MSB, Socialstyrelsen, the county
    administrative board…), e.g. on crisis preparedness: what is asked, by when, who answers
    for it and how far it has come. Reminded once before its deadline."""

    authority = models.CharField(_("authority"), max_length=200)
    reference = models.CharField(_("the authority's reference"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what is asked"), blank=True)
    administration = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The administration that answers, or the region."),
    )
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    responsible = user_fk(_("responsible"))
    received_on = models.DateField(_("received on"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.RECEIVED,
    )
    status_note = models.TextField(_("status note"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # The deadline a reminder was sent for: once per deadline, so a moved deadline reminds again.
    reminded_for = models.DateField(_("reminded for the deadline"), null=True, blank=True)
    created_by = user_fk(_("recorded by"), null=True, blank=True)

    objects = StateAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("assignment from a state authority")
        verbose_name_plural = _("assignments from state authorities")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("received_on")),
                name="state_assignment_deadline_after_receipt",
                violation_error_message=_("The deadline cannot come before it was received."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:assignment", args=[self.pk])
