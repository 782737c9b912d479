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
from .resources import add_funded_activity, record_funding, summary

__all__ = [
    "acknowledge_decision",
    "add_control",
    "add_funded_activity",
    "add_requirement",
    "adopt_plan",
    "assess_requirement",
    "change_control_method",
    "create_control_plan",
    "decide_at_meeting",
    "distribute_decision",
    "due_dates",
    "hold_meeting",
    "is_recipient",
    "mandates_for",
    "mark_known_deficiency",
    "perform_control",
    "recipients_of",
    "record_decision",
    "record_funding",
    "set_role_mandate",
    "summary",
    "supersede_requirement",
    "write_minutes",
]
