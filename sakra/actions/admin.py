"""Actions, needs, board meetings and annual plans: shown in the admin, changed only in the app
(sakra/core/admin.py says why)."""

from django.contrib import admin

from sakra.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Action,
    ActionReminder,
    AnnualPlan,
    BoardDecision,
    BoardMeeting,
    ImprovementNeed,
    PlannedActivity,
)


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["title", "owner", "unit", "due_date", "status"]
    list_filter = ["status", "priority", "area"]
    search_fields = ["title", "owner__full_name"]


@admin.register(ActionReminder)
class ActionReminderAdmin(ReadOnlyAdmin):
    list_display = ["action", "kind", "due_date", "sent_at"]


@admin.register(ImprovementNeed)
class ImprovementNeedAdmin(ReadOnlyAdmin):
    list_display = ["title", "raised_by", "status", "rank"]
    list_filter = ["status", "area"]


class BoardDecisionInline(ReadOnlyInline):
    model = BoardDecision


@admin.register(BoardMeeting)
class BoardMeetingAdmin(ReadOnlyAdmin):
    list_display = ["date", "title"]
    inlines = [BoardDecisionInline]


class PlannedActivityInline(ReadOnlyInline):
    model = PlannedActivity


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "administration"]
    list_filter = ["year"]
    inlines = [PlannedActivityInline]
