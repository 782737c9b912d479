"""Audit entries for the bulk paths that bypass model signals (imports, lists of reads), and
what a read entry says was read.

django-auditlog writes an entry when a registered model is saved; `bulk_create` sends no
signal, so a bulk path writes the same kind of entry itself, in one insert per batch. The
"before" of a created object is empty; the "after" is each audited field as text, as in
auditlog's own entries. auditlog's per-field diff costs about a millisecond a row, which an
import of 100,000 rows cannot afford, so the fields are resolved once per model here.

A read entry carries in `additional_data["read"]` what was read: `how` ("page" or "api" for
one record, "list" for a list, "export" for an export, with its `format` and an `export` id
that the export's entries share) and the request's `path`. The trail page words it from
there; the address is the request's, as in auditlog's own entries.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.cid import get_cid
from auditlog.context import _set_extra_data, auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import pre_save

from . import bulk

#: The `signal_duid` of `as_system()`: no receiver of auditlog's listens for it, so the
#: entries written meanwhile get no actor.
_SYSTEM = ("sakra-system", 0)


def _audited_fields(model) -> list[models.Field]:
    settings = auditlog.get_model_fields(model)
    include, exclude = settings["include_fields"], settings["exclude_fields"]
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and (not include or field.name in include)
        and field.name not in exclude
    ]


def _request_actor():
    """The signed-in person of the request, as auditlog's middleware recorded it."""
    actor = auditlog_value.get({}).get("actor")
    return actor if getattr(actor, "pk", None) is not None else None


#: `log_bulk_created`'s default actor: the person of the current request.
FROM_REQUEST = object()


def _request() -> dict:
    """What auditlog's middleware (ours: sakra.core.middleware) recorded of the request."""
    return auditlog_value.get({})


#: The key under which the middleware keeps the request's path beside auditlog's values
#: (auditlog copies only the keys that are LogEntry fields onto an entry, so it skips this).
PATH = "sakra_path"


def _log_many(objects, *, action, actor, changes, source: str = "", read=None) -> None:
    """One entry per object (of one model or several), with `changes(obj)`, in one statement."""
    _write(
        [(type(obj), obj.pk, str(obj), changes(obj)) for obj in objects],
        action=action, actor=actor, source=source, read=read,
    )  # fmt: skip


def _write(entries, *, action, actor, source: str = "", read=None) -> None:
    """One entry per (model, id, text, changes) of `entries`, in one statement: a COPY on
    PostgreSQL, where `bulk_create` of the entries had cost an import about half its time
    (issue 19)."""
    content_types = ContentType.objects.get_for_models(*{entry[0] for entry in entries})
    extra = {"source": source} if source else {"read": read} if read else None
    # The address is the actor's: an entry without one (an anonymous report, the system) must
    # not keep the address of whoever's request wrote it. A machine named by `acting_as` is
    # an actor too: its name and address, as auditlog's own entries get them.
    machine = _request().get("actor_email") if actor is None else None
    common = {
        **bulk.defaults(LogEntry),
        "action": action,
        "actor_id": getattr(actor, "pk", None),
        "actor_email": getattr(actor, "email", None) or machine,
        "additional_data": extra,
        "remote_addr": _request().get("remote_addr") if actor is not None or machine else None,
        "cid": get_cid(),
    }
    bulk.insert(
        LogEntry,
        [
            {**common, "content_type_id": content_types[model].pk, "object_pk": str(pk),
             "object_id": pk, "object_repr": text, "changes": changes}
            for model, pk, text, changes in entries
        ],
    )  # fmt: skip


def log_bulk_created(
    objects: Sequence[models.Model], *, actor=FROM_REQUEST, source: str = "", more=None
) -> None:
    """One CREATE entry per saved object, with its audited fields as the "after"; objects of
    several models go in the one insert (a report and its duties).

    The actor is the person of the current request, as in auditlog's own entries, unless
    given; `actor=None` writes entries without one (an anonymous report, a command).
    `more(obj)` adds to an entry's changes what its fields do not hold (its many-to-many
    rows, written beside it).
    """
    objects = list(objects)
    if not objects:
        return
    if actor is FROM_REQUEST:
        actor = _request_actor()
    fields = {model: _audited_fields(model) for model in {type(obj) for obj in objects}}
    _log_many(
        objects,
        action=LogEntry.Action.CREATE,
        actor=actor,
        source=source,
        changes=lambda obj: (
            {
                field.name: ["None", str(value)]
                for field in fields[type(obj)]
                if (value := field.value_from_object(obj)) not in (None, "")
            }
            | (more(obj) if more else {})
        ),
    )


def log_bulk_updated(changes: Sequence[tuple[models.Model, dict]], *, actor=FROM_REQUEST,
                     source: str = "") -> None:  # fmt: skip
    """One UPDATE entry per object changed in bulk (`bulk_update`, `update()`), each with its
    changes as auditlog words them: field name → [before, after] as text, a foreign key by
    its id. `changes` pairs each object with what changed of it."""
    if not changes:
        return
    if actor is FROM_REQUEST:
        actor = _request_actor()
    by_object = {id(obj): change for obj, change in changes}
    _log_many(
        [obj for obj, _change in changes],
        action=LogEntry.Action.UPDATE,
        actor=actor,
        source=source,
        changes=lambda obj: {
            name: [_text(before), _text(after)]
            for name, (before, after) in by_object[id(obj)].items()
        },
    )


