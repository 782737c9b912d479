"""Exporting incidents to CSV and XLSX: the headers and the rows as values; core writes them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sakra.core.exports import export_response

from .choices import Severity, Status


def headers() -> list[str]:
    return [
        _("Reference"), _("Occurred"), _("Region aware"), _("Category"), _("Security area"),
        pgettext("organisation unit", "Administration"), _("Unit"), _("Site"), _("Severity"),
        _("Status"), _("Acute"),
        _("People harmed"), _("Reported to the police"), _("Handler"), _("Description"),
        _("Immediate measures"), _("Near miss"), _("Critical supply affected"),
        _("Disruption lasted (hours)"),
    ]  # fmt: skip


def rows(incidents: Iterable) -> Iterator[list]:
    yes, no = _("Yes"), _("No")
    for incident in incidents:
        yield [
            incident.reference,
            incident.occurred_at,
            incident.aware_at,
            str(incident.category),
            str(incident.area),
            str(incident.administration or ""),
            str(incident.unit),
            str(incident.site or ""),
            str(Severity(incident.severity).label),
            str(Status(incident.status).label),
            yes if incident.is_acute else no,
            incident.people_harmed,
            yes if incident.police_reported else no,
            str(incident.handler or ""),
            # Blank where privacy.py's rule hides it (`withhold_personal_data` ran per chunk).
            "" if "description" in hidden(incident) else incident.description,
            "" if "immediate_measures" in hidden(incident) else incident.immediate_measures,
            # Added last (issue 15), so the columns people's sheets read stay where they were.
            yes if incident.is_near_miss else no,
            str(incident.get_supply_display() or ""),
            incident.disruption_hours,
        ]


def hidden(incident) -> frozenset[str]:
    return getattr(incident, "hidden_fields", frozenset())


def response(fmt: str, incidents: Iterable):
    """The incidents as a "csv" or "xlsx" download, never cached (it holds personal data)."""
    answer = export_response(
        fmt, name="avvikelser", sheet=_("Incidents"), headers=headers(), rows=rows(incidents)
    )
    answer["Cache-Control"] = "no-store"
    return answer
