"""The honest bench's raw-SQL references return the pages' rows and columns under the same
access rule (issue 19): a ratio against SQL that does less work would flatter the page.

Each role the bench signs in as, and the ones whose rule differs (the partner's acute channel,
an auditor's search, a person with two roles, a reporter with none), asks the list for page 1,
a filter, a deep page and a search; the page's own rows (the view's context) are compared with
the reference's, column by column, and the page's count with the reference's.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bench import references
from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment
from sakra.incidents.models import Incident, IncidentObligation
from sakra.incidents.views.common import encode_cursor

COLUMNS = ("pk", "reference", "occurred_at", "severity", "status", "is_acute", "is_restricted",
           "handler_id", "is_near_miss", "category_name_sv", "category_name_en", "unit_name",
           "handler_name", "handler_email", "listed_count", "has_overdue")  # fmt: skip


@pytest.fixture
def region(org, report, threat, fire):
    """Forty reports over the tree: plain and restricted, acute, handled, overdue, closed."""
    reporter, other = org.user(Role.EMPLOYEE), org.user(Role.EMPLOYEE)
    # Handles Alfa's reports from Beta: reaches them only as their handler.
    coordinator = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    units = [org.alfa_unit, org.alfa_unit2, org.alfa_dept, org.beta_unit, org.alfa]
    now = timezone.now()
    for n in range(40):
        incident = report(
            reporter if n % 3 else other,
            unit=units[n % len(units)],
            category=threat if n % 4 == 0 else fire,
            is_acute=n % 7 == 0,
            occurred_at=now - timedelta(hours=3 * n + 1),
            description="Rökutveckling i soprum" if n % 2 else "Hot mot personal vid entrén",
        )
        changes = {"status": ("reported", "closed", "under_investigation", "dismissed")[n % 4]}
        if n % 5 == 0:
            changes["handler"] = coordinator
        Incident.objects.filter(pk=incident.pk).update(**changes)
    # Some deadlines passed: the list flags those of open incidents.
    IncidentObligation.objects.filter(incident__reference__endswith="1").update(
        due_at=now - timedelta(hours=1)
    )
    return {"reporter": reporter, "handler": coordinator}


def _people(org, region):
    from sakra.testing import make_user

    two = org.user(Role.MANAGER, unit=org.alfa_unit)
    RoleAssignment.objects.create(user=two, role=Role.SECURITY_PARTNER, unit=org.beta)
    return {
        "chief": org.user(Role.SECURITY_CHIEF),
        "coordinator": org.user(Role.SECURITY_COORDINATOR),
        "coordinator of beta": org.user(Role.SECURITY_COORDINATOR, unit=org.beta),
        "coordinator with an area": org.user(
            Role.SECURITY_COORDINATOR, area=org.area, unit=org.alfa
        ),
        "manager": org.user(Role.MANAGER),
        "head": org.user(Role.HEAD_OF_ADMINISTRATION),
        "partner": org.user(Role.SECURITY_PARTNER),
        "area owner": org.user(Role.AREA_OWNER),
        "auditor": org.user(Role.AUDITOR),
        "auditor, region-wide": make_user(Role.AUDITOR, unit=org.region),
        "manager and partner": two,
        "reporter": region["reporter"],
        "handler": region["handler"],
    }  # fmt: skip


def _normal(row) -> tuple:
    values = list(row)
    moment = values[2]
    if isinstance(moment, str):  # SQLite keeps UTC text
        moment = datetime.fromisoformat(moment)
    values[2] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    for i in (5, 6, 8, 15):
        values[i] = bool(values[i])
    return tuple(values)


def _page(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("incidents:list"), query)
    assert response.status_code == 200
    rows = [_normal([getattr(i, c) for c in COLUMNS]) for i in response.context["incidents"]]
    return rows, response.context["count"], response.context["next_cursor"]


def _reference(user, **options):
    with connection.cursor() as cursor:
        who = references.person(cursor, user.pk)
        sql, params = references.incident_list(
            who, connection.vendor, now=timezone.now(),
            adapt=connection.ops.adapt_datetimefield_value, **options,
        )  # fmt: skip
        cursor.execute(sql, params)
        rows = [_normal(row) for row in cursor.fetchall()]
    return rows


@pytest.mark.django_db
def test_each_reference_returns_the_pages_rows_and_columns_for_every_role(
    client, org, region, fire
):
    people = _people(org, region)
    seen = set()
    for name, user in people.items():
        cases = {
            "page 1": ({}, {}),
            "status": ({"status": "reported"}, {"status": "reported"}),
            "category": ({"category": fire.code}, {"categories": (fire.pk,)}),
            "search": ({"q": "personal"}, {"words": "personal"}),
        }
        first, _count, _next = _page(client, user)
        if len(first) > 4:
            moment, pk = first[3][2], first[3][0]
            cases["deep"] = ({"after": encode_cursor(moment, pk)}, {"after": (moment, pk)})
        for case, (query, options) in cases.items():
            page, count, next_cursor = _page(client, user, **query)
            reference = _reference(user, **options)
            assert [r[:15] for r in reference[:50]] == [r[:15] for r in page], (name, case)
            assert [r[15] for r in reference[:50]] == [r[15] for r in page], (name, case, "overdue")
            assert (len(reference) > 50) == (next_cursor is not None)
            if page:
                assert reference[0][14] == count, (name, case, "count")
            seen.add((name, case, len(page)))
    # The comparisons compared something: most roles see rows, not all the same ones.
    sizes = {n for _name, case, n in seen if case == "page 1"}
    assert len(sizes) >= 4 and 0 not in {
        n for name, c, n in seen if c == "page 1" and name != "reporter"
    }


@pytest.mark.django_db
def test_the_coordinators_reference_carries_the_whole_access_rule(org, region):
    """Not an index-only shortcut on the administration: the reporter's and handler's own rows
    too, as `for_user()` has them."""
    user = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    with connection.cursor() as cursor:
        where, params = references.access(references.person(cursor, user.pk))
    assert "i.reporter_id = %s" in where and "i.handler_id = %s" in where
    assert "i.administration_id = %s" in where and params.count(user.pk) == 2
