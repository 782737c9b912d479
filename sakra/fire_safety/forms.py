"""The forms of SBA's pages; each goes through a service (`sakra.core.views.submit`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.accounts.forms import PersonField
from sakra.core.access import CHANGE
from sakra.core.forms import Form, VersionForm
from sakra.organisation.forms import PickedChoiceField, unit_scope
from sakra.organisation.models import SecurityArea

from .choices import AssignmentRole, Frequency, Outcome, RemarkKind, RemarkStatus
from .models import SECTIONS, ChecklistTemplate, FireDocument

#: The units a person may keep binders for, as the unit picker asks for them.
DOCUMENT_UNITS = unit_scope(FireDocument, CHANGE)
#: The fire-protection area's code in the regions' presets (seed 000's "brandskydd").
FIRE_AREA_CODE = "brandskydd"

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentForm(VersionForm):
    """The binder's sections and its yearly review date."""

    next_review = forms.DateField(label=_("Next yearly review"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, heading in SECTIONS:
            self.fields[name] = forms.CharField(
                label=heading, required=False, max_length=20000, widget=forms.Textarea
            )


class DocumentCreateForm(Form):
    """A new binder for a site: who keeps it, and when it is first reviewed. The sections are
    written afterwards, each save a version."""

    site = PickedChoiceField("site", label=_("Site"))
    unit = PickedChoiceField("unit", scope=DOCUMENT_UNITS, label=_("Responsible unit"))
    area = forms.ModelChoiceField(
        label=_("Security area"), queryset=SecurityArea.objects.filter(is_active=True)
    )
    responsible = PersonField(
        label=_("Responsible person (e-mail)"),
        help_text=_("Owns the actions that deviations found at the site give rise to."),
    )
    next_review = forms.DateField(label=_("First yearly review"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            fire = SecurityArea.objects.filter(code=FIRE_AREA_CODE).first()
            self.initial.setdefault("area", fire.pk if fire else None)


class AssignmentForm(Form):
    """A person's part in the site's SBA, from a day, until a day or for now."""

    user = PersonField(label=_("Person (e-mail)"))
    role = forms.ChoiceField(label=_("Role in SBA"), choices=AssignmentRole.choices)
    valid_from = forms.DateField(label=_("From"), widget=DATE)
    valid_to = forms.DateField(
        label=_("To"), widget=DATE, required=False, help_text=_("Empty: until further notice.")
    )


class EndAssignmentForm(VersionForm):
    valid_to = forms.DateField(
        label=_("Last day"), widget=DATE, help_text=_("The assignment holds through this day.")
    )


class ControlPointForm(Form):
    title = forms.CharField(label=_("What is checked"), max_length=200)
    checklist = forms.ModelChoiceField(
        label=_("Checklist"), queryset=ChecklistTemplate.objects.filter(is_active=True)
    )
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    starts_on = forms.DateField(label=_("In force from"), widget=DATE)


class RoundForm(VersionForm):
    """A round on a phone: for each checklist item OK, deviation or not applicable, a comment
    and an optional photo. "Pause" saves what is answered; "Finish" needs every item."""

    performed_on = forms.DateField(label=_("Done on"), widget=DATE, required=False)
    note = forms.CharField(
        label=_("Note on the round"), required=False, max_length=5000, widget=forms.Textarea
    )

    def __init__(self, *args, items=(), results=None, **kwargs):
        super().__init__(*args, **kwargs)
        results = results or {}
        self.items = list(items)
        self.fields["performed_on"].initial = timezone.localdate()
        for item in self.items:
            done = results.get(item.pk)
            self.fields[f"outcome_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=Outcome.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=done.outcome if done else None,
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=done.comment if done else "",
            )
            self.fields[f"photo_{item.pk}"] = forms.FileField(
                label=_("Photo"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "image/*", "capture": "environment"}
                ),
            )

    def rows(self):
        """Each item's three fields together, for the template."""
        return [
            (item, self[f"outcome_{item.pk}"], self[f"comment_{item.pk}"], self[f"photo_{item.pk}"])
            for item in self.items
        ]

    def entries(self):
        from .services import ItemResult

        data = self.cleaned_data
        return [
            ItemResult(
                item=item,
                outcome=data[f"outcome_{item.pk}"],
                comment=data.get(f"comment_{item.pk}", ""),
                photo=data.get(f"photo_{item.pk}"),
            )
            for item in self.items
            if data.get(f"outcome_{item.pk}")
        ]


class CommentForm(Form):
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea)


class InspectionForm(Form):
    """An inspection by the rescue service, with its first remark when it has one."""

    date = forms.DateField(label=_("Date of the inspection"), widget=DATE)
    rescue_service = forms.CharField(label=_("Rescue service"), max_length=200)
    reference = forms.CharField(
        label=_("The rescue service's reference"), max_length=100, required=False
    )
    report = forms.FileField(label=_("Inspection report (PDF)"), required=False)


class RemarkForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RemarkKind.choices)
    text = forms.CharField(label=_("Remark"), max_length=5000, widget=forms.Textarea)
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DATE,
        help_text=_("As the rescue service gave it, even if it has passed."),
    )


class RemarkStatusForm(VersionForm):
    status = forms.ChoiceField(label=_("Status"), choices=RemarkStatus.choices)
    status_note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ChecklistForm(VersionForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    items = forms.CharField(
        label=_("Items, one a line"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("An item taken away is kept for the rounds already done."),
    )

    def item_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
