from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sakra.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from auditlog.models import LogEntry
        from django.db.models.signals import pre_save

        from .audit import describe_read

        pre_save.connect(describe_read, sender=LogEntry, dispatch_uid="sakra-describe-read")
