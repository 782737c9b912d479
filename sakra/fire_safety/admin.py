"""The admin shows SBA's rows read-only (core's policy): they change through the app's pages
and services (versions, audit, the deviation's action), site assignments included, which are
kept on the binder's page."""

from django.contrib import admin

from sakra.core.admin import ReadOnlyAdmin

from . import models


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
class SiteAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "site", "role", "valid_from", "valid_to"]
    list_filter = ["role"]
