"""Whom a unit turns to, per security area: derived from what Sakra already knows (the security
partners and coordinators holding roles in scopes above the unit, the area's owner), overridden
by named contacts where a region wants a named person, with the substitute shown while the
primary is away. No second list of contacts is kept in step with the roles.

Five queries whatever the size of the region: the areas with their owners, the role
assignments above the unit, the named contacts above it, today's absences, and the teams.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment
from sakra.organisation.models import SecurityArea, Unit

from .choices import ContactSource
from .models import Absence, ContactOverride, PartnerTeam

#: Roles whose holders are contacts of the units below their scope, partners first: they are
#: the ones who support managers hands-on (seed 004).
CONTACT_ROLES = {
    Role.SECURITY_PARTNER: ContactSource.PARTNER,
    Role.SECURITY_COORDINATOR: ContactSource.COORDINATOR,
}
#: How many more derived contacts are listed beside the one to turn to.
OTHERS_SHOWN = 3


@dataclass(frozen=True)
class Person:
    """A contact as the page shows them."""

    id: int
    name: str
    email: str
    phone: str
    source: str
    away_until: datetime.date | None = None

    @property
    def source_label(self) -> str:
        return ContactSource(self.source).label


@dataclass
class AreaContacts:
    """Whom to turn to for one security area."""

    area: SecurityArea
    contact: Person | None = None
    #: The person `contact` stands in for, who is away.
    stands_in_for: Person | None = None
    #: The named substitute, while the primary is present.
    substitute: Person | None = None
    named: bool = False
    others: list[Person] = field(default_factory=list)
    owner: Person | None = None


def ancestor_paths(unit: Unit) -> list[str]:
    """The paths of `unit` and every unit above it."""
    step = Unit.steplen
    return [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]


def _person(user, source: str, away: dict[int, datetime.date]) -> Person:
    return Person(
        user.pk, user.full_name or user.email, user.email, user.phone, source, away.get(user.pk)
    )


def _named(overrides: list[ContactOverride], area_id: int) -> ContactOverride | None:
    """The most specific named contact: the nearest unit first, then one for this area over one
    for every area; a region-wide one for the area last."""
    fitting = [o for o in overrides if o.area_id in (None, area_id)]
    if not fitting:
        return None
    return max(fitting, key=lambda o: (len(o.unit.path) if o.unit_id else 0, o.area_id is not None))


def contacts_for(unit: Unit, *, today: datetime.date | None = None) -> list[AreaContacts]:
    """Whom `unit` turns to for each active security area, as of `today`."""
    today = today or timezone.localdate()
    paths = ancestor_paths(unit)
    areas = list(SecurityArea.objects.filter(is_active=True).select_related("owner"))
    above = Q(unit__path__in=paths) | Q(unit__isnull=True)
    assignments = list(
        RoleAssignment.objects.filter(
            above, role__in=list(CONTACT_ROLES), user__is_active=True
        ).select_related("user", "unit")
    )
    overrides = list(
        ContactOverride.objects.filter(above).select_related("unit", "primary", "substitute")
    )
    people = {a.user_id for a in assignments} | {area.owner_id for area in areas}
    for override in overrides:
        people |= {override.primary_id, override.substitute_id}
    away = dict(
        Absence.objects.current(today)
        .filter(person_id__in=[pk for pk in people if pk])
        .order_by("ends_on")
        .values_list("person_id", "ends_on")
    )
    # Partners before coordinators; among them those held for the area itself (its
    # specialists) first, then the nearest scope, region-wide last.
    assignments.sort(
        key=lambda a: (
            list(CONTACT_ROLES).index(a.role),
            a.area_id is None,
            -(len(a.unit.path) if a.unit_id else 0),
            a.user.full_name,
        )
    )
    result = []
    for area in areas:
        entry = AreaContacts(area=area)
        if area.owner_id and area.owner.is_active:
            entry.owner = _person(area.owner, ContactSource.OWNER, away)
        derived, seen = [], set()
        for assignment in assignments:
            if assignment.area_id in (None, area.pk) and assignment.user_id not in seen:
                seen.add(assignment.user_id)
                derived.append(_person(assignment.user, CONTACT_ROLES[assignment.role], away))
        override = _named(overrides, area.pk)
        if override is not None:
            entry.named = True
            primary = _person(override.primary, ContactSource.OVERRIDE, away)
            substitute = (
                _person(override.substitute, ContactSource.OVERRIDE, away)
                if override.substitute_id
                else None
            )
            candidates = [primary, *([substitute] if substitute else []), *derived]
        else:
            primary, substitute, candidates = (derived[0] if derived else None), None, derived
        present = [person for person in candidates if person.away_until is None]
        entry.contact = present[0] if present else primary
        if primary is not None and primary.away_until is not None and entry.contact != primary:
            entry.stands_in_for = primary
        elif substitute is not None:
            entry.substitute = substitute
        shown = {p.id for p in (entry.contact, entry.stands_in_for, entry.substitute) if p}
        entry.others = [p for p in derived if p.id not in shown][:OTHERS_SHOWN]
        result.append(entry)
    return result


def teams_serving(unit: Unit):
    """The active partner teams serving `unit`: at one of its sites, or its administration."""
    paths = ancestor_paths(unit)
    return (
        PartnerTeam.objects.active()
        .filter(Q(sites__units=unit) | Q(administrations__path__in=paths))
        .select_related("lead")
        .distinct()
        .order_by("name")
    )


def route(unit: Unit, site=None) -> PartnerTeam | None:
    """The team whose queue a request goes to: the team serving the site first (it serves the
    site whatever administration asks), else the one serving the unit's administration."""
    teams = PartnerTeam.objects.active().order_by("name", "pk")
    if site is not None:
        team = teams.filter(sites=site).first()
        if team is not None:
            return team
    return teams.filter(administrations__path__in=ancestor_paths(unit)).first()
