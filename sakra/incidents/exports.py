"""Exporting incidents to CSV and XLSX: the headers and the rows as values; core writes them.

The rows are read a chunk at a time as plain tuples of exactly the columns the export shows,
the names of what they point to joined in the same query: a model instance per row, with six
related ones, had cost more than writing the workbook (issue 19, docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from sakra.core.audit import log_row_reads
from sakra.core.exports import export_response

from .choices import SUPPLY_CHOICES, Severity, Status
from .models import Incident
from .privacy import hidden_by_pk

#: Rows read, logged and checked for hidden fields at a time (one fetch, two or three
#: statements for the restricted ones among them).
CHUNK = 2000

#: What one row of the export reads; the names are the related rows' own.
COLUMNS = (
    "pk", "is_restricted", "reference", "occurred_at", "aware_at", "category__name_{lang}",
    "area__name_{lang}", "administration__name", "unit__name", "site__name", "severity",
    "status", "is_acute", "people_harmed", "police_reported", "handler__full_name",
    "handler__email", "description", "immediate_measures", "is_near_miss", "supply",
    "disruption_hours",
)  # fmt: skip


def headers() -> list[str]:
    return [
        _("Reference"), _("Occurred"), _("Region aware"), _("Category"), _("Security area"),
        pgettext("organisation unit", "Administration"), _("Unit"), _("Site"), _("Severity"),
        _("Status"), _("Acute"),
        _("People harmed"), _("Reported to the police"), _("Handler"), _("Description"),
        _("Immediate measures"), _("Near miss"), _("Critical supply affected"),
        _("Disruption lasted (hours)"),
    ]  # fmt: skip


def rows(user, incidents) -> Iterator[list]:
    """The rows of the `incidents` queryset (already the user's) as the user may see them.

    Each chunk's restricted incidents go to the access log, and their text is left blank
    where privacy.py's rule hides it from the user.
    """
    # Fixed now: a streamed export is read after the view has returned.
    lang = "en" if (get_language() or "sv").startswith("en") else "sv"
    labels = (
        _("Yes"), _("No"),
        {value: str(label) for value, label in Severity.choices},
        {value: str(label) for value, label in Status.choices},
        {value: str(label) for value, label in SUPPLY_CHOICES},
    )  # fmt: skip
    columns = [column.format(lang=lang) for column in COLUMNS]
    values = incidents.values_list(*columns).iterator(chunk_size=CHUNK)
    return _rows(user, values, labels)


def _rows(user, values, labels) -> Iterator[list]:
    yes, no, severities, statuses, supplies = labels
    while chunk := list(islice(values, CHUNK)):
        restricted = [(row[0], row[2]) for row in chunk if row[1]]  # (id, reference)
        log_row_reads(Incident, restricted, actor=user, how="list")
        hidden = hidden_by_pk(user, [pk for pk, _ref in restricted])
        for (
            pk, _restricted, reference, occurred_at, aware_at, category, area, administration,
            unit, site, severity, status, is_acute, people_harmed, police_reported,
            handler_name, handler_email, description, immediate_measures, is_near_miss, supply,
            disruption_hours,
        ) in chunk:  # fmt: skip
            withheld = hidden.get(pk, ())
            yield [
                reference,
                occurred_at,
                aware_at,
                category,
                area,
                administration or "",
                unit,
                site or "",
                severities.get(severity, severity),
                statuses.get(status, status),
                yes if is_acute else no,
                people_harmed,
                yes if police_reported else no,
                # As a user prints itself: the name, else the address.
                (handler_name or handler_email or "") if handler_email is not None else "",
                "" if "description" in withheld else description,
                "" if "immediate_measures" in withheld else immediate_measures,
                # Added last (issue 15), so the columns people's sheets read stay where they were.
                yes if is_near_miss else no,
                supplies.get(supply, supply),
                disruption_hours,
            ]


def response(fmt: str, user, incidents):
    """The incidents as a "csv" or "xlsx" download, never cached (it holds personal data)."""
    answer = export_response(
        fmt, name="avvikelser", sheet=_("Incidents"), headers=headers(), rows=rows(user, incidents)
    )
    answer["Cache-Control"] = "no-store"
    return answer
