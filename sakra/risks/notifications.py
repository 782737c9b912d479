"""The kinds of notification risks send (sakra.accounts.notifications)."""

from django.utils.translation import gettext_lazy as _

from sakra.accounts.notifications import Kind

REVIEW = Kind("risks.review", subject=_("Risk due for review: {title}"))
#: A confidential analysis's risk is not named in a notification or an e-mail.
CONFIDENTIAL_REVIEW = Kind(
    "risks.confidential-review", subject=_("A risk in a confidential analysis is due for review")
)
#: The RSA's next deadline in the mandate-period cycle, to the security chiefs (once).
CYCLE_REPORT = Kind(
    "risks.cycle-report",
    subject=_("The RSA for the mandate period {period} is to be reported by {due}"),
)
CYCLE_FOLLOW_UP = Kind(
    "risks.cycle-follow-up", subject=_("The RSA's follow-up for {year} is due by {due}")
)
