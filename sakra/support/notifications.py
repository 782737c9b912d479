"""The kinds of notification support sends (sakra.accounts.notifications). Where a kind has no
body of its own, the body is the asker's question, as they wrote it."""

from django.utils.translation import gettext_lazy as _

from sakra.accounts.notifications import Kind

NEW_REQUEST = Kind("support.new-request", subject=_("New support request: {area}, {unit}"))
ASSIGNED = Kind("support.assigned", subject=_("A support request is yours: {area}, {unit}"))
ANSWERED = Kind(
    "support.answered",
    subject=_("Your support request has been answered"),
    body=_("Did you get the help you needed? Tell us when you close it."),
)
PAST_TARGET = Kind(
    "support.past-target", subject=_("Support request past its target: {area}, {unit}")
)
STILL_UNANSWERED = Kind(
    "support.still-unanswered", subject=_("Still unanswered past its target: {area}, {unit}")
)
