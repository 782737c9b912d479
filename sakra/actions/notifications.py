"""The kinds of notification actions and the security board send
(sakra.accounts.notifications): each reader sees them in their own language."""

from django.utils.translation import gettext_lazy as _

from sakra.accounts.notifications import Kind

OWNER = Kind(
    "actions.owner", subject=_("You own a new action: {title}"), body=_("Due date: {date}.")
)
DONE = Kind("actions.done", subject=_("Action done, check its effect: {title}"))
#: The body is the reason the person gave.
CANCELLED = Kind("actions.cancelled", subject=_("Action cancelled: {title}"))
DUE_SOON = Kind("actions.due-soon", subject=_("Action due {date}: {title}"))
DUE_TODAY = Kind("actions.due-today", subject=_("Action due today: {title}"))
OVERDUE = Kind(
    "actions.overdue",
    subject=_("Overdue action: {title}"),
    body=_("{owner} owns this action; it was due {date}."),
)
NEED_RAISED = Kind(
    "actions.need-raised", subject=_("New improvement need for the security board: {title}")
)
#: The body is the board's reason.
BOARD_DECIDED = Kind(
    "actions.board-decided",
    subject=_("The security board decided on your improvement need: {decision}"),
)
