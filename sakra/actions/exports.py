"""The action register's export: its headers and the values of a row (written to CSV or
Excel by `sakra.core.exports`)."""

from django.utils.translation import gettext as _

from .models import Action


def headers() -> list[str]:
    return [
        _("ID"), _("Title"), _("Status"), _("Priority"), _("Owner"), _("Unit"),
        _("Security area"), _("Due date"), _("Overdue"), _("Caused by"), _("Had effect"),
        _("Effect checked on"), _("Created"),
    ]  # fmt: skip


def row(action: Action) -> list:
    source = action.source_type.model_class() if action.source_type_id else None
    effect = {True: _("Yes"), False: _("No"), None: ""}[action.was_effective]
    return [
        action.pk,
        action.title,
        action.get_status_display(),
        action.get_priority_display(),
        action.owner.full_name,
        action.unit.name,
        action.area.name if action.area_id else "",
        action.due_date.isoformat(),
        _("Yes") if action.is_overdue else "",
        str(source._meta.verbose_name) if source else "",
        effect,
        action.effect_checked_at.isoformat() if action.effect_checked_at else "",
        action.created_at,  # written in the region's time by the export
    ]
