from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, ScopedQuerySet

#: Setting a new goal in a scope (or moving one there). Unlike CHANGE it is never the owner's:
#: naming oneself the owner must not open a scope one has no role in.
CREATE = "create"

_EDIT = frozenset({VIEW, CHANGE, CREATE})

# Goals are the region's published intent: everyone signed in may read them. They are set and
# kept by the chief everywhere, area owners in their area, and heads of administration and
# security coordinators in their administration (DOMAIN.md).
_GOAL_EDITORS = {
    Role.SECURITY_CHIEF: _EDIT,
    Role.AREA_OWNER: _EDIT,
    Role.HEAD_OF_ADMINISTRATION: _EDIT,
    Role.SECURITY_COORDINATOR: _EDIT,
}


class GoalQuerySet(ScopedQuerySet):
    """Goals: readable by all; changed by their owner, the area owner, the head of the
    administration and its security coordinator, and the security chief."""

    unit_lookup = "administration"
    area_lookup = "area"
    owner_lookup = "owner"
    owner_actions = frozenset({VIEW, CHANGE})
    everyone_actions = frozenset({VIEW})
    role_actions = _GOAL_EDITORS

    def active(self):
        return self.filter(is_active=True)


class IndicatorQuerySet(ScopedQuerySet):
    unit_lookup = "goal__administration"
    area_lookup = "goal__area"
    owner_lookup = "goal__owner"
    owner_actions = frozenset({VIEW, CHANGE})
    everyone_actions = frozenset({VIEW})
    role_actions = _GOAL_EDITORS

    def with_goal(self):
        return self.select_related("goal", "goal__area", "goal__administration", "unit", "site")


class ManualValueQuerySet(ScopedQuerySet):
    everyone_actions = frozenset({VIEW})
