"""Every change to continuity rows: one transaction each, the acting person as `by=`, a
required `version` for a change to an existing row, an audit entry (the models are registered
with django-auditlog), notifications on commit. Bad input raises `ValidationError` keyed by
field, a stale version `StaleVersion`, a person without the right `PermissionDenied`.

The crisis log has no service that edits or removes an entry, and the database refuses both.
"""

from .crisis import (
    append_entry,
    assign_role,
    close_crisis,
    may_open_crisis,
    open_crisis,
    update_summary,
)
from .plans import check_tolerance, create_plan, record_backup, update_plan

__all__ = [
    "append_entry",
    "assign_role",
    "check_tolerance",
    "close_crisis",
    "create_plan",
    "may_open_crisis",
    "open_crisis",
    "record_backup",
    "update_plan",
    "update_summary",
]
