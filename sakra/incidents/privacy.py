"""Field-level access: what of a restricted incident a reader sees. The one rule every path uses.

A restricted report (threats, violence) is seen in full by those who handle it. Two others see
it in part (querysets.py decides who, through `PERSONAL_DATA` and `NARRATIVE`):

- a security partner, through the acute channel, to help at once: what happened and where,
  but not who reported it, nor its files, nor what others wrote of it;
- the auditor (least privilege): that the report exists and how it is handled (category, unit,
  dates, status, the authority duties, the timeline's kinds), not even what happened.

`hidden_fields(user, incident)` is the rule: the names of the incident's fields the reader may
not see. Pages, the API (detail, list, timeline, attachments), the exports and the audit trail
all ask it; notifications never carry these fields at all (services.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from .choices import TimelineKind
from .models import Attachment, Incident, IncidentObligation, TimelineEntry
from .querysets import NARRATIVE, PERSONAL_DATA

#: Without PERSONAL_DATA: who reported it, and the reasons people gave while handling it.
PERSONAL_FIELDS = frozenset(
    {"reporter", "reporter_id", "dismissed_reason", "legal_hold_reason", "idempotency_key",
     "request_hash"}
)  # fmt: skip
#: Without NARRATIVE as well: the account of what happened, in the reporter's words.
NARRATIVE_FIELDS = frozenset({"description", "immediate_measures"})
#: Of a timeline entry whose text people wrote (comments, reasons, file names): its text and
#: who wrote it (a comment's author may be the reporter).
ENTRY_FIELDS = frozenset({"text", "author", "author_id"})
#: Of an attachment: everything but that it exists (photos and statements name people).
ATTACHMENT_FIELDS = frozenset(
    {"file", "original_name", "uploaded_by", "uploaded_by_id", "sha256", "content_type", "size"}
)
#: Timeline entries whose text people wrote (an action's post carries the action's title).
FREE_TEXT_KINDS = frozenset(
    {TimelineKind.COMMENT, TimelineKind.STATUS_CHANGE, TimelineKind.ATTACHMENT_ADDED,
     TimelineKind.ACTION}
)  # fmt: skip
#: What "withheld" hides at most: a test walks every path for each of these.
ALL_HIDDEN = PERSONAL_FIELDS | NARRATIVE_FIELDS


def _allowed(user, pks: list[int], action: str) -> set[int]:
    if not pks:
        return set()
    return set(
        Incident.objects.for_user(user, action).filter(pk__in=pks).values_list("pk", flat=True)
    )


def hidden_by_pk(user, restricted_pks: Iterable[int]) -> dict[int, frozenset[str]]:
    """The hidden fields of each restricted incident (by id) the user may not read in full;
    two queries for any number of incidents."""
    pks = list(set(restricted_pks))
    personal, narrative = _allowed(user, pks, PERSONAL_DATA), _allowed(user, pks, NARRATIVE)
    hidden = {}
    for pk in pks:
        fields = (frozenset() if pk in personal else PERSONAL_FIELDS) | (
            frozenset() if pk in narrative else NARRATIVE_FIELDS
        )
        if fields:
            hidden[pk] = fields
    return hidden


def withhold_personal_data(user, incidents: Iterable[Incident]) -> None:
    """Set `hidden_fields` (and `personal_data_withheld`) on each incident."""
    incidents = list(incidents)
    hidden = hidden_by_pk(user, [i.pk for i in incidents if i.is_restricted])
    for incident in incidents:
        incident.hidden_fields = hidden.get(incident.pk, frozenset())
        incident.personal_data_withheld = bool(incident.hidden_fields)


def hidden_fields(user, incident: Incident) -> frozenset[str]:
    if not hasattr(incident, "hidden_fields"):
        withhold_personal_data(user, [incident])
    return incident.hidden_fields


def personal_data_withheld(user, incident: Incident) -> bool:
    return bool(hidden_fields(user, incident))


def shown(user, incident: Incident, field: str, blank=""):
    """The value of `field` as the user may see it: `blank` where the rule hides it."""
    return blank if field in hidden_fields(user, incident) else getattr(incident, field)


def entry_hidden(user, incident: Incident, entry) -> bool:
    """Whether a timeline entry's text and author are hidden from the user."""
    return (
        personal_data_withheld(user, incident)
        and entry.kind in FREE_TEXT_KINDS
        and entry.author_id != user.pk
    )


