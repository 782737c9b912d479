"""The audit trail as the reader reads it: one sentence per entry, in the reader's language.

auditlog stores each change as text of the database values: "None" for empty, "True" for a
checkbox, a choice's key ("high"), a foreign key's id, a time in UTC with microseconds. The
trail page shows them as the record's own pages do: the field's name (its verbose_name), a
choice's label, "Ja"/"Nej", the related record by its name, a time in the region's time to
the minute, and "–" for nothing. A read says what was read (a page, a list, an export of N
logged rows) and the address it came from. The lines are plain values; the template writes
the markup.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sakra.core.models import VersionedModel

from .audit import ACTION_LABELS

#: What auditlog writes for an empty value, and what a reader who may not see it is shown.
EMPTY = ("None", "", None)
DASH = "–"

#: Where a bulk entry came from (sakra.core.audit's `source`), as the sentence ends.
SOURCES = {
    "anonymous report": lambda: _("(an anonymous report)"),
    "import-incidents": lambda: _("(by an import)"),
    "import-people": lambda: _("(by an import)"),
    "control plan": lambda: _("(from a control plan)"),
}


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry: `kind` is "changed" (from before to after), "set" (from empty),
    "cleared" (to empty), "value" (a created or deleted record's value, or one the reader may
    not see), "added" or "removed" (records of a many-to-many field)."""

    label: str
    kind: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class AuditLine:
    """One entry of the trail, ready to show."""

    pk: int
    when: dt.datetime
    sentence: str
    email: str
    action: str
    address: str
    changes: list[FieldChange] = field(default_factory=list)


def _actor(entry) -> str:
    if entry.actor is not None:
        return str(entry.actor)
    if entry.actor_email:
        return entry.actor_email
    if getattr(entry, "redacted", False):
        return _("Someone not shown")
    return _("The system")


def _model(entry):
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def _kind(entry, model) -> str:
    if model is None:
        return ContentType.objects.get_for_id(entry.content_type_id).model
    return str(model._meta.verbose_name)


def _read(entry) -> dict:
    read = (entry.additional_data or {}).get("read")
    return read if isinstance(read, dict) else {}


def _sentence(entry, model, export_rows: dict[str, int]) -> str:
    names = {"actor": _actor(entry), "kind": _kind(entry, model), "record": entry.object_repr}
    if entry.action == LogEntry.Action.CREATE:
        sentence = _("{actor} created {kind} “{record}”").format(**names)
        source = SOURCES.get((entry.additional_data or {}).get("source"))
        return f"{sentence} {source()}" if source else sentence
    if entry.action == LogEntry.Action.UPDATE:
        return _("{actor} changed {kind} “{record}”").format(**names)
    if entry.action == LogEntry.Action.DELETE:
        return _("{actor} deleted {kind} “{record}”").format(**names)
    return _read_sentence(entry, names, export_rows)


def _read_sentence(entry, names: dict, export_rows: dict[str, int]) -> str:
    read = _read(entry)
    how, path = read.get("how"), read.get("path", "")
    if how == "export":
        count = export_rows.get(read.get("export"), 1)
        return ngettext(
            "{actor} read {kind} “{record}” in an export to {format} with {count} logged row",
            "{actor} read {kind} “{record}” in an export to {format} with {count} logged rows",
            count,
        ).format(**names, format=str(read.get("format", "")).upper(), count=count)
    api = path.startswith("/api/")
    if how == "list" and path:
        text = (
            _("{actor} read {kind} “{record}” in a list through the API at {path}")
            if api
            else _("{actor} read {kind} “{record}” in a list at {path}")
        )
        return text.format(**names, path=path)
    if how in ("page", "api") and path:
        text = (
            _("{actor} read {kind} “{record}” through the API at {path}")
            if api
            else _("{actor} read {kind} “{record}” at {path}")
        )
        return text.format(**names, path=path)
    if (entry.changes_dict or {}).get("read") == "list":
        # Written before the entries said more (a list and an export wrote the same).
        return _("{actor} read {kind} “{record}” in a list or an export").format(**names)
    return _("{actor} read {kind} “{record}”").format(**names)


# --- Values -------------------------------------------------------------------------------


def _field(model, name: str):
    """The model's field for a changed name, or None when it is gone (then shown by name)."""
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found


def _shown(model, found) -> bool:
    """Fields the trail leaves out: the id, reverse relations (auditlog writes
    "app.Model.None" for them), automatic times (the entry has its own) and the version
    counter of a concurrently edited row."""
    if found is None:
        return True
    if not found.concrete or found.primary_key:
        return False
    if getattr(found, "auto_now", False) or getattr(found, "auto_now_add", False):
        return False
    return not (found.name == "version" and issubclass(model, VersionedModel))


def _is_reference(found) -> bool:
    return found is not None and (found.many_to_one or found.one_to_one) and found.concrete


def _when(raw: str) -> str:
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        return raw
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)  # auditlog writes UTC without an offset
    return formats.date_format(timezone.localtime(value), "Y-m-d H:i")


def _number(raw: str) -> str:
    try:
        return formats.number_format(Decimal(raw))
    except (InvalidOperation, ValueError):
        return raw


