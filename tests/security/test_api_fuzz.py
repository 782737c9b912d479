"""schemathesis against /api/v1/openapi.json, as every role and as nobody.

Each API operation gets EXAMPLES generated requests per role: well-formed and malformed
ones (schemathesis' positive and negative modes), with path ids that are random, or those of
the world's objects in scope (Alfa) and out of it (Beta). Every answer must be no server
error, carry a documented status code and content type, and a body that fits the schema.
Requests go straight into the WSGI application (no server); the token is a real bearer token.

It takes minutes (10 roles × every operation × 100 examples), too long for every `make test`:
it runs when SAKRA_FUZZ_EXAMPLES is set, as `.ci/run` does with 100 in its own step on SQLite.
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
}

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
OPERATIONS = [result.ok() for result in schema.get_all_operations()]
_cases_run: dict[str, int] = {}


def _strategy(operation, sides):
    names = [p.name for p in operation.path_parameters]
    strategies = [operation.as_strategy(GenerationMode.POSITIVE)]
    for side in sides:
        ids = {name: PATH_IDS[name](side) for name in names}
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=ids))
    strategies.append(operation.as_strategy(GenerationMode.NEGATIVE))
    return st.one_of(strategies)


def _fuzz(operation, sides, headers) -> tuple[int, str | None]:
    count = 0

    @settings(
        max_examples=EXAMPLES,
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
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Exception as exc:  # reported below, with the operation's name
        return count, f"{operation.label}: {exc}"
    return count, None


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
        count, failure = _fuzz(operation, sides, headers)
        cases += count
        if failure:
            failures.append(failure)
    _cases_run[role or "anonymous"] = cases
    record("schemathesis", "schemathesis cases run", sum(_cases_run.values()))
    assert not failures, "\n\n".join(failures)
