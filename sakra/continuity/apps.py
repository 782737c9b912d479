from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_continuity(user) -> bool:
    from .models import ContinuityPlan, Crisis, Exercise, SupplyStock, WartimePlan

    # No query beyond the scopes read once per request: the menu is on every page. Staff of a
    # crisis who hold no such role reach it from its link.
    return any(
        model.objects.may(user) for model in (ContinuityPlan, Crisis, SupplyStock, WartimePlan,
                                              Exercise)
    )  # fmt: skip


class ContinuityConfig(AppConfig):
    name = "sakra.continuity"
    label = "continuity"
    verbose_name = _("Continuity and crisis management")
    url_prefix = "kontinuitet/"
    navigation = [(_("Continuity"), "continuity:index", _sees_continuity)]

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.DependencyBackup)
        auditlog.register(models.ContinuityPlan)
        auditlog.register(models.CrisisTemplate)
        auditlog.register(models.Crisis, m2m_fields={"incidents", "sites"})
        auditlog.register(models.StaffAssignment)
        auditlog.register(models.SupplyStock)
        auditlog.register(models.WartimePlan)
        auditlog.register(models.WartimePost)
        auditlog.register(models.Exercise)
        auditlog.register(models.TrainingRecord)
        # Log entries are not registered: each is itself an append-only record with its author
        # and the server's time, which the database refuses to change.
