from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _audit_reader(user) -> bool:
    from .audit import can_view_audit_trail

    return can_view_audit_trail(user)


def _role_keeper(user) -> bool:
    from .appointments.models import RoleAppointment

    return RoleAppointment.objects.may(user, "appoint")


class AccountsConfig(AppConfig):
    name = "sakra.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    url_prefix = ""
    navigation = [
        (_("My tasks"), "accounts:my-tasks", lambda user: True, "accounts:my-tasks-count"),
        (_("My page"), "accounts:me", lambda user: True),
        (_("Audit trail"), "accounts:audit-trail", lambda user: _audit_reader(user)),
        (_("Roles"), "accounts:roles", lambda user: _role_keeper(user)),
    ]

    def ready(self):
        from auditlog.registry import auditlog

        from sakra.organisation.models import SecurityArea, Site, Unit

        from . import signals
        from .models import ApiToken, RoleAssignment, ScimToken, User

        signals.connect()
        auditlog.register(User, exclude_fields=["password", "last_login", "session_epoch"])
        auditlog.register(RoleAssignment)
        from .appointments.models import RoleAppointment

        auditlog.register(RoleAppointment, exclude_fields=["version", "assignment"])
        # Setting up, confirming or an administrator removing a second factor is on the trail;
        # the secret key never is.
        from django_otp.plugins.otp_totp.models import TOTPDevice

        auditlog.register(TOTPDevice, include_fields=["user", "name", "confirmed"])
        auditlog.register(ApiToken, exclude_fields=["key_hash"])
        auditlog.register(ScimToken, exclude_fields=["key_hash"])
        auditlog.register(Unit, m2m_fields={"sites"})
        auditlog.register(Site)
        auditlog.register(SecurityArea)
