"""Field-level access: who may see the personal data of a restricted incident.

A restricted report (threats, violence) is seen by those who handle it. A security partner also
sees an acute one through the acute channel, to help at once: what happened and where, but not
who reported it, nor its files. `personal_data_withheld` marks such a row for pages and the API.
"""

from __future__ import annotations

from collections.abc import Iterable

from .choices import TimelineKind
from .models import Incident
from .querysets import PERSONAL_DATA


def withhold_personal_data(user, incidents: Iterable[Incident]) -> None:
    """Set `personal_data_withheld` on each incident; one query for the restricted ones."""
    incidents = list(incidents)
    restricted = [incident.pk for incident in incidents if incident.is_restricted]
    allowed = set()
    if restricted:
        allowed = set(
            Incident.objects.for_user(user, PERSONAL_DATA)
            .filter(pk__in=restricted)
            .values_list("pk", flat=True)
        )
    for incident in incidents:
        incident.personal_data_withheld = incident.is_restricted and incident.pk not in allowed


def personal_data_withheld(user, incident: Incident) -> bool:
    if not hasattr(incident, "personal_data_withheld"):
        withhold_personal_data(user, [incident])
    return incident.personal_data_withheld


#: Timeline entries whose text people wrote (comments, reasons, file names): personal data.
_FREE_TEXT = frozenset(
    {TimelineKind.COMMENT, TimelineKind.STATUS_CHANGE, TimelineKind.ATTACHMENT_ADDED}
)


def redact_timeline(user, incident: Incident, entries: list) -> list:
    """Blank (in memory only) the free text of others' entries where it is withheld."""
    if personal_data_withheld(user, incident):
        for entry in entries:
            if entry.kind in _FREE_TEXT and entry.author_id != user.pk:
                entry.text = ""
    return entries
