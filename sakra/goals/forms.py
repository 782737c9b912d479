from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.core.forms import Form as SafeForm


class ManualValueForm(SafeForm):
    year = forms.IntegerField(label=_("Year"), min_value=1990)
    value = forms.DecimalField(
        label=_("Value"), min_value=0, max_value=999_999_999, max_digits=12, decimal_places=3
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = timezone.localdate().year
        self.fields["year"].initial = timezone.localdate().year - 1


class YearForm(SafeForm):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
