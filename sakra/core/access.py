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
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

VIEW = "view"
CHANGE = "change"


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

    @property
    def region_wide(self) -> bool:
        """Held over the whole region: no unit subtree and no area narrows it. A role held
        at the root unit is region-wide too (the user's scopes give it no unit path)."""
        return self.unit_path is None and self.area_id is None


class ScopedQuerySet(models.QuerySet):
    """A QuerySet whose rows are reached only through `for_user()`."""

    #: Lookup from a row to its unit (a tree node with `path`); "" when the row is a unit.
    unit_lookup: str | None = None
    #: Lookup from a row to its security area's id.
    area_lookup: str | None = None
    #: Lookup from a row to the user who owns it (a reporter sees their own reports).
    owner_lookup: str | None = None
    owner_actions: frozenset[str] = frozenset({VIEW})
    #: Which actions each role may take on the rows inside its scope.
    role_actions: Mapping[str, frozenset[str]] = {}
    #: Actions any signed-in user may take on every row (reference data).
    everyone_actions: frozenset[str] = frozenset()

    def for_user(self, user: Any, action: str = VIEW) -> Self:
        """The rows `user` may take `action` on; none for an anonymous or inactive user."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or action in self.everyone_actions:
            return self.all()
        condition = self.access_condition(user, action)
        return self.none() if condition is None else self.filter(condition)

    def access_condition(self, user: Any, action: str) -> Q | None:
        """One Q for all the ways `user` may reach a row, or None when there is no way."""
        conditions = []
        if self.owner_lookup and action in self.owner_actions:
            conditions.append(Q(**{self.owner_lookup: user.pk}))
        for scope in user.scopes:
            if action in self.role_actions.get(scope.role, ()):
                condition = self.scope_condition(scope)
                if condition is not None:
                    conditions.append(condition)
        return reduce(or_, conditions) if conditions else None

    def scope_condition(self, scope: Scope) -> Q | None:
        """The rows inside `scope`; None when the rows cannot be placed in it.

        A region-wide scope gives a condition every row meets rather than an empty Q(),
        because Django drops an empty Q from an OR and callers combine these with `|` and `&`.
        """
        condition = Q(pk__isnull=False)
        if scope.unit_path is not None:
            if self.unit_lookup is None:
                return None
            prefix = f"{self.unit_lookup}__" if self.unit_lookup else ""
            condition &= Q(**{f"{prefix}path__startswith": scope.unit_path})
        if scope.area_id is not None:
            if self.area_lookup is None:
                return None
            condition &= Q(**{self.area_lookup: scope.area_id})
        return condition

    def may(self, user: Any, action: str = VIEW) -> bool:
        """Whether `user` may take `action` on some row of this kind, anywhere (for menus,
        buttons and "new" pages; the rows themselves still come from `for_user()`)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser or action in self.everyone_actions:
            return True
        return self.access_condition(user, action) is not None

    def units_for(self, user: Any, action: str, *, without_area: bool = False) -> models.QuerySet:
        """The units in which `user` may take `action` on rows of this kind (for a form that
        offers a unit): the subtrees of the scopes whose role allows it, every unit for a
        region-wide or area-only scope, none otherwise.

        `without_area`: for a row that names no security area, which an area-only scope cannot
        reach (a goal of an administration as a whole), so such scopes are left out."""
        units = self._unit_model()._default_manager.all()
        if user is None or not user.is_authenticated or not user.is_active:
            return units.none()
        if user.is_superuser or action in self.everyone_actions:
            return units
        conditions = []
        for scope in user.scopes:
            if action not in self.role_actions.get(scope.role, ()):
                continue
            if without_area and scope.area_id is not None:
                continue
            if scope.unit_path is None:
                return units  # every unit, whether or not an area narrows the rows
            conditions.append(Q(path__startswith=scope.unit_path))
        return units.filter(reduce(or_, conditions)) if conditions else units.none()

    def areas_for(self, user: Any, action: str) -> models.QuerySet:
        """The security areas in which `user` may take `action` on rows that no unit narrows
        (an area's goal for the whole region): every area for a region-wide scope, the area of
        an area-only scope, none for a scope in a unit subtree."""
        areas = self._related_model(self.area_lookup)._default_manager.all()
        if user is None or not user.is_authenticated or not user.is_active:
            return areas.none()
        if user.is_superuser or action in self.everyone_actions:
            return areas
        ids = set()
        for scope in user.scopes:
            if action not in self.role_actions.get(scope.role, ()) or scope.unit_path is not None:
                continue
            if scope.area_id is None:
                return areas
            ids.add(scope.area_id)
        return areas.filter(pk__in=ids)

    def may_region_wide(self, user: Any, action: str) -> bool:
        """Whether `user` may take `action` on rows placed in no unit and no area (the region's
        own): a region-wide scope whose role allows it."""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser or action in self.everyone_actions:
            return True
        return any(
            scope.region_wide and action in self.role_actions.get(scope.role, ())
            for scope in user.scopes
        )

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

    def roles_with(self, action: str) -> frozenset[str]:
        """The roles that may take `action` somewhere (for navigation and menus)."""
        return frozenset(role for role, actions in self.role_actions.items() if action in actions)


def can(user: Any, action: str, obj: models.Model) -> bool:
    """Whether `user` may take `action` on `obj`, decided by the same `for_user()` path."""
    return type(obj)._default_manager.for_user(user, action).filter(pk=obj.pk).exists()


def with_allowed(queryset: models.QuerySet, user: Any, actions: Iterable[str]) -> models.QuerySet:
    """Each row annotated `may_<action>`: what `can()` says for each action, in the same query."""
    manager = queryset.model._default_manager
    return queryset.annotate(
        **{
            f"may_{action}": Exists(manager.for_user(user, action).filter(pk=OuterRef("pk")))
            for action in actions
        }
    )
