"""Pages of the actions app, one module per record type: the action register, improvement
needs, the security board, the annual plans. Thin views: rows come from `for_user()`, every
form goes through one service with `sakra.core.views.submit`, and the status follows
`form_status` (422 refused input, 409 stale, a redirect on success)."""

from .actions import (
    action_cancel,
    action_create,
    action_detail,
    action_effect,
    action_export,
    action_follow_up,
    action_list,
    action_transition,
)
from .board import board_queue, meeting_create, meeting_detail, meeting_list, meeting_minutes
from .needs import need_create, need_detail, need_list
from .plans import activity_status, plan_copy, plan_create, plan_detail, plan_list

__all__ = [
    "action_cancel",
    "action_create",
    "action_detail",
    "action_effect",
    "action_export",
    "action_follow_up",
    "action_list",
    "action_transition",
    "activity_status",
    "board_queue",
    "meeting_create",
    "meeting_detail",
    "meeting_list",
    "meeting_minutes",
    "need_create",
    "need_detail",
    "need_list",
    "plan_copy",
    "plan_create",
    "plan_detail",
    "plan_list",
]
