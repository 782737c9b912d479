from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "sakra.goals"
    label = "goals"
    verbose_name = _("Goals and indicators")
