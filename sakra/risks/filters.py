"""Filters of the risk register: they narrow rows already limited by `for_user()`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sakra.core.forms import SafeInputMixin
from sakra.organisation.models import SecurityArea

from .choices import AnalysisKind, Treatment


class RiskFilter(SafeInputMixin, forms.Form):
    """Narrows the risks already limited by `for_user()`."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    area = forms.ModelChoiceField(
        label=_("Security area"), queryset=SecurityArea.objects.none(), required=False,
        empty_label=_("All"),
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind of analysis"), choices=[("", _("All")), *AnalysisKind.choices],
        required=False,
    )  # fmt: skip
    treatment = forms.ChoiceField(
        label=_("Treatment"), choices=[("", _("All")), ("none", _("Not decided")),
                                       *Treatment.choices], required=False,
    )  # fmt: skip
    above = forms.BooleanField(label=_("Only above the acceptable level"), required=False)
    past_review = forms.BooleanField(label=_("Only past their review date"), required=False)
    mine = forms.BooleanField(label=_("Only mine"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = SecurityArea.objects.active()

    def apply(self, rows, user):
        if not self.is_valid():
            return rows.none()
        data = self.cleaned_data
        if data["q"]:
            rows = rows.filter(title__icontains=data["q"])
        if data["area"]:
            rows = rows.filter(area=data["area"])
        if data["kind"]:
            rows = rows.filter(analysis__kind=data["kind"])
        if data["treatment"] == "none":
            rows = rows.filter(treatment="")
        elif data["treatment"]:
            rows = rows.filter(treatment=data["treatment"])
        if data["above"]:
            rows = rows.above_acceptable()
        if data["past_review"]:
            rows = rows.past_review()
        if data["mine"]:
            rows = rows.filter(owner=user)
        return rows
