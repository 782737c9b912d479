"""The handler's corrections of a report: its category, when the region became aware, whether
it is a near miss, and the disruption of critical supply it records.

The first two decide the authority duties (deadlines.py): the category which duties apply,
awareness when they fall due. The near-miss mark decides where the report is counted
(summary.py); the disruption's duration what the continuity plans compare with their tolerance.
Each correction is a service like those in services.py: the handler (CHANGE on the incident:
its handler, the coordinators and the chief in scope; not the reporter as such), the version
the person saw, one transaction, a post on the timeline, the change audited.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sakra.accounts.models import User
from sakra.core.access import CHANGE
from sakra.core.concurrency import save_new_version

from . import deadlines, summary
from .choices import Status, TimelineKind
from .disruptions import check_disruption
from .models import Incident, IncidentCategory, TimelineEntry
from .services import _locked, _moment_errors


@transaction.atomic
def change_category(incident: Incident, *, by: User, category: IncidentCategory | None,
                    version: int) -> Incident:  # fmt: skip
    """Put the incident in another category; its security area and restriction follow the
    category, and so do its authority duties: the new category's are added (due from
    awareness), those it does not carry are removed unless already reported."""
    incident = _locked(incident, by, CHANGE, version)
    if category is None or not category.is_active:
        raise ValidationError({"category": _("Choose a category.")})
    if category.pk == incident.category_id:
        return incident  # nothing changes: no new version, no timeline post
    old = incident.category
    counted = incident.status != Status.DISMISSED
    if counted:
        summary.count_out([incident])  # the yearly count is keyed by category, area, restriction
    incident.category = category
    incident.area_id = category.area_id
    incident.is_restricted = category.is_restricted
    if counted:
        summary.count_in([incident])
    save_new_version(incident, "category", "area", "is_restricted")
    added, removed = deadlines.follow_category(incident, by=by)
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.CATEGORY_CHANGE,
        author=by,
        data={"from": old.pk, "to": category.pk, "added": added, "removed": removed},
    )
    return incident


@transaction.atomic
def correct_awareness(incident: Incident, *, by: User, aware_at: datetime | None,
                      version: int) -> Incident:  # fmt: skip
    """Correct when the region became aware: never in the future, never before it happened
    (the rule every report obeys, services.py). The duties not yet reported count from the
    new time; those reported keep their time."""
    incident = _locked(incident, by, CHANGE, version)
    if aware_at is None:
        raise ValidationError({"aware_at": _("Enter when the region became aware.")})
    errors = _moment_errors(incident.occurred_at, aware_at)
    if errors:
        raise ValidationError({field: [message] for field, message in errors})
    old = incident.aware_at
    if aware_at == old:
        return incident
    incident.aware_at = aware_at
    save_new_version(incident, "aware_at")
    moved = deadlines.redate(incident)
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.AWARENESS_CORRECTED,
        author=by,
        data={"from": old.isoformat(), "to": aware_at.isoformat(), "redated": moved},
    )
    return incident


@transaction.atomic
def mark_near_miss(incident: Incident, *, by: User, is_near_miss: bool,
                   version: int) -> Incident:  # fmt: skip
    """Mark the report as a near miss (it could have happened, and did not) or as an event;
    its count moves between the two in the yearly summary in the same transaction."""
    incident = _locked(incident, by, CHANGE, version)
    is_near_miss = bool(is_near_miss)
    if is_near_miss == incident.is_near_miss:
        return incident
    counted = incident.status != Status.DISMISSED
    if counted:
        summary.count_out([incident])  # the near-miss mark is part of the summary's key
    incident.is_near_miss = is_near_miss
    if counted:
        summary.count_in([incident])
    save_new_version(incident, "is_near_miss")
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.NEAR_MISS_CORRECTED,
        author=by,
        data={"from": not is_near_miss, "to": is_near_miss},
    )
    return incident


@transaction.atomic
def record_disruption(incident: Incident, *, by: User, supply: str = "",
                      started_at: datetime | None = None, ended_at: datetime | None = None,
                      hours: Decimal | None = None, version: int) -> Incident:  # fmt: skip
    """Record (or correct) the supply a report says was disrupted and how long it lasted: the
    end is often known only later. The same rules as at reporting (disruptions.py)."""
    incident = _locked(incident, by, CHANGE, version)
    disruption = check_disruption(
        category=incident.category, supply=supply, started_at=started_at, ended_at=ended_at,
        hours=hours, occurred_at=incident.occurred_at,
    )  # fmt: skip
    fields = disruption.fields()
    old = {name: getattr(incident, name) for name in fields}
    if old == fields:
        return incident
    for name, value in fields.items():
        setattr(incident, name, value)
    save_new_version(incident, *fields)
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.DISRUPTION_RECORDED,
        author=by,
        data={
            "supply": disruption.supply,
            "started_at": disruption.started_at.isoformat() if disruption.started_at else None,
            "ended_at": disruption.ended_at.isoformat() if disruption.ended_at else None,
            "hours": str(disruption.hours) if disruption.hours is not None else None,
        },
    )
    return incident
