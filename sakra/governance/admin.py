from django.contrib import admin

from sakra.core.admin import ReadOnlyAdmin

from .models import Decision, Forum


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "administration", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["decided_on", "forum", "paragraph", "registry_number", "title"]
    list_filter = ["forum"]
    search_fields = ["title", "registry_number"]
