"""Who reaches which risk rows: one `for_user()` path for every model of the app.

Analyses are placed at a unit (the subtree they cover) and, when they have one, in a security
area. Two actions read them: VIEW sees that an analysis exists (title, kind, status, period)
and CONTENT reads what is in it (risks, method, participants). For an open analysis the two go
together. A confidential analysis (OSL 18 kap.) is read only by its participants, the owner of
its area and the security chief; the auditor sees that it exists but not its content, and
every other role does not see it at all. Risks are read with their analysis's content.

The regional RSA (not confidential) is read by every role holder in the region: it is the
region's shared picture of its risks.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, ScopedQuerySet

#: Read what an analysis holds (its risks, method, participants): VIEW alone shows it exists.
CONTENT = "content"
#: Create an analysis (or a risk in one).
CREATE = "create"
#: Approve an analysis (a decision recorded in governance).
APPROVE = "approve"

#: Roles that read confidential analyses inside their scope.
CONFIDENTIAL_READERS = frozenset({Role.AREA_OWNER, Role.SECURITY_CHIEF})
#: Roles that see that a confidential analysis exists (title, status), not its content.
EXISTENCE_READERS = CONFIDENTIAL_READERS | {Role.AUDITOR}

_READ = frozenset({VIEW, CONTENT})
_EDIT = frozenset({VIEW, CONTENT, CHANGE, CREATE})
_ANALYSIS_ROLES = {
    Role.MANAGER: _EDIT,
    Role.HEAD_OF_ADMINISTRATION: _EDIT | {APPROVE},
    Role.SECURITY_COORDINATOR: _EDIT,
    Role.SECURITY_PARTNER: _READ,
    Role.AREA_OWNER: _EDIT | {APPROVE},
    Role.SECURITY_CHIEF: _EDIT | {APPROVE},
    Role.BOARD_MEMBER: _READ,
    Role.AUDITOR: _READ,
}
#: Roles that read the regional RSA wherever their scope lies.
_RSA_READERS = frozenset(_ANALYSIS_ROLES)


class MatrixQuerySet(ScopedQuerySet):
    """The matrix setting is reference data: everyone reads it; the admin edits it."""

    everyone_actions = frozenset({VIEW})

    def current(self):
        """The newest version; the region's default is created the first time it is asked."""
        from . import matrix

        latest = self.order_by("-number").first()
        if latest is None:
            latest = self.create(
                number=1, likelihood_labels=matrix.DEFAULT_LIKELIHOOD,
                consequence_labels=matrix.DEFAULT_CONSEQUENCE,
                level_labels=matrix.DEFAULT_LEVEL_LABELS, levels=matrix.default_levels(),
                acceptable_level=matrix.DEFAULT_ACCEPTABLE, review_days=matrix.DEFAULT_REVIEW_DAYS,
            )  # fmt: skip
        return latest


def _participates(user: Any, analysis_lookup: str) -> Q:
    from .models import RiskAnalysis

    through = RiskAnalysis.participants.through
    return Q(Exists(through.objects.filter(riskanalysis=OuterRef(analysis_lookup), user=user.pk)))


class AnalysisQuerySet(ScopedQuerySet):
    unit_lookup = "unit"
    area_lookup = "area"
    role_actions = _ANALYSIS_ROLES

    def personal_conditions(self, user: Any, action: str) -> list[Q]:
        from .choices import AnalysisKind

        conditions = super().personal_conditions(user, action)
        if action in (VIEW, CONTENT, CHANGE):
            conditions.append(_participates(user, "pk"))
        if action in (VIEW, CONTENT):
            # The owner of the analysis's area, as the person named on the area.
            conditions.append(Q(area__owner=user.pk))
            if user.roles & _RSA_READERS:
                conditions.append(Q(kind=AnalysisKind.REGIONAL_RSA, is_confidential=False))
        return conditions

    def role_filter(self, role: str, action: str) -> Q | None:
        readers = EXISTENCE_READERS if action == VIEW else CONFIDENTIAL_READERS
        return None if role in readers else Q(is_confidential=False)

    def open(self):
        from .choices import AnalysisStatus

        return self.exclude(status=AnalysisStatus.ARCHIVED)


class RiskQuerySet(ScopedQuerySet):
    """Risks are read with their analysis's content and changed with the analysis; a risk's
    owner reads it (unless its analysis is confidential and they are not a reader of it)."""

    def access_condition(self, user: Any, action: str) -> Q | None:
        from .models import RiskAnalysis

        analysis_action = CONTENT if action == VIEW else action
        analyses = RiskAnalysis.objects.for_user(user, analysis_action).values("pk")
        condition = Q(analysis__in=analyses)
        if action == VIEW:
            condition |= Q(owner=user.pk, analysis__is_confidential=False)
        return condition

    def may(self, user, action=VIEW) -> bool:
        from .models import RiskAnalysis

        return RiskAnalysis.objects.may(user, CONTENT if action == VIEW else action)

    def above_acceptable(self):
        from django.db.models import F

        return self.filter(current_level__gt=F("analysis__matrix__acceptable_level"))

    def past_review(self, today=None):
        return self.filter(review_date__lt=today or timezone.localdate())

    def live(self):
        """Risks of analyses that are not archived."""
        from .choices import AnalysisStatus

        return self.exclude(analysis__status=AnalysisStatus.ARCHIVED)

    def for_list(self):
        return self.select_related("analysis__matrix", "analysis__unit", "area", "owner")


class ScanningNoteQuerySet(ScopedQuerySet):
    """Environmental scanning is drawn from open sources: every role holder reads it;
    coordinators, area owners and the chief write it."""

    region_roles = {
        **{role: frozenset({VIEW}) for role in _ANALYSIS_ROLES},
        Role.SECURITY_COORDINATOR: frozenset({VIEW, CREATE, CHANGE}),
        Role.AREA_OWNER: frozenset({VIEW, CREATE, CHANGE}),
        Role.SECURITY_CHIEF: frozenset({VIEW, CREATE, CHANGE}),
    }


class CriticalServiceQuerySet(ScopedQuerySet):
    """Critical services are placed at their responsible unit."""

    unit_lookup = "unit"
    role_actions = {
        Role.MANAGER: frozenset({VIEW}),
        Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW, CHANGE, CREATE}),
        Role.SECURITY_COORDINATOR: frozenset({VIEW, CHANGE, CREATE}),
        Role.SECURITY_PARTNER: frozenset({VIEW}),
        Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, CREATE}),
        Role.BOARD_MEMBER: frozenset({VIEW}),
        Role.AUDITOR: frozenset({VIEW}),
    }
    region_roles = {Role.AREA_OWNER: frozenset({VIEW})}


class CriticalDependencyQuerySet(CriticalServiceQuerySet):
    unit_lookup = "service__unit"


class _OfAnalysis(ScopedQuerySet):
    """Rows read with their analysis's content and changed with the analysis."""

    def access_condition(self, user: Any, action: str) -> Q | None:
        from .models import RiskAnalysis

        analysis_action = CONTENT if action == VIEW else action
        return Q(analysis__in=RiskAnalysis.objects.for_user(user, analysis_action).values("pk"))

    def may(self, user, action=VIEW) -> bool:
        from .models import RiskAnalysis

        return RiskAnalysis.objects.may(user, CONTENT if action == VIEW else action)


class PreparednessQuerySet(_OfAnalysis):
    """An RSA's assessment of crisis preparedness, with its analysis."""


class FollowUpQuerySet(_OfAnalysis):
    """An RSA's yearly follow-ups, with its analysis."""
