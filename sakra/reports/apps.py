from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_reports(user) -> bool:
    from .models import AnnualReport

    return AnnualReport.objects.may(user)


class ReportsConfig(AppConfig):
    name = "sakra.reports"
    label = "reports"
    verbose_name = _("Annual security report")
    url_prefix = "sakerhetsberattelse/"
    navigation = [(_("Annual report"), "reports:index", _sees_reports)]

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.AnnualReport, exclude_fields=["facts"])
        auditlog.register(models.Chapter)
