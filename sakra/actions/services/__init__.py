"""State changes of actions, improvement needs, the security board and the annual plans
(the PGSA cycle), one module per record type; everything is importable from here.

Every function runs in one transaction, takes the acting person as the keyword-only `by=`,
leaves an audit entry (the models are registered with django-auditlog) and notifies people
through `sakra.accounts.services.notify`, whose e-mail waits for the commit. A change to an
existing row names the `version` it was made from: a stale one raises
`sakra.core.concurrency.StaleVersion` (409 in the API, a message on the page). Bad input
raises `ValidationError` (messages keyed by field) and changes nothing.

For other modules
-----------------
Create an action caused by one of your rows (an incident, a risk, a remark…)::

    from sakra.actions import services

    action = services.create_action(
        source=incident, title="Byt lås i entrén", owner=manager, due_date=date(2027, 1, 31),
        by=request.user,  # must be allowed to create actions for that unit
        unit=incident.unit, area=incident.area,  # default: the source's unit/area, else
    )                                             # the owner's home unit

`by=None` means the system acts on its own behalf (a fire-safety round that finds a remark
overdue, a task, an import): no permission check, and the audit entry names no person, even
when it runs inside someone's request.

Show "actions of this object" on your detail page, in scope for the viewer::

    context["source_actions"] = services.actions_for(request.user, incident)

    {% include "actions/_for_source.html" with actions=source_actions source=incident %}

or, without touching the view: `{% load actions %}{% actions_for_source incident %}`.
The include lists the actions with status and due date, and links to "new action" with
the source filled in. `get_absolute_url()` on your model makes the action link back.

Let your row tell what was done about it: give its model ::

    def action_changed(self, action, change, *, by): ...

and every state change of an action it caused (`ActionChange`: created, started, done, effect
checked, cancelled) calls it inside the changing transaction (`tell_source`). Incidents write
it into their timeline. `outline()` on your model tells an action's owner what the action is
for when they may not read your row.
"""

from .actions import (
    MAX_FOLLOW_UP_DEPTH,
    PlannedAction,
    actions_for,
    cancel_action,
    complete_action,
    create_action,
    create_follow_up,
    link_follow_up,
    may_create_actions,
    record_effect,
    source_outline,
    start_action,
    tell_source,
    visible_source,
)
from .board import hold_meeting, is_board, rank_needs, record_decision
from .estimates import check_estimate, estimate
from .needs import raise_improvement_need
from .plans import add_activity, copy_plan_to_next_year, create_plan, set_activity_status

__all__ = [
    "MAX_FOLLOW_UP_DEPTH",
    "PlannedAction",
    "actions_for",
    "add_activity",
    "cancel_action",
    "check_estimate",
    "complete_action",
    "copy_plan_to_next_year",
    "create_action",
    "create_follow_up",
    "create_plan",
    "estimate",
    "hold_meeting",
    "is_board",
    "link_follow_up",
    "may_create_actions",
    "raise_improvement_need",
    "rank_needs",
    "record_decision",
    "record_effect",
    "set_activity_status",
    "source_outline",
    "start_action",
    "tell_source",
    "visible_source",
]
