"""Forums, their members and the roles' mandates are reference data, set up once per region as
units are; every other row changes through governance's pages and services (versions, audit)
and is only shown here."""

from django.contrib import admin

from sakra.core.admin import ReadOnlyAdmin

from . import models


class ForumMemberInline(admin.TabularInline):
    model = models.ForumMember
    extra = 0


@admin.register(models.Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "administration", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [ForumMemberInline]


@admin.register(models.ForumMember)
class ForumMemberAdmin(admin.ModelAdmin):
    list_display = ["forum", "kind", "role", "user", "function"]


@admin.register(models.RoleMandate)
class RoleMandateAdmin(admin.ModelAdmin):
    list_display = ["role", "updated_at"]


@admin.register(models.Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["decided_on", "forum", "paragraph", "registry_number", "title"]
    list_filter = ["forum"]
    search_fields = ["title", "registry_number"]


@admin.register(models.Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "forum", "title"]


@admin.register(models.Requirement)
class RequirementAdmin(ReadOnlyAdmin):
    list_display = ["reference", "law", "area", "status", "is_current"]
    list_filter = ["status", "is_current"]


@admin.register(models.ControlPlan)
class ControlPlanAdmin(ReadOnlyAdmin):
    list_display = ["year", "administration", "title", "status"]


@admin.register(models.FundingSource)
class FundingSourceAdmin(ReadOnlyAdmin):
    list_display = ["name", "start_year", "end_year", "amount"]


@admin.register(models.PlanSubmission)
class PlanSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "status", "submitted_at", "agreed_on"]
    list_filter = ["status"]


@admin.register(models.StateAssignment)
class StateAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["deadline", "authority", "title", "administration", "status"]
    list_filter = ["status"]
    search_fields = ["title", "authority", "reference"]


@admin.register(models.IndicatorSnapshot)
class IndicatorSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["year", "goal_title", "indicator_title", "value", "status"]
    list_filter = ["year"]
