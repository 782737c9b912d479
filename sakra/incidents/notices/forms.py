"""The authorities' forms, one per obligation, built from specs.py; and recording one sent."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sakra.core.forms import Form as SafeForm
from sakra.core.forms import VersionForm

from ..forms import DateTimeLocalInput
from . import specs


def _field(notice_field: specs.NoticeField) -> forms.Field:
    common = {
        "label": notice_field.label,
        "help_text": notice_field.help_text,
        "required": False,
    }
    if notice_field.kind == specs.CHOICE:
        return forms.ChoiceField(choices=notice_field.choices, **common)
    widget = forms.Textarea(attrs={"rows": 4}) if notice_field.kind == specs.LONG else None
    return forms.CharField(max_length=specs.MAX_LENGTH[notice_field.kind], widget=widget, **common)


def notice_form(code: str, *, versioned: bool = True) -> type[forms.Form]:
    """The form of the obligation `code`: its authority's fields, and the version when it
    edits a saved draft."""
    base = VersionForm if versioned else SafeForm
    fields = {f.name: _field(f) for f in specs.spec_for(code).fields}
    name = "".join(part.title() for part in code.split("-")) + "NoticeForm"
    return type(name, (base,), fields)


# Named, so that the bad-input corpus finds each authority's form.
ImyNoticeForm = notice_form("gdpr-imy")
Nis2EarlyWarningForm = notice_form("nis2-early-warning")
Nis2NotificationForm = notice_form("nis2-notification")
Nis2FinalReportForm = notice_form("nis2-final-report")
WorkIncidentNoticeForm = notice_form("av-serious-incident")
GeneralNoticeForm = notice_form("")


class SentForm(VersionForm):
    """When the notification was sent (empty: now), and the authority's case reference."""

    sent_at = forms.DateTimeField(label=_("Sent at"), required=False, widget=DateTimeLocalInput())
    authority_reference = forms.CharField(
        label=_("The authority's reference"),
        required=False,
        max_length=100,
        help_text=_("The case or reference number the authority's e-service gave."),
    )
