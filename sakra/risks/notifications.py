"""The kinds of notification risks send (sakra.accounts.notifications)."""

from django.utils.translation import gettext_lazy as _

from sakra.accounts.notifications import Kind

REVIEW = Kind("risks.review", subject=_("Risk due for review: {title}"))
#: A confidential analysis's risk is not named in a notification or an e-mail.
CONFIDENTIAL_REVIEW = Kind(
    "risks.confidential-review", subject=_("A risk in a confidential analysis is due for review")
)
