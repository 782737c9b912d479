from django.contrib import admin

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
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "unit", "due_date", "status"]
    list_filter = ["status", "priority", "area"]
    search_fields = ["title", "owner__full_name"]
    raw_id_fields = ["owner", "unit", "created_by", "effect_checked_by", "follows_up"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(ActionReminder)
class ActionReminderAdmin(admin.ModelAdmin):
    list_display = ["action", "kind", "due_date", "sent_at"]
    raw_id_fields = ["action"]


@admin.register(ImprovementNeed)
class ImprovementNeedAdmin(admin.ModelAdmin):
    list_display = ["title", "raised_by", "status", "rank"]
    list_filter = ["status", "area"]
    raw_id_fields = ["raised_by", "unit"]


class BoardDecisionInline(admin.TabularInline):
    model = BoardDecision
    extra = 0
    raw_id_fields = ["need", "created_by"]
    filter_horizontal = ["actions"]


@admin.register(BoardMeeting)
class BoardMeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "title"]
    inlines = [BoardDecisionInline]
    filter_horizontal = ["attendees"]
    raw_id_fields = ["created_by"]


class PlannedActivityInline(admin.TabularInline):
    model = PlannedActivity
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "administration"]
    list_filter = ["year"]
    inlines = [PlannedActivityInline]
    raw_id_fields = ["administration", "created_by"]
