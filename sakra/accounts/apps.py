from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sakra.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    url_prefix = "min-sida/"
    navigation = [(_("My page"), "accounts:me", lambda user: True)]

    def ready(self):
        from auditlog.registry import auditlog

        from sakra.organisation.models import SecurityArea, Site, Unit

        from . import signals
        from .models import ApiToken, RoleAssignment, User

        signals.connect()
        auditlog.register(User, exclude_fields=["password", "last_login", "session_epoch"])
        auditlog.register(RoleAssignment)
        auditlog.register(ApiToken, exclude_fields=["key_hash"])
        auditlog.register(Unit, m2m_fields={"sites"})
        auditlog.register(Site)
        auditlog.register(SecurityArea)
