from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_risks(user) -> bool:
    from .models import RiskAnalysis

    # No query beyond the scopes read once per request: the menu is on every page.
    return RiskAnalysis.objects.may(user)


class RisksConfig(AppConfig):
    name = "sakra.risks"
    label = "risks"
    verbose_name = _("Risk management and the RSA")
    url_prefix = "risker/"
    navigation = [(_("Risks"), "risks:index", _sees_risks)]

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.MatrixVersion)
        auditlog.register(models.RiskAnalysis, m2m_fields={"participants"})
        auditlog.register(models.Risk, m2m_fields={"categories"})
        auditlog.register(models.ScanningNote, m2m_fields={"areas"})
        auditlog.register(models.CriticalService)
        auditlog.register(models.CriticalDependency)
        auditlog.register(models.PreparednessIndicator)
        auditlog.register(models.PreparednessAssessment)
        auditlog.register(models.RsaFollowUp)
