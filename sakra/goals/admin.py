"""Goals, indicators and entered values: shown in the admin, changed only in the app
(sakra/core/admin.py says why)."""

from django.contrib import admin

from sakra.core.admin import ReadOnlyAdmin, ReadOnlyStackedInline

from .models import Goal, Indicator, ManualValue


class IndicatorInline(ReadOnlyStackedInline):
    model = Indicator


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "area",
        "administration",
        "owner",
        "start_year",
        "end_year",
        "is_active",
    ]
    list_filter = ["area", "is_active"]
    search_fields = ["title", "statement"]
    inlines = [IndicatorInline]


@admin.register(ManualValue)
class ManualValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "year", "value", "entered_by", "entered_at"]
    list_filter = ["year"]
