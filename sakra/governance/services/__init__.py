"""Every change to governance's rows: one transaction each, the acting person as `by=`, a
required `version` for a change to an existing row, an audit entry (auditlog).

For other modules: a decision is recorded with `record_decision(by=, forum=, decided_on=,
title=, ...)` from your own service, and your row points at the `Decision` it returns."""

from .compliance import (
    add_control,
    add_requirement,
    adopt_plan,
    assess_requirement,
    change_control_method,
    create_control_plan,
    due_dates,
    mark_known_deficiency,
    perform_control,
    supersede_requirement,
)
from .decisions import (
    acknowledge_decision,
    decide_at_meeting,
    distribute_decision,
    hold_meeting,
    is_recipient,
    mandates_for,
    recipients_of,
    record_decision,
    set_role_mandate,
    write_minutes,
)
from .planning import (
    PlanningRow,
    agree_plan,
    comment_plan,
    planning_overview,
    record_assignment,
    submit_plan,
    update_assignment,
)
from .resources import add_funded_activity, budget_summary, record_funding, summary
from .snapshots import snapshot_years, take_snapshot

__all__ = [
    "PlanningRow",
    "acknowledge_decision",
    "add_control",
    "add_funded_activity",
    "add_requirement",
    "adopt_plan",
    "agree_plan",
    "assess_requirement",
    "budget_summary",
    "change_control_method",
    "comment_plan",
    "create_control_plan",
    "decide_at_meeting",
    "distribute_decision",
    "due_dates",
    "hold_meeting",
    "is_recipient",
    "mandates_for",
    "mark_known_deficiency",
    "perform_control",
    "planning_overview",
    "recipients_of",
    "record_assignment",
    "record_decision",
    "record_funding",
    "set_role_mandate",
    "snapshot_years",
    "submit_plan",
    "summary",
    "supersede_requirement",
    "take_snapshot",
    "update_assignment",
    "write_minutes",
]
