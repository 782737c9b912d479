"""Continuity's models, one module per part: plans and backups, the crisis log, critical supply,
civil defence, and exercises with training."""

from .civil import WartimePlan, WartimePost
from .crisis import Crisis, CrisisTemplate, LogEntry, StaffAssignment
from .exercises import Exercise, TrainingRecord
from .plans import ContinuityPlan, DependencyBackup, PlanReviewReminder
from .supply import SupplyStock

__all__ = [
    "ContinuityPlan",
    "Crisis",
    "CrisisTemplate",
    "DependencyBackup",
    "Exercise",
    "LogEntry",
    "PlanReviewReminder",
    "StaffAssignment",
    "SupplyStock",
    "TrainingRecord",
    "WartimePlan",
    "WartimePost",
]
