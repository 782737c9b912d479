"""Concurrent edits: a change names the version it was made from, and a stale one is refused.

Every service that changes a `VersionedModel` row does::

    row = lock(obj, version)        # the row, locked for this transaction; StaleVersion if stale
    row.status = ...
    save_new_version(row, "status")  # version + 1, saved with the fields it names

and the callers answer `StaleVersion` with 409: the API through its error handler
(`sakra.core.api_shared`), a page through `sakra.core.views.submit`.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)


class StaleVersion(Exception):
    """Someone else saved the row after the person read it: their change is not applied."""

    message = _("Someone else has changed this in the meantime. Reload the page and try again.")

    def __str__(self) -> str:
        return str(self.message)


def lock(obj: M, version: int) -> M:
    """`obj`'s row read afresh and locked until the transaction ends; StaleVersion when its
    version is not `version`. Call inside `transaction.atomic`."""
    if isinstance(version, bool) or not isinstance(version, int):
        # A missing version must never mean "overwrite whatever is there".
        raise TypeError("lock() needs the version the change was made from")
    row = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if row.version != version:
        raise StaleVersion
    return row


def save_new_version(row: models.Model, *fields: str) -> None:
    """Save `fields` of a locked row with its version moved on by one."""
    row.version += 1
    names = {*fields, "version"}
    if any(field.name == "updated_at" for field in row._meta.concrete_fields):
        names.add("updated_at")
    row.save(update_fields=sorted(names))


def save_changes(row: models.Model, changes: dict) -> None:
    """Set `changes` on a locked row and save them with its version moved on by one."""
    for name, value in changes.items():
        setattr(row, name, value)
    save_new_version(row, *changes)
