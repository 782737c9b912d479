"""The one path for row access: `Model.objects.for_user(user, action)`.

A user holds roles in scopes. A scope is a unit subtree, a security area, or both; a scope
with neither is the whole region. Each scoped QuerySet says which roles may do which actions
and how to reach a unit and an area from its rows; this module turns the user's scopes into
one SQL condition. Apps never filter by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import BooleanField, Exists, OuterRef, Q, Value

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

VIEW = "view"
CHANGE = "change"

#: The condition of a region-wide scope: every row. Not an empty `Q()`, which Django drops
#: from an OR (`Q() | Q(unit=1)` is `Q(unit=1)`), so that a region-wide role would narrow to
#: whatever other scope the person holds.
EVERY_ROW = Q(pk__isnull=False)


@dataclass(frozen=True)
class Scope:
    """A role held in a scope: `unit_path` is the materialised path of a unit subtree.

    `unit_id` and `unit_kind` name the subtree's top unit, so a QuerySet with a stored shortcut
    (an incident's administration) can use it instead of joining the tree.
    """

    role: str
    unit_path: str | None = None
    area_id: int | None = None
    unit_id: int | None = None
    unit_kind: str | None = None

    @classmethod
    def held(cls, role: str, *, unit: Any = None, area_id: int | None = None) -> Scope:
        """The scope of `role` held at `unit` (a tree node, or None) and/or in an area.

        A role held at the root unit is region-wide: it also covers rows placed in no unit
        (an area's goals, region-wide plans), so it carries no unit path at all.
        """
        below_root = unit is not None and not unit.is_root()
        return cls(
            role=role,
            unit_path=unit.path if below_root else None,
            area_id=area_id,
            unit_id=unit.pk if unit is not None else None,
            unit_kind=unit.kind if unit is not None else None,
        )

    @property
    def region_wide(self) -> bool:
        """Held over the whole region: no unit subtree and no area narrows it."""
        return self.unit_path is None and self.area_id is None


def _signed_in(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _ancestors_or_self(path: str, steplen: int) -> list[str]:
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


class ScopedQuerySet(models.QuerySet):
    """A QuerySet whose rows are reached only through `for_user()`.

    Three questions, one set of role tables: `for_user()` (which rows), `may()` (may they do
    it anywhere: menus, buttons, "new" pages) and `units_for()` (in which units: the choices
    of a form that offers a unit).
    """

    #: Lookup from a row to its unit (a tree node with `path`); "" when the row is a unit.
    unit_lookup: str | None = None
    #: Lookup from a row to its security area's id.
    area_lookup: str | None = None
    #: Lookup from a row to the user who owns it (a reporter sees their own reports).
    owner_lookup: str | None = None
    owner_actions: frozenset[str] = frozenset({VIEW})
    #: Which actions each role may take on the rows inside its scope.
    role_actions: Mapping[str, frozenset[str]] = {}
    #: Which actions each role may take on every row, whatever scope it is held in (the
    #: security board answers for the whole region).
    region_roles: Mapping[str, frozenset[str]] = {}
    #: Actions a role also takes on the rows placed at its scope's unit and the units above
    #: it (a manager reads the plan of their own administration and of the region).
    upward_actions: frozenset[str] = frozenset()
    #: Actions any signed-in user may take on every row (reference data).
    everyone_actions: frozenset[str] = frozenset()

    def for_user(self, user: Any, action: str = VIEW) -> Self:
        """The rows `user` may take `action` on; none for an anonymous or inactive user."""
        if not _signed_in(user):
            return self.none()
        if user.is_superuser or action in self.everyone_actions:
            return self.all()
        condition = self.access_condition(user, action)
        return self.none() if condition is None else self.filter(condition)

    def reaches_all(self, user: Any, action: str) -> bool:
        """Whether `for_user(user, action)` is every row, known without a query: a superuser,
        reference data, a region-wide role that nothing narrows. Always False for a queryset
        that decides its rows in its own `for_user()`."""
        if type(self).for_user is not ScopedQuerySet.for_user or not _signed_in(user):
            return False
        if user.is_superuser or action in self.everyone_actions:
            return True
        return self.access_condition(user, action) is EVERY_ROW

    def may(self, user: Any, action: str = VIEW) -> bool:
        """Whether `user` holds a role that lets them take `action` on rows of this kind
        somewhere (for menus, buttons and "new" pages; the rows still come from `for_user()`).

        Owning a row is not asked: that is a question about a row, which `can()` answers.
        """
        if not _signed_in(user):
            return False
        if user.is_superuser or action in self.everyone_actions:
            return True
        return self.role_condition(user, action) is not None

    def units_for(self, user: Any, action: str, *, without_area: bool = False) -> models.QuerySet:
        """The units in which `user` may take `action` on rows of this kind, through a role
        (for a form that offers a unit): every unit for a region-wide or an area-only scope,
        the subtree of a unit scope, none when no role allows it.

        `without_area`: for a row that names no security area, which an area-only scope cannot
        reach (a goal of an administration as a whole), so such scopes are left out."""
        units = self._unit_model()._default_manager.all()
        if not _signed_in(user):
            return units.none()
        if user.is_superuser or action in self.everyone_actions:
            return units
        conditions = []
        for scope in self.role_scopes(user, action):
            if without_area and scope.area_id is not None:
                continue
            # A scope the rows cannot be placed in (an area, for rows without one) offers
            # no unit of its own, only those above it where the action reaches upward.
            placed = self.scope_condition(scope) is not None
            if placed and scope.unit_path is None:
                return units  # every unit, whether or not an area narrows the rows
            if placed:
                conditions.append(Q(path__startswith=scope.unit_path))
            if action in self.upward_actions and scope.unit_path is not None:
                conditions.append(Q(path__in=self._upward_paths(scope)))
        return units.filter(reduce(or_, conditions)) if conditions else units.none()

    # --- how the answers are built (subclasses extend these hooks) ---------------------------

    def access_condition(self, user: Any, action: str) -> Q | None:
        """One Q for all the ways `user` may reach a row, or None when there is no way."""
        if self.reaches_every_row(user, action):
            # Alone rather than or'ed with the owner's rows: or'ed, PostgreSQL reads each row
            # to count the security chief's incident list (3.9 ms at the cap of 10 001 at a
            # million incidents); alone it counts off the primary key (2.5).
            return EVERY_ROW
        conditions = self.personal_conditions(user, action)
        role = self.role_condition(user, action)
        if role is not None:
            conditions.append(role)
        return reduce(or_, conditions) if conditions else None

    def personal_conditions(self, user: Any, action: str) -> list[Q]:
        """The rows the user reaches as themselves (their own), whatever roles they hold."""
        if self.owner_lookup and action in self.owner_actions:
            return [Q(**{self.owner_lookup: user.pk})]
        return []

    def role_scopes(self, user: Any, action: str) -> list[Scope]:
        """The user's scopes whose role allows `action` on rows of this kind; a role of
        `region_roles` counts as held region-wide. The one loop over a user's scopes."""
        scopes = [scope for scope in user.scopes if action in self.role_actions.get(scope.role, ())]
        scopes += [
            Scope(role=role)
            for role in sorted(user.roles)
            if action in self.region_roles.get(role, ())
        ]
        return scopes

    def role_filter(self, role: str, action: str) -> Q | None:
        """What `role` itself narrows inside its scope (restricted rows), None for nothing."""
        return None

    def role_conditions(
        self, user: Any, action: str, place: Callable[[Scope], Q | None] | None = None
    ) -> list[Q]:
        """One Q per scope through which `user` reaches rows; `place` says what a scope
        covers (by default `scope_condition`; a summary table passes its own columns)."""
        place = place or self.scope_condition
        conditions = []
        for scope in self.role_scopes(user, action):
            condition = place(scope)
            if action in self.upward_actions and scope.unit_path is not None:
                upward = self._upward_condition(scope)
                condition = upward if condition is None else condition | upward
            if condition is None:
                continue
            narrowed = self.role_filter(scope.role, action)
            conditions.append(condition if narrowed is None else condition & narrowed)
        return conditions

    def role_condition(self, user: Any, action: str) -> Q | None:
        """The rows `user` reaches through roles, or None when no role reaches any."""
        conditions = self.role_conditions(user, action)
        return reduce(or_, conditions) if conditions else None

    def reaches_every_row(self, user: Any, action: str) -> bool:
        """Whether a region-wide role lets `user` take `action` on every row."""
        return any(
            scope.region_wide and self.role_filter(scope.role, action) is None
            for scope in self.role_scopes(user, action)
        )

    def scope_condition(self, scope: Scope) -> Q | None:
        """The rows inside `scope`; None when the rows cannot be placed in it.

        A region-wide scope gives `EVERY_ROW` (an override must keep that:
        `reaches_every_row` relies on it).
        """
        condition = EVERY_ROW
        if scope.unit_path is not None:
            if self.unit_lookup is None:
                return None
            condition &= Q(**{f"{self._unit_prefix()}path__startswith": scope.unit_path})
        if scope.area_id is not None:
            if self.area_lookup is None:
                return None
            condition &= Q(**{self.area_lookup: scope.area_id})
        return condition

    def roles_with(self, action: str) -> frozenset[str]:
        """The roles that may take `action` somewhere. Prefer `may()`, which also asks
        whether the role's scope can hold rows of this kind."""
        return frozenset(
            role
            for table in (self.role_actions, self.region_roles)
            for role, actions in table.items()
            if action in actions
        )

    def _upward_paths(self, scope: Scope) -> list[str]:
        return _ancestors_or_self(scope.unit_path, self._unit_model().steplen)

    def _upward_condition(self, scope: Scope) -> Q:
        return Q(**{f"{self._unit_prefix()}path__in": self._upward_paths(scope)})

    def _unit_prefix(self) -> str:
        return f"{self.unit_lookup}__" if self.unit_lookup else ""

    def areas_for(self, user: Any, action: str) -> models.QuerySet:
        """The security areas in which `user` may take `action` on rows that no unit narrows
        (an area's goal for the whole region): every area for a region-wide scope, the area of
        an area-only scope, none for a scope in a unit subtree."""
        areas = self._related_model(self.area_lookup)._default_manager.all()
        if not _signed_in(user):
            return areas.none()
        if user.is_superuser or action in self.everyone_actions:
            return areas
        ids = set()
        for scope in self.role_scopes(user, action):
            if scope.unit_path is not None:
                continue
            if scope.area_id is None:
                return areas
            ids.add(scope.area_id)
        return areas.filter(pk__in=ids)

    def may_region_wide(self, user: Any, action: str) -> bool:
        """Whether `user` may take `action` on rows placed in no unit and no area (the region's
        own): a region-wide scope whose role allows it."""
        if not _signed_in(user):
            return False
        if user.is_superuser or action in self.everyone_actions:
            return True
        return any(scope.region_wide for scope in self.role_scopes(user, action))

    def _related_model(self, lookup: str | None) -> type[models.Model]:
        if not lookup:
            raise TypeError(f"{self.model.__name__} rows are not placed by {lookup!r}")
        model = self.model
        for name in lookup.split("__"):
            model = model._meta.get_field(name).related_model
        return model

    def _unit_model(self) -> type[models.Model]:
        if self.unit_lookup is None:
            raise TypeError(f"{self.model.__name__} rows are not placed in units")
        model = self.model
        for name in filter(None, self.unit_lookup.split("__")):
            model = model._meta.get_field(name).related_model
        return model


def addressed_to_roles(user: Any, *, steplen: int, also_unaddressed: bool = False) -> Q | None:
    """The rows addressed to a role (`role`), anywhere or at a unit (`unit`), that reach
    `user` (a decision's recipients, a consultation's): a row at a unit reaches the role's
    holders placed in that unit's subtree, a row with no unit every holder (so a role held
    in an area only is reached by rows with no unit). `also_unaddressed`: a row naming no
    role (`role=""`) at a unit reaches the holders of any role placed below it. None when
    `user` holds no role.

    For who a row is sent to, not which rows a role may act on (that is `for_user()`)."""
    conditions = []
    for scope in user.scopes:
        roles = Q(role__in=["", scope.role]) if also_unaddressed else Q(role=scope.role)
        placed = Q(unit__isnull=True)
        if scope.unit_path is not None:
            placed |= Q(unit__path__in=_ancestors_or_self(scope.unit_path, steplen))
        elif scope.unit_id is not None:  # held at the region's root
            placed |= Q(unit=scope.unit_id)
        conditions.append(roles & placed)
    return reduce(or_, conditions) if conditions else None


def scopes_of(user: Any, roles: Iterable[str]) -> list[Scope]:
    """Where `user` holds `roles` (what a person is, and where: who a row is sent to, a
    manager's level), not which rows a role may act on (that is `for_user()`)."""
    return [scope for scope in user.scopes if scope.role in roles]


def scopes_covering(user: Any, unit_path: str, roles: Iterable[str]) -> list[Scope]:
    """`user`'s scopes of `roles` whose subtree holds the unit at `unit_path` (the manager
    of it, or of a level above)."""
    return [
        scope
        for scope in scopes_of(user, roles)
        if scope.unit_path is None or unit_path.startswith(scope.unit_path)
    ]


def can(user: Any, action: str, obj: models.Model) -> bool:
    """Whether `user` may take `action` on `obj`, decided by the same `for_user()` path."""
    return type(obj)._default_manager.for_user(user, action).filter(pk=obj.pk).exists()


def with_allowed(queryset: models.QuerySet, user: Any, actions: Iterable[str]) -> models.QuerySet:
    """Each row annotated `may_<action>`: what `can()` says for each action, in the same query.
    Where the person reaches every row (the security chief, the auditor reading) the answer
    is the same for each row: a constant, not a subquery to build and run a row."""
    rows = queryset.model._default_manager.all()

    def allowed(action: str):
        if isinstance(rows, ScopedQuerySet) and rows.reaches_all(user, action):
            return Value(True, output_field=BooleanField())
        return Exists(rows.for_user(user, action).filter(pk=OuterRef("pk")))

    return queryset.annotate(**{f"may_{action}": allowed(action) for action in actions})
