"""The incident pages, thin: rows from for_user(), changes through services."""

from .elsewhere import figures as elsewhere_figures
from .handling import (
    acknowledge_incident,
    add_attachment,
    add_comment,
    assign_handler,
    change_category,
    change_severity,
    change_status,
    correct_awareness,
    detail,
    download_attachment,
    legal_hold,
    mark_near_miss,
    record_disruption,
    record_obligation,
)
from .lists import export_csv, export_xlsx, incident_list, obligation_list
from .reporting import receipt, report
from .retention import retention_plan
from .roster import roster
from .statistics import statistics

__all__ = [
    "acknowledge_incident",
    "add_attachment",
    "add_comment",
    "assign_handler",
    "change_category",
    "change_severity",
    "change_status",
    "correct_awareness",
    "detail",
    "download_attachment",
    "elsewhere_figures",
    "export_csv",
    "export_xlsx",
    "incident_list",
    "legal_hold",
    "mark_near_miss",
    "obligation_list",
    "receipt",
    "record_disruption",
    "record_obligation",
    "report",
    "retention_plan",
    "roster",
    "statistics",
]
