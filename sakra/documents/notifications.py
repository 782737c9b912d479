"""The kinds of notification governing documents send (sakra.accounts.notifications)."""

from django.utils.translation import gettext_lazy as _

from sakra.accounts.notifications import Kind

CONSULTATION = Kind(
    "documents.consultation", subject=_("Consultation: {title}"), body=_("Reply by {date}.")
)
#: The body names who replied.
CONSULTATION_REPLY = Kind("documents.consultation-reply", subject=_("Consultation reply: {title}"))
ADOPTED = Kind("documents.adopted", subject=_("Adopted: {title}"))
ADOPTED_TO_CONFIRM = Kind(
    "documents.adopted-to-confirm",
    subject=_("Adopted: {title}"),
    body=_("Confirm that you have read it by {date}."),
)
REVIEW_SOON = Kind(
    "documents.review-soon",
    subject=_("Review coming up: {title}"),
    body=_("To be reviewed by {date}."),
)
REVIEW_OVERDUE = Kind(
    "documents.review-overdue",
    subject=_("Review overdue: {title}"),
    body=_("To be reviewed by {date}."),
)
ACKNOWLEDGE_OVERDUE = Kind(
    "documents.acknowledge-overdue",
    subject=_("Confirm that you have read: {title}"),
    body=_("The date to confirm was {date}."),
)
