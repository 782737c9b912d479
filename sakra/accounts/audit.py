"""Reading the audit trail (django-auditlog's LogEntry): who may, which models it covers, and
its retention. The trail is written by auditlog and never changed by the application."""

from datetime import timedelta

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sakra.core.access import scopes_of

from .choices import Role

#: auditlog's own labels are English only; these read well in the viewer.
ACTION_LABELS = {
    LogEntry.Action.CREATE: _("Created"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
    LogEntry.Action.ACCESS: _("Read"),
}


def model_label(content_type: ContentType) -> str:
    model = content_type.model_class()
    return capfirst(model._meta.verbose_name_plural) if model else content_type.model


def can_view_audit_trail(user) -> bool:
    """The security chief and auditors of the whole region read the trail; nobody changes it.

    An entry names an object of any app and has no unit, so the trail cannot be cut to a
    scope: it is region-wide, and only for those who hold their role region-wide. An auditor
    of one administration would otherwise read what was written about every other one.
    """
    if not user.is_authenticated:
        return False
    return any(scope.region_wide for scope in scopes_of(user, (Role.SECURITY_CHIEF, Role.AUDITOR)))


def audited_content_types() -> list[ContentType]:
    """The models the trail covers, sorted by their name in the user's language."""
    models = auditlog.get_models()
    types = ContentType.objects.get_for_models(*models).values()
    return sorted(types, key=lambda ct: str(ct.model_class()._meta.verbose_name_plural).lower())


def trail():
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def retention_cutoff(now=None):
    """Entries older than this may be deleted (SAKRA_AUDIT_RETENTION_DAYS)."""
    return (now or timezone.now()) - timedelta(days=settings.SAKRA_AUDIT_RETENTION_DAYS)


def expired_entries(now=None):
    return LogEntry.objects.filter(timestamp__lt=retention_cutoff(now))
