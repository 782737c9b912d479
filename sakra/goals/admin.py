from django import forms
from django.contrib import admin

from .kinds import kind_choices
from .models import Goal, Indicator, ManualValue


class IndicatorForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=kind_choices)

    class Meta:
        model = Indicator
        fields = [
            "title", "kind", "direction", "baseline_year", "target_year", "target_type",
            "target_value", "unit", "site", "criteria", "position",
        ]  # fmt: skip


class IndicatorInline(admin.StackedInline):
    model = Indicator
    form = IndicatorForm
    extra = 0
    autocomplete_fields = ["unit", "site"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
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
    autocomplete_fields = ["parent", "area", "administration", "owner"]
    inlines = [IndicatorInline]


@admin.register(ManualValue)
class ManualValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "value", "entered_by", "entered_at"]
    list_filter = ["year"]
    readonly_fields = ["entered_by", "entered_at"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)
