"""Filters of SBA's lists: they narrow rows already limited by `for_user()`."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.core.forms import SafeInputMixin
from sakra.core.validation import parse_id

from .choices import OPEN_ROUND_STATUSES, Outcome, RoundStatus

DUE, OVERDUE, FINISHED = "due", "overdue", "finished"


class RoundFilter(SafeInputMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (DUE, _("To do now")),
            (OVERDUE, _("Overdue")),
            (FINISHED, _("Finished")),
            ("", _("All")),
        ],
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    year = forms.IntegerField(label=_("Year due"), required=False, min_value=2000, max_value=2100)
    deviations = forms.BooleanField(label=_("Only with deviations"), required=False)

    def apply(self, rows, user, default_state: str = DUE):
        if not self.is_valid():
            return rows.none()
        data = self.cleaned_data
        today = timezone.localdate()
        state = data["state"] if self.data.get("state") is not None else default_state
        if state == DUE:
            rows = rows.filter(status__in=OPEN_ROUND_STATUSES, period_start__lte=today)
        elif state == OVERDUE:
            rows = rows.filter(status__in=OPEN_ROUND_STATUSES, due_date__lt=today)
        elif state == FINISHED:
            rows = rows.filter(status=RoundStatus.FINISHED)
        else:
            rows = rows.exclude(status=RoundStatus.CANCELLED)
        if data["mine"]:
            rows = rows.filter(assigned_to=user)
        if data["year"]:
            rows = rows.filter(due_date__year=data["year"])
        if data["deviations"]:
            rows = rows.filter(results__outcome=Outcome.DEVIATION).distinct()
        unit = parse_id(self.data.get("unit", ""))
        if unit is not None:
            from sakra.organisation.models import Unit

            path = Unit.objects.filter(pk=unit).values_list("path", flat=True).first() or "-"
            rows = rows.filter(document__unit__path__startswith=path)
        return rows


class RemarkFilter(SafeInputMixin, forms.Form):
    past_deadline = forms.BooleanField(label=_("Only past their deadline"), required=False)
    open = forms.BooleanField(label=_("Only open"), required=False)
    year = forms.IntegerField(
        label=_("Deadline year"), required=False, min_value=2000, max_value=2100
    )

    def apply(self, rows):
        if not self.is_valid():
            return rows.none()
        data = self.cleaned_data
        if data["past_deadline"]:
            rows = rows.past_deadline()
        elif data["open"]:
            rows = rows.open()
        if data["year"]:
            rows = rows.filter(deadline__year=data["year"])
        return rows
