"""The forms of the documents' pages; each goes through a service (`sakra.core.views.submit`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.accounts.choices import Role
from sakra.accounts.forms import PeopleField
from sakra.core.forms import Form, ModelMultipleChoiceField, VersionForm
from sakra.governance.models import Forum
from sakra.organisation.forms import PickedChoiceField, scoped_units, unit_scope
from sakra.organisation.models import SecurityArea, Unit

from .choices import Audience, DocumentKind
from .models import Document
from .querysets import CREATE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: The units a person may write documents for, as the unit picker asks for them.
DOCUMENT_UNITS = unit_scope(Document, CREATE)
FILE_HELP = _("A PDF or Word file (DOCX), at most 10 MB.")


class DocumentFieldsForm(Form):
    """What the document is and where it sits in the chain."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Governed by"), queryset=Document.objects.none(), required=False
    )
    supplements = forms.ModelChoiceField(
        label=_("Local supplement to"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("Only for a document that adds to a common one for one unit."),
    )
    unit = PickedChoiceField(
        "unit",
        scope=DOCUMENT_UNITS,
        label=_("Applies to"),
        required=False,
        help_text=_("Empty for the whole region."),
    )
    areas = ModelMultipleChoiceField(
        label=_("Security areas"),
        queryset=SecurityArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.ChoiceField(label=_("Written for"), choices=Audience.choices)
    records_class = forms.CharField(label=_("Records class"), max_length=100, required=False)
    review_months = forms.IntegerField(
        label=_("Review interval (months)"), min_value=1, max_value=120, initial=24
    )
    related = ModelMultipleChoiceField(
        label=_("Related documents"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        readable = Document.objects.for_user(user).only("pk", "title").order_by("title")
        for name in ("parent", "supplements", "related"):
            self.fields[name].queryset = readable
        self.fields["unit"].queryset = scoped_units(user, DOCUMENT_UNITS)
        self.fields["areas"].queryset = SecurityArea.objects.all()


class DetailsForm(DocumentFieldsForm, VersionForm):
    """The details of a document, changed from the version the person read."""


class NewDocumentForm(DocumentFieldsForm):
    """A new document: its details and the first draft's text or file."""

    body = forms.CharField(
        label=_("Text (Markdown)"), required=False, max_length=200_000, widget=forms.Textarea
    )
    attachment = forms.FileField(label=_("Or a file"), required=False, help_text=FILE_HELP)


class DraftForm(VersionForm):
    body = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea,
        help_text=_("Headings with #, lists with -, links as [text](https://…). HTML is not used."),
    )
    change_summary = forms.CharField(
        label=_("What changed"), required=False, max_length=2000, widget=forms.Textarea
    )
    attachment = forms.FileField(label=_("Attach a file"), required=False, help_text=FILE_HELP)
    remove_attachment = forms.BooleanField(label=_("Remove the attached file"), required=False)


ROLE_CHOICES = [("", _("Everyone in the unit")), *Role.choices]


class RecipientsMixin(Form):
    """A unit (or the whole region) and a role: whom a consultation or distribution reaches."""

    recipient_unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        empty_label=_("The whole region"),
    )
    recipient_role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, required=False)

    def recipients(self) -> list[tuple]:
        unit, role = (
            self.cleaned_data.get("recipient_unit"),
            self.cleaned_data.get("recipient_role"),
        )
        return [(unit, role or "")] if unit is not None or role else []


class ConsultationForm(RecipientsMixin, VersionForm):
    reply_by = forms.DateField(label=_("Reply by"), widget=DATE)
    message = forms.CharField(
        label=_("Message to the recipients"),
        required=False,
        max_length=5000,
        widget=forms.Textarea,
    )

    def data_for_service(self) -> dict:
        return {
            "version": self.cleaned_data["version"],
            "reply_by": self.cleaned_data["reply_by"],
            "message": self.cleaned_data.get("message", ""),
            "recipients": self.recipients(),
        }


class ReplyForm(Form):
    text = forms.CharField(label=_("Reply"), max_length=20000, widget=forms.Textarea)
    on_behalf_of = forms.CharField(
        label=_("On behalf of"),
        max_length=200,
        required=False,
        help_text=_("The unit or person the reply comes from, if not yourself."),
    )


class AdoptForm(RecipientsMixin, VersionForm):
    forum = forms.ModelChoiceField(label=_("Decided by"), queryset=Forum.objects.none())
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE)
    # Bounded loosely here, exactly by the service (20 and 40): a marked text is refused for
    # its marking, not for its length.
    paragraph = forms.CharField(label=_("Paragraph (§)"), max_length=200, required=False)
    registry_number = forms.CharField(label=_("Registry number"), max_length=200, required=False)
    decision_text = forms.CharField(
        label=_("Decision"), max_length=5000, required=False, widget=forms.Textarea
    )
    recipient_people = PeopleField(
        label=_("Send to people by name (e-mail addresses, one a line)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    acknowledge_by = forms.DateField(
        label=_("Recipients confirm reading by"),
        widget=DATE,
        required=False,
        help_text=_("Empty when the recipients need not confirm."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.filter(is_active=True)
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["recipient_unit"].label = _("Send to unit")

    def data_for_service(self) -> dict:
        data = {
            name: self.cleaned_data.get(name)
            for name in ("version", "forum", "decided_on", "acknowledge_by")
        }
        for name in ("paragraph", "registry_number", "decision_text"):
            data[name] = self.cleaned_data.get(name, "")
        data["distribute_to"] = self.recipients()
        data["people"] = self.cleaned_data.get("recipient_people", [])
        return data


class ReviewForm(VersionForm):
    note = forms.CharField(
        label=_("Note on the review"), required=False, max_length=5000, widget=forms.Textarea
    )


class ArchiveForm(VersionForm):
    confirm = forms.BooleanField(label=_("Yes, take the document out of force"))
