"""Forms for the action register and the security board; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sakra.accounts.choices import Role
from sakra.accounts.forms import PersonField
from sakra.accounts.models import User
from sakra.core.forms import MAX_INTEGER, ModelMultipleChoiceField, VersionForm, parse_id
from sakra.core.forms import Form as SafeForm
from sakra.organisation.forms import PickedChoiceField, scoped_units, unit_scope
from sakra.organisation.models import SecurityArea, Unit

from .choices import ActivityStatus, DecisionKind, Priority
from .models import Action, AnnualPlan
from .querysets import BOARD_ROLES, CREATE


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


#: The units a person may create actions for, as the unit picker asks for them.
ACTION_UNITS = unit_scope(Action, CREATE)


class ActionForm(SafeForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea, required=False
    )
    owner = PersonField(label=_("Owner (e-mail)"))
    unit = PickedChoiceField("unit", scope=ACTION_UNITS, label=_("Unit"))
    area = forms.ModelChoiceField(
        label=_("Security area"), queryset=SecurityArea.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial="medium")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user, ACTION_UNITS)
        self.fields["area"].queryset = SecurityArea.objects.active()


class FollowUpForm(SafeForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea, required=False
    )
    owner = PersonField(label=_("Owner (e-mail)"))
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial="medium")


class EffectForm(VersionForm):
    was_effective = forms.TypedChoiceField(
        label=_("Did the action have the intended effect?"),
        choices=[("yes", _("Yes, it had the intended effect")), ("no", _("No, not enough"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput(), required=False)
    note = forms.CharField(
        label=_("How was the effect checked, and what did it show?"),
        max_length=5000,
        widget=forms.Textarea,
        required=False,
    )


class CancelForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=2000, widget=forms.Textarea
    )


class NeedForm(SafeForm):
    title = forms.CharField(label=_("What needs improving?"), max_length=200)
    description = forms.CharField(
        label=_("Why is it needed?"), max_length=5000, widget=forms.Textarea
    )
    unit = PickedChoiceField(
        "unit", label=_("Unit"), required=False, help_text=_("Leave empty for your own unit.")
    )
    site = PickedChoiceField("site", label=_("Site"), required=False)
    area = forms.ModelChoiceField(
        label=_("Security area"), queryset=SecurityArea.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = SecurityArea.objects.active()


class MeetingForm(SafeForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    attendees = ModelMultipleChoiceField(
        label=_("Attendees"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=20000, widget=forms.Textarea, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = (
            User.objects.active()
            .filter(role_assignments__role__in=[*BOARD_ROLES, Role.SECURITY_COORDINATOR])
            .distinct()
            .order_by("full_name")
        )


class DecisionForm(SafeForm):
    need = forms.ModelChoiceField(label=_("Improvement need"), queryset=None)
    kind = forms.ChoiceField(
        label=_("Decision"), choices=DecisionKind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea,
        required=False,
        help_text=_("Required when the need is rejected."),
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs

    def need_versions(self) -> list[tuple[int, int]]:
        """(id, version) of every need offered: the page sends each as `version-<id>`, so
        the decision names the version of the need chosen, whichever it is."""
        return list(self.fields["need"].queryset.values_list("pk", "version"))

    def clean(self):
        cleaned = super().clean()
        need = cleaned.get("need")
        if need is not None:
            version = parse_id(self.data.get(f"version-{need.pk}"))
            if version is None:
                self.add_error(None, VersionForm.base_fields["version"].error_messages["required"])
            else:
                cleaned["version"] = version
        return cleaned


class QueueForm(SafeForm):
    """The board's order of its queue: for each need shown, `rank-<id>` (a place, or empty for
    none) and `version-<id>` (the version the person saw)."""

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = list(needs)
        for need in self.needs:
            self.fields[f"rank-{need.pk}"] = forms.IntegerField(
                label=need.title,
                min_value=1,
                max_value=MAX_INTEGER,
                required=False,
                initial=need.rank,
            )
            # Required by the service for the needs the order changes, not for every row.
            self.fields[f"version-{need.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput,
                min_value=1,
                max_value=MAX_INTEGER,
                required=False,
                initial=need.version,
            )

    def rows(self) -> list[tuple]:
        """(need, its rank field) for the table."""
        return [(need, self[f"rank-{need.pk}"]) for need in self.needs]

    def ordered(self) -> list[int]:
        """The ids of the ranked needs, first place first."""
        ranks = [
            (self.cleaned_data[f"rank-{need.pk}"], need.pk)
            for need in self.needs
            if self.cleaned_data.get(f"rank-{need.pk}") is not None
        ]
        return [pk for _rank, pk in sorted(ranks)]

    def versions(self) -> dict[int, int]:
        """id → the version the person saw, for each need the page sent one for."""
        return {
            need.pk: self.cleaned_data[f"version-{need.pk}"]
            for need in self.needs
            if self.cleaned_data.get(f"version-{need.pk}") is not None
        }


class PlannedActionForm(SafeForm):
    """One action the board assigns when it accepts a need; an empty row is skipped."""

    title = forms.CharField(label=pgettext_lazy("something to do", "Action"), max_length=200)
    owner = PersonField(label=_("Owner (e-mail)"))
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())


PlannedActionFormSet = forms.formset_factory(PlannedActionForm, extra=3, max_num=10)


class PlanForm(SafeForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    administration = forms.ModelChoiceField(
        label=pgettext_lazy("unit kind", "Administration"),
        queryset=Unit.objects.none(),
        help_text=_("Choose the region for a region-wide plan."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Security plan"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from sakra.organisation.choices import UnitKind

        self.fields["administration"].queryset = AnnualPlan.objects.units_for(user, CREATE).filter(
            kind__in=[UnitKind.REGION, UnitKind.ADMINISTRATION]
        )


class ActivityForm(SafeForm):
    title = forms.CharField(label=_("Activity"), max_length=200)
    area = forms.ModelChoiceField(
        label=_("Security area"), queryset=SecurityArea.objects.none(), required=False
    )
    goal = forms.CharField(
        label=_("Goal"),
        max_length=300,
        required=False,
        help_text=_("The goal the activity serves."),
    )
    owner = PersonField(label=_("Responsible (e-mail)"), required=False)
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea, required=False
    )
    estimated_cost = forms.IntegerField(
        label=_("Estimated cost (SEK)"), min_value=0, max_value=10**14 - 1, required=False
    )
    effort_hours = forms.IntegerField(
        label=_("Estimated effort (hours)"), min_value=0, max_value=2**31 - 1, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = SecurityArea.objects.active()


class EstimateForm(VersionForm):
    """The estimated cost and effort of an action or a planned activity (empty: not known)."""

    estimated_cost = forms.IntegerField(
        label=_("Estimated cost (SEK)"), min_value=0, max_value=10**14 - 1, required=False
    )
    effort_hours = forms.IntegerField(
        label=_("Estimated effort (hours)"), min_value=0, max_value=2**31 - 1, required=False
    )


class ActivityStatusForm(VersionForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    note = forms.CharField(label=_("Comment"), max_length=500, required=False)
