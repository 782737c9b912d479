from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sakra.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from auditlog.models import LogEntry
        from auditlog.registry import auditlog
        from django.db.models.signals import pre_save

        from .audit import describe_read
        from .models import PrintJob

        # Who asked for which object's document; the worker's progress is not an event.
        auditlog.register(PrintJob, include_fields=["kind", "object_id", "requested_by"])

        pre_save.connect(describe_read, sender=LogEntry, dispatch_uid="sakra-describe-read")
