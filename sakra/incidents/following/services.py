"""Telling managers of their unit's reports: at each report (inside the report's transaction)
and in the daily digest (the worker), and the setting each manager chose."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment, User
from sakra.accounts.services import notify
from sakra.core.concurrency import StaleVersion, lock, save_new_version
from sakra.organisation.models import Unit

from .. import notifications
from ..choices import FollowFrequency
from ..models import LOCAL_ZONE, Incident
from ..querysets import FOLLOW
from .models import FollowDigest, FollowSetting

#: The most references a digest names; the count says how many there were.
DIGEST_REFERENCES = 20


def may_follow(user) -> bool:
    """Whether `user` holds a role that follows a unit's reports (the manager's)."""
    return Incident.objects.may(user, FOLLOW)


def setting_of(user: User) -> FollowSetting:
    """The person's setting, or the default (each report, no e-mail) unsaved."""
    return FollowSetting.objects.for_user(user).filter(user=user).first() or FollowSetting(
        user=user
    )


@transaction.atomic
def set_follow_setting(*, by: User, frequency: str, by_email: bool, version: int) -> FollowSetting:
    """Save how `by` wants to hear of their unit's reports. `version` is the one the page
    showed (1 for the default, never saved); a stale one raises StaleVersion."""
    if not may_follow(by):
        raise PermissionDenied
    if frequency not in FollowFrequency.values:
        raise ValidationError({"frequency": _("Choose how often you want to hear.")})
    row, created = FollowSetting.objects.get_or_create(
        user=by, defaults={"frequency": frequency, "by_email": bool(by_email)}
    )
    if created:
        if version != 1:
            raise StaleVersion
        return row  # auditlog records the creation
    row = lock(row, version)
    row.frequency, row.by_email = frequency, bool(by_email)
    save_new_version(row, "frequency", "by_email")
    return row


def _ancestor_paths(unit: Unit) -> list[str]:
    return [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]


def managers_of(incident: Incident) -> list[User]:
    """The active holders of the manager's role whose unit subtree holds the incident's unit
    (who may follow it is asked of `for_user` afterwards, one by one)."""
    assignments = (
        RoleAssignment.objects.filter(
            role=Role.MANAGER,
            user__is_active=True,
            unit__path__in=_ancestor_paths(incident.unit),
        )
        .select_related("user")
        .order_by("user_id")
    )
    return list({a.user_id: a.user for a in assignments}.values())


def tell_managers(incident: Incident, *, told=()) -> list[User]:
    """Notify the managers of the incident's unit who want each report and may follow this
    one, inside the report's transaction; `told` (the reporter, the handler) are left out.

    Whether a manager may follow it is the access path's answer (`for_user(manager, FOLLOW)`),
    never a rule of its own: a restricted report they may not read tells them nothing."""
    left_out = {person.pk for person in told if person is not None}
    candidates = [m for m in managers_of(incident) if m.pk not in left_out]
    if not candidates:
        return []
    chosen = {s.user_id: s for s in FollowSetting.objects.filter(user__in=candidates)}
    groups: dict[bool, list[User]] = {True: [], False: []}
    for manager in candidates:
        setting = chosen.get(manager.pk) or FollowSetting(user=manager)
        if setting.frequency != FollowFrequency.EACH:
            continue
        if not Incident.objects.for_user(manager, FOLLOW).filter(pk=incident.pk).exists():
            continue
        groups[setting.by_email].append(manager)
    message = notifications.IN_YOUR_UNIT(
        reference=incident.reference, category=incident.category, unit=incident.unit
    )
    url = reverse("incidents:detail", args=[incident.pk])
    for email, people in groups.items():
        if people:
            notify(people, message, url=url, email=email)
    return groups[True] + groups[False]


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=LOCAL_ZONE)
    return start, start + timedelta(days=1)


def send_digest(setting: FollowSetting, day: date) -> bool:
    """The digest of `day` for one manager, once: the (person, day) row is the claim, written
    with the notification in one transaction. A day without reports records the claim and
    tells nothing."""
    start, end = _day_bounds(day)
    reports = Incident.objects.for_user(setting.user, FOLLOW).filter(
        created_at__gte=start, created_at__lt=end
    )
    references = list(reports.order_by("created_at", "pk").values_list("reference", flat=True))
    try:
        with transaction.atomic():
            FollowDigest.objects.create(user=setting.user, day=day, count=len(references))
            if references:
                shown = ", ".join(references[:DIGEST_REFERENCES])
                if len(references) > DIGEST_REFERENCES:
                    shown += " …"
                notify(
                    [setting.user],
                    notifications.DIGEST(
                        day=day.isoformat(), count=len(references), references=shown
                    ),
                    url=reverse("incidents:list"),
                    email=setting.by_email,
                )
    except IntegrityError:
        return False  # another worker sent it
    return bool(references)


def send_digests(now: datetime | None = None, *, hour: int = 6) -> int:
    """Yesterday's digests, from `hour` (local time) on, to every manager who chose one and
    has not had it; idempotent, so the worker may call it every minute. Returns how many
    digests told someone something."""
    now = timezone.localtime(now or timezone.now(), LOCAL_ZONE)
    if now.hour < hour:
        return 0
    day = now.date() - timedelta(days=1)
    waiting = (
        FollowSetting.objects.filter(frequency=FollowFrequency.DIGEST, user__is_active=True)
        .exclude(Exists(FollowDigest.objects.filter(user=OuterRef("user"), day=day)))
        .select_related("user")
    )
    return sum(send_digest(setting, day) for setting in waiting.iterator(chunk_size=200))
