"""The corpus of bad inputs against every API operation that takes a JSON body.

The operations are found by walking /api/v1/openapi.json, so that a new module's operations are
tried without editing this file: for every POST/PUT/PATCH with a JSON body and every string
field of that body, a valid body (taught below, per operation) is sent with the field replaced
by a classification marking, NUL, a right-to-left override and a value past its length. Each
must answer 422 with the `ErrorOut` body and store nothing. An operation this file cannot build
a valid body for fails `test_every_operation_with_a_body_is_taught` until it is taught.

Each request runs in a transaction that is rolled back, so one world serves all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.incidents.models import IncidentCategory

from .figures import record
from .routes import API, fill
from .test_bad_inputs import row_counts
from .world import build_world

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
WRITES = ("post", "put", "patch")

#: What every stored text refuses, and what every string field refuses (name -> value, or a
#: function of the field's schema for the value past its length).
MARKINGS = [
    "HEMLIG",
    "Hemlig",
    "Kvalificerat hemlig",
    "BEGRÄNSAT HEMLIG",
    "KONFIDENTIELL",
    "TOP SECRET",
    "NATO SECRET",
    "RESTREINT UE",
]
UNSAFE = {
    "nul": "Rök\x00i soprummet",
    "rtl-override": "faktura\u202efdp.exe",
    "escape-sequence": "Rök\x1b[2J i soprummet",
    "c1-control": "Rök\x9b31m i soprummet",
    "rtl-isolate": "\u2067hot\u2069 och våld",
}


def _now(hours: float = 0) -> str:
    return (timezone.now() + timedelta(hours=hours)).isoformat()


def _today(days: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


#: A valid body per operation, (org, side, user) -> dict; the request must succeed with it.
VALID: dict[tuple[str, str], Callable] = {
    ("POST", "/api/v1/incidents"): lambda org, s, u: {
        "category_id": s.incident.category_id, "occurred_at": _now(-1),
        "unit_id": s.unit.pk, "site_id": org.site.pk, "description": "Hot i väntrummet",
        "immediate_measures": "Larmade vakten", "people_harmed": 0,
    },
    ("POST", "/api/v1/incidents/{incident_id}/status"): lambda org, s, u: {
        "status": "under_investigation", "version": s.incident.version, "reason": "Utreds",
    },
    ("POST", "/api/v1/incidents/{incident_id}/handler"): lambda org, s, u: {
        "handler_id": u.pk, "version": s.incident.version,
    },
    ("POST", "/api/v1/incidents/{incident_id}/severity"): lambda org, s, u: {
        "severity": 4, "version": s.incident.version,
    },
    ("POST", "/api/v1/incidents/{incident_id}/category"): lambda org, s, u: {
        "category_id": IncidentCategory.objects.exclude(pk=s.incident.category_id)
        .values_list("pk", flat=True)[0],
        "version": s.incident.version,
    },
    ("POST", "/api/v1/incidents/{incident_id}/awareness"): lambda org, s, u: {
        "aware_at": _now(-1), "version": s.incident.version,
    },
    ("POST", "/api/v1/incidents/{incident_id}/near-miss"): lambda org, s, u: {
        "is_near_miss": True, "version": s.incident.version,
    },
    ("POST", "/api/v1/incidents/{incident_id}/disruption"): lambda org, s, u: {
        "supply": "water", "disruption_started_at": _now(-3), "disruption_ended_at": _now(-1),
        "version": s.incident.version,
    },
    ("POST", "/api/v1/incidents/{incident_id}/obligations/{obligation_id}"):
        lambda org, s, u: {
            "version": s.incident.version, "reported_at": _now(),
            "authority_reference": "IMY-2026-1",
        },
    ("POST", "/api/v1/incidents/{incident_id}/comments"): lambda org, s, u: {
        "text": "Följs upp",
    },
    ("POST", "/api/v1/actions"): lambda org, s, u: {
        "title": "Byt lås", "description": "Låset är trasigt", "owner_id": u.pk,
        "due_date": _today(30), "unit_id": s.unit.pk, "area_id": s.area.pk,
        "priority": "medium",
    },
    ("POST", "/api/v1/actions/{action_id}/start"): lambda org, s, u: {
        "version": s.action.version,
    },
    ("POST", "/api/v1/actions/{action_id}/complete"): lambda org, s, u: {
        "version": s.action.version,
    },
    ("POST", "/api/v1/actions/{action_id}/effect"): lambda org, s, u: {
        "version": s.action.version, "was_effective": True, "note": "Låset håller",
        "checked_on": _today(),
    },
    ("POST", "/api/v1/actions/{action_id}/cancel"): lambda org, s, u: {
        "version": s.action.version, "reason": "Behövs inte",
    },
    ("POST", "/api/v1/actions/{action_id}/follow-ups"): lambda org, s, u: {
        "title": "Följ upp", "description": "Igen", "owner_id": u.pk,
        "due_date": _today(10), "priority": "high",
    },
    ("POST", "/api/v1/improvement-needs"): lambda org, s, u: {
        "title": "Bättre ljus", "description": "Mörkt", "unit_id": s.unit.pk,
        "site_id": org.site.pk, "area_id": s.area.pk,
    },
    ("POST", "/api/v1/goals"): lambda org, s, u: {
        "title": "Färre bränder", "statement": "Halvera bränderna", "area_id": s.area.pk,
        "administration_id": s.administration.pk, "owner_id": u.pk, "start_year": 2025,
        "end_year": 2028, "priority": "high",
    },
    ("POST", "/api/v1/goals/{goal_id}"): lambda org, s, u: {
        "version": s.indicator.goal.version, "title": "Färre hot", "statement": "Ny text",
    },
    ("POST", "/api/v1/goals/{goal_id}/archive"): lambda org, s, u: {
        "version": s.indicator.goal.version,
    },
    ("POST", "/api/v1/goals/{goal_id}/indicators"): lambda org, s, u: {
        "title": "Övningar", "kind": "manual", "direction": "higher", "baseline_year": 2019,
        "target_year": 2022, "target_type": "absolute", "target_value": 12,
        "baseline_value": 4, "source": "Övningsloggen",
    },
    ("POST", "/api/v1/indicators/{indicator_id}"): lambda org, s, u: {
        "version": s.indicator.version, "title": "Manuell och rättad",
    },
    ("POST", "/api/v1/indicators/{indicator_id}/values"): lambda org, s, u: {
        "year": 2020, "value": 3, "source": "Pärmen", "note": "Räknat",
    },
    ("POST", "/api/v1/fire-safety/documents/{document_id}"): lambda org, s, u: {
        "version": s.sba.document.version, "training_plan": "Övning i mars",
        "responsible_persons": "Anna", "building_description": "Tre plan",
        "activity_risks": "Syrgas", "technical_protection": "Sprinkler",
        "rescue_conditions": "Uppställningsplats vid entrén",
    },
    ("POST", "/api/v1/fire-safety/documents/{document_id}/inspections"): lambda org, s, u: {
        "date": _today(), "rescue_service": "Räddningstjänsten Syd", "reference": "2026-1",
        "remarks": [{"kind": "remark", "text": "Skylt saknas", "deadline": _today(30)}],
    },
    ("POST", "/api/v1/fire-safety/rounds/{round_id}/results"): lambda org, s, u: {
        "version": s.sba.round.version, "note": "Halvvägs",
        "results": [{"item_id": s.sba.result.item_id, "outcome": "ok", "comment": "Åtgärdat"}],
    },
    ("POST", "/api/v1/fire-safety/rounds/{round_id}/comments"): lambda org, s, u: {
        "text": "Flyttad pall",
    },
    ("POST", "/api/v1/fire-safety/remarks/{remark_id}/status"): lambda org, s, u: {
        "version": s.sba.remark.version, "status": "done", "note": "Skylt uppsatt",
    },
    ("POST", "/api/v1/support/requests"): lambda org, s, u: {
        "unit_id": s.unit.pk, "area_id": s.area.pk, "question": "Hur gör vi med larmet?",
        "urgency": "normal",
    },
    ("POST", "/api/v1/support/requests/{request_id}/assign"): lambda org, s, u: {
        "version": _support_version(s), "assignee_id": u.pk,
    },
    ("POST", "/api/v1/support/requests/{request_id}/answer"): lambda org, s, u: {
        "version": _support_version(s), "answer": "Så här gör ni",
        "routine_reference": "Rutin för larm",
    },
    ("POST", "/api/v1/support/requests/{request_id}/close"): lambda org, s, u: {
        "version": _support_version(s),
    },
    ("POST", "/api/v1/support/requests/{request_id}/rating"): lambda org, s, u: {
        "version": _support_version(s), "helped": "yes", "time_acceptable": True,
        "comment": "Bra stöd",
    },
    ("POST", "/api/v1/support/requests/{request_id}/time"): lambda org, s, u: {
        "spent_on": _today(), "hours": "1.5", "note": "Möte på enheten",
    },
    ("POST", "/api/v1/support/absences"): lambda org, s, u: {
        "starts_on": _today(), "ends_on": _today(1), "note": "Kurs",
        "person_id": s.support.absence.person_id,
    },
    ("POST", "/api/v1/support/absences/{absence_id}/cancel"): lambda org, s, u: {
        "version": s.support.absence.version,
    },
    # governance
    ("POST", "/api/v1/governance/meetings/{meeting_id}/decisions"): lambda org, s, u: {
        "title": "Ny rutin", "text": "Rådet beslutar", "paragraph": "§ 5",
        "registry_number": "RS-2026-2", "responsible_id": u.pk, "deadline": _today(30),
    },
    ("POST", "/api/v1/governance/decisions/{decision_id}/recipients"): lambda org, s, u: {
        "version": s.gov.decision.version, "unit_ids": [org.alfa.pk], "role": "manager",
        "person_ids": [u.pk],
    },
    ("POST", "/api/v1/governance/requirements"): lambda org, s, u: {
        "area_id": org.area.pk, "reference": "NIS2-21", "law": "Cybersäkerhetslagen",
        "requirement": "Riskbaserade säkerhetsåtgärder", "owner_id": u.pk,
        "how_met": "Rutin", "status": "partly_met",
    },
    ("POST", "/api/v1/governance/requirements/{requirement_id}/assessment"):
        lambda org, s, u: {
            "version": s.gov.requirement.version, "status": "met", "how_met": "Pärmen",
        },
    ("POST", "/api/v1/governance/control-occurrences/{occurrence_id}/result"):
        lambda org, s, u: {
            "version": s.gov.occurrence.version, "performed_on": _today(),
            "result": "remarks", "remarks": "Larmet hördes inte", "raise_action": True,
        },
    ("POST", "/api/v1/governance/funding/{funding_id}/activities"): lambda org, s, u: {
        "title": "Utbildning", "administration_id": org.alfa.pk, "area_id": org.area.pk,
        "year": timezone.localdate().year, "estimated_cost": 50000, "effort_hours": 20,
    },
    ("POST", "/api/v1/reports/chapters/{chapter_id}"): lambda org, s, u: {
        "narrative": "Året i korthet", "version": s.report.chapter.version, "submit": False,
    },
    ("POST", "/api/v1/reports/{report_id}/approve"): lambda org, s, u: {
        "version": s.report.report.version,
    },
    ("POST", "/api/v1/risks/analyses"): lambda org, s, u: {
        "title": "Riskanalys akuten", "kind": "unit", "unit_id": s.unit.pk,
        "period_start": _today(), "period_end": _today(365), "area_id": s.area.pk,
        "method": "Workshop", "responsibility": "Enheten", "preparedness": "God",
        "vulnerabilities": "Få",
    },
    ("POST", "/api/v1/risks/analyses/{analysis_id}"): lambda org, s, u: {
        "version": s.risks.analysis.version, "title": "Riskanalys", "method": "Intervjuer",
        "responsibility": "Enheten", "preparedness": "God", "vulnerabilities": "Få",
    },
    ("POST", "/api/v1/risks/analyses/{analysis_id}/risks"): lambda org, s, u: {
        "title": "Strömavbrott", "area_id": s.area.pk, "owner_id": u.pk,
        "inherent_likelihood": 2, "inherent_consequence": 3, "scenario": "Elnätet faller",
        "cause": "Storm", "consequences": "Vården stannar", "treatment": "reduce",
        "justification": "Reservkraft",
    },
    ("POST", "/api/v1/risks/risks/{risk_id}"): lambda org, s, u: {
        "version": s.risks.risk.version, "title": "Strömavbrott", "scenario": "Elnätet faller",
        "cause": "Storm", "consequences": "Vården stannar", "justification": "Reservkraft",
    },
    ("POST", "/api/v1/risks/analyses/{analysis_id}/status"): lambda org, s, u: {
        "version": s.risks.analysis.version, "status": "in_progress",
    },
    ("POST", "/api/v1/risks/analyses/{analysis_id}/approve"): lambda org, s, u: {
        "version": s.risks.analysis.version, "forum_id": _forum_id(), "decided_on": _today(),
        "paragraph": "§ 12", "registry_number": "RS2026-1", "text": "Analysen fastställs",
    },
    ("POST", "/api/v1/risks/analyses/{analysis_id}/matrix"): lambda org, s, u: {
        "version": s.risks.analysis.version, "matrix_version": _newer_matrix(),
    },
    ("POST", "/api/v1/risks/analyses/{analysis_id}/preparedness/{indicator_id}"):
        lambda org, s, u: {"fulfilment": "partly", "comment": "Staben övad", "version": 1},
    ("POST", "/api/v1/risks/analyses/{analysis_id}/follow-ups"): lambda org, s, u: {
        "year": s.risks.rsa.period_start.year + 1, "summary": "Åtgärderna följer planen",
    },
    ("POST", "/api/v1/risks/critical-services"): lambda org, s, u: {
        "name": "Akut sjukvård", "unit_id": s.unit.pk, "tolerable_outage_hours": 0,
        "description": "Dygnet runt", "backup": "Grannsjukhuset",
    },
    ("POST", "/api/v1/risks/critical-services/{service_id}"): lambda org, s, u: {
        "version": s.cont.service.version, "name": "Akutsjukvård", "description": "Dygnet runt",
        "backup": "Grannsjukhuset",
    },
    ("POST", "/api/v1/risks/critical-services/{service_id}/dependencies"): lambda org, s, u: {
        "kind": "water", "tolerable_outage_hours": 24, "description": "Kommunalt vatten",
        "backup": "Reservtank",
    },
    ("POST", "/api/v1/risks/dependencies/{dependency_id}"): lambda org, s, u: {
        "version": s.cont.dependency.version, "tolerable_outage_hours": 1,
        "description": "Elnätet", "backup": "Reservkraft i 72 timmar",
    },
    # continuity
    ("POST", "/api/v1/continuity/crises/{crisis_id}/log"): lambda org, s, u: {
        "kind": "decision", "text": "Evakuera plan 3", "decided_by": "Stabschefen",
        "basis": "Rök i trapphuset", "corrects_id": s.cont.entry.pk,
        "happened_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
    },
    ("POST", "/api/v1/continuity/stocks/{stock_id}/count"): lambda org, s, u: {
        "version": s.cont.stock.version, "days_held": 12, "counted_on": _today(),
    },
    ("POST", "/api/v1/continuity/exercises"): lambda org, s, u: {
        "title": "Övning strömavbrott", "kind": "functional", "unit_id": s.unit.pk,
        "area_id": s.area.pk, "date": _today(), "scenario": "Elen går i hela sjukhuset",
        "plan_id": s.cont.plan.pk, "participant_roles": "Stabschef, loggförare",
    },
    # documents
    ("POST", "/api/v1/documents"): lambda org, s, u: {
        "title": "Rutin för larm", "kind": "routine", "unit_id": s.unit.pk,
        "area_ids": [s.area.pk], "records_class": "310", "body": "Ring 112.",
        "change_summary": "Ny",
    },
    ("POST", "/api/v1/documents/{document_id}"): lambda org, s, u: {
        "version": _doc_version(s), "title": "Rutin vid hot", "kind": "routine",
        "unit_id": s.unit.pk, "area_ids": [s.area.pk], "records_class": "310",
    },
    ("POST", "/api/v1/documents/{document_id}/draft"): lambda org, s, u: {
        "version": _doc_version(s), "body": "Ny text", "change_summary": "Rättat",
    },
    ("POST", "/api/v1/documents/{document_id}/consultation"): lambda org, s, u: {
        "version": _doc_version(s), "reply_by": _today(14), "message": "Svara gärna",
        "recipients": [{"unit_id": s.unit.pk, "role": ""}],
    },
    ("POST", "/api/v1/documents/{document_id}/replies"): lambda org, s, u: {
        "text": "Bra", "on_behalf_of": "Enheten",
    },
    ("POST", "/api/v1/documents/{document_id}/adopt"): lambda org, s, u: {
        "version": _doc_version(s), "forum_id": _forum_id(), "decided_on": _today(),
        "paragraph": "§ 3", "registry_number": "RS 2026/3", "decision_text": "Fastställs",
        "distribute_to": [{"unit_id": s.unit.pk, "role": ""}], "acknowledge_by": _today(30),
    },
    ("POST", "/api/v1/documents/{document_id}/review"): lambda org, s, u: {
        "version": _doc_version(s), "note": "Aktuell",
    },
}  # fmt: skip


def _doc_version(side) -> int:
    from sakra.documents.models import Document

    return Document.objects.get(pk=side.docs.document.pk).version


def _newer_matrix() -> int:
    """The number of a second version of the region's matrix, made when missing."""
    from sakra.risks.matrix import FIELDS
    from sakra.risks.models import MatrixVersion

    current = MatrixVersion.objects.current()
    if current.number == 1:
        fields = {name: getattr(current, name) for name in FIELDS}
        current = MatrixVersion.objects.create(number=2, **fields)
    return current.number


