from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "sakra.goals"
    label = "goals"
    verbose_name = _("Goals and indicators")
    url_prefix = "mal/"
    navigation = [(_("Goals"), "goals:index", lambda user: True)]

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Goal, Indicator, ManualValue

        auditlog.register(Goal)
        auditlog.register(Indicator)
        auditlog.register(ManualValue)
