from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "sakra.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Forum)
        auditlog.register(models.Decision)