def _forum_id() -> int:
    from sakra.documents.tests.factories import forum

    return forum().pk


def _adopt_then_draft(org, side, user):
    """The world's draft is on consultation: adopt it, and write a new draft to send."""
    from sakra.documents import services as document_services
    from sakra.documents.models import Document
    from sakra.documents.tests.factories import forum

    document = Document.objects.get(pk=side.docs.document.pk)
    document_services.adopt(
        document, by=user, version=document.version, forum=forum(), decided_on=timezone.localdate()
    )
    document.refresh_from_db()
    document_services.edit_draft(document, by=user, version=document.version, body="Nästa")


def _complete(org, side, user):
    from sakra.actions import services as action_services

    action_services.complete_action(side.action, by=user, version=side.action.version)


def _found_lacking(org, side, user):
    from sakra.actions import services as action_services

    action = action_services.complete_action(side.action, by=user, version=side.action.version)
    action_services.record_effect(
        action, by=user, was_effective=False, note="Nej", version=action.version
    )


def _support_version(side) -> int:
    from sakra.support.models import SupportRequest

    return SupportRequest.objects.get(pk=side.support.request.pk).version


def _support_answered(org, side, user):
    """Only the asker rates, once answered: the acting user asked, and has an answer."""
    from sakra.support import services as support_services
    from sakra.support.models import SupportRequest

    SupportRequest.objects.filter(pk=side.support.request.pk).update(asker=user)
    request = SupportRequest.objects.get(pk=side.support.request.pk)
    support_services.answer(request, by=user, answer="Svar", version=request.version)


