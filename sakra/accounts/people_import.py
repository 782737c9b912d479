"""`sakra import-people FILE`: the region's people and their units, kept in step with the file.

Columns (docs/admin/organisation-import.md): external_id* (HSA-id or employee number), name*,
email*, unit* (the unit's external id, or its code), manager (yes/no, ja/nej, 1/0). * = required.

The file is everyone. A person with an external id whom the file no longer names is disabled,
never deleted. The rules of `provisioning` apply: new people are employees of their unit, the
manager flag gives the manager role there, and the roles set in the app are left alone.

The file is read a thousand rows at a time and each thousand applied with a few statements
(new people and roles with `bulk_create`, changed people with `bulk_update`), each changed
row still with its own audit entry, written in bulk: memory stays flat with the file's size
(only the ids and addresses seen are kept, to find the same person twice). It is all or
nothing all the same: one transaction, and a bad row anywhere rolls back what earlier
thousands wrote.
"""

from __future__ import annotations

from contextlib import nullcontext
from itertools import islice
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from sakra.core.audit import as_system, log_bulk_created, log_bulk_updated
from sakra.organisation.importing import FALSE, TRUE, ImportRefused, Plan, RowError, clean_rows
from sakra.organisation.models import Unit

from .models import RoleAssignment, User
from .provisioning import (
    Person,
    audit_name,
    differences,
    new_user,
    normal_email,
    provisioned_roles,
    set_roles,
    wanted_fields,
)
from .services import deactivate_users

COLUMNS = ["external_id", "name", "email", "unit", "manager"]
REQUIRED = ["external_id", "name", "email", "unit"]
LIMITS = {"external_id": 64, "name": 200, "email": 254, "unit": 64, "manager": 10}
BATCH_SIZE = 1000

NEW, CHANGED, MOVED, ROLES, DISABLED = "new", "changed", "moved", "roles", "disabled"


class _Rows:
    """Rows checked one at a time; what is kept across the file is only what finds a person
    named twice (their id and address, with the row that named them)."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        self.units = {}
        for pk, code, external_id in Unit.objects.values_list("pk", "code", "external_id"):
            self.units[code] = pk
            if external_id:
                self.units[external_id] = pk
        self.ids: dict[str, int] = {}
        self.emails: dict[str, int] = {}

    def person(self, number: int, row: dict) -> Person | None:
        errors = self.errors
        missing = [column for column in REQUIRED if not row.get(column)]
        for column in missing:
            errors.append(RowError(number, column, _("required")))
        if missing:
            return None
        before = len(errors)
        email = normal_email(row["email"])
        try:
            validate_email(email)
        except ValidationError:
            errors.append(RowError(number, "email", _("not an e-mail address")))
        unit_id = self.units.get(row["unit"])
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
            (self.ids, row["external_id"], "external_id"),
            (self.emails, email, "email"),
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
        if len(errors) != before:
            return None
        return Person(row["external_id"], email, row["name"], unit_id, manager in TRUE)


def import_people(path: Path, *, by=None, dry_run: bool = False) -> Plan:
    """Apply the file's people; all or nothing. The dry run is the real run rolled back."""
    errors: list[RowError] = []
    with transaction.atomic(), as_system() if by is None else nullcontext():
        plan = _Apply(errors).run(clean_rows(path, errors, LIMITS))
        if errors:
            raise ImportRefused(errors)  # rolls back what was written
        if dry_run:
            transaction.set_rollback(True)
    return plan


#: What a person's row is read with: the fields the file sets, and what the comparison needs.
FIELDS = ["pk", "email", "full_name", "external_id", "home_unit_id", "is_active"]


