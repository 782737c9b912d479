"""When an incident's authority duties fall due, keeping them in line with its category and its
awareness, and what closing says of the duties still waiting.

A duty's deadline counts from when the region became aware (`Incident.aware_at`). A duty whose
deadline is "without delay" (Arbetsmiljöverket's serious incident: `deadline_hours` 0) is due
at once: it is shown as due now, and counts as overdue only after the grace the region sets
(`SAKRA_WITHOUT_DELAY_GRACE_HOURS`, docs/admin/configuration.md). The grace is stored in the
duty's `due_at` when the duty is created or re-dated, so that every reader (the page, the list's
flag, the filter, the API, the on-time indicator) compares one column with the clock.

A duty waits only while its incident is handled (`IncidentObligation.is_pending`): closing with
one unreported needs the handler's confirmation (`confirm_closing`), which the timeline keeps,
and a closed or dismissed incident is flagged late nowhere.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sakra.core.audit import log_bulk_created

from .models import Incident, IncidentObligation, ReportingObligation

#: Without a setting: a duty to report "without delay" is overdue the day after awareness.
DEFAULT_GRACE_HOURS = 24


def without_delay_grace() -> timedelta:
    """How long a duty "without delay" is due now before it counts as overdue."""
    hours = getattr(settings, "SAKRA_WITHOUT_DELAY_GRACE_HOURS", DEFAULT_GRACE_HOURS)
    return timedelta(hours=max(0, int(hours)))


def due_at(obligation: ReportingObligation, aware_at: datetime) -> datetime:
    """The moment `obligation` becomes overdue for an incident the region knew of at
    `aware_at`."""
    if obligation.without_delay:
        return aware_at + without_delay_grace()
    return aware_at + timedelta(hours=obligation.deadline_hours)


def create_duties(incident: Incident, obligations, *, by) -> list[IncidentObligation]:
    """The duties of `obligations` on a new (or newly categorised) incident, in one insert,
    audited."""
    rows = new_duties(incident, obligations)
    log_bulk_created(rows, actor=by)
    return rows


def new_duties(incident: Incident, obligations) -> list[IncidentObligation]:
    """The duties inserted, not yet audited: the caller logs them (a new report logs them with
    the incident, in one insert)."""
    return IncidentObligation.objects.bulk_create(
        IncidentObligation(
            incident=incident, obligation=obligation, due_at=due_at(obligation, incident.aware_at)
        )
        for obligation in obligations
    )


def follow_category(incident: Incident, *, by) -> tuple[list[str], list[str]]:
    """After a change of category: the new category's active duties that the incident lacks
    are added, and the duties it no longer carries are removed unless already reported (a
    duty already reported stays, with its time and the authority's reference). Returns the
    codes (added, removed)."""
    wanted = {o.pk: o for o in incident.category.obligations.filter(is_active=True)}
    current = list(incident.obligations.select_related("obligation"))
    have = {row.obligation_id for row in current}
    added = create_duties(incident, [o for pk, o in wanted.items() if pk not in have], by=by)
    removed = [row for row in current if not (row.reported_at or row.obligation_id in wanted)]
    for row in removed:
        row.delete()  # one at a time: auditlog records each deletion
    return [row.obligation.code for row in added], [row.obligation.code for row in removed]


def redate(incident: Incident) -> int:
    """After awareness was corrected: the duties not yet reported count from the new time.
    Returns how many moved."""
    moved = 0
    for row in incident.obligations.filter(reported_at__isnull=True).select_related("obligation"):
        due = due_at(row.obligation, incident.aware_at)
        if due != row.due_at:
            row.due_at = due
            row.save(update_fields=["due_at"])  # audited, unlike update()
            moved += 1
    return moved


def open_duties_text(duties) -> str:
    """The duties named as a person reads them: "IMY: Anmälan … (försenad)"."""
    return "; ".join(
        (
            gettext("{authority}: {title} (overdue)") if late else gettext("{authority}: {title}")
        ).format(authority=duty.authority, title=duty.title)
        for duty, late in duties
    )


def confirm_closing(incident: Incident, *, confirmed: bool) -> dict:
    """The duties not recorded as reported when closing: refused unless confirmed; the codes
    for the timeline when confirmed (empty when there are none)."""
    now = timezone.now()
    pending = [
        (row.obligation, row.due_at < now)
        for row in incident.obligations.filter(reported_at__isnull=True).select_related(
            "obligation"
        )
    ]
    if not pending:
        return {}
    if not confirmed:
        message = _(
            "Not recorded as reported to the authority: {duties}. Record the report first, or "
            "confirm that the incident is closed without it."
        ).format(duties=open_duties_text(pending))
        raise ValidationError({"confirm_open_obligations": message})
    return {
        "open_obligations": [duty.code for duty, _late in pending],
        "overdue_obligations": [duty.code for duty, late in pending if late],
    }
