"""Forms of the incident pages. They collect input; the services validate and decide."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sakra.accounts.choices import Role
from sakra.accounts.models import User
from sakra.core.forms import Form as SafeForm
from sakra.core.forms import VersionForm
from sakra.organisation.forms import PickedChoiceField
from sakra.organisation.models import SecurityArea, Unit

from .choices import SUPPLY_CHOICES, TRANSITIONS, DismissalKind, Severity, Status
from .deadlines import open_duties_text
from .models import Incident, IncidentCategory
from .search import is_reference
from .uploads import MAX_BYTES


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ReportForm(SafeForm):
    category = forms.ModelChoiceField(
        label=_("What happened?"),
        queryset=IncidentCategory.objects.active().select_related("area"),
        empty_label=_("Choose a category"),
        error_messages={"required": _("Choose a category.")},
    )
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        widget=DateTimeLocalInput(),
        error_messages={"required": _("Enter when it happened.")},
    )
    aware_at = forms.DateTimeField(
        label=_("Region aware"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_(
            "When someone in the region first learnt of it. Leave it empty if that is now. "
            "The deadlines to report to authorities count from here."
        ),
    )
    site = PickedChoiceField("site", label=_("Site"), required=False)
    unit = PickedChoiceField("unit", label=_("Unit"))
    description = forms.CharField(
        label=_("Short description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened, where, and who was involved. No classified information."),
        error_messages={"required": _("Describe what happened.")},
    )
    immediate_measures = forms.CharField(
        label=_("Immediate measures taken"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    people_harmed = forms.IntegerField(label=_("Number of people harmed"), min_value=0, initial=0)
    police_reported = forms.BooleanField(label=_("Reported to the police"), required=False)
    is_acute = forms.BooleanField(
        label=_("Acute: I need help now"),
        required=False,
        help_text=_("The security partner on duty is alerted at once."),
    )
    is_near_miss = forms.BooleanField(
        label=_("Near miss: it could have happened, but did not"),
        required=False,
        help_text=_("A near miss (tillbud) is counted apart from events."),
    )
    supply = forms.ChoiceField(
        label=_("Critical supply disrupted"),
        required=False,
        choices=[("", _("— not a disruption of critical supply —")), *SUPPLY_CHOICES],
        help_text=_("Only for a disruption of electricity, water, IT, medicines and the like."),
    )
    disruption_started_at = forms.DateTimeField(
        label=_("Disruption started"), required=False, widget=DateTimeLocalInput(),
        help_text=_("Leave it empty if it started when it happened."),
    )  # fmt: skip
    disruption_ended_at = forms.DateTimeField(
        label=_("Disruption ended"), required=False, widget=DateTimeLocalInput(),
        help_text=_("Leave it empty if it is not over or you do not know; the handler fills "
                    "it in later."),
    )  # fmt: skip
    disruption_hours = forms.DecimalField(
        label=_("Or: the disruption lasted (hours)"), required=False, min_value=0,
        max_value=87600, max_digits=7, decimal_places=1,
    )  # fmt: skip
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        help_text=_("Your name is not stored, and you cannot follow the report afterwards."),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        home = getattr(user, "home_unit", None)
        if home is not None:
            self.fields["site"].suggest(home.sites.filter(is_active=True).order_by("name"))
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )
            if home is not None:
                self.initial.setdefault("unit", home.pk)
                first_site = next(iter(self.fields["site"].widget.suggested), None)
                if first_site is not None:
                    self.initial.setdefault("site", first_site.pk)
        anonymous_names = [c.name for c in self.fields["category"].queryset if c.allows_anonymous]
        self.anonymous_categories = anonymous_names
        if anonymous_names:
            self.fields["anonymous"].help_text = _(
                "Possible for: {categories}. Your name is not stored, and you cannot follow the "
                "report afterwards."
            ).format(categories=", ".join(anonymous_names))


class PrefixedIdsForm(SafeForm):
    """Several forms share the incident page: each gets its own element ids."""

    id_prefix = "f"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class VersionedForm(PrefixedIdsForm, VersionForm):
    """A change to the incident: it carries the version the person saw (required)."""


class StatusForm(VersionedForm):
    id_prefix = "status"
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason (required when dismissing)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    dismissal_kind = forms.ChoiceField(
        label=_("Why dismissed"),
        required=False,
        choices=[("", _("— not dismissing —")), *DismissalKind.choices],
    )
    duplicate_of = forms.CharField(
        label=_("Duplicate of (reference)"),
        required=False,
        # Room for what people paste (a marking is named, not cut off); the format decides.
        max_length=200,
        help_text=_("For a duplicate: the reference of the report it duplicates."),
    )

    def clean_duplicate_of(self):
        # Looked up here, checked by the service: a report the person may not read is refused
        # there with the same message as one that does not exist.
        # The guard the other text fields get in clean(), here before the text turns into a
        # report: a marking is named as such, not only refused as no reference.
        reference = self.text_check(self.cleaned_data["duplicate_of"].strip()).upper()
        if not reference:
            return None
        if not is_reference(reference):
            raise forms.ValidationError(_("Give the report's reference, e.g. AVV-2026-000123."))
        return Incident.objects.filter(reference=reference).first()

    confirm_open_obligations = forms.BooleanField(required=False)

    def __init__(self, *args, incident=None, open_duties=(), **kwargs):
        """`open_duties`: (reporting obligation, overdue) of each duty not yet reported; when
        closing is possible, the person confirms closing without them (the service asks)."""
        super().__init__(*args, **kwargs)
        allowed = frozenset()
        if incident is not None:
            allowed = TRANSITIONS.get(incident.status, frozenset())
            self.fields["status"].choices = [c for c in Status.choices if c[0] in allowed]
            self.initial.setdefault("version", incident.version)
        if open_duties and Status.CLOSED in allowed:
            self.fields["confirm_open_obligations"].label = _(
                "When closing: I confirm closing without a recorded report to the authority "
                "({duties})"
            ).format(duties=open_duties_text(open_duties))
        else:
            del self.fields["confirm_open_obligations"]


class AssignForm(VersionedForm):
    id_prefix = "assign"
    handler = forms.TypedChoiceField(label=_("Handler"), coerce=int)

    def __init__(self, *args, incident=None, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The candidates are people already read: choices from them, not a second query.
        self.candidates = {person.pk: person for person in candidates}
        self.fields["handler"].choices = [("", "---------")] + [
            (pk, str(person)) for pk, person in self.candidates.items()
        ]
        if incident is not None:
            self.initial.setdefault("version", incident.version)
            self.initial.setdefault("handler", incident.handler_id)

    def clean_handler(self):
        return self.candidates[self.cleaned_data["handler"]]


class SeverityForm(VersionedForm):
    id_prefix = "severity"
    severity = forms.TypedChoiceField(label=_("Severity"), choices=Severity.choices, coerce=int)

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        if incident is not None:
            self.initial.setdefault("version", incident.version)
            self.initial.setdefault("severity", incident.severity)


class CategoryForm(VersionedForm):
    id_prefix = "category"
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=IncidentCategory.objects.active().select_related("area"),
        # An empty first choice: with none, the select asks the database a second time
        # (whether its first option is empty) and the page makes one query more.
        empty_label=_("Choose a category"),
        help_text=_(
            "The category decides the security area, who may read the report and its duties to "
            "report to authorities. A duty already reported stays."
        ),
    )

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        if incident is not None:
            self.initial.setdefault("version", incident.version)
            self.initial.setdefault("category", incident.category_id)


class AwarenessForm(VersionedForm):
    id_prefix = "aware"
    aware_at = forms.DateTimeField(
        label=_("Region aware"),
        widget=DateTimeLocalInput(),
        error_messages={"required": _("Enter when the region became aware.")},
        help_text=_("The deadlines not yet reported count from the corrected time."),
    )

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        if incident is not None:
            self.initial.setdefault("version", incident.version)
            self.initial.setdefault("aware_at", timezone.localtime(incident.aware_at))


class NearMissForm(VersionedForm):
    id_prefix = "nearmiss"
    is_near_miss = forms.TypedChoiceField(
        label=_("The report tells of"),
        choices=[("0", _("An event")), ("1", _("A near miss (it could have happened)"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        if incident is not None:
            self.initial.setdefault("version", incident.version)
            self.initial.setdefault("is_near_miss", "1" if incident.is_near_miss else "0")


class DisruptionForm(VersionedForm):
    id_prefix = "disruption"
    supply = ReportForm.base_fields["supply"]
    disruption_started_at = forms.DateTimeField(
        label=_("Disruption started"), required=False, widget=DateTimeLocalInput(),
        help_text=_("Empty: when it happened."),
    )  # fmt: skip
    disruption_ended_at = forms.DateTimeField(
        label=_("Disruption ended"), required=False, widget=DateTimeLocalInput()
    )
    disruption_hours = ReportForm.base_fields["disruption_hours"]

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        if incident is not None:
            self.initial.setdefault("version", incident.version)
            self.initial.setdefault("supply", incident.supply)
            for name in ("disruption_started_at", "disruption_ended_at"):
                moment = getattr(incident, name)
                self.initial.setdefault(name, timezone.localtime(moment) if moment else None)
            self.initial.setdefault("disruption_hours", incident.disruption_hours)


class CommentForm(PrefixedIdsForm):
    id_prefix = "comment"
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ObligationForm(VersionedForm):
    id_prefix = "obligation"
    reported_at = forms.DateTimeField(
        label=_("Reported at"), required=False, widget=DateTimeLocalInput()
    )
    authority_reference = forms.CharField(
        label=_("The authority's reference"), required=False, max_length=100
    )

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        if incident is not None:
            self.initial.setdefault("version", incident.version)


class AttachmentForm(PrefixedIdsForm):
    id_prefix = "attachment"
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPG, PNG, DOCX, XLSX or TXT, at most 10 MB."),
        max_length=500,
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return uploaded


class ShiftForm(SafeForm):
    person = forms.ModelChoiceField(label=_("Security partner"), queryset=User.objects.none())
    administration = forms.ModelChoiceField(
        label=pgettext_lazy("organisation unit", "Administration"), queryset=Unit.objects.none()
    )
    starts_at = forms.DateTimeField(label=_("From"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("To"), widget=DateTimeLocalInput())

    def __init__(self, *args, administrations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.holding(Role.SECURITY_PARTNER)
        if administrations is not None:
            self.fields["administration"].queryset = administrations


class LegalHoldForm(VersionedForm):
    """Set or lift a legal hold; the person confirms, since it changes what retention does."""

    id_prefix = "hold"
    hold = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Reason (for example the police case or the claim)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(label=_("I confirm the change of the legal hold."))

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        if incident is not None:
            self.initial.setdefault("version", incident.version)
            self.initial.setdefault("hold", "0" if incident.legal_hold else "1")


class ElsewhereFigureForm(SafeForm):
    """A figure reported elsewhere, typed in (the service checks the area and the year)."""

    area = forms.ModelChoiceField(label=_("Security area"), queryset=None)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=IncidentCategory.objects.select_related("area"),
        required=False, empty_label=_("The whole area"),
    )  # fmt: skip
    administration = forms.ModelChoiceField(
        label=pgettext_lazy("organisation unit", "Administration"),
        queryset=Unit.objects.administrations(), required=False,
        empty_label=_("The whole region"),
    )  # fmt: skip
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    count = forms.IntegerField(label=_("Number"), min_value=0, max_value=10_000_000)
    source_system = forms.CharField(label=_("Source system"), max_length=100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = SecurityArea.objects.all() if areas is None else areas


class ElsewhereImportForm(SafeForm):
    """A CSV or XLSX file of figures reported elsewhere."""

    file = forms.FileField(
        label=_("CSV or Excel file"), help_text=_("Columns: area, year, count, source_system, "
        "category, administration, note."),
    )  # fmt: skip

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if uploaded.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return uploaded