def _value(found, raw, names: dict) -> str:
    """One stored value as the record's pages show it."""
    if raw in EMPTY:
        return DASH
    raw = str(raw)
    if raw == DASH or found is None:
        return raw
    choices = dict(found.flatchoices) if found.choices else None
    if choices:
        label = next((label for key, label in choices.items() if str(key) == raw), raw)
        return str(label)
    if isinstance(found, models.BooleanField):
        return {"True": _("Yes"), "False": _("No")}.get(raw, raw)
    if _is_reference(found):
        return names.get((found.related_model, raw)) or _("id {id} (deleted)").format(id=raw)
    if isinstance(found, models.DateTimeField):
        return _when(raw)
    if isinstance(found, models.DecimalField | models.FloatField):
        return _number(raw)
    return raw


def _reference_paths(model) -> list[str]:
    """What a related record's name may read: its own references and, through the ones it
    always has, theirs (an inspection is named by its binder's site)."""
    direct = [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]
    paths = [f.name for f in direct]
    for ref in direct:
        if not ref.null:
            related = ref.related_model._meta.concrete_fields
            paths += [f"{ref.name}__{f.name}" for f in related if f.many_to_one or f.one_to_one]
    return paths


def _names(wanted: dict) -> dict:
    """(model, id as text) → the record's name; one query per kind of related record."""
    names = {}
    for model, raws in wanted.items():
        if model is ContentType:
            for raw in raws:
                if raw.isdigit():
                    model_class = ContentType.objects.get_for_id(int(raw)).model_class()
                    if model_class is not None:
                        names[(model, raw)] = capfirst(model_class._meta.verbose_name)
            continue
        ids = {}
        for raw in raws:
            try:
                ids[raw] = model._meta.pk.to_python(raw)
            except ValidationError:
                continue
        rows = model._base_manager.filter(pk__in=set(ids.values()))
        found = {row.pk: str(row) for row in rows.select_related(*_reference_paths(model))}
        names.update({(model, raw): found[pk] for raw, pk in ids.items() if pk in found})
    return names


def _wanted(entries, models_of) -> dict:
    wanted = defaultdict(set)
    for entry in entries:
        model = models_of[entry.pk]
        for name, change in (entry.changes_dict or {}).items():
            found = _field(model, name)
            if _is_reference(found) and isinstance(change, list):
                wanted[found.related_model].update(
                    str(raw) for raw in change if raw not in EMPTY and raw != DASH
                )
    return wanted


def _update(label: str, before: str, after: str) -> FieldChange:
    if before == DASH and after != DASH:
        return FieldChange(label=label, kind="set", after=after)
    if after == DASH and before != DASH:
        return FieldChange(label=label, kind="cleared", before=before)
    if before == after:  # both hidden from the reader
        return FieldChange(label=label, kind="value", after=after)
    return FieldChange(label=label, kind="changed", before=before, after=after)


def _changes(entry, model, names: dict) -> list[FieldChange]:
    changes = entry.changes_dict or {}
    if entry.action == LogEntry.Action.ACCESS:
        return []
    result = []
    for name, change in changes.items():
        found = _field(model, name)
        m2m = isinstance(change, dict) and change.get("type") == "m2m"
        if m2m and found is not None and found.one_to_many:
            # Rows written with the record (an import's new person and the roles it gave
            # them): named by the related model.
            label = capfirst(str(found.related_model._meta.verbose_name_plural))
        elif not _shown(model, found):
            continue
        else:
            label = capfirst(str(found.verbose_name)) if found is not None else name
        if m2m:
            text = ", ".join(str(item) for item in change.get("objects", []))
            kind = "added" if change.get("operation") == "add" else "removed"
            result.append(FieldChange(label=label, kind=kind, after=text))
            continue
        if not isinstance(change, list | tuple) or len(change) != 2:
            continue
        before, after = (_value(found, raw, names) for raw in change)
        if entry.action == LogEntry.Action.UPDATE:
            result.append(_update(label, before, after))
            continue
        value = after if entry.action == LogEntry.Action.CREATE else before
        if change[0 if entry.action == LogEntry.Action.DELETE else 1] not in EMPTY:
            result.append(FieldChange(label=label, kind="value", after=value))
    return result


def _export_rows(entries) -> dict[str, int]:
    """How many rows each export on the page logged, in one query (its entries share an id,
    were written by one person and lie within a day of each other)."""
    exports = {
        read["export"]: entry
        for entry in entries
        if entry.action == LogEntry.Action.ACCESS and (read := _read(entry)).get("export")
    }
    if not exports:
        return {}
    times = [entry.timestamp for entry in exports.values()]
    day = dt.timedelta(days=1)
    rows = (
        LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS,
            actor_id__in={entry.actor_id for entry in exports.values()},
            timestamp__range=(min(times) - day, max(times) + day),
            additional_data__read__export__in=list(exports),
        )
        .values_list("additional_data__read__export")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


def audit_lines(entries) -> list[AuditLine]:
    """The entries (already redacted for the reader) as lines in the reader's language, in a
    number of queries that does not grow with the entries."""
    entries = list(entries)
    models_of = {entry.pk: _model(entry) for entry in entries}
    names = _names(_wanted(entries, models_of))
    export_rows = _export_rows(entries)
    return [
        AuditLine(
            pk=entry.pk,
            when=timezone.localtime(entry.timestamp),
            sentence=_sentence(entry, models_of[entry.pk], export_rows),
            email=entry.actor.email if entry.actor is not None else "",
            action=str(ACTION_LABELS.get(entry.action, entry.action)),
            address=entry.remote_addr or "",
            changes=_changes(entry, models_of[entry.pk], names),
        )
        for entry in entries
    ]
