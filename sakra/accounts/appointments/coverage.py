"""Who holds which role where, and where nobody does: the security chief's overview."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sakra.organisation.models import SecurityArea, Unit

from ..choices import Role
from ..models import RoleAssignment


@dataclass
class Holders:
    """One administration or area and the people holding each role there."""

    place: object
    roles: dict[str, list] = field(default_factory=dict)
    missing: str = ""


def coverage() -> tuple[list[Holders], list[Holders]]:
    """Administrations with their coordinators and partners; areas with their owners."""
    held = defaultdict(lambda: defaultdict(list))
    rows = RoleAssignment.objects.filter(
        role__in=[Role.SECURITY_COORDINATOR, Role.SECURITY_PARTNER, Role.AREA_OWNER],
        user__is_active=True,
    ).select_related("user")
    for row in rows:
        key = ("area", row.area_id) if row.role == Role.AREA_OWNER else ("unit", row.unit_id)
        held[key][row.role].append(row.user)
    administrations = [
        Holders(
            unit,
            {
                Role.SECURITY_COORDINATOR.label: held[("unit", unit.pk)][Role.SECURITY_COORDINATOR],
                Role.SECURITY_PARTNER.label: held[("unit", unit.pk)][Role.SECURITY_PARTNER],
            },
            missing=""
            if held[("unit", unit.pk)][Role.SECURITY_COORDINATOR]
            else Role.SECURITY_COORDINATOR.label,
        )
        for unit in Unit.objects.administrations().filter(is_active=True)
    ]
    areas = []
    for area in SecurityArea.objects.active().select_related("owner"):
        owners = list(held[("area", area.pk)][Role.AREA_OWNER])
        if area.owner is not None and area.owner not in owners:
            owners.append(area.owner)
        areas.append(
            Holders(
                area,
                {Role.AREA_OWNER.label: owners},
                missing="" if owners else Role.AREA_OWNER.label,
            )
        )
    return administrations, areas
