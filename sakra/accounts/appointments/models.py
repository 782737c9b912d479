from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sakra.core.access import ScopedQuerySet
from sakra.core.models import VersionedModel, user_fk

from ..choices import Role


class AppointmentQuerySet(ScopedQuerySet):
    """Appointments are read by the person appointed and, with the roles, by those who keep them."""

    unit_lookup = "unit"
    area_lookup = "area"
    owner_lookup = "user"
    role_actions = {
        Role.SECURITY_CHIEF: frozenset({"view", "appoint"}),
        Role.AUDITOR: frozenset({"view"}),
    }

    def running(self, today):
        """Started and not yet ended on `today`."""
        return self.filter(starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )


class RoleAppointment(VersionedModel):
    """A role appointed to a person in a scope, with its dates and the reason."""

    user = user_fk(_("person"), related_name="appointments")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit subtree"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    area = models.ForeignKey(
        "organisation.SecurityArea",
        verbose_name=_("security area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    appointed_by = user_fk(_("appointed by"), null=True, blank=True)
    ended_by = user_fk(_("ended by"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    assignment = models.OneToOneField(
        "accounts.RoleAssignment",
        verbose_name=_("role assignment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointment",
        editable=False,
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        app_label = "accounts"
        ordering = ["-starts_on", "pk"]
        verbose_name = _("role appointment")
        verbose_name_plural = _("role appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(area__isnull=False),
                name="appointment_has_scope",
                violation_error_message=_(
                    "A role must be held in a unit subtree, an area or both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="appointment_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        scope = " · ".join(str(part) for part in (self.unit, self.area) if part is not None)
        return f"{self.user} · {self.get_role_display()} · {scope}"