#: What must be true before the valid body is accepted (an effect needs a completed action).
def _area_owner(org, side, user):
    from sakra.reports.tests.factories import make_area_owner

    make_area_owner(user, side.area)


def _ready_report(org, side, user):
    from sakra.reports.tests.factories import ready_for_approval

    side.report.report = ready_for_approval(side.report.report)


PREPARE: dict[tuple[str, str], Callable] = {
    ("POST", "/api/v1/reports/chapters/{chapter_id}"): _area_owner,
    ("POST", "/api/v1/reports/{report_id}/approve"): _ready_report,
    ("POST", "/api/v1/support/requests/{request_id}/rating"): _support_answered,
    ("POST", "/api/v1/actions/{action_id}/effect"): _complete,
    ("POST", "/api/v1/actions/{action_id}/follow-ups"): _found_lacking,
    ("POST", "/api/v1/documents/{document_id}/consultation"): _adopt_then_draft,
}


def _schema() -> dict:
    client = Client()
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    return response.json()


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _string_fields(schema: dict, body: dict) -> dict[str, dict]:
    """The body's string fields (also `str | None`), name -> the string's schema."""
    fields = {}
    for name, node in _resolve(schema, body).get("properties", {}).items():
        node = _resolve(schema, node)
        options = [_resolve(schema, option) for option in node.get("anyOf", [node])]
        if any(option.get("type") in ("number", "integer") for option in options):
            continue  # a number that may also be written as a string (a Decimal): not text
        for option in options:
            if option.get("type") == "string" or ("enum" in option and "type" not in option):
                fields[name] = option
                break
    return fields


