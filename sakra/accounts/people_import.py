"""`sakra import-people FILE`: the region's people and their units, kept in step with the file.

Columns (docs/admin/organisation-import.md): external_id* (HSA-id or employee number), name*,
email*, unit* (the unit's external id, or its code), manager (yes/no, ja/nej, 1/0). * = required.

The file is everyone. A person with an external id whom the file no longer names is disabled,
never deleted. The rules of `provisioning` apply: new people are employees of their unit, the
manager flag gives the manager role there, and the roles set in the app are left alone. New
people and their roles are written in bulk (40 000 people is a region); changes one by one, so
that each has its audit entry.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from sakra.core.audit import as_system, log_bulk_created
from sakra.organisation.importing import FALSE, TRUE, ImportRefused, Plan, RowError, clean_rows
from sakra.organisation.models import Unit

from .models import RoleAssignment, User
from .provisioning import (
    Person,
    differences,
    new_user,
    normal_email,
    provisioned_roles,
    set_roles,
    update_user,
)
from .services import deactivate_user

COLUMNS = ["external_id", "name", "email", "unit", "manager"]
REQUIRED = ["external_id", "name", "email", "unit"]
LIMITS = {"external_id": 64, "name": 200, "email": 254, "unit": 64, "manager": 10}
BATCH_SIZE = 1000

NEW, CHANGED, MOVED, ROLES, DISABLED = "new", "changed", "moved", "roles", "disabled"


def _parse(rows, errors: list[RowError]) -> list[tuple[int, Person]]:
    units = {}
    for pk, code, external_id in Unit.objects.values_list("pk", "code", "external_id"):
        units[code] = pk
        if external_id:
            units[external_id] = pk
    people, ids, emails = [], {}, {}
    for number, row in rows:
        missing = [column for column in REQUIRED if not row.get(column)]
        for column in missing:
            errors.append(RowError(number, column, _("required")))
        if missing:
            continue
        before = len(errors)
        email = normal_email(row["email"])
        try:
            validate_email(email)
        except ValidationError:
            errors.append(RowError(number, "email", _("not an e-mail address")))
        unit_id = units.get(row["unit"])
        if unit_id is None:
            errors.append(
                RowError(
                    number,
                    "unit",
                    _("unknown unit “{unit}”: import the organisation first").format(
                        unit=row["unit"]
                    ),
                )
            )
        manager = (row.get("manager") or "").lower()
        if manager not in TRUE | FALSE:
            errors.append(RowError(number, "manager", _("answer yes or no")))
        for seen, value, column in (
            (ids, row["external_id"], "external_id"),
            (emails, email, "email"),
        ):
            if value in seen:
                errors.append(
                    RowError(
                        number,
                        column,
                        _("“{value}” is also on row {row}").format(value=value, row=seen[value]),
                    )
                )
            seen[value] = number
        if len(errors) == before:
            people.append(
                (number, Person(row["external_id"], email, row["name"], unit_id, manager in TRUE))
            )
    return people


def import_people(path: Path, *, by=None, dry_run: bool = False) -> Plan:
    """Apply the file's people; all or nothing. The dry run is the real run rolled back."""
    errors: list[RowError] = []
    people = _parse(clean_rows(path, errors, LIMITS), errors)
    if not people and not errors:
        errors.append(RowError(1, "external_id", _("the file has no people")))
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic(), as_system() if by is None else nullcontext():
        plan = _apply(people, errors)
        if errors:
            raise ImportRefused(errors)
        if dry_run:
            transaction.set_rollback(True)
    return plan


def _apply(people: list[tuple[int, Person]], errors: list[RowError]) -> Plan:
    plan = Plan()
    users = {u.external_id: u for u in User.objects.filter(external_id__isnull=False)}
    by_email = {u.email.lower(): u for u in User.objects.all().only("pk", "email", "external_id")}
    unmatched = {email: u for email, u in by_email.items() if not u.external_id}
    unit_names = dict(Unit.objects.values_list("pk", "name"))
    held = provisioned_roles()
    created: list[tuple[User, Person]] = []
    role_rows: list[RoleAssignment] = []
    for number, person in people:
        user = users.get(person.external_id)
        if user is None and person.email in unmatched:
            user = User.objects.get(pk=unmatched[person.email].pk)  # taken over by the file
        owner = by_email.get(person.email)
        if owner is not None and (user is None or owner.pk != user.pk):
            errors.append(
                RowError(
                    number,
                    "email",
                    _("“{email}” belongs to another person in Sakra").format(email=person.email),
                )
            )
            continue
        if user is None:
            created.append((new_user(person), person))
            plan.add(
                NEW,
                _("New person: {name} <{email}>, {unit}{manager}.").format(
                    name=person.full_name,
                    email=person.email,
                    unit=unit_names[person.unit_id],
                    manager=_(", manager") if person.is_manager else "",
                ),
            )
            continue
        changed = differences(user, person)
        if "home_unit_id" in changed:
            plan.add(
                MOVED,
                _("{name} moves to {unit}.").format(
                    name=person.full_name, unit=unit_names[person.unit_id]
                ),
            )
        other = [name for name in changed if name != "home_unit_id"]
        if other:
            plan.add(
                CHANGED,
                _("{name}: {fields} changed.").format(
                    name=person.full_name, fields=", ".join(_label(name) for name in other)
                ),
            )
        update_user(user, person, changed)
        add, remove = set_roles(user.pk, person, held.get(user.pk, {}))
        if add or remove:
            plan.add(
                ROLES,
                _("{name}: roles {roles}.").format(
                    name=person.full_name,
                    roles=_describe(add, remove, held.get(user.pk, {}), unit_names),
                ),
            )
            role_rows += add
            for assignment in RoleAssignment.objects.filter(pk__in=remove):
                assignment.delete()  # one by one: the holder's sessions end
        if not changed and not add and not remove:
            plan.unchanged += 1
    _create(created, role_rows)
    listed = {person.external_id for _n, person in people}
    for external_id, user in users.items():
        if external_id not in listed and user.is_active:
            plan.add(
                DISABLED,
                _("{name} <{email}> is no longer in the file and is disabled.").format(
                    name=user.full_name, email=user.email
                ),
            )
            deactivate_user(user)
    return plan


def _create(created: list[tuple[User, Person]], role_rows: list[RoleAssignment]) -> None:
    for start in range(0, len(created), BATCH_SIZE):
        batch = created[start : start + BATCH_SIZE]
        users = User.objects.bulk_create([user for user, _p in batch])
        log_bulk_created(users, source="import-people")
        for user, (_u, person) in zip(users, batch, strict=True):
            role_rows += set_roles(user.pk, person, {})[0]
    rows = RoleAssignment.objects.bulk_create(role_rows, batch_size=BATCH_SIZE)
    # An entry names its row, and a role's name names its unit: read the units once, not once
    # a row (an N+1 that was half of a 40 000-person import).
    units = Unit.objects.in_bulk({row.unit_id for row in rows})
    for row in rows:
        row.unit = units[row.unit_id]
    log_bulk_created(rows, source="import-people")


def _label(name: str) -> str:
    return str(User._meta.get_field(name).verbose_name)


def _describe(add, remove, held, unit_names) -> str:
    from .choices import Role

    by_pk = {pk: key for key, pk in held.items()}
    parts = [f"+{Role(row.role).label} ({unit_names[row.unit_id]})" for row in add]
    parts += [f"−{Role(by_pk[pk][0]).label} ({unit_names[by_pk[pk][1]]})" for pk in remove]
    return ", ".join(parts)
