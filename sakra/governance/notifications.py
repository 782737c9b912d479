"""The kinds of notification governance sends (sakra.accounts.notifications)."""

from django.utils.translation import gettext_lazy as _

from sakra.accounts.notifications import Kind

#: The body names the decision (forum, date, paragraph), the same in every language.
DECISION_SENT = Kind(
    "governance.decision-sent", subject=_("A decision has been sent to you: {title}")
)
