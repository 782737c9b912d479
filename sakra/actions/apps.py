from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sits_on_the_board(user) -> bool:
    from .services import is_board

    return is_board(user)


class ActionsConfig(AppConfig):
    name = "sakra.actions"
    label = "actions"
    verbose_name = _("Actions and improvement")
    url_prefix = "atgarder/"
    navigation = [
        (_("Actions"), "actions:list", lambda user: True),
        (_("Improvement needs"), "actions:need-list", lambda user: True),
        (_("Security board"), "actions:board-queue", _sits_on_the_board),
    ]

    def ready(self):
        from auditlog.registry import auditlog

        from .models import (
            Action,
            AnnualPlan,
            BoardDecision,
            BoardMeeting,
            ImprovementNeed,
            PlannedActivity,
        )

        auditlog.register(Action)
        auditlog.register(ImprovementNeed)
        auditlog.register(BoardMeeting, m2m_fields={"attendees"})
        auditlog.register(BoardDecision, m2m_fields={"actions"})
        auditlog.register(AnnualPlan)
        auditlog.register(PlannedActivity)
