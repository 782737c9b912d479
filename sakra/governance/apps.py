from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _signed_in(user) -> bool:
    # Forums and decisions are public documents: every signed-in person reads them.
    return user.is_authenticated


class GovernanceConfig(AppConfig):
    name = "sakra.governance"
    label = "governance"
    verbose_name = _("Governance")
    url_prefix = "styrning/"
    navigation = [(_("Governance"), "governance:index", _signed_in)]

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Forum,
            models.ForumMember,
            models.Meeting,
            models.Decision,
            models.DecisionRecipient,
            models.Acknowledgement,
            models.RoleMandate,
            models.Requirement,
            models.ControlPlan,
            models.Control,
            models.ControlOccurrence,
            models.FundingSource,
            models.FundedActivity,
            models.PlanSubmission,
            models.StateAssignment,
            models.IndicatorSnapshot,
        ):
            auditlog.register(model)
