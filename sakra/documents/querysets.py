"""Who reaches which governing documents: one `for_user()` path for the whole app.

An adopted (or archived) document is read by its audience where it applies: a document for the
whole region by everyone, a document for a unit (a local supplement) by the people of that unit
and the units below it, and by those whose scope covers it. The audience narrows by role:
employees read what is written for all staff, managers also what is written for managers,
security staff everything.

Drafts are read and changed by the document's owner and the security staff who keep documents
in scope: the security chief, the coordinator of the administration the document applies to,
and the owner of one of its security areas. An auditor reads drafts in scope, changes nothing.
A person a consultation is sent to reads the draft on consultation and may reply; a person an
adopted version was sent to reads it and may acknowledge it.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Q

from sakra.accounts.choices import Role
from sakra.core.access import (
    CHANGE,
    EVERY_ROW,
    VIEW,
    Scope,
    ScopedQuerySet,
    _ancestors_or_self,
    addressed_to_roles,
)

from .choices import PUBLISHED, Audience, VersionState

#: Start a new document (the "new" page; the rows it may be placed in come from units_for).
CREATE = "create"
#: Reply to a consultation.
REPLY = "reply"
#: Where an adopted document reaches its audience: every role reads in its scope's subtree and
#: the units above it (the access path's `upward_actions`), whatever else it may do there.
AUDIENCE = "audience"

#: Roles that read what is written for managers.
MANAGER_READERS = frozenset(
    {
        Role.MANAGER,
        Role.HEAD_OF_ADMINISTRATION,
        Role.SECURITY_COORDINATOR,
        Role.SECURITY_PARTNER,
        Role.AREA_OWNER,
        Role.SECURITY_CHIEF,
        Role.BOARD_MEMBER,
        Role.AUDITOR,
    }
)
#: Roles that read what is written for the security staff.
SECURITY_READERS = frozenset(
    {
        Role.SECURITY_COORDINATOR,
        Role.SECURITY_PARTNER,
        Role.AREA_OWNER,
        Role.SECURITY_CHIEF,
        Role.AUDITOR,
    }
)
#: Roles that keep documents in their scope.
KEEPERS = frozenset({Role.SECURITY_COORDINATOR, Role.AREA_OWNER, Role.SECURITY_CHIEF})
_KEEP = frozenset({VIEW, CHANGE, CREATE})


def audiences_for(user: Any) -> list[str]:
    roles = set(user.roles)
    audiences = [Audience.ALL_STAFF]
    if roles & MANAGER_READERS:
        audiences.append(Audience.MANAGERS)
    if roles & SECURITY_READERS:
        audiences.append(Audience.SECURITY_STAFF)
    return audiences


def _steplen() -> int:
    from sakra.organisation.models import Unit

    return Unit.steplen


class DocumentQuerySet(ScopedQuerySet):
    """Documents; `prefix` leads from the counted rows to their document."""

    prefix = ""
    unit_lookup = "unit"
    area_lookup = "areas"
    role_actions = {
        **{role: frozenset({AUDIENCE}) for role in Role},
        Role.SECURITY_COORDINATOR: _KEEP | {AUDIENCE},
        Role.AREA_OWNER: _KEEP | {AUDIENCE},
        Role.SECURITY_CHIEF: _KEEP | {AUDIENCE},
        Role.AUDITOR: frozenset({VIEW, AUDIENCE}),
    }
    upward_actions = frozenset({AUDIENCE})

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.unit_lookup = f"{cls.prefix}unit"
        cls.area_lookup = None

    def _p(self, lookup: str) -> str:
        return f"{self.prefix}{lookup}"

    def _in_area(self, area_id: int) -> Q:
        from .models import Document

        return Q(
            Exists(
                Document.areas.through.objects.filter(
                    document=OuterRef(self._p("pk") if self.prefix else "pk"),
                    securityarea=area_id,
                )
            )
        )

    def _reach(self, user: Any) -> Q:
        """Where the documents the user reads as staff apply: the region, the units their
        roles and their home unit lie in and above, and everything their scopes cover."""
        if self.reaches_every_row(user, AUDIENCE):
            return EVERY_ROW
        conditions = [Q(**{self._p("unit__isnull"): True})]
        home = getattr(user, "home_unit", None)
        if home is not None:
            conditions.append(
                Q(**{self._p("unit__path__in"): _ancestors_or_self(home.path, _steplen())})
            )
        conditions.extend(self.role_conditions(user, AUDIENCE))
        return reduce(or_, conditions)

    def _kept(self, user: Any, action: str) -> list[Q]:
        """The documents the user keeps (or, as an auditor, reads) through a role."""
        if self.reaches_every_row(user, action):
            return [EVERY_ROW]
        return self.role_conditions(user, action)

    def scope_condition(self, scope: Scope) -> Q | None:
        """A document names its areas in a many-to-many, so an area scope asks for one of them."""
        condition = EVERY_ROW
        if scope.unit_path is not None:
            condition &= Q(**{self._p("unit__path__startswith"): scope.unit_path})
        if scope.area_id is not None:
            condition &= self._in_area(scope.area_id)
        return condition

    def _recipient(self, user: Any) -> Q:
        from .models import DistributionRecipient

        return Q(
            Exists(
                DistributionRecipient.objects.filter(
                    version__document=OuterRef(self._p("pk") if self.prefix else "pk"),
                    user=user.pk,
                )
            )
        )

    def _consulted(self, user: Any) -> Q | None:
        """Documents whose draft is on consultation to a unit or role the user holds."""
        from .models import ConsultationRecipient

        steplen = _steplen()
        matches = []
        home = getattr(user, "home_unit", None)
        if home is not None:
            matches.append(Q(role="", unit__path__in=_ancestors_or_self(home.path, steplen)))
        held = addressed_to_roles(user, steplen=steplen, also_unaddressed=True)
        if held is not None:
            matches.append(held)
        if not matches:
            return None
        return Q(
            Exists(
                ConsultationRecipient.objects.filter(
                    reduce(or_, matches),
                    consultation__version__document=OuterRef(
                        self._p("pk") if self.prefix else "pk"
                    ),
                    consultation__version__state=VersionState.CONSULTATION,
                )
            )
        )

    def access_condition(self, user: Any, action: str) -> Q | None:
        conditions = self._kept(user, action)
        if EVERY_ROW in conditions:
            return EVERY_ROW
        if action in (VIEW, CHANGE):
            conditions.append(Q(**{self._p("owner"): user.pk}))
        if action == VIEW:
            conditions.append(
                Q(**{self._p("status__in"): PUBLISHED})
                & Q(**{self._p("audience__in"): audiences_for(user)})
                & self._reach(user)
            )
            conditions.append(self._recipient(user))
        if action in (VIEW, REPLY):
            consulted = self._consulted(user)
            if consulted is not None:
                conditions.append(consulted)
        if action == REPLY:
            conditions.extend(self._kept(user, CHANGE))
            conditions.append(Q(**{self._p("owner"): user.pk}))
        return reduce(or_, conditions) if conditions else None

    def may(self, user: Any, action: str = VIEW) -> bool:
        if action == VIEW:
            return bool(user is not None and user.is_authenticated and user.is_active)
        return super().may(user, action)

    def in_force(self):
        return self.filter(**{self._p("status"): "adopted"})


class VersionQuerySet(ScopedQuerySet):
    """A document's versions: whoever reads an adopted document reads its adopted and
    superseded versions; the draft is read by those who keep the document (and its owner and
    an auditor in scope), and, while on consultation, by those it was sent to."""

    def access_condition(self, user: Any, action: str) -> Q | None:
        from .models import Document

        documents = Document.objects.all()
        readers = documents.for_user(user, VIEW).values("pk")
        workers = [*documents._kept(user, VIEW), Q(owner=user.pk)]
        condition = Q(state__in=[VersionState.ADOPTED, VersionState.SUPERSEDED]) | Q(
            document__in=documents.filter(reduce(or_, workers)).values("pk")
        )
        consulted = documents._consulted(user)
        if consulted is not None:
            condition |= Q(state=VersionState.CONSULTATION) & Q(
                document__in=documents.filter(consulted).values("pk")
            )
        return Q(document__in=readers) & condition
