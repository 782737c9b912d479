"""The kinds of notification incidents send (sakra.accounts.notifications): each reader sees
them in their own language. None carries what happened or who reported it."""

from django.utils.translation import gettext_lazy as _

from sakra.accounts.notifications import Kind

REPORTED = Kind(
    "incidents.reported",
    subject=_("New incident to handle: {reference}"),
    body=_("{category} at {unit}."),
)
ASSIGNED = Kind("incidents.assigned", subject=_("New incident to handle: {reference}"))
ACUTE = Kind(
    "incidents.acute",
    subject=_("ACUTE: {category}, {unit} ({reference})"),
    body=_("An acute incident needs help now. Open it in Sakra and acknowledge it."),
)
STATUS = Kind("incidents.status", subject=_("Your report {reference} has a new status: {status}"))
ESCALATED = Kind(
    "incidents.escalated",
    subject=_("ESCALATED: acute {reference} not acknowledged"),
    body=_("Nobody has acknowledged the acute report within {minutes} minutes."),
)
# Managers in the loop (following/): where and what kind, never what happened or who reported.
IN_YOUR_UNIT = Kind(
    "incidents.in-your-unit",
    subject=_("New report in your unit: {reference}"),
    body=_("{category} at {unit}."),
)
DIGEST = Kind(
    "incidents.digest",
    subject=_("Reports in your unit on {day}: {count}"),
    body=_("Reported: {references}."),
)
