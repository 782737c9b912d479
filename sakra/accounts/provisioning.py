"""People from the region's catalogues: the file import, SCIM and first sign-in share these rules.

- A person is matched by external id (HSA-id or employee number), else by e-mail address
  when they have no external id yet (someone created by hand before the first import).
- A new person is an employee of their unit; the manager flag gives the manager role there.
- Provisioning owns only those two roles, and only where no appointment made in the app
  stands behind them: coordinators, partners, area owners, the chief and the board keep what
  the security chief set.
- A person who leaves is disabled, never deleted.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH
from django.db import transaction
from django.db.models import Q

from sakra.core.audit import log_bulk_updated

from .choices import Role
from .models import RoleAssignment, User
from .services import deactivate_user

#: The roles that follow the catalogue; every other role is managed in the app.
PROVISIONED_ROLES = (Role.EMPLOYEE, Role.MANAGER)


@dataclass(frozen=True)
class Person:
    """What a catalogue says about one person."""

    external_id: str
    email: str
    full_name: str
    unit_id: int | None
    is_manager: bool = False
    is_active: bool = True

    def wanted_roles(self) -> set[tuple[str, int]]:
        if self.unit_id is None or not self.is_active:
            return set()
        roles = {(Role.EMPLOYEE, self.unit_id)}
        if self.is_manager:
            roles.add((Role.MANAGER, self.unit_id))
        return roles


def normal_email(email: str) -> str:
    return (email or "").strip().lower()


def provisioned_roles(user_ids=None) -> dict[int, dict[tuple[str, int], int]]:
    """Each person's provisioned roles: (role, unit id) → assignment id."""
    rows = RoleAssignment.objects.filter(
        role__in=PROVISIONED_ROLES, appointment__isnull=True, unit__isnull=False
    )
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    held: dict[int, dict[tuple[str, int], int]] = {}
    for pk, user_id, role, unit_id in rows.values_list("pk", "user_id", "role", "unit_id"):
        held.setdefault(user_id, {})[(role, unit_id)] = pk
    return held


def new_user(person: Person) -> User:
    """An unsaved account for `person`: no password, they sign in through the provider."""
    # What make_password(None) gives (the unusable prefix and a random tail), from one call to
    # the system's random source instead of forty: an import makes 40 000 of these.
    return User(
        email=normal_email(person.email),
        full_name=person.full_name,
        external_id=person.external_id or None,
        home_unit_id=person.unit_id,
        is_active=person.is_active,
        password=UNUSABLE_PASSWORD_PREFIX
        + secrets.token_urlsafe(30)[:UNUSABLE_PASSWORD_SUFFIX_LENGTH],
    )


def wanted_fields(person: Person) -> dict:
    """`person` under the user's field names."""
    return {
        "email": normal_email(person.email),
        "full_name": person.full_name,
        "external_id": person.external_id or None,
        "home_unit_id": person.unit_id,
        "is_active": person.is_active,
    }


def differences(user: User, person: Person) -> list[str]:
    """The fields of `user` that `person` changes."""
    return [name for name, value in wanted_fields(person).items() if getattr(user, name) != value]


def update_user(user: User, person: Person, changed: list[str]) -> None:
    """Save `changed`; a leaving person is disabled through the service (sessions end).

    One UPDATE and the audit entry written from the values at hand: the caller read the row
    (SCIM locked it), so auditlog's own receiver, which reads it again to compare every
    field, would only repeat that read on every provisioning request."""
    wanted = wanted_fields(person)
    kept = [name for name in changed if name != "is_active" or person.is_active]
    if kept:
        change = {name: (getattr(user, name), wanted[name]) for name in kept}
        for name in kept:
            setattr(user, name, wanted[name])
        User.objects.filter(pk=user.pk).update(**{name: wanted[name] for name in kept})
        log_bulk_updated([(user, {audit_name(name): value for name, value in change.items()})])
    if "is_active" in changed and not person.is_active:
        deactivate_user(user)


def audit_name(name: str) -> str:
    """A field as auditlog names it in an entry: a foreign key by its name, not its column."""
    return name.removesuffix("_id") if name == "home_unit_id" else name


def set_roles(user_id: int, person: Person, held: dict[tuple[str, int], int]):
    """The role rows to add and the assignment ids to remove so `user_id` holds what the
    catalogue says (provisioned roles only)."""
    wanted = person.wanted_roles()
    add = [
        RoleAssignment(user_id=user_id, role=role, unit_id=unit_id)
        for role, unit_id in sorted(wanted - held.keys())
    ]
    remove = [pk for key, pk in held.items() if key not in wanted]
    return add, remove


@transaction.atomic(savepoint=False)  # inside SCIM's own transaction: no savepoint to pay for
def provision(person: Person, *, user: User | None = None) -> tuple[User, list[str]]:
    """Create or update one person (SCIM, first sign-in); returns the user and what changed."""
    if user is None:
        user = match(person)
    if user is None:
        user = new_user(person)
        user.save()
        changed = ["created"]
    else:
        changed = differences(user, person)
        update_user(user, person, changed)
    held = provisioned_roles([user.pk]).get(user.pk, {})
    add, remove = set_roles(user.pk, person, held) if person.is_active else ([], [])
    for row in add:
        row.save()
    if remove:
        for assignment in RoleAssignment.objects.filter(pk__in=remove):
            assignment.delete()
    user.__dict__.pop("scopes", None)
    user.__dict__.pop("roles", None)
    return user, changed + (["roles"] if add or remove else [])


def match(person: Person) -> User | None:
    if person.external_id:
        user = User.objects.filter(external_id=person.external_id).first()
        if user is not None:
            return user
    return User.objects.filter(
        email__iexact=normal_email(person.email), external_id__isnull=True
    ).first()


def person_from_claims(claims: dict) -> Person:
    """A person from the identity provider's verified claims, on first sign-in (when
    SAKRA_OIDC_CREATE_USERS is on): the unit claim names the unit by external id or code."""
    from django.conf import settings

    from sakra.organisation.models import Unit

    unit_value = str(claims.get(settings.SAKRA_OIDC_UNIT_CLAIM, "") or "").strip()
    unit = None
    if settings.SAKRA_OIDC_UNIT_CLAIM and unit_value:
        unit = (
            Unit.objects.filter(is_active=True)
            .filter(Q(external_id=unit_value) | Q(code=unit_value))
            .first()
        )
    external_id = str(claims.get(settings.SAKRA_OIDC_ID_CLAIM, "") or "").strip()
    return Person(
        external_id=external_id if settings.SAKRA_OIDC_ID_CLAIM else "",
        email=claims[settings.SAKRA_OIDC_EMAIL_CLAIM],
        full_name=str(claims.get("name", "") or "")[:200],
        unit_id=unit.pk if unit else None,
    )
