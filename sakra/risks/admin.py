"""The risk matrix is the region's setting, edited here as new versions (a version once saved
is not changed: analyses keep the version they were assessed under). Analyses, risks, notes
and critical services are domain rows: shown read-only, changed through the app's services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from sakra.core.admin import ReadOnlyAdmin

from . import matrix, models


class MatrixVersionForm(forms.ModelForm):
    """A new version: the whole matrix checked (the model's clean), and no step removed that
    a risk of an analysis still in use has."""

    class Meta:
        model = models.MatrixVersion
        fields = [*matrix.FIELDS, "note"]

    def clean(self):
        data = super().clean()
        used = models.Risk.objects.exclude(analysis__status="archived").aggregate(
            likelihood=Max("current_likelihood"), consequence=Max("current_consequence")
        )
        likelihood = data.get("likelihood_labels") or []
        consequence = data.get("consequence_labels") or []
        if (used["likelihood"] or 0) > len(likelihood) or (used["consequence"] or 0) > len(
            consequence
        ):
            raise ValidationError(_("A step that a risk uses cannot be removed."))
        return data


@admin.register(models.MatrixVersion)
class MatrixVersionAdmin(admin.ModelAdmin):
    form = MatrixVersionForm
    list_display = ["number", "acceptable_level", "note", "created_at"]
    exclude = ["number"]

    def get_changeform_initial_data(self, request):
        current = models.MatrixVersion.objects.order_by("-number").first()
        if current is None:
            return {
                "likelihood_labels": matrix.DEFAULT_LIKELIHOOD,
                "consequence_labels": matrix.DEFAULT_CONSEQUENCE,
                "level_labels": matrix.DEFAULT_LEVEL_LABELS,
                "levels": matrix.default_levels(),
                "review_days": matrix.DEFAULT_REVIEW_DAYS,
            }
        return {name: getattr(current, name) for name in matrix.FIELDS}

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.number = (models.MatrixVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        super().save_model(request, obj, form, change)


@admin.register(models.RiskAnalysis)
class RiskAnalysisAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "unit", "status", "is_confidential"]
    list_filter = ["kind", "status"]


@admin.register(models.Risk)
class RiskAdmin(ReadOnlyAdmin):
    list_display = ["title", "analysis", "current_level", "treatment", "review_date"]


@admin.register(models.ScanningNote)
class ScanningNoteAdmin(ReadOnlyAdmin):
    list_display = ["noted_on", "source"]


@admin.register(models.CriticalService)
class CriticalServiceAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "tolerable_outage_hours"]


@admin.register(models.CriticalDependency)
class CriticalDependencyAdmin(ReadOnlyAdmin):
    list_display = ["service", "kind", "tolerable_outage_hours"]


@admin.register(models.PreparednessIndicator)
class PreparednessIndicatorAdmin(admin.ModelAdmin):
    """The region's list of crisis preparedness indicators: added, reworded, reordered or
    retired (not in use) here; never deleted, so that an RSA keeps what it was assessed on."""

    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.PreparednessAssessment)
class PreparednessAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["analysis", "indicator", "fulfilment"]


@admin.register(models.RsaFollowUp)
class RsaFollowUpAdmin(ReadOnlyAdmin):
    list_display = ["analysis", "year"]


@admin.register(models.CycleReminder)
class CycleReminderAdmin(ReadOnlyAdmin):
    list_display = ["step", "due", "created_at"]