def _text(value) -> str:
    return "None" if value is None else str(value)


def log_rows_created(model, rows: Iterable[tuple], *, actor=FROM_REQUEST, source: str = ""):
    """`log_bulk_created` for rows written without a model instance (`sakra.core.bulk`): each
    row is (its id, its text, its values by column `attname`)."""
    if actor is FROM_REQUEST:
        actor = _request_actor()
    fields = [(field.name, field.attname) for field in _audited_fields(model)]
    entries = [
        (pk, text, {name: ["None", str(value)] for name, attname in fields
                    if (value := values.get(attname)) not in (None, "")})
        for pk, text, values in rows
    ]  # fmt: skip
    if entries:
        _write(
            [(model, *entry) for entry in entries],
            action=LogEntry.Action.CREATE, actor=actor, source=source,
        )  # fmt: skip


#: What the trail shows for a value it records the change of but never copies.
WITHHELD = "–"


def log_changed_unshown(obj: models.Model, fields: Sequence[str], *, actor) -> None:
    """One UPDATE entry saying which `fields` of `obj` changed, without their values: for
    text that may hold personal data the trail must not copy (its readers open the record
    itself, through its own access rule). Register the fields excluded from auditlog."""
    if fields:
        _log_many(
            [obj],
            action=LogEntry.Action.UPDATE,
            actor=actor,
            changes=lambda _obj: {name: [WITHHELD, WITHHELD] for name in fields},
        )


#: The export being written (set by sakra.core.exports while it reads the rows): the reads
#: logged meanwhile are reads in that export, whatever the caller called them.
_export: ContextVar[dict | None] = ContextVar("sakra_export", default=None)


def reading_export(rows: Iterable, fmt: str) -> Iterator:
    """The rows, each read with the export marked as current (for `log_reads`).

    Set and reset around each step rather than around the whole export: a streamed export
    is read by the server after the view has returned, one step at a time.
    """
    export = {"how": "export", "format": fmt, "export": uuid.uuid4().hex}
    iterator = iter(rows)
    while True:
        token = _export.set(export)
        try:
            row = next(iterator)
        except StopIteration:
            return
        finally:
            _export.reset(token)
        yield row


def _read(how: str) -> dict:
    read = dict(_export.get() or {"how": how})
    if path := _request().get(PATH):
        read["path"] = path
    return read


def log_reads(objects: Sequence[models.Model], *, actor, how: str) -> None:
    """One ACCESS entry per object read at once (a list, an export), in one insert.

    Inside an export (`reading_export`) the entries say so, with the export's format and id.
    """
    objects = list(objects)
    if objects:
        log_row_reads(
            type(objects[0]), [(obj.pk, str(obj)) for obj in objects], actor=actor, how=how
        )


def log_row_reads(model, rows: Sequence[tuple], *, actor, how: str) -> None:
    """`log_reads` of rows read as plain values (an export), each as (its id, its text)."""
    if rows:
        entries = [(model, pk, text, {"read": how}) for pk, text in rows]
        _write(entries, action=LogEntry.Action.ACCESS, actor=actor, read=_read(how))


def describe_read(sender, instance, **kwargs) -> None:
    """auditlog's own read entry (one record, through `accessed`) says where it was read:
    its page or the API, and the path. Connected to LogEntry's pre_save (core's apps.py)."""
    if instance.action != LogEntry.Action.ACCESS or instance.additional_data is not None:
        return
    path = _request().get(PATH)
    if instance._state.adding and path:
        how = "api" if path.startswith("/api/") else "page"
        instance.additional_data = {"read": {"how": how, "path": path}}


@contextmanager
def as_system() -> Iterator[None]:
    """Entries written inside are the system's (no actor), even within a person's request.

    For a service called with `by=None` (a task, or a module acting on its own behalf):
    auditlog's middleware would otherwise name the person whose request is running. The
    request's actor is back for whatever is written afterwards.
    """
    token = auditlog_value.set({"actor": None, "signal_duid": _SYSTEM})
    try:
        yield
    finally:
        auditlog_value.reset(token)


@contextmanager
def acting_as(name: str) -> Iterator[None]:
    """Entries written inside name `name` as their actor (a machine, not a person: the SCIM
    token of an identity provider), with the request's address, and no person as actor.

    auditlog's own `set_actor` takes a user and leaves its values set when it ends; this
    resets them, and its receiver answers only for the entries written inside.
    """
    duid = ("sakra-acting-as", uuid.uuid4().hex)
    values = {
        "actor": None,
        "actor_email": name[:254],
        "remote_addr": _request().get("remote_addr"),
        "signal_duid": duid,
    }
    token = auditlog_value.set(values)
    receiver = lambda sender, instance, **kwargs: _set_extra_data(  # noqa: E731
        sender, instance, signal_duid=duid, **kwargs
    )
    pre_save.connect(receiver, sender=LogEntry, dispatch_uid=duid, weak=False)
    try:
        yield
    finally:
        pre_save.disconnect(sender=LogEntry, dispatch_uid=duid)
        auditlog_value.reset(token)