def redact_timeline(user, incident: Incident, entries: list) -> list:
    """Blank (in memory only) the text and the author of others' free-text entries."""
    for entry in entries:
        if entry_hidden(user, incident, entry):
            entry.text = ""
            entry.author = None  # also `author_id`: the API must not name the writer either
            entry.data = {k: v for k, v in entry.data.items() if k != "attachment"}
    return entries


# --- The audit trail ---------------------------------------------------------------------
#: The models whose audit entries belong to an incident, and how to find it.
_CHILDREN = {TimelineEntry: "incident_id", Attachment: "incident_id", IncidentObligation: None}


def _incident_of_entries(entries: list) -> tuple[dict, dict]:
    """(entry -> incident id, entry -> timeline row or attachment) for the incident's entries."""
    from django.contrib.contenttypes.models import ContentType

    types = ContentType.objects.get_for_models(Incident, TimelineEntry, Attachment,
                                               IncidentObligation)  # fmt: skip
    by_type = {ct.pk: model for model, ct in types.items()}
    wanted: dict = {}
    for entry in entries:
        model = by_type.get(entry.content_type_id)
        if model is not None and str(entry.object_pk).isdigit():
            wanted.setdefault(model, set()).add(int(entry.object_pk))
    rows = {
        model: {row.pk: row for row in model.objects.filter(pk__in=pks)}
        for model, pks in wanted.items()
        if model is not Incident
    }
    incidents, children = {}, {}
    for entry in entries:
        model = by_type.get(entry.content_type_id)
        if model is None or not str(entry.object_pk).isdigit():
            continue
        pk = int(entry.object_pk)
        if model is Incident:
            incidents[entry.pk] = pk
            continue
        row = rows.get(model, {}).get(pk)
        if row is not None:
            incidents[entry.pk], children[entry.pk] = row.incident_id, row
        else:
            # A row removed since (retention): its entry still names its incident.
            recorded = (entry.changes_dict.get("incident") or [None, None])[-1]
            if str(recorded).isdigit():
                incidents[entry.pk] = int(recorded)
            children[entry.pk] = model
    return incidents, children


def redact_audit(user, entries: list) -> None:
    """Audit entries about a restricted incident (or its timeline, files, duties) show its
    hidden fields to nobody who may not read them: the changes of those fields, an attachment's
    name, and the person when it is the reporter or the author the timeline hides."""
    incidents, children = _incident_of_entries(entries)
    restricted = dict(
        Incident.objects.filter(pk__in=set(incidents.values()), is_restricted=True).values_list(
            "pk", "reporter_id"
        )
    )
    hidden = hidden_by_pk(user, restricted)
    for entry in entries:
        pk = incidents.get(entry.pk)
        if pk not in hidden:
            if entry.pk in children and pk is None:
                _blank_entry(entry, ATTACHMENT_FIELDS | ENTRY_FIELDS, person=True)
            continue
        child = children.get(entry.pk)
        if child is None:  # the incident itself
            person = entry.actor_id is not None and entry.actor_id == restricted[pk]
            _blank_entry(entry, hidden[pk], person=person)
        elif child is Attachment or isinstance(child, Attachment):
            _blank_entry(entry, ATTACHMENT_FIELDS, person=True, name=True)
        elif child is TimelineEntry or (
            isinstance(child, TimelineEntry)
            and child.kind in FREE_TEXT_KINDS
            and child.author_id != user.pk
        ):
            _blank_entry(entry, ENTRY_FIELDS, person=True)
        elif entry.actor_id is not None and entry.actor_id == restricted[pk]:
            _blank_entry(entry, frozenset(), person=True)


def _blank_entry(entry, fields: frozenset[str], *, person: bool, name: bool = False) -> None:
    changes = entry.changes_dict
    if any(field in changes for field in fields):
        entry.changes = {k: (["–", "–"] if k in fields else v) for k, v in changes.items()}
    if person:
        entry.actor = None
        entry.actor_email = None
    if name:
        entry.object_repr = "–"
    entry.redacted = True


def audit_search_hidden(user):
    """The audit entries a search by person or object name must leave out for `user`: those
    about a restricted incident whose personal data the user may not read. Their rows hide the
    person and the file names, so a count of matches would tell what the rows hide."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    hidden = Incident.objects.filter(is_restricted=True).exclude(
        pk__in=Incident.objects.for_user(user, PERSONAL_DATA).values("pk")
    )
    types = ContentType.objects.get_for_models(Incident, *_CHILDREN)
    condition = Q(content_type=types[Incident], object_id__in=hidden.values("pk"))
    for model in _CHILDREN:
        rows = model.objects.filter(incident__in=hidden.values("pk")).values("pk")
        condition |= Q(content_type=types[model], object_id__in=rows)
    return condition
