"""What each authority asks for, field by field, and how Sakra pre-fills it.

The pre-fill takes only what Sakra knows as facts of the event (category, unit, site, times,
severity, counts): never the reporter, the handler or anyone's name, and never the reporter's
own words (the description and immediate measures may name people). Whatever personal data a
notification holds, the handler typed it in.

An obligation a region added by hand (a code not listed here) gets the general fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sakra.core.validation import check_stored_text

#: Short and long text: one line, or an account.
SHORT, LONG, CHOICE = "short", "long", "choice"
MAX_LENGTH = {SHORT: 300, LONG: 5000, CHOICE: 20}

YES_NO_UNKNOWN = [
    ("", "–"),
    ("yes", pgettext_lazy("answer", "Yes")),
    ("no", pgettext_lazy("answer", "No")),
    ("unknown", _("Not known yet")),
]
BREACH_KINDS = [
    ("", "–"),
    ("confidentiality", _("Confidentiality: data disclosed or accessed without authority")),
    ("integrity", _("Integrity: data altered without authority")),
    ("availability", _("Availability: data lost or destroyed")),
]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _what(incident) -> str:
    return str(_("{category} at {unit}.").format(category=incident.category, unit=incident.unit))


def _where(incident) -> str:
    return ", ".join(str(part) for part in (incident.unit, incident.site) if part)


def _impact(incident) -> str:
    return str(_("Severity assessed as {severity}.").format(
        severity=incident.get_severity_display().lower()
    ))  # fmt: skip


def _harmed(incident) -> str:
    return str(incident.people_harmed) if incident.people_harmed else ""


@dataclass(frozen=True)
class NoticeField:
    """One field of an authority's form."""

    name: str
    label: object
    kind: str = LONG
    help_text: object = ""
    choices: list = field(default_factory=list)
    prefill: Callable | None = None


@dataclass(frozen=True)
class Spec:
    """An authority's form: its fields, and whether the law asks for a follow-up report."""

    fields: tuple[NoticeField, ...]
    follow_up: object = None  # the follow-up's name, when there is one


WHEN_OCCURRED = NoticeField("occurred", _("When it happened"), SHORT,
                            prefill=lambda i: _local(i.occurred_at))  # fmt: skip
WHEN_AWARE = NoticeField(
    "aware", _("When the region became aware"), SHORT, prefill=lambda i: _local(i.aware_at)
)
MEASURES_TAKEN = NoticeField("measures_taken", _("Measures taken"))
CONTACT = NoticeField(
    "contact",
    _("Contact person"),
    SHORT,
    help_text=_(
        "Whom the authority contacts: a function and its mailbox or phone; a name only if you "
        "choose to give one."
    ),
)
MALICIOUS = NoticeField("malicious", _("Suspected to be caused by unlawful or malicious acts"),
                        CHOICE, choices=YES_NO_UNKNOWN)  # fmt: skip
CROSS_BORDER = NoticeField("cross_border", _("Cross-border impact"), CHOICE,
                           choices=YES_NO_UNKNOWN)  # fmt: skip
CROSS_BORDER_TEXT = NoticeField("cross_border_impact", _("Cross-border impact, described"))

