from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sakra.core.admin import ReadOnlyAdmin, ReadOnlyMixin

from .models import ApiToken, OutboxEmail, RoleAssignment, ScimToken, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit", "area"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["email", "full_name", "home_unit", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "role_assignments__role"]
    search_fields = ["email", "full_name"]
    autocomplete_fields = ["home_unit"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone", "home_unit"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined"]

    def has_delete_permission(self, request, obj=None):
        # People are disabled, never deleted: the audit trail and the records they wrote keep
        # pointing at them (and on PostgreSQL the trail is append-only, see docs/admin/audit.md).
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "area"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user", "unit", "area"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__email"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        # The secret must be shown once to its owner: tokens are made with `sakra create-token`.
        return False


@admin.register(ScimToken)
class ScimTokenAdmin(admin.ModelAdmin):
    """Revoke an identity provider's SCIM token here (set *revoked*)."""

    list_display = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        # The secret is shown once, to the operator: tokens are made with `sakra create-scim-token`.
        return False


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyMixin, AuditlogLogEntryAdmin):
    """The audit trail in the admin: read, never changed, never deleted."""

    search_fields = ["object_repr", "actor__email", "actor__full_name", "actor_email"]


# django-otp's own admin shows each person's TOTP key and recovery codes to every
# administrator; here an administrator sees only that a device exists, and may delete it to
# reset a person's two-factor authentication.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


class _DeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed"]
    list_filter = ["confirmed"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = ["user", "name", "confirmed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(_DeviceAdmin):
    """Authenticator apps: delete one to make its owner set up a new app at next sign-in."""


@admin.register(StaticDevice)
class StaticDeviceAdmin(_DeviceAdmin):
    """Recovery codes: delete to void them; the owner gets new ones with a new app."""


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdmin):
    """What waits to be sent, and why a send failed (the relay refused, the lease ran out)."""

    list_display = ["key", "created_at", "attempts", "leased_until", "sent_at", "last_error"]
    list_filter = ["sent_at"]
    search_fields = ["key"]
