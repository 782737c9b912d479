"""The kinds of notification fire safety sends (sakra.accounts.notifications)."""

from django.utils.translation import gettext_lazy as _

from sakra.accounts.notifications import Kind

ROUND_OVERDUE = Kind(
    "fire_safety.round-overdue",
    subject=_("Overdue self-inspection: {title}, {site}"),
    body=_("It was to be done by {date}."),
)
ROUND_ESCALATED = Kind(
    "fire_safety.round-escalated",
    subject=_("Self-inspection overdue at {site}: {title}"),
    body=_("{person} was to do it by {date}."),
)
REMARK_OVERDUE = Kind(
    "fire_safety.remark-overdue",
    subject=_("Remark past its deadline at {site}"),
    body=_("{text} (deadline {date})"),
)
