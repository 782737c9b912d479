"""The kinds of notification governance sends (sakra.accounts.notifications)."""

from django.utils.translation import gettext_lazy as _

from sakra.accounts.notifications import Kind

#: The body names the decision (forum, date, paragraph), the same in every language.
DECISION_SENT = Kind(
    "governance.decision-sent", subject=_("A decision has been sent to you: {title}")
)

#: To the person who submitted an administration's plan to the planning dialogue.
PLAN_COMMENTED = Kind(
    "governance.plan-commented",
    subject=_("The security board has commented on the plan: {plan}"),
)
PLAN_AGREED = Kind(
    "governance.plan-agreed", subject=_("The security board has agreed the plan: {plan}")
)
#: Once before the deadline of an assignment from a state authority.
ASSIGNMENT_DUE = Kind(
    "governance.assignment-due",
    subject=_("Deadline {date}: {title}"),
    body=_("The assignment from {authority} is due on {date}."),
)
