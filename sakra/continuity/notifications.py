"""The kinds of notification continuity sends (sakra.accounts.notifications)."""

from django.utils.translation import gettext_lazy as _

from sakra.accounts.notifications import Kind

PLAN_REVIEW = Kind("continuity.plan-review", subject=_("Continuity plan due for review: {title}"))
