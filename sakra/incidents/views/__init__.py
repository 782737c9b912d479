"""The incident pages, thin: rows from for_user(), changes through services."""

from .handling import (
    acknowledge_incident,
    add_attachment,
    add_comment,
    assign_handler,
    change_severity,
    change_status,
    detail,
    download_attachment,
    record_obligation,
)
from .lists import export_csv, export_xlsx, filter_options, incident_list, obligation_list
from .reporting import receipt, report
from .roster import roster

__all__ = [
    "acknowledge_incident",
    "add_attachment",
    "add_comment",
    "assign_handler",
    "change_severity",
    "change_status",
    "detail",
    "download_attachment",
    "export_csv",
    "export_xlsx",
    "filter_options",
    "incident_list",
    "obligation_list",
    "receipt",
    "record_obligation",
    "report",
    "roster",
]
