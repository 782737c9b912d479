"""The admin's one policy: reference data is edited here, domain rows are only shown.

Domain rows (incidents, actions, needs, board decisions, plans, goals, indicators, values …)
change only through the app's services: they check the person's access, keep `version`,
write the audit entry and run the side effects. The admin would bypass all of it, so a domain
model is either not registered (incidents: restricted rows are read only through `for_user()`)
or registered on `ReadOnlyAdmin`, its inlines on `ReadOnlyInline`. Reference data (units,
sites, security areas, incident categories, reporting obligations, users and their roles, API
tokens) stays on plain `admin.ModelAdmin`. tests/security/test_admin_policy.py walks the
registry: a new model counts as domain unless it is named there as reference data.
See docs/admin/the-admin.md.
"""

from django.contrib import admin

from .models import WorkerBeat


class ReadOnlyMixin:
    """No add, change or delete for anyone, superusers included; viewing as Django allows."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A domain model in the admin: listed and shown, changed only in the app."""


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    """A domain model's rows shown under their parent's page."""

    extra = 0
    show_change_link = False


class ReadOnlyStackedInline(ReadOnlyMixin, admin.StackedInline):
    extra = 0


@admin.register(WorkerBeat)
class WorkerBeatAdmin(ReadOnlyAdmin):
    """The workers' heartbeats, for the operator who wonders which worker runs where."""

    list_display = ["worker_id", "host", "pid", "started_at", "seen_at", "enqueued_at",
                    "finished_at"]  # fmt: skip
