from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import SecurityArea, Site, Unit


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = movenodeform_factory(Unit, exclude=["path", "depth", "numchild"])
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    filter_horizontal = ["sites"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "city", "is_active"]
    list_filter = ["is_active", "city"]
    search_fields = ["name", "code", "address", "city"]


@admin.register(SecurityArea)
class SecurityAreaAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "code", "owner", "position", "is_active"]
    list_editable = ["position"]
    list_filter = ["is_active"]
    search_fields = ["name_sv", "name_en", "code"]
    autocomplete_fields = ["owner"]
