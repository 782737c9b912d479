"""A notification to an authority, drafted from an incident and recorded when sent."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.core.access import CHANGE, ScopedQuerySet
from sakra.core.models import VersionedModel

from ..choices import NoticeKind


class NoticeQuerySet(ScopedQuerySet):
    """A notification is the handlers' working paper: whoever may change the incident (its
    handler, the coordinator and the chief in scope), whatever the action asked."""

    def for_user(self, user, action=CHANGE):
        from ..models import Incident

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(duty__incident__in=Incident.objects.for_user(user, CHANGE).values("pk"))


class AuthorityNotice(VersionedModel):
    """The text of one notification to an authority for one duty of an incident, field by
    field as that authority asks (notices/specs.py), and when it was sent, by whom, under
    which case reference. Sent, it is the record of what the authority was told: no longer
    edited."""

    duty = models.ForeignKey(
        "incidents.IncidentObligation",
        verbose_name=_("reporting obligation"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=NoticeKind.choices, default=NoticeKind.INITIAL
    )
    content = models.JSONField(_("content"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    authority_reference = models.CharField(_("authority's reference"), max_length=100, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["duty", "created_at", "pk"]
        verbose_name = _("notification to an authority")
        verbose_name_plural = _("notifications to authorities")
        constraints = [
            models.UniqueConstraint(
                fields=["duty"],
                condition=Q(kind=NoticeKind.INITIAL),
                name="authority_notice_one_initial",
                violation_error_message=_("This obligation already has its notification."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.duty_id} {self.kind}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:notice", args=[self.pk])

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


def with_notice(duties):
    """Each duty annotated with its notification (`notice_pk`, `notice_sent_at`), in the same
    query: the incident's page links to it without a query per duty."""
    first = AuthorityNotice.objects.filter(duty=OuterRef("pk"), kind=NoticeKind.INITIAL)
    return duties.annotate(
        notice_pk=Subquery(first.values("pk")[:1]),
        notice_sent_at=Subquery(first.values("sent_at")[:1]),
    )
