"""Incidents' settings on Min sida: how a manager hears of their unit's reports."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sakra.core.hooks import MyPageSetting

from .choices import FollowFrequency
from .following.services import may_follow, setting_of


def settings(user) -> list[MyPageSetting]:
    if not may_follow(user):
        return []
    chosen = setting_of(user)
    value = chosen.get_frequency_display()
    if chosen.by_email and chosen.frequency != FollowFrequency.NONE:
        value = _("{frequency}, also by e-mail").format(frequency=value)
    return [
        MyPageSetting(
            title=_("Reports in my unit"), value=value, url=reverse("incidents:follow-settings")
        )
    ]
