"""Reference data of incidents, editable by administrators.

Incidents, their timeline, attachments and obligations are not registered at all: they change
only through the services, and restricted ones are read only through `for_user()`, which the
admin would bypass (sakra/core/admin.py has the policy)."""

from django.contrib import admin

from .models import IncidentCategory, ReportingObligation


@admin.register(ReportingObligation)
class ReportingObligationAdmin(admin.ModelAdmin):
    list_display = ["code", "authority", "title_sv", "deadline_hours", "position", "is_active"]
    list_editable = ["position"]
    list_filter = ["is_active", "authority"]
    search_fields = ["code", "authority", "title_sv", "title_en"]


@admin.register(IncidentCategory)
class IncidentCategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name_sv", "code", "area", "default_severity", "is_restricted", "allows_anonymous",
        "retention_months", "position", "is_active",
    ]  # fmt: skip
    list_editable = ["position"]
    list_filter = ["area", "supply", "is_restricted", "allows_anonymous", "is_active"]
    search_fields = ["code", "name_sv", "name_en"]
    filter_horizontal = ["obligations"]
