"""Who may do what with forums and decisions.

Decisions of public bodies are public documents (allmänna handlingar): every signed-in person
reads them. Recording one is for the security chief anywhere and for an administration's
coordinator and head in their administration's forums."""

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, ScopedQuerySet

#: Record a decision of a forum.
DECIDE = "decide"

_EDITORS = {
    Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, DECIDE}),
    Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE, DECIDE}),
    Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW, CHANGE, DECIDE}),
}


class ForumQuerySet(ScopedQuerySet):
    unit_lookup = "administration"
    role_actions = _EDITORS
    region_roles = {Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, DECIDE})}
    everyone_actions = frozenset({VIEW})


class DecisionQuerySet(ScopedQuerySet):
    unit_lookup = "forum__administration"
    role_actions = _EDITORS
    region_roles = {Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, DECIDE})}
    everyone_actions = frozenset({VIEW})
