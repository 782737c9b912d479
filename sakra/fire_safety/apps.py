from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_sba(user) -> bool:
    from .models import FireDocument

    # No query: the nav is on every page. Site assignees reach their rounds from "Mina uppgifter".
    return FireDocument.objects.may(user)


class FireSafetyConfig(AppConfig):
    name = "sakra.fire_safety"
    label = "fire_safety"
    verbose_name = _("Systematic fire safety work")
    url_prefix = "brandskydd/"
    navigation = [(_("Fire safety"), "fire_safety:index", _sees_sba)]

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.FireDocument)
        auditlog.register(models.SiteAssignment)
        # "items" would shadow dict.items() in the audit trail's template: not logged by name.
        auditlog.register(models.ChecklistTemplate, exclude_fields=["items", "control_points"])
        auditlog.register(models.ChecklistItem)
        auditlog.register(models.ControlPoint)
        auditlog.register(models.Round)
        auditlog.register(models.RoundResult, exclude_fields=["photo"])
        auditlog.register(models.RoundComment)
        auditlog.register(models.FireInspection)
        auditlog.register(models.Remark)
