"""Every change to continuity rows: one transaction each, the acting person as `by=`, a
required `version` for a change to an existing row, an audit entry (the models are registered
with django-auditlog), notifications on commit. Bad input raises `ValidationError` keyed by
field, a stale version `StaleVersion`, a person without the right `PermissionDenied`.

The crisis log has no service that edits or removes an entry, and the database refuses both.
"""

from .civil import (
    add_post,
    administration_counts,
    create_wartime_plan,
    update_post,
    update_wartime_plan,
)
from .crisis import (
    append_entry,
    assign_role,
    close_crisis,
    may_open_crisis,
    open_crisis,
    update_summary,
)
from .exercises import (
    add_training,
    plan_exercise,
    record_evaluation,
    refuse_closed_year,
    role_coverage,
    update_exercise,
)
from .plans import check_tolerance, create_plan, record_backup, update_plan
from .supply import create_stock, raise_shortfall_action, record_count, update_stock

__all__ = [
    "add_post",
    "add_training",
    "administration_counts",
    "append_entry",
    "assign_role",
    "check_tolerance",
    "close_crisis",
    "create_plan",
    "create_stock",
    "create_wartime_plan",
    "may_open_crisis",
    "open_crisis",
    "plan_exercise",
    "raise_shortfall_action",
    "record_backup",
    "record_count",
    "record_evaluation",
    "refuse_closed_year",
    "role_coverage",
    "update_exercise",
    "update_plan",
    "update_post",
    "update_stock",
    "update_summary",
    "update_wartime_plan",
]
