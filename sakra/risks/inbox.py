"""Risks past their review date, and for the security chief the RSA's next deadline of the
mandate-period cycle, as sections of "Mina uppgifter"."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.choices import Role
from sakra.core.access import VIEW
from sakra.core.hooks import InboxItem, InboxSection

from . import cycle
from .models import Risk

SHOWN = 5


def sections(user) -> list[InboxSection]:
    return _reviews(user) + _cycle(user)


def _cycle(user) -> list[InboxSection]:
    """The security chief's next open deadline of the RSA cycle (report or follow-up): two
    queries, only for the chief."""
    if not user.has_role(Role.SECURITY_CHIEF):
        return []
    found = cycle.next_open()
    if found is None:
        return []
    deadline, row = found
    if deadline.step == "report":
        title = _("Report the RSA for the mandate period {period}").format(period=row.period)
    else:
        title = _("Follow up the RSA for {year}").format(year=deadline.year)
    item = InboxItem(
        title=title, url=reverse("risks:cycle"),
        detail=row.analysis.title if row.analysis else _("No RSA for the period yet."),
        due=deadline.due, overdue=deadline.overdue,
    )  # fmt: skip
    return [
        InboxSection(key="rsa-cycle", title=_("The RSA in the mandate period"), items=[item],
                     count=1, url=reverse("risks:cycle"))
    ]  # fmt: skip


def _reviews(user) -> list[InboxSection]:
    """The risks `user` owns whose review date has passed; two queries."""
    today = timezone.localdate()
    rows = (
        Risk.objects.for_user(user, VIEW)
        .live()
        .past_review(today)
        .filter(owner=user)
        .select_related("analysis")
        .order_by("review_date", "pk")
    )
    count = rows.count()
    if not count:
        return []
    items = [
        InboxItem(
            title=risk.title,
            url=risk.get_absolute_url(),
            detail=risk.analysis.title,
            due=risk.review_date,
            overdue=True,
        )
        for risk in rows[:SHOWN]
    ]
    return [
        InboxSection(
            key="risk-reviews",
            title=_("Risks to review"),
            items=items,
            count=count,
            url=f"{reverse('risks:risks')}?mine=on&past_review=on",
        )
    ]
