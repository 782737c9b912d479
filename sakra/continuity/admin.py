"""Crisis templates are reference data, edited here; plans, backups, crises and their logs,
stocks, plans for heightened alert and their posts, exercises and training records are domain
rows, shown read-only and changed through the app's services."""

from django.contrib import admin

from sakra.core.admin import ReadOnlyAdmin

from . import models


@admin.register(models.CrisisTemplate)
class CrisisTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]


@admin.register(models.ContinuityPlan)
class ContinuityPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "tolerable_hours", "review_date"]


@admin.register(models.DependencyBackup)
class DependencyBackupAdmin(ReadOnlyAdmin):
    list_display = ["dependency", "lasts_hours", "checked_on"]


@admin.register(models.Crisis)
class CrisisAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "status", "opened_at"]


@admin.register(models.LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["crisis", "happened_at", "recorded_at", "kind", "author"]


@admin.register(models.SupplyStock)
class SupplyStockAdmin(ReadOnlyAdmin):
    list_display = ["name", "good", "unit", "site", "days_held", "target_days", "counted_on"]


@admin.register(models.WartimePlan)
class WartimePlanAdmin(ReadOnlyAdmin):
    list_display = ["unit", "state", "adopted_on", "review_date"]


@admin.register(models.WartimePost)
class WartimePostAdmin(ReadOnlyAdmin):
    list_display = ["title", "plan", "person", "informed_on"]


@admin.register(models.Exercise)
class ExerciseAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "date", "unit", "area"]


@admin.register(models.TrainingRecord)
class TrainingRecordAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "course", "completed_on", "valid_until"]
