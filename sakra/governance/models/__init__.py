"""Governance: the forums that decide, and the one decision record of the whole system.

A forum's decision at a meeting, a governing document's adoption, the RSA's approval and the
board's decision on the annual report are all a `Decision`: other apps point at it with a
foreign key (`decision = models.ForeignKey("governance.Decision", ...)`) and create it through
`sakra.governance.services.record_decision`. Governance imports no other domain app's models.

Also here: the statutory requirements per security area, the internal control plan of a year
and the resources (funding sources and the activities they pay for).
"""

from .compliance import Control, ControlOccurrence, ControlPlan, Requirement
from .forums import (
    Acknowledgement,
    Decision,
    DecisionRecipient,
    Forum,
    ForumMember,
    Meeting,
    RoleMandate,
)
from .planning import PlanSubmission, StateAssignment
from .resources import FundedActivity, FundingSource
from .snapshots import IndicatorSnapshot

__all__ = [
    "Acknowledgement",
    "Control",
    "ControlOccurrence",
    "ControlPlan",
    "Decision",
    "DecisionRecipient",
    "Forum",
    "ForumMember",
    "FundedActivity",
    "FundingSource",
    "IndicatorSnapshot",
    "Meeting",
    "PlanSubmission",
    "Requirement",
    "RoleMandate",
    "StateAssignment",
]
