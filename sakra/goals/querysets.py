from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, ScopedQuerySet

# Goals are the region's published intent: everyone signed in may read them.
_GOAL_EDITORS = {
    Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE}),
    Role.AREA_OWNER: frozenset({VIEW, CHANGE}),
    Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW, CHANGE}),
}


class GoalQuerySet(ScopedQuerySet):
    """Goals: readable by all; changed by their owner, the area owner, the head of the
    administration they belong to, and the security chief."""

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
