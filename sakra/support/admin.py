"""The region's support settings and the partner teams are reference data edited here (who
serves where, as role assignments are); named contacts, requests, their time and the absences
are domain rows, only shown: contacts are kept on the app's page (`/stod/kontakter/`), where the
coordinator's scope, the version and the audit entry apply."""

from django.contrib import admin

from sakra.core.admin import ReadOnlyAdmin

from . import models


@admin.register(models.SupportSettings)
class SupportSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "response_days"]

    def has_add_permission(self, request):
        # One row for the region.
        return not models.SupportSettings.objects.exists()


class TeamMemberInline(admin.TabularInline):
    model = models.TeamMember
    extra = 1
    raw_id_fields = ["user"]


@admin.register(models.PartnerTeam)
class PartnerTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "lead", "is_active"]
    filter_horizontal = ["administrations", "sites"]
    raw_id_fields = ["lead"]
    inlines = [TeamMemberInline]


@admin.register(models.ContactOverride)
class ContactOverrideAdmin(ReadOnlyAdmin):
    list_display = ["primary", "substitute", "unit", "area"]
    list_filter = ["area"]


@admin.register(models.Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    list_display = ["person", "starts_on", "ends_on", "is_cancelled"]


@admin.register(models.SupportRequest)
class SupportRequestAdmin(ReadOnlyAdmin):
    list_display = ["pk", "unit", "area", "status", "team", "assignee", "due_on"]
    list_filter = ["status", "area"]


@admin.register(models.TimeEntry)
class TimeEntryAdmin(ReadOnlyAdmin):
    list_display = ["request", "person", "spent_on", "hours"]


@admin.register(models.TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "lent_from"]
    list_filter = ["team"]
    raw_id_fields = ["user", "lent_from"]
