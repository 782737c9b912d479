from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_report(user) -> bool:
    # The auditor reads and files nothing (docs/user/incidents.md).
    return not getattr(user, "reads_only", False)


def _can_see_list(user) -> bool:
    return True


def _can_see_retention(user) -> bool:
    from .views.retention import can_see_retention_plan

    return can_see_retention_plan(user)


class IncidentsConfig(AppConfig):
    name = "sakra.incidents"
    label = "incidents"
    verbose_name = _("Incidents and deviations")
    url_prefix = ""
    navigation = [
        (_("Report"), "incidents:report", _can_report),
        (_("Incidents"), "incidents:list", _can_see_list),
        (_("Retention"), "incidents:retention", _can_see_retention),
    ]

    def ready(self):
        from auditlog.registry import auditlog

        from .models import (
            Attachment,
            AuthorityNotice,
            FigureReportedElsewhere,
            FollowSetting,
            Incident,
            IncidentCategory,
            IncidentObligation,
            OnCallShift,
            ReportingObligation,
        )

        auditlog.register(Incident, exclude_fields=["idempotency_key", "request_hash", "version"])
        auditlog.register(IncidentCategory, m2m_fields={"obligations"})
        auditlog.register(ReportingObligation)
        auditlog.register(IncidentObligation)
        auditlog.register(Attachment)
        auditlog.register(OnCallShift)
        auditlog.register(FigureReportedElsewhere)
        auditlog.register(FollowSetting, exclude_fields=["version"])
        # Its text may hold personal data the handler chose to send: the trail says that it
        # changed, never what it says (notices/services.py).
        auditlog.register(AuthorityNotice, exclude_fields=["version", "content"])
