from treebeard.mp_tree import MP_NodeQuerySet

from sakra.core.access import VIEW, ScopedQuerySet


class UnitQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    """Units are reference data: every signed-in user may read the tree."""

    unit_lookup = ""
    everyone_actions = frozenset({VIEW})

    def subtree_of(self, unit):
        """The unit and everything below it, in one query on the materialised path."""
        return self.filter(path__startswith=unit.path)

    def administrations(self):
        from .choices import UnitKind

        return self.filter(kind=UnitKind.ADMINISTRATION)


class SiteQuerySet(ScopedQuerySet):
    everyone_actions = frozenset({VIEW})


class SecurityAreaQuerySet(ScopedQuerySet):
    area_lookup = "pk"
    everyone_actions = frozenset({VIEW})

    def active(self):
        return self.filter(is_active=True)
