"""Audit entries for the bulk paths that bypass model signals (imports).

django-auditlog writes an entry when a registered model is saved; `bulk_create` sends no
signal, so a bulk path writes the same kind of entry itself, in one insert per batch. The
"before" of a created object is empty; the "after" is each audited field as text, as in
auditlog's own entries. auditlog's per-field diff costs about a millisecond a row, which an
import of 100,000 rows cannot afford, so the fields are resolved once per model here.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models


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


def log_bulk_created(objects: Sequence[models.Model], *, actor=None, source: str = "") -> None:
    """One CREATE entry per saved object, with its audited fields as the "after"."""
    if not objects:
        return
    model = type(objects[0])
    fields = _audited_fields(model)
    content_type = ContentType.objects.get_for_model(model)
    cid = get_cid()
    LogEntry.objects.bulk_create(
        (
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk,
                object_repr=str(obj),
                action=LogEntry.Action.CREATE,
                changes={
                    field.name: ["None", str(value)]
                    for field in fields
                    if (value := field.value_from_object(obj)) not in (None, "")
                },
                actor=actor,
                actor_email=getattr(actor, "email", None),
                additional_data={"source": source} if source else None,
                cid=cid,
            )
            for obj in objects
        ),
        batch_size=1000,
    )
