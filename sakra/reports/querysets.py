"""Who may read and change the annual report: the security chief keeps it and approves it;
each area owner writes their area's chapter; the people who follow the region's security work
read it (a board paper, counts without personal data)."""

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, ScopedQuerySet

#: Approve the report (freezing its facts) and record the board's decision.
APPROVE = "approve"
#: Write and submit a chapter's narrative.
WRITE = "write"

_READERS = {
    Role.AREA_OWNER: frozenset({VIEW}),
    Role.HEAD_OF_ADMINISTRATION: frozenset({VIEW}),
    Role.SECURITY_COORDINATOR: frozenset({VIEW}),
    Role.BOARD_MEMBER: frozenset({VIEW}),
    Role.AUDITOR: frozenset({VIEW}),
}


class AnnualReportQuerySet(ScopedQuerySet):
    """Reports of the region: read by the roles that follow its security work, whatever their
    scope; kept and approved by the security chief."""

    region_roles = {**_READERS, Role.SECURITY_CHIEF: frozenset({VIEW, CHANGE, APPROVE})}

    def current(self):
        """The newest version of each report (a correction keeps the old one)."""
        return self.filter(next_version__isnull=True)


class ChapterQuerySet(ScopedQuerySet):
    """A chapter is written by the owner of its security area, and read like its report."""

    area_lookup = "area"
    role_actions = {Role.AREA_OWNER: frozenset({VIEW, WRITE})}
    region_roles = {**_READERS, Role.SECURITY_CHIEF: frozenset({VIEW})}
