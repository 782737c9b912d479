"""The admin shows governing documents read-only: they change through the app's pages and
services (versions, decisions, audit)."""

from django.contrib import admin

from sakra.core.admin import ReadOnlyAdmin

from . import models


@admin.register(models.Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "audience", "unit", "next_review", "version"]
    list_filter = ["kind", "status", "audience"]
    search_fields = ["title"]
    exclude = ["search_title", "search_text"]


@admin.register(models.DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["document", "number", "state", "adopted_on", "decision"]
    list_filter = ["state"]