class _Apply:
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        self.rows = _Rows(errors)
        self.plan = Plan()
        self.unit_names = dict(Unit.objects.values_list("pk", "name"))
        self.units = Unit.objects.in_bulk()  # a role's audit entry names its unit

    def run(self, rows) -> Plan:
        rows = iter(rows)
        while chunk := list(islice(rows, BATCH_SIZE)):
            people = [(n, p) for n, row in chunk if (p := self.rows.person(n, row)) is not None]
            if people and not self.errors:  # after an error only the rest of the file is checked
                self._chunk(people)
        if not self.rows.ids and not self.errors:
            self.errors.append(RowError(1, "external_id", _("the file has no people")))
        if not self.errors:
            self._disable_the_departed()
        return self.plan

    def _chunk(self, people: list[tuple[int, Person]]) -> None:
        plan = self.plan
        users = {
            u.external_id: u
            for u in User.objects.filter(external_id__in=[p.external_id for _n, p in people])
            .only(*FIELDS)
            .order_by()
        }
        # Addresses compared in lower case: someone typed in by hand may have capitals.
        owners = {
            email: (pk, external_id)
            for email, pk, external_id in User.objects.annotate(lower=Lower("email"))
            .filter(lower__in=[p.email for _n, p in people])
            .order_by()
            .values_list("lower", "pk", "external_id")
        }
        created: list[tuple[User, Person]] = []
        changed: list[tuple[User, dict]] = []
        matched: list[tuple[User, Person]] = []
        for number, person in people:
            user = users.get(person.external_id)
            owner = owners.get(person.email)
            if user is None and owner is not None and not owner[1]:
                user = User.objects.only(*FIELDS).get(pk=owner[0])  # taken over by the file
            if owner is not None and (user is None or owner[0] != user.pk):
                self.errors.append(
                    RowError(
                        number,
                        "email",
                        _("“{email}” belongs to another person in Sakra").format(
                            email=person.email
                        ),
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
                        unit=self.unit_names[person.unit_id],
                        manager=_(", manager") if person.is_manager else "",
                    ),
                )
                continue
            matched.append((user, person))
            fields = differences(user, person)
            if "home_unit_id" in fields:
                plan.add(
                    MOVED,
                    _("{name} moves to {unit}.").format(
                        name=person.full_name, unit=self.unit_names[person.unit_id]
                    ),
                )
            other = [name for name in fields if name != "home_unit_id"]
            if other:
                plan.add(
                    CHANGED,
                    _("{name}: {fields} changed.").format(
                        name=person.full_name, fields=", ".join(_label(name) for name in other)
                    ),
                )
            if fields:
                wanted = wanted_fields(person)
                changed.append(
                    (user, {name: (getattr(user, name), wanted[name]) for name in fields})
                )
        if self.errors:
            return
        self._save(changed)
        self._create(created, self._roles(matched, {user.pk for user, _c in changed}))

    def _save(self, changed: list[tuple[User, dict]]) -> None:
        """The changed people in one statement, each with its audit entry (auditlog's words:
        field → [before, after], the unit by its id)."""
        if not changed:
            return
        fields = sorted({name for _user, change in changed for name in change})
        for user, change in changed:
            for name, (_before, after) in change.items():
                setattr(user, name, after)
        User.objects.bulk_update([user for user, _change in changed], fields)
        log_bulk_updated(
            [(user, {audit_name(n): v for n, v in change.items()}) for user, change in changed],
            source="import-people",
        )

    def _roles(self, matched: list[tuple[User, Person]], changed: set[int]) -> list[RoleAssignment]:
        """The provisioned roles of the matched people brought in line with the file: the
        rows to add; those to remove are removed here."""
        held = provisioned_roles([user.pk for user, _p in matched])
        adding, removing = [], []
        for user, person in matched:
            add, remove = set_roles(user.pk, person, held.get(user.pk, {}))
            if add or remove:
                self.plan.add(
                    ROLES,
                    _("{name}: roles {roles}.").format(
                        name=person.full_name,
                        roles=_describe(add, remove, held.get(user.pk, {}), self.unit_names),
                    ),
                )
                adding += add
                removing += remove
            if not add and not remove and user.pk not in changed:
                self.plan.unchanged += 1
        if removing:
            # One delete for the thousand; its signals still end each holder's sessions and
            # auditlog still writes each removal's entry.
            RoleAssignment.objects.filter(pk__in=removing).delete()
        return adding

    def _create(self, created: list[tuple[User, Person]], roles: list[RoleAssignment]) -> None:
        """The new people and their roles, and the roles the file gives people already here.

        A new person's entry names the roles they were created with (as auditlog names a
        many-to-many change): one entry per person, not three; the 80 000 entries of a
        region's first import were most of its time. A role given to someone already in
        Sakra has its own entry, as any role given later does."""
        if roles:
            rows = RoleAssignment.objects.bulk_create(roles)
            for row in rows:
                row.unit = self.units[row.unit_id]
            log_bulk_created(rows, source="import-people")
        if not created:
            return
        users = User.objects.bulk_create([user for user, _p in created])
        given: dict[int, list[RoleAssignment]] = {}
        for user, (_u, person) in zip(users, created, strict=True):
            given[user.pk] = set_roles(user.pk, person, {})[0]
        RoleAssignment.objects.bulk_create([row for rows in given.values() for row in rows])
        log_bulk_created(
            users,
            source="import-people",
            more=lambda user: _roles_change(given[user.pk], self.units),
        )

    def _disable_the_departed(self) -> None:
        listed = self.rows.ids
        gone = [
            user
            for user in User.objects.filter(external_id__isnull=False, is_active=True)
            .only(*FIELDS)
            .order_by()
            .iterator(chunk_size=BATCH_SIZE)
            if user.external_id not in listed
        ]
        for user in gone:
            self.plan.add(
                DISABLED,
                _("{name} <{email}> is no longer in the file and is disabled.").format(
                    name=user.full_name, email=user.email
                ),
            )
        deactivate_users(gone)


def _roles_change(rows: list[RoleAssignment], units: dict[int, Unit]) -> dict:
    if not rows:
        return {}
    for row in rows:
        row.unit = units[row.unit_id]
    objects = [str(row) for row in rows]
    return {"role_assignments": {"type": "m2m", "operation": "add", "objects": objects}}


def _label(name: str) -> str:
    return str(User._meta.get_field(name).verbose_name)


def _describe(add, remove, held, unit_names) -> str:
    from .choices import Role

    by_pk = {pk: key for key, pk in held.items()}
    parts = [f"+{Role(row.role).label} ({unit_names[row.unit_id]})" for row in add]
    parts += [f"−{Role(by_pk[pk][0]).label} ({unit_names[by_pk[pk][1]]})" for pk in remove]
    return ", ".join(parts)