SPECS: dict[str, Spec] = {
    # GDPR art. 33.3; art. 33.4 lets the information come in phases (a follow-up).
    "gdpr-imy": Spec(
        (
            NoticeField("nature", _("The nature of the breach"), prefill=_what,
                        help_text=_("What happened to which personal data, and how.")),
            NoticeField("breach_kind", _("Kind of breach"), CHOICE, choices=BREACH_KINDS),
            WHEN_OCCURRED,
            WHEN_AWARE,
            NoticeField("people_categories", _("Categories of people concerned"),
                        help_text=_("For example patients, staff, relatives.")),
            NoticeField("people_count", _("Approximate number of people concerned"), SHORT),
            NoticeField("record_categories", _("Categories of personal data records concerned"),
                        help_text=_("For example health data, identity numbers, contact details.")),
            NoticeField("record_count", _("Approximate number of records concerned"), SHORT),
            NoticeField("consequences", _("Likely consequences of the breach")),
            MEASURES_TAKEN,
            NoticeField("measures_proposed", _("Measures proposed"),
                        help_text=_("Including measures to mitigate its possible adverse "
                                    "effects.")),
            NoticeField("late_reason", _("Reasons for a notification later than 72 hours")),
            CONTACT,
        ),
        follow_up=_("Supplementary information (GDPR art. 33.4)"),
    ),
    # The cybersecurity act (NIS2 art. 23.4 a): within 24 hours.
    "nis2-early-warning": Spec(
        (
            NoticeField("summary", _("What has happened"), prefill=_what),
            WHEN_AWARE,
            MALICIOUS,
            CROSS_BORDER,
            CONTACT,
        )
    ),
    # NIS2 art. 23.4 b: within 72 hours, updating the early warning; an intermediate report on
    # the authority's request (art. 23.4 c) is its follow-up.
    "nis2-notification": Spec(
        (
            NoticeField("summary", _("What has happened"), prefill=_what),
            WHEN_AWARE,
            NoticeField("assessment", _("Initial assessment: severity and impact"),
                        prefill=_impact),
            NoticeField("indicators", _("Indicators of compromise, where available")),
            MALICIOUS,
            CROSS_BORDER,
            MEASURES_TAKEN,
            CONTACT,
        ),
        follow_up=_("Intermediate report on the authority's request"),
    ),
    # NIS2 art. 23.4 d: within a month of the notification; a progress report while the
    # incident is still going on (art. 23.4 e) is its follow-up.
    "nis2-final-report": Spec(
        (
            NoticeField("description", _("Detailed description, with severity and impact"),
                        prefill=_what),
            NoticeField("root_cause", _("Type of threat or root cause")),
            NoticeField("mitigation", _("Mitigation measures applied and ongoing")),
            CROSS_BORDER_TEXT,
            CONTACT,
        ),
        follow_up=_("Progress report while the incident is ongoing"),
    ),
    # Arbetsmiljöförordningen 2 §: a serious incident at work, without delay.
    "av-serious-incident": Spec(
        (
            NoticeField("what", _("What happened"), prefill=_what),
            NoticeField("to_whom", _("To whom"),
                        help_text=_("For example one nurse, two guards; a name only if you "
                                    "choose to give one.")),
            NoticeField("people_harmed", _("Number of people harmed"), SHORT, prefill=_harmed),
            NoticeField("where", _("Where"), SHORT, prefill=_where),
            NoticeField("when", _("When"), SHORT, prefill=lambda i: _local(i.occurred_at)),
            MEASURES_TAKEN,
            CONTACT,
        )
    ),
    # Säkerhetsskyddsförordningen (2021:955) 3 kap. 5 §: a protective security incident is
    # reported to Säkerhetspolisen without delay. Sakra keeps no classified text (the guard
    # refuses markings): the form says what may be written here.
    "sapo-protective-security": Spec(
        (
            NoticeField("what", _("What happened"), prefill=_what,
                        help_text=_("Without classified details: those reach Säkerhetspolisen "
                                    "by a channel approved for them, never through Sakra.")),
            WHEN_OCCURRED,
            WHEN_AWARE,
            NoticeField("where", _("Where"), SHORT, prefill=_where),
            NoticeField("activity", _("The security-sensitive activity concerned")),
            MEASURES_TAKEN,
            CONTACT,
        )
    ),
}  # fmt: skip

GENERAL = Spec(
    (
        NoticeField("summary", _("What has happened"), prefill=_what),
        WHEN_OCCURRED,
        WHEN_AWARE,
        MEASURES_TAKEN,
        CONTACT,
    )
)


def spec_for(code: str) -> Spec:
    return SPECS.get(code, GENERAL)


def prefilled(code: str, incident) -> dict[str, str]:
    """The fields Sakra can fill from the incident's facts; the rest empty."""
    return {f.name: (f.prefill(incident) if f.prefill else "") for f in spec_for(code).fields}


def clean_content(code: str, content: dict) -> dict[str, str]:
    """The notification's fields checked: only the authority's fields, each within its length
    and choices, stored text safe and without classification markings."""
    errors: dict[str, list] = {}
    cleaned = {}
    for notice_field in spec_for(code).fields:
        value = content.get(notice_field.name) or ""
        if not isinstance(value, str):
            value = str(value)
        value = value.strip()
        if len(value) > MAX_LENGTH[notice_field.kind]:
            errors[notice_field.name] = [
                _("At most {limit} characters.").format(limit=MAX_LENGTH[notice_field.kind])
            ]
            continue
        if notice_field.kind == CHOICE and value not in {c for c, _label in notice_field.choices}:
            errors[notice_field.name] = [_("Choose one of the answers.")]
            continue
        try:
            cleaned[notice_field.name] = check_stored_text(value)
        except ValidationError as exc:
            errors[notice_field.name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def shown(code: str, content: dict) -> list[tuple[str, str]]:
    """(label, value) of each field in the authority's order, choices as their words."""
    rows = []
    for notice_field in spec_for(code).fields:
        value = content.get(notice_field.name, "")
        if notice_field.kind == CHOICE:
            value = dict(notice_field.choices).get(value, value) if value else ""
        rows.append((str(notice_field.label), str(value)))
    return rows
