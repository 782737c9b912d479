"""Sakra's people as SCIM resources: scim2-server's storage over the ORM (ADR 0007).

Every change goes through `provisioning.provision()`, the rules of `sakra import-people`:
matched by external id, else by e-mail; an employee of the unit; manager there by the flag;
the roles set in the app left alone. DELETE disables the person (nobody is deleted) and marks
them removed, so that SCIM no longer finds them until the provider creates them again.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from scim2_models import (
    Email,
    EnterpriseUser,
    ForbiddenException,
    GroupMember,
    InvalidValueException,
    Meta,
    Name,
    NotFoundException,
    NotImplementedException,
    PreconditionFailedException,
    Resource,
    ResourceType,
    SearchRequest,
    UniquenessException,
)
from scim2_server.storage import ScimStorage, SearchPage

from sakra.organisation.models import Unit

from ..choices import Role
from ..models import RoleAssignment, User
from ..provisioning import Person, normal_email, provision
from ..services import deactivate_user
from .filters import user_q
from .schema import MANAGERS_GROUP_ID, SakraUser, managers_group_name, provider

#: The people read (locked) by the operation under way, by id.
_read: ContextVar[dict[str, User] | None] = ContextVar("sakra_scim_read", default=None)

FIELD_LIMITS = {"external_id": 64, "full_name": 200, "email": 254}


def people():
    """The people SCIM sees: not the superusers (an identity provider never manages the
    accounts that run Sakra), nor those it removed."""
    managing = RoleAssignment.objects.filter(
        user=OuterRef("pk"),
        role=Role.MANAGER,
        unit=OuterRef("home_unit"),
        appointment__isnull=True,
    )
    return (
        User.objects.filter(is_superuser=False, deprovisioned_at__isnull=True)
        .select_related("home_unit")
        .annotate(is_manager=Exists(managing))
        .order_by("pk")
    )


def _version(*values) -> str:
    digest = hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()[:20]
    return f'W/"{digest}"'


def unit_reference(unit: Unit | None) -> str | None:
    if unit is None:
        return None
    return unit.external_id or unit.code


def user_resource(user: User) -> Resource[Any]:
    """`user` (from `people()`) as a SCIM User."""
    model = provider().model_for("User")
    unit = unit_reference(user.home_unit)
    resource = model(
        id=str(user.pk),
        external_id=user.external_id,
        user_name=user.email,
        name=Name(formatted=user.full_name),
        display_name=user.full_name,
        emails=[Email(value=user.email, type=Email.Type.work, primary=True)],
        active=user.is_active,
        meta=Meta(
            resource_type="User",
            created=user.date_joined,
            last_modified=user.date_joined,
            version=_version(
                user.email, user.full_name, user.external_id, unit, user.is_manager,
                user.is_active,
            ),
        ),
    )  # fmt: skip
    resource[EnterpriseUser] = EnterpriseUser(department=unit)
    resource[SakraUser] = SakraUser(unit=unit, manager=user.is_manager)
    return resource


def group_resource(members: list[User] | None) -> Resource[Any]:
    """The managers group; `members` None leaves them out (a search, `excludedAttributes`)."""
    model = provider().model_for("Group")
    listed = None
    if members is not None:
        listed = [
            GroupMember(
                value=str(user.pk), display=user.full_name, type="User", ref=f"Users/{user.pk}"
            )
            for user in members
        ]
    return model(
        id=MANAGERS_GROUP_ID,
        display_name=managers_group_name(),
        members=listed,
        meta=Meta(
            resource_type="Group",
            version=_version(sorted(user.pk for user in members or [])),
        ),
    )


def managers() -> list[User]:
    rows = people().filter(is_manager=True, is_active=True).select_related(None)
    return list(rows.only("pk", "full_name"))


def _text(value: Any, field: str) -> str:
    text = str(value or "").strip()
    if len(text) > FIELD_LIMITS[field]:
        raise InvalidValueException(detail=f"{field} is longer than {FIELD_LIMITS[field]}")
    return text


def _unit_id(resource: Resource[Any], current: User | None) -> int | None:
    """The unit the resource names: Sakra's attribute, else the department. A resource read
    and sent back carries both; when they differ, the one that changed wins."""
    sakra, enterprise = resource[SakraUser], resource[EnterpriseUser]
    named = [
        str(value).strip()
        for value in (sakra.unit if sakra else None, enterprise.department if enterprise else None)
        if value and str(value).strip()
    ]
    held = unit_reference(current.home_unit) if current is not None else None
    changed = [value for value in named if value != held]
    value = (changed or named or [""])[0]
    if value and value == held:
        return current.home_unit_id
    if not value:
        return None
    unit = (
        Unit.objects.filter(is_active=True)
        .filter(Q(external_id=value) | Q(code=value))
        .values_list("pk", flat=True)
        .first()
    )
    if unit is None:
        raise InvalidValueException(
            detail=f"Unknown unit {value!r}: import the organisation first, or name the unit "
            "by its external id (HSA-id) or code"
        )
    return unit


def person_of(resource: Resource[Any], *, current: User | None = None) -> Person:
    """What the resource says about a person, checked as the import checks a row."""
    emails = resource.emails or []
    primary = next((e for e in emails if e.primary), emails[0] if emails else None)
    email = normal_email(resource.user_name or "")
    try:
        validate_email(email)
    except ValidationError:
        email = normal_email(str(primary.value) if primary and primary.value else "")
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidValueException(
            detail="userName or a primary e-mail must be an e-mail address"
        ) from None
    name = resource.name or Name()
    given_and_family = " ".join(part for part in (name.given_name, name.family_name) if part)
    full_name = name.formatted or resource.display_name or given_and_family or email
    sakra = resource[SakraUser]
    if sakra is not None and sakra.manager is not None:
        is_manager = sakra.manager
    else:
        is_manager = bool(current is not None and current.is_manager)
    return Person(
        external_id=_text(resource.external_id, "external_id"),
        email=_text(email, "email"),
        full_name=_text(full_name, "full_name"),
        unit_id=_unit_id(resource, current),
        is_manager=is_manager,
        is_active=resource.active is not False,
    )


def person_from_user(user: User, *, is_manager: bool) -> Person:
    return Person(
        external_id=user.external_id or "",
        email=user.email,
        full_name=user.full_name,
        unit_id=user.home_unit_id,
        is_manager=is_manager,
        is_active=user.is_active,
    )


def _taken(person: Person, user: User | None) -> None:
    """UniquenessException when another person holds the e-mail address or external id."""
    others = User.objects.exclude(pk=user.pk) if user is not None else User.objects.all()
    new_id = user is None or user.external_id != person.external_id
    if person.external_id and new_id and others.filter(external_id=person.external_id).exists():
        raise UniquenessException(detail="Another person has this externalId")
    # Only a new address is looked for: a case-insensitive match cannot use the index.
    if (user is None or user.email.lower() != person.email) and others.filter(
        email__iexact=person.email
    ).exists():
        raise UniquenessException(detail="Another person has this e-mail address (userName)")


class SakraStorage(ScimStorage):
    """Users and the managers group, read and changed through Sakra's rules."""

    @contextmanager
    def operation(self):
        """One operation, one transaction: an error leaves nothing half-written. The person an
        operation reads is read locked, once: PUT and PATCH read, then write, the same row."""
        token = _read.set({})
        try:
            with transaction.atomic():
                yield
        finally:
            _read.reset(token)

    # -- reading

    def get(self, resource_type: ResourceType, resource_id: str, *, response_parameters=None):
        if resource_type.name == "Group":
            if resource_id != MANAGERS_GROUP_ID:
                raise NotFoundException(detail=f"No group {resource_id!r}")
            return group_resource(managers() if _wants_members(response_parameters) else None)
        read = _read.get()
        if read is None:
            return user_resource(self._user(resource_id))
        read[resource_id] = user = self._user(resource_id, lock=True)
        resource = user_resource(user)
        # PUT and PATCH read, then write this row, locked: its version is the one just built.
        user.scim_version = resource.meta.version
        return resource

    def _user(self, resource_id: str, *, lock: bool = False) -> User:
        read = _read.get()
        if lock and read and resource_id in read:
            return read[resource_id]
        rows = people()
        if lock:
            # Locks the person's row; the manager flag is read in the same statement.
            rows = rows.select_for_update(of=("self",))
        user = rows.filter(pk=int(resource_id)).first() if resource_id.isdigit() else None
        if user is None:
            raise NotFoundException(detail=f"No user {resource_id!r}")
        return user

    def search(self, resource_types, search_request: SearchRequest, *, position=None) -> SearchPage:
        if len(resource_types) != 1:
            raise NotImplementedException(detail="Search Users or Groups, not the root")
        start = (search_request.start_index or 1) - 1
        count = search_request.count
        if resource_types[0].name == "Group":
            group = group_resource(None)
            found = search_request.filter is None or search_request.filter.match(group)
            groups = [group] if found else []
            members = managers() if groups and _wants_members(search_request) else None
            page = [group_resource(members)] if groups and start == 0 and count != 0 else []
            return SearchPage(total=len(groups), resources=page)
        rows = people()
        if search_request.filter is not None:
            rows = rows.filter(user_q(search_request.filter.ast))
        total = rows.count()
        end = start + (count if count is not None else 100)
        return SearchPage(total=total, resources=[user_resource(u) for u in rows[start:end]])

    # -- changing

    def create(self, resource_type: ResourceType, resource: Resource[Any]):
        if resource_type.name == "Group":
            if str(resource.display_name or "").casefold() == managers_group_name().casefold():
                raise UniquenessException(
                    detail="The managers group exists: find it by displayName"
                )
            raise ForbiddenException(
                detail=f"Sakra serves one group, {managers_group_name()!r}: assign the identity "
                "provider only that group"
            )
        person = person_of(resource)
        user = (
            User.objects.select_for_update().filter(external_id=person.external_id).first()
            if person.external_id
            else None
        )
        if user is None:
            user = User.objects.filter(email__iexact=person.email, external_id__isnull=True).first()
        if user is not None and user.deprovisioned_at is None and user.external_id:
            raise UniquenessException(detail="A person with this externalId exists")
        if user is not None and user.is_superuser:
            raise UniquenessException(detail="This e-mail address belongs to an administrator")
        _taken(person, user)
        user, _changed = provision(person, user=user)
        if user.deprovisioned_at is not None:
            user.deprovisioned_at = None
            user.save(update_fields=["deprovisioned_at"])
        return user_resource(self._user(str(user.pk)))

    def update(
        self, resource_type: ResourceType, resource: Resource[Any], *, expected_version=None
    ):
        if resource_type.name == "Group":
            return self._update_group(resource, expected_version)
        user = self._user(str(resource.id), lock=True)
        self._check(_version_of(user), expected_version)
        person = person_of(resource, current=user)
        _taken(person, user)
        provision(person, user=user)
        if not person.is_active:  # the roles were left as they were: read what they say
            return user_resource(self._user(str(user.pk)))
        user.is_manager = person.is_manager and person.unit_id is not None
        return user_resource(user)  # its unit is read again only if it changed

    def delete(self, resource_type: ResourceType, resource_id: str, *, expected_version=None):
        if resource_type.name == "Group":
            raise ForbiddenException(detail="The managers group cannot be deleted")
        user = self._user(resource_id, lock=True)
        self._check(_version_of(user), expected_version)
        user.deprovisioned_at = timezone.now()
        user.save(update_fields=["deprovisioned_at"])
        deactivate_user(user)

    def _update_group(self, resource: Resource[Any], expected_version):
        if resource.id != MANAGERS_GROUP_ID:
            raise NotFoundException(detail=f"No group {resource.id!r}")
        current = managers()
        self._check(group_resource(current).meta.version, expected_version)
        wanted = set()
        for member in resource.members or []:
            value = str(member.value or "")
            if not value.isdigit():
                raise InvalidValueException(detail=f"No user {value!r}")
            wanted.add(int(value))
        held = {user.pk for user in current}
        changing = (wanted - held) | (held - wanted)
        found = {
            user.pk: user
            for user in people().filter(pk__in=changing).select_for_update(of=("self",))
        }
        missing = (wanted - held) - found.keys()
        if missing:
            raise InvalidValueException(detail=f"No user {sorted(missing)[0]!r}")
        for pk in sorted(changing):
            provision(person_from_user(found[pk], is_manager=pk in wanted), user=found[pk])
        return group_resource(managers())

    @staticmethod
    def _check(current: str, expected_version: str | None) -> None:
        if expected_version is not None and current != expected_version:
            raise PreconditionFailedException(detail="The resource has changed in the meantime")


def _version_of(user: User) -> str:
    """The version of `user` as a resource: the one its read in this operation built, else
    built now."""
    return getattr(user, "scim_version", None) or user_resource(user).meta.version


def _wants_members(parameters) -> bool:
    """False when the request leaves the members out (Entra ID reads groups that way)."""
    if parameters is None:
        return True
    excluded = {str(a).lower() for a in (getattr(parameters, "excluded_attributes", None) or [])}
    attributes = {str(a).lower() for a in (getattr(parameters, "attributes", None) or [])}
    if any(a.endswith("members") for a in excluded):
        return False
    return not attributes or any("members" in a for a in attributes)
