"""Disruptions of critical supply reported as incidents, held against the continuity plans
(issue 24): a plan is flagged when a disruption of a supply it depends on, in its unit or a
unit below, lasted longer than the plan's longest tolerable interruption.

What a plan depends on is read from the RSA's register: the dependencies of its critical
service. A plan without a service names no dependencies, so every supply counts for it. A near
miss lasted no time and a dismissed report is no event. A disruption whose end is not yet
recorded counts as going on while its incident is handled: it flags the plan once it has lasted
longer than the plan tolerates (marked as ongoing), and by its real duration when the handler
records the end; a closed incident without an end is not compared.

The flag is the plan's, the same for everyone who may read the plan; the incidents behind it
are linked for those who may open them (`Incident.objects.for_user`), and the others are only
counted. A constant number of queries for a page of plans (three at most).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sakra.core.access import VIEW
from sakra.incidents.choices import OPEN_STATUSES, SUPPLY_CHOICES
from sakra.incidents.disruptions import lasted
from sakra.incidents.models import Incident
from sakra.risks.models import CriticalDependency


@dataclass(frozen=True)
class PlanDisruption:
    """One disruption that lasted longer than a plan tolerates; `url` empty when the viewer may
    not open the incident (its reference is then not shown either)."""

    reference: str
    url: str
    supply: str
    hours: Decimal
    #: No end recorded yet: `hours` is how long it has lasted so far.
    ongoing: bool = False


@dataclass
class Exceeded:
    """The disruptions that exceeded a plan's tolerance: those the viewer may open, and how
    many more there are."""

    shown: list[PlanDisruption] = field(default_factory=list)
    hidden: int = 0

    def __bool__(self) -> bool:
        return bool(self.shown) or self.hidden > 0


def exceeded(plans: Iterable, user) -> dict[int, Exceeded]:
    """plan id -> the disruptions that lasted longer than its tolerance (only plans with any).

    Each plan needs `pk`, `service_id`, `tolerable_hours` and its unit's path as `unit_path`
    (or a loaded `unit`)."""
    plans = [plan for plan in plans if plan.tolerable_hours is not None]
    if not plans:
        return {}
    kinds: dict[int, set[str]] = {}
    services = {plan.service_id for plan in plans if plan.service_id is not None}
    if services:
        rows = CriticalDependency.objects.filter(service__in=services).values_list(
            "service_id", "kind"
        )
        for service, kind in rows:
            kinds.setdefault(service, set()).add(kind)
    every = {value for value, _label in SUPPLY_CHOICES}
    wanted = {
        plan.pk: (every if plan.service_id is None else kinds.get(plan.service_id, set()))
        for plan in plans
    }
    paths = {_path(plan) for plan in plans if wanted[plan.pk]}
    if not paths:
        return {}
    lowest = min(plan.tolerable_hours for plan in plans)
    now = timezone.now()
    going_on = Q(
        disruption_hours__isnull=True, status__in=OPEN_STATUSES,
        disruption_started_at__lt=now - timedelta(hours=lowest),
    )  # fmt: skip
    rows = (
        Incident.objects.counted()
        .filter(Q(disruption_hours__gt=lowest) | going_on, is_near_miss=False)
        .filter(supply__in=set().union(*wanted.values()))
        .filter(reduce(or_, (Q(unit__path__startswith=path) for path in sorted(paths))))
        .order_by("-disruption_started_at", "pk")
        .values_list(
            "pk", "reference", "supply", "disruption_hours", "unit__path", "disruption_started_at"
        )
    )
    candidates = [
        (pk, reference, supply, lasted(started, now) if hours is None else hours, path,
         hours is None)
        for pk, reference, supply, hours, path, started in rows
    ]  # fmt: skip
    if not candidates:
        return {}
    readable = set(
        Incident.objects.for_user(user, VIEW)
        .filter(pk__in=[row[0] for row in candidates])
        .values_list("pk", flat=True)
    )
    labels = dict(SUPPLY_CHOICES)
    marker = "2147483647"
    before, _sep, after = reverse("incidents:detail", args=[marker]).partition(marker)
    result: dict[int, Exceeded] = {}
    for plan in plans:
        path, tolerance = _path(plan), Decimal(plan.tolerable_hours)
        for pk, reference, supply, hours, unit_path, ongoing in candidates:
            if supply not in wanted[plan.pk] or hours <= tolerance:
                continue
            if not unit_path.startswith(path):
                continue
            found = result.setdefault(plan.pk, Exceeded())
            if pk in readable:
                url = f"{before}{pk}{after}"
                found.shown.append(
                    PlanDisruption(reference, url, str(labels[supply]), hours, ongoing)
                )
            else:
                found.hidden += 1
    return result


def _path(plan) -> str:
    path = getattr(plan, "unit_path", None)
    return path if path is not None else plan.unit.path
