# ruff: noqa: E501 - the text pools read best one a line
"""What happened to each generated incident after its report: its timeline and its audit trail.

The rows are those the services write (sakra/incidents/services.py, deadlines.py): the default
handler's assignment when reported; for an acute report, the alert and its acknowledgement;
each status change along the allowed transitions by the handler (under investigation, actions
decided, closed; or dismissed with its reason and kind); a severity changed by the handler;
each reporting obligation recorded as reported; comments on about a third of the incidents.
Each change has its audit entry as django-auditlog writes it (an UPDATE with the changed
fields as [before, after], the actor, their e-mail and address); the report and its
obligations have their CREATE entries in the form of Sakra's bulk paths (`sakra.core.audit`:
every audited field that is set, as text). Reads (ACCESS entries) are not generated.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

TIMELINE_COLUMNS = ["incident_id", "kind", "author_id", "created_at", "text", "data"]
AUDIT_COLUMNS = [
    "content_type_id", "object_pk", "object_id", "object_repr", "serialized_data", "action",
    "changes_text", "changes", "actor_id", "cid", "remote_addr", "remote_port", "timestamp",
    "additional_data", "actor_email",
]  # fmt: skip
CREATE, UPDATE = 0, 1

#: The status changes that lead to each status from "reported" (choices.TRANSITIONS).
PATHS = {
    "reported": [],
    "under_investigation": [("reported", "under_investigation")],
    "actions_decided": [("reported", "under_investigation"), ("under_investigation", "actions_decided")],
    "closed": [("reported", "under_investigation"), ("under_investigation", "actions_decided"), ("actions_decided", "closed")],
    "dismissed": [("reported", "dismissed")],
}  # fmt: skip
DISMISSALS = [("mistake", "Rapporterad av misstag."), ("not_security", "Inte en säkerhetsfråga, hänvisad till chef.")]  # fmt: skip
COMMENT_OPENINGS = [
    "Pratat med berörd chef.", "Kompletterande uppgifter från personalen:", "Väktarrapport inkommen.",
    "Ärendet följs upp på nästa APT.", "Fastighetsägaren kontaktad.", "Polisen har återkopplat.",
    "Uppgifter från kameragranskning:", "Medarbetaren har erbjudits stöd.", "IT-säkerhet informerad.",
]  # fmt: skip
#: Comments per incident: none for most, one or a few for about a third.
COMMENTED = 0.35


#: One encoder for the millions of small documents (json.dumps would make one per call).
_json = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _naive(moment: datetime) -> str:
    # auditlog's UPDATE entries show a changed datetime as naive UTC text.
    return str(moment.astimezone(UTC).replace(tzinfo=None))


class History:
    """Collects the timeline and audit rows of the incidents of a chunk."""

    def __init__(self, rng: random.Random, text, people: dict[int, tuple[str, str]],
                 content_types: dict[str, int], chief_id: int, now: datetime,
                 audited: list[tuple[str, int]]):  # fmt: skip
        self.rng, self.text, self.people, self.now = rng, text, people, now
        self.types, self.chief_id = content_types, chief_id
        self.audited = audited  # (field name, index in the incident row) of audited fields
        self.timeline: list[tuple] = []
        self.audit: list[tuple] = []

    def take(self) -> tuple[list[tuple], list[tuple]]:
        out = self.timeline, self.audit
        self.timeline, self.audit = [], []
        return out

    def _log(self, kind: str, pk: int, label: str, action: int, changes: dict, actor: int | None,
             moment: datetime, extra: dict | None = None) -> None:  # fmt: skip
        email = self.people[actor][1] if actor else None
        address = f"10.{20 + actor % 200}.{actor // 200 % 250}.{1 + actor % 250}" if actor else None
        self.audit.append((
            self.types[kind], str(pk), pk, label, None, action, "", _json(changes), actor, None,
            address, None, moment, _json(extra) if extra else None, email,
        ))  # fmt: skip

    def _note(self, incident: int, kind: str, author: int | None, moment: datetime,
              text: str = "", data: dict | None = None) -> None:  # fmt: skip
        self.timeline.append((incident, kind, author, moment, text, _json(data or {})))

    def _moments(self, start: datetime, end: datetime, n: int) -> list[datetime]:
        """`n` sorted moments after `start`, the first soon (hours), the rest up to `end`."""
        span = max((end - start).total_seconds(), 60.0)
        cuts = sorted(self.rng.random() for _ in range(n))
        if cuts:
            cuts[0] *= 0.2
        return [start + timedelta(seconds=span * c) for c in cuts]

    def incident(self, row: list, *, columns: dict[str, int], initial_severity: int,
                 obligations: list[tuple], obligation_ids: list[int], done: bool) -> None:  # fmt: skip
        """The history of one incident row (a list, its final state), which gets its version
        and last change time from it; `obligations` as (pk, hours, code, title, authority)."""
        rand = self.rng.random
        pk = row[columns["id"]]
        reference = row[columns["reference"]]
        aware = row[columns["created_at"]]
        handler = row[columns["handler_id"]]
        reporter = row[columns["reporter_id"]]
        status = row[columns["status"]]
        closed = row[columns["closed_at"]]
        handler_name = self.people[handler][0]
        end = closed or min(self.now, aware + timedelta(days=60))
        version, last = 1, aware

        # The report, as created: before any change below.
        initial = dict(
            zip(
                (name for name, _i in self.audited), (row[i] for _n, i in self.audited), strict=True
            )
        )
        initial.update(status="reported", closed_at=None, acknowledged_at=None,
                       acknowledged_by=None, severity=initial_severity, dismissed_reason="",
                       dismissal_kind="", updated_at=aware)  # fmt: skip
        self._log("incident", pk, reference, CREATE,
                  {k: ["None", str(v)] for k, v in initial.items() if v not in (None, "")},
                  reporter, aware, None if reporter else {"source": "anonymous report"})  # fmt: skip
        for (ob_pk, hours, _code, _title, _authority), row_pk in zip(
            obligations, obligation_ids, strict=True
        ):
            changes = {"due_at": ["None", str(aware + timedelta(hours=hours))],
                       "incident": ["None", str(pk)], "obligation": ["None", str(ob_pk)]}  # fmt: skip
            self._log(
                "incidentobligation", row_pk, f"{pk}: {ob_pk}", CREATE, changes, reporter, aware
            )
        self._note(pk, "assignment", None, aware, f"Tilldelad {handler_name} (standardhandläggare).",
                   {"handler": handler})  # fmt: skip

        if row[columns["is_acute"]]:
            self._note(pk, "notification_sent", None, aware, f"Akutlarm skickat till {handler_name}.",
                       {"recipients": [handler], "reason": "partners_in_scope"})  # fmt: skip
            at, by = row[columns["acknowledged_at"]], row[columns["acknowledged_by_id"]]
            self._note(
                pk,
                "acknowledgement",
                by,
                at,
                f"{self.people[by][0]} har kvitterat den akuta rapporten.",
            )
            self._log("incident", pk, reference, UPDATE,
                      {"acknowledged_at": ["None", _naive(at)], "acknowledged_by": ["None", str(by)]},
                      by, at)  # fmt: skip
            last = max(last, at)

        severity = row[columns["severity"]]
        if severity != initial_severity:
            at = aware + timedelta(minutes=int(30 + rand() * 2880))
            self._note(
                pk, "severity_change", handler, at, "", {"from": initial_severity, "to": severity}
            )
            self._log("incident", pk, reference, UPDATE,
                      {"severity": [str(initial_severity), str(severity)]}, handler, at)  # fmt: skip
            version, last = version + 1, max(last, at)

        if done:
            for (ob_pk, hours, code, title, authority), row_pk in zip(
                obligations, obligation_ids, strict=True
            ):
                due = aware + timedelta(hours=hours)
                at = due - timedelta(hours=1) if hours else aware
                dnr = f"DNR-{reference[4:]}"
                self._note(pk, "obligation_reported", handler, at, f"{title} rapporterad till {authority}.",
                           {"obligation": code, "reported_at": at.isoformat(),
                            "authority_reference": dnr, "late": False})  # fmt: skip
                self._log("incidentobligation", row_pk, f"{pk}: {ob_pk}", UPDATE,
                          {"reported_at": ["None", _naive(at)], "reported_by": ["None", str(handler)],
                           "authority_reference": ["", dnr]}, handler, at)  # fmt: skip
                version, last = version + 1, max(last, at)

        path = PATHS[status]
        moments = self._moments(aware, end, len(path))
        if closed is not None and moments:
            moments[-1] = closed
        for (old, new), at in zip(path, moments, strict=True):
            changes = {"status": [old, new]}
            reason = ""
            if new == "dismissed":
                kind, reason = row[columns["dismissal_kind"]], row[columns["dismissed_reason"]]
                changes.update(dismissed_reason=["", reason], dismissal_kind=["", kind])
            if new in ("closed", "dismissed"):
                changes["closed_at"] = ["None", _naive(at)]
            self._note(pk, "status_change", handler, at, reason, {"from": old, "to": new})
            self._log("incident", pk, reference, UPDATE, changes, handler, at)
            version, last = version + 1, max(last, at)

        if rand() < COMMENTED:
            count = 1
            while rand() < 0.4 and count < 8:
                count += 1
            for at in self._moments(aware, end, count):
                r = rand()
                author = (
                    reporter if reporter and r < 0.25 else self.chief_id if r > 0.9 else handler
                )
                body = self.text.sentences(self.text.length(15))
                self._note(pk, "comment", author, at, f"{self.rng.choice(COMMENT_OPENINGS)} {body}")
        row[columns["version"]], row[columns["updated_at"]] = version, last

    def actions(self, actions, aware_by_incident: dict[int, datetime]) -> None:
        """The timeline posts and audit entries of actions tied to incidents (tell_source)."""
        for action in actions:
            aware = aware_by_incident.get(action.source_id)
            if aware is None:
                continue
            at = min(aware + timedelta(days=1 + int(self.rng.random() * 30)), self.now)
            data = {"action": action.pk, "change": "created", "owner": action.owner_id,
                    "due_date": action.due_date.isoformat()}  # fmt: skip
            self._note(action.source_id, "action", action.created_by_id, at, action.title, data)
            final = {
                "done": "completed",
                "verified_effective": "effective",
                "cancelled": "cancelled",
            }
            if change := final.get(action.status):
                later = max(at, action.completed_at or at)
                self._note(action.source_id, "action", action.owner_id, later, action.title,
                           {**data, "change": change})  # fmt: skip
