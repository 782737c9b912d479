from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _signed_in(user) -> bool:
    # No query: the menu is on every page, and everyone has somewhere to turn.
    return True


class SupportConfig(AppConfig):
    name = "sakra.support"
    label = "support"
    verbose_name = _("Support for managers")
    url_prefix = "stod/"
    navigation = [(_("Where do I turn?"), "support:index", _signed_in)]

    def start_page(self, user) -> str | None:
        """ "Var vänder jag mig?" is the start page of a person who is not security staff
        (`sakra.core.hooks.start_page`); security staff keep Min sida."""
        from .access import is_security_staff

        return None if is_security_staff(user) else "support:index"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.SupportSettings)
        auditlog.register(models.ContactOverride)
        auditlog.register(models.Absence)
        auditlog.register(models.PartnerTeam, m2m_fields={"administrations", "sites"})
        auditlog.register(models.TeamMember)
        auditlog.register(models.SupportRequest)
        auditlog.register(models.TimeEntry)
