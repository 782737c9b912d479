"""The admin shows SBA's rows read-only: they change through the app's pages and services
(versions, audit, the deviation's action). Site assignments are who-does-what reference data,
kept like role assignments."""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.FireDocument)
class FireDocumentAdmin(ReadOnlyAdmin):
    list_display = ["site", "unit", "responsible", "next_review", "version"]


@admin.register(models.ControlPoint)
class ControlPointAdmin(ReadOnlyAdmin):
    list_display = ["title", "document", "frequency", "is_active"]


@admin.register(models.ChecklistTemplate)
class ChecklistTemplateAdmin(ReadOnlyAdmin):
    list_display = ["name", "area", "is_active"]


@admin.register(models.Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["control_point", "document", "due_date", "assigned_to", "status"]
    list_filter = ["status"]


@admin.register(models.FireInspection)
class FireInspectionAdmin(ReadOnlyAdmin):
    list_display = ["document", "date", "rescue_service", "reference"]


@admin.register(models.Remark)
class RemarkAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "kind", "deadline", "status"]
    list_filter = ["status", "kind"]


@admin.register(models.SiteAssignment)
class SiteAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "site", "role", "valid_from", "valid_to"]
    list_filter = ["role", "site"]
    raw_id_fields = ["user"]
