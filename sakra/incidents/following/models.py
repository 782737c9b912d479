"""What a manager chose to hear of their unit's reports, and the digests already sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sakra.core.access import CHANGE, VIEW, ScopedQuerySet
from sakra.core.models import VersionedModel

from ..choices import FollowFrequency


class FollowSettingQuerySet(ScopedQuerySet):
    """A person's own setting, and nobody else's."""

    owner_lookup = "user"
    owner_actions = frozenset({VIEW, CHANGE})


class FollowSetting(VersionedModel):
    """How a manager wants to hear of the reports made in their unit (set on Min sida).

    No row means the default: a notification in Sakra at each report, no e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="incident_follow_setting",
    )
    frequency = models.CharField(
        _("how often"),
        max_length=10,
        choices=FollowFrequency.choices,
        default=FollowFrequency.EACH,
    )
    by_email = models.BooleanField(_("also by e-mail"), default=False)

    objects = FollowSettingQuerySet.as_manager()

    class Meta:
        ordering = ["user_id"]
        verbose_name = _("unit report notification setting")
        verbose_name_plural = _("unit report notification settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"


class FollowDigest(models.Model):
    """The daily digest of one manager for one day. The unique pair is the once-only claim:
    however many workers run, and however often, each day's digest is sent once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("number of reports"), default=0)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "user_id"]
        verbose_name = _("daily digest of unit reports")
        verbose_name_plural = _("daily digests of unit reports")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="incident_follow_digest_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}: {self.count}"
