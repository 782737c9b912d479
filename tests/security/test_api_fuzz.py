"""schemathesis against /api/v1/openapi.json, as every role and as nobody.

Each API operation gets EXAMPLES generated requests per role: well-formed and malformed
ones (schemathesis' positive and negative modes), with path ids that are random, or those of
the world's objects in scope (Alfa) and out of it (Beta). Every answer must be no server
error, carry a documented status code and content type, and a body that fits the schema.
Requests go straight into the WSGI application (no server); the token is a real bearer token.

It takes minutes (10 roles × every operation × up to 100 examples), too long for every `make
test`: it runs when SAKRA_FUZZ_EXAMPLES is set, as `.ci/run` does with 100 in its own step on
SQLite, on both cores. A role that only ever gets 401/403/404 from an operation in the first
PROBE examples is not asked the rest: the fuzzing's time goes where requests reach the code.
A quick local run: `SAKRA_FUZZ_EXAMPLES=5 .venv/bin/pytest tests/security/test_api_fuzz.py`.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, checks

from sakra.accounts.services import create_api_token

from .figures import record
from .world import ROLES, build_world

EXAMPLES = int(os.environ.get("SAKRA_FUZZ_EXAMPLES") or 0)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
# Which of the world's objects a path parameter names.
PATH_IDS = {
    "incident_id": lambda side: side.incident.pk,
    "obligation_id": lambda side: side.obligation.pk,
    "attachment_id": lambda side: side.attachment.pk,
    "action_id": lambda side: side.action.pk,
    "need_id": lambda side: side.need.pk,
    "indicator_id": lambda side: side.indicator.pk,
    "goal_id": lambda side: side.indicator.goal_id,
    "unit_id": lambda side: side.unit.pk,
    "document_id": lambda side: side.sba.document.pk,
    "round_id": lambda side: side.sba.round.pk,
    "remark_id": lambda side: side.sba.remark.pk,
    "decision_id": lambda side: side.gov.decision.pk,
    "meeting_id": lambda side: side.gov.meeting.pk,
    "requirement_id": lambda side: side.gov.requirement.pk,
    "plan_id": lambda side: side.gov.plan.pk,
    "occurrence_id": lambda side: side.gov.occurrence.pk,
    "funding_id": lambda side: side.gov.funding.pk,
    "analysis_id": lambda side: side.risks.analysis.pk,
    "risk_id": lambda side: side.risks.risk.pk,
    "service_id": lambda side: side.cont.service.pk,
    "dependency_id": lambda side: side.cont.dependency.pk,
    "version_id": lambda side: side.docs.version.pk,
    "request_id": lambda side: side.support.request.pk,
    "absence_id": lambda side: side.support.absence.pk,
    "continuity_plan_id": lambda side: side.cont.plan.pk,
    "crisis_id": lambda side: side.cont.crisis.pk,
    "stock_id": lambda side: side.cont.stock.pk,
    "exercise_id": lambda side: side.cont.exercise.pk,
    "report_id": lambda side: side.report.report.pk,
    "chapter_id": lambda side: side.report.chapter.pk,
}
#: A name that means another record under another module's paths.
PATH_IDS_UNDER = {
    ("/documents/", "document_id"): lambda side: side.docs.document.pk,
    ("/risks/", "indicator_id"): lambda side: side.risks.indicator.pk,
}


def path_id(path: str, name: str, side) -> int:
    for (prefix, under_name), id_of in PATH_IDS_UNDER.items():
        if name == under_name and path.split("/api/v1")[-1].startswith(prefix):
            return id_of(side)
    return PATH_IDS[name](side)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
OPERATIONS = [result.ok() for result in schema.get_all_operations()]
_cases_run: dict[str, int] = {}


def _strategy(operation, sides):
    names = [p.name for p in operation.path_parameters]
    strategies = [operation.as_strategy(GenerationMode.POSITIVE)]
    for side in sides:
        ids = {name: path_id(operation.path, name, side) for name in names}
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=ids))
    strategies.append(operation.as_strategy(GenerationMode.NEGATIVE))
    return st.one_of(strategies)


#: Examples tried first per operation and role; only when one of them gets past the access
#: check (any answer but 401, 403 or 404) does the operation get all EXAMPLES. A role that may
#: not use an operation at all gets the same few answers however often it is asked.
PROBE = 10
DENIED = frozenset({401, 403, 404})


def _fuzz(operation, sides, headers, examples: int) -> tuple[int, set[int], str | None]:
    count, statuses = 0, set()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(operation, sides))
    def run(case):
        nonlocal count
        count += 1
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses.add(response.status_code)

    try:
        run()
    except Exception as exc:  # reported below, with the operation's name
        return count, statuses, f"{operation.label}: {exc}"
    return count, statuses, None


def fuzz_operation(operation, sides, headers) -> tuple[int, str | None]:
    """A few examples first; all of them where the role gets past the access check."""
    count, statuses, failure = _fuzz(operation, sides, headers, min(PROBE, EXAMPLES))
    if failure or EXAMPLES <= PROBE or statuses <= DENIED:
        return count, failure
    more, _statuses, failure = _fuzz(operation, sides, headers, EXAMPLES)
    return count + more, failure


@pytest.mark.skipif(not EXAMPLES, reason="set SAKRA_FUZZ_EXAMPLES (CI: 100) to run")
@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *ROLES], ids=lambda r: r or "anonymous")
def test_every_api_operation_holds_to_its_schema(org, role):
    sides = build_world(org)
    headers = {}
    if role is not None:
        _token, plain = create_api_token(org.user(role), "schemathesis")
        headers = {"Authorization": f"Bearer {plain}"}
    failures, cases = [], 0
    for operation in OPERATIONS:
        count, failure = fuzz_operation(operation, sides, headers)
        cases += count
        if failure:
            failures.append(failure)
    _cases_run[role or "anonymous"] = cases
    record("schemathesis", "schemathesis cases run", sum(_cases_run.values()))
    assert not failures, "\n\n".join(failures)
