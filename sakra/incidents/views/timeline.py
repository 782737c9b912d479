"""The incident's timeline as its reader reads it: each post worded from its data, in the
reader's language, after what the reader may not see was blanked (privacy.py).

One query reads the posts, whatever their number; the names they mention (people, duties,
categories) are looked up afterwards in one query each, only when a post mentions one.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.models import User
from sakra.actions.choices import ActionChange

from .. import services
from ..choices import SUPPLY_CHOICES, Severity, Status, TimelineKind
from ..deadlines import open_duties_text
from ..models import Incident, IncidentCategory, ReportingObligation
from ..privacy import redact_timeline


def timeline_entries(user, incident: Incident) -> list:
    """The posts `user` may read, each with its `summary`."""
    entries = redact_timeline(user, incident, list(incident.timeline.select_related("author")))
    user_ids, codes, category_ids = set(), set(), set()
    for entry in entries:
        data = entry.data
        if entry.kind == TimelineKind.NOTIFICATION_SENT:
            user_ids.update(data.get("recipients", []))
        elif entry.kind == TimelineKind.ASSIGNMENT:
            user_ids.update(v for k, v in data.items() if k in ("handler", "to") and v)
        elif entry.kind == TimelineKind.ACTION and data.get("owner"):
            user_ids.add(data["owner"])
        elif entry.kind == TimelineKind.OBLIGATION_REPORTED:
            codes.add(data.get("obligation"))
        elif entry.kind == TimelineKind.STATUS_CHANGE:
            codes.update(data.get("open_obligations", []))
        elif entry.kind == TimelineKind.CATEGORY_CHANGE:
            codes.update([*data.get("added", []), *data.get("removed", [])])
            category_ids.update(data[k] for k in ("from", "to") if k in data)
    names = {
        "people": {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)} if user_ids else {},
        "duties": {o.code: o for o in ReportingObligation.objects.filter(code__in=codes)}
        if codes
        else {},
        "categories": IncidentCategory.objects.in_bulk(category_ids) if category_ids else {},
    }
    for entry in entries:
        entry.summary = _summary(entry, names)
    return entries


def _local(moment: str) -> str:
    try:
        return timezone.localtime(datetime.fromisoformat(moment)).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return "?"


def _duties(codes, names: dict, late=()) -> str:
    duties = [names["duties"][code] for code in codes if code in names["duties"]]
    return open_duties_text((duty, duty.code in late) for duty in duties)


def _status(data: dict, names: dict) -> str:
    text = " → ".join(str(Status(data[k]).label) for k in ("from", "to"))
    if data.get("open_obligations"):
        duties = _duties(data["open_obligations"], names, data.get("overdue_obligations", ()))
        closed = _("Closed without a recorded report to the authority (confirmed): {duties}.")
        text += " " + closed.format(duties=duties)
    return text


def _category(data: dict, names: dict) -> str:
    categories = names["categories"]
    text = _("Category: {old} → {new}.").format(
        old=categories.get(data.get("from"), "?"), new=categories.get(data.get("to"), "?")
    )
    if data.get("added"):
        text += " " + _("Reporting obligations added: {duties}.").format(
            duties=_duties(data["added"], names)
        )
    if data.get("removed"):
        text += " " + _("Reporting obligations removed (not reported): {duties}.").format(
            duties=_duties(data["removed"], names)
        )
    return text


def _action(entry, names: dict) -> str:
    data = entry.data
    change = ActionChange(data["change"]).label if data.get("change") in ActionChange.values else ""
    if entry.text:
        text = _("{change}: “{title}”.").format(change=change, title=entry.text)
    else:
        text = f"{change}."
    if data.get("change") == ActionChange.CREATED:
        text += " " + _("Owner: {name}, due date {date}.").format(
            name=names["people"].get(data.get("owner"), "?"), date=data.get("due_date", "?")
        )
        if data.get("follows_up"):
            text += " " + _("It follows up an action that did not have the intended effect.")
    return text


def _disruption(data: dict) -> str:
    supplies = dict(SUPPLY_CHOICES)
    if not data.get("supply"):
        return _("Disruption of critical supply removed.")
    text = _("Disruption of {supply} from {start}").format(
        supply=str(supplies.get(data["supply"], data["supply"])).lower(),
        start=_local(data.get("started_at")),
    )
    if data.get("ended_at"):
        text += " " + _("to {end}").format(end=_local(data["ended_at"]))
    if data.get("hours"):
        text += " " + _("({hours} hours)").format(hours=data["hours"])
    return text + "."


def _summary(entry, names: dict) -> str:
    data, people = entry.data, names["people"]
    if entry.kind == TimelineKind.STATUS_CHANGE:
        return _status(data, names)
    if entry.kind == TimelineKind.SEVERITY_CHANGE:
        return " → ".join(str(Severity(data[k]).label) for k in ("from", "to"))
    if entry.kind == TimelineKind.CATEGORY_CHANGE:
        return _category(data, names)
    if entry.kind == TimelineKind.AWARENESS_CORRECTED:
        return _("Region aware: {old} → {new}.").format(
            old=_local(data.get("from")), new=_local(data.get("to"))
        )
    if entry.kind == TimelineKind.ACTION:
        return _action(entry, names)
    if entry.kind == TimelineKind.NEAR_MISS_CORRECTED:
        return _("Marked as a near miss.") if data.get("to") else _("Marked as an event.")
    if entry.kind == TimelineKind.DISRUPTION_RECORDED:
        return _disruption(data)
    if entry.kind == TimelineKind.ASSIGNMENT and data.get("handler"):
        return _("Assigned to {name} (default handler).").format(name=people.get(data["handler"]))
    if entry.kind == TimelineKind.ASSIGNMENT and data.get("to"):
        return _("Assigned to {name}.").format(name=people.get(data["to"]))
    if entry.kind == TimelineKind.NOTIFICATION_SENT and "recipients" in data:
        recipients = ", ".join(people.get(pk, "?") for pk in data["recipients"]) or "–"
        if data.get("reason") == "escalation":
            return services.escalation_text(recipients, data)
        return _("Acute alert sent to {names}.").format(names=recipients)
    if entry.kind == TimelineKind.ACKNOWLEDGEMENT and entry.author:
        return _("{name} has acknowledged the acute report.").format(name=entry.author)
    if entry.kind == TimelineKind.LEGAL_HOLD:
        return _("Legal hold set.") if data.get("hold") else _("Legal hold lifted.")
    if entry.kind == TimelineKind.PERSONAL_DATA_REMOVED:
        return _(
            "Personal data removed: the category's {months} months after closing had ended."
        ).format(months=data.get("retention_months", "?"))
    if entry.kind == TimelineKind.OBLIGATION_REPORTED and data.get("obligation") in names["duties"]:
        obligation = names["duties"][data["obligation"]]
        text = (
            _("Follow-up: {obligation} reported to {authority}.")
            if data.get("follow_up")
            else _("{obligation} reported to {authority}.")
        ).format(obligation=obligation.title, authority=obligation.authority)
        if data.get("authority_reference"):
            text += " " + _("Reference: {reference}.").format(reference=data["authority_reference"])
        return text
    return ""