def _json_writes(schema: dict):
    """(METHOD, path, body schema) of every write operation that takes a JSON body."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in WRITES:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                yield method.upper(), path, content["application/json"]["schema"]


def _operations() -> list[tuple[str, str]]:
    """The operations, read once at collection (the schema needs no database)."""
    from sakra.config.api import api

    schema = api.get_openapi_schema()
    return sorted((method, path) for method, path, _body in _json_writes(schema))


def test_every_operation_with_a_body_is_taught():
    """A new operation with a JSON body fails here until it has a valid body in VALID."""
    missing = sorted(set(_operations()) - set(VALID))
    assert not missing, f"teach test_bad_inputs_api.py a valid body for: {missing}"
    stale = sorted(set(VALID) - set(_operations()))
    assert not stale, f"no such operation any more: {stale}"


def _bad_values(field: dict) -> list[tuple[str, str]]:
    values = [(f"marking {m!r}", f"Se bilaga, {m}: om larmet") for m in MARKINGS]
    values += list(UNSAFE.items())
    if "maxLength" in field:
        values.append(("over-long", "x" * (field["maxLength"] + 1)))
    else:
        values.append(("over-long", "x" * 100_001))
    return values


def _is_free_text(field: dict) -> bool:
    return "format" not in field and "enum" not in field and "pattern" not in field


def _send(client, path: str, body: dict):
    """POST in a transaction that is rolled back; (response, whether anything was stored)."""
    with transaction.atomic():
        before = row_counts()
        response = client.post(path, body, content_type="application/json")
        stored = row_counts() != before
        transaction.set_rollback(True)
    return response, stored


def _is_error_body(body) -> bool:
    return (
        isinstance(body, dict)
        and isinstance(body.get("detail"), str)
        and isinstance(body.get("errors", {}), dict)
        and all(
            isinstance(messages, list) and all(isinstance(m, str) for m in messages)
            for messages in body.get("errors", {}).values()
        )
    )


cases = {"count": 0}


@pytest.fixture(scope="module", autouse=True)
def _record_the_figure():
    yield
    record("bad_inputs_api", "bad inputs tried on API operations", cases["count"])


@pytest.mark.parametrize("operation", _operations(), ids=lambda op: f"{op[0]} {op[1]}")
def test_each_string_field_of_each_operation(operation, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert operation in VALID, f"teach test_bad_inputs_api.py a valid body for {operation}"
    schema = _schema()
    method, template = operation
    body_schema = next(
        body for m, p, body in _json_writes(schema) if (m, p) == operation
    )  # fmt: skip
    fields = _string_fields(schema, body_schema)
    inside, _outside = build_world(org)
    user = org.user(Role.SECURITY_CHIEF)
    if operation in PREPARE:
        PREPARE[operation](org, inside, user)
    for obj in (
        inside.incident,
        inside.action,
        inside.indicator,
        inside.indicator.goal,
        inside.sba.document,
        inside.sba.round,
        inside.sba.remark,
    ):
        obj.refresh_from_db()
    client = Client()
    client.force_login(user)
    path = PREFIX + fill(API[(method, template)], inside)
    valid = VALID[operation](org, inside, user)
    baseline, stored = _send(client, path, valid)
    assert baseline.status_code < 300 and stored, (
        f"the valid body of {operation} was refused: {baseline.status_code} {baseline.content!r}"
    )
    problems = []
    for name, field in fields.items():
        if _is_free_text(field) and "maxLength" not in field:
            problems.append(f"{name}: free text without a maxLength in the schema")
        for label, value in _bad_values(field):
            cases["count"] += 1
            response, stored = _send(client, path, {**valid, name: value})
            where = f"{name}={label}"
            if response.status_code != 422:
                problems.append(f"{where}: {response.status_code}")
            elif not _is_error_body(response.json()):
                problems.append(f"{where}: not the ErrorOut body: {response.content[:200]!r}")
            if stored:
                problems.append(f"{where}: stored")
    assert not problems, f"{method} {template}:\n" + "\n".join(problems)
