"""The incident list at region scale (issue 7): what keeps it fast, guarded where it can be."""

import pytest
from django.db import connection
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.core.access import Scope, ScopedQuerySet
from sakra.incidents.models import Incident
from sakra.incidents.services import add_comment
from sakra.organisation.models import Unit

LIST = "incidents:list"


@pytest.fixture
def everywhere(org, report, threat):
    """A report in every unit of the tree, plain and restricted, acute and not."""
    reporter = org.user()
    for unit in Unit.objects.filter(kind__in=["unit", "department", "administration"]):
        report(reporter, unit=unit)
        report(reporter, unit=unit, category=threat, is_acute=True)
    return Incident.objects.all()


def _path_based(scope):
    return Incident.objects.filter(
        ScopedQuerySet.scope_condition(Incident.objects.all(), scope)
    ).order_by("pk")


@pytest.mark.parametrize("with_area", [False, True])
def test_administration_scope_on_the_stored_column_selects_the_same_rows(
    org, everywhere, with_area
):
    for unit in Unit.objects.exclude(depth=1):
        scope = Scope(
            role=Role.SECURITY_COORDINATOR,
            unit_path=unit.path,
            unit_id=unit.pk,
            unit_kind=unit.kind,
            area_id=org.area.pk if with_area else None,
        )
        condition = Incident.objects.all().scope_condition(scope)
        stored = list(Incident.objects.filter(condition).order_by("pk"))
        assert stored == list(_path_based(scope)), unit
        assert stored, unit  # a comparison of two empty lists would prove nothing
        sql = str(Incident.objects.filter(condition).query)
        if unit.kind == "administration":
            assert "organisation_unit" not in sql and '"administration_id" =' in sql
        else:
            assert "LIKE" in sql  # deeper units keep the tree


@pytest.mark.parametrize(
    "role", [Role.SECURITY_COORDINATOR, Role.HEAD_OF_ADMINISTRATION, Role.SECURITY_PARTNER]
)
def test_administration_roles_see_what_the_tree_gives_them(org, everywhere, role):
    user = org.user(role)
    [scope] = user.scopes
    assert scope.unit_kind == "administration"
    seen = set(Incident.objects.for_user(user).values_list("pk", flat=True))
    by_path = set(_path_based(scope).values_list("pk", flat=True))
    assert seen and seen <= by_path | set(
        Incident.objects.filter(reporter=user).values_list("pk", flat=True)
    )
    assert "organisation_unit" not in str(Incident.objects.for_user(user).query)


def test_a_region_wide_reader_of_everything_gets_no_or(org, everywhere, threat, report):
    """The chief's rows are every row: one condition PostgreSQL counts off an index."""
    chief = org.user(Role.SECURITY_CHIEF)
    report(chief, category=threat)  # their own report is among every row anyway
    seen = Incident.objects.for_user(chief)
    every = set(Incident.objects.values_list("pk", flat=True))
    assert set(seen.values_list("pk", flat=True)) == every
    assert " OR " not in str(seen.query)
    # A region-wide role that does not see restricted incidents still sees its own report.
    manager = org.user(Role.MANAGER, unit=org.region)
    own = report(manager, category=threat)
    seen = set(Incident.objects.for_user(manager).values_list("pk", flat=True))
    assert own.pk in seen
    assert seen == {own.pk} | set(
        Incident.objects.filter(is_restricted=False).values_list("pk", flat=True)
    )


def test_count_is_exact_up_to_the_cap_then_says_more(client, org, report, monkeypatch):
    from sakra.incidents.views import lists

    monkeypatch.setattr(lists, "COUNT_CAP", 3)
    client.force_login(org.user(Role.SECURITY_CHIEF))
    reporter = org.user()
    for _ in range(3):
        report(reporter)
    page = client.get(reverse(LIST))
    assert (page.context["count"], page.context["count_capped"]) == (3, False)
    assert "3 avvikelser hittades." in page.content.decode()
    report(reporter)
    page = client.get(reverse(LIST))
    assert (page.context["count"], page.context["count_capped"]) == (3, True)
    assert "Fler än 3 avvikelser hittades." in page.content.decode()


def test_count_query_is_limited(client, org, report, django_assert_max_num_queries):
    from django.test.utils import CaptureQueriesContext

    client.force_login(org.user(Role.SECURITY_CHIEF))
    report(org.user())
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse(LIST))
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT 10001" in counts[0]


def test_unit_and_site_filters_list_only_the_chosen_and_the_matches(client, org, report):
    client.force_login(org.user(Role.SECURITY_CHIEF))
    mine = report(org.user(), unit=org.alfa_unit, site=org.site)
    html = client.get(reverse(LIST)).content.decode()
    # No long lists: neither the unit nor the site of the row is offered until searched for.
    assert ">Alfa enhet 1</option>" not in html and ">Sjukhusområde Norr</option>" not in html
    assert '<label for="id_unit">' in html and 'aria-label="Sök enhet"' in html
    chosen = client.get(reverse(LIST), {"unit": org.alfa_dept.pk, "site": org.site.pk})
    html = chosen.content.decode()
    assert [i.pk for i in chosen.context["incidents"]] == [mine.pk]
    assert f'<option value="{org.alfa_dept.pk}" selected>Alfa avdelning</option>' in html
    assert f'<option value="{org.site.pk}" selected>Sjukhusområde Norr</option>' in html
    # Without JavaScript: the typed words come back as the choices of the next page.
    typed = client.get(reverse(LIST), {"unit_search": "enhet"}).content.decode()
    assert "Alfa enhet 1" in typed and "Beta enhet" in typed and "Alfa avdelning" not in typed


def test_unknown_unit_in_the_address_is_a_form_error_not_a_500(client, org):
    client.force_login(org.user(Role.SECURITY_CHIEF))
    response = client.get(reverse(LIST), {"unit": "999999", "site": "abc"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"status": "reported", "unit": "alfa_dept"},
        {"category": "fire", "area": "other_area", "site": "site", "administration": "alfa"},
        {"q": "brand", "acute": "false", "overdue": "false", "after": "cursor"},
    ],
    ids=["unit", "listed", "search-deep"],
)
def test_list_queries_stay_few_and_constant(
    client, org, report, fire, params, django_assert_num_queries
):
    from sakra.incidents.views.common import encode_cursor

    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    reporter = org.user()
    first = report(reporter, description="Brand i soprummet")
    values = {"fire": fire.code, "cursor": encode_cursor(first.occurred_at, first.pk + 1000)}
    params = {
        key: values.get(value) or getattr(getattr(org, value, None), "pk", value)
        for key, value in params.items()
    }
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse(LIST), params)
    assert response.status_code == 200
    assert len(response.context["incidents"]) == 1
    assert not response.context["filter"].form.errors
    for n in range(49):
        report(reporter, description=f"Brand {n}")
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse(LIST), params)
    assert len(response.context["incidents"]) == 50


def test_detail_queries_stay_few_and_constant(client, org, report, django_assert_max_num_queries):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    client.force_login(coordinator)
    incident = report(org.user())
    add_comment(incident, by=coordinator, text="Första")
    url = reverse("incidents:detail", args=[incident.pk])
    with django_assert_max_num_queries(DETAIL_QUERIES) as one:
        assert client.get(url).status_code == 200
    for n in range(49):
        add_comment(incident, by=coordinator, text=f"Kommentar {n}")
    with django_assert_max_num_queries(len(one)):
        assert client.get(url).status_code == 200


#: Issue 7's targets are 5 and 10. The list makes 2 for the session and the user with their
#: roles (one query since issue 19's floor work), 1 for the choices of the filters with the
#: chosen unit and site (`ReferenceRows`) and 1 for the page with its count; the detail makes
#: 10 (see docs/performance.md), and 11 for a handler since the handler may change the
#: category (its choices, issue 17). Neither grows with rows.
LIST_QUERIES = 4
DETAIL_QUERIES = 11


def _page_plan(client, word):
    """EXPLAIN of the list's page query for `?q=word`, as the view sends it."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(LIST), {"q": word})
    [page] = [q["sql"] for q in queries.captured_queries if "LIMIT 51" in q["sql"]]
    with connection.cursor() as cursor:
        # At this test's 20 000 rows reading every row's stored vector is the cheapest plan of
        # all, which it never is at a region's million; the question here is only which index
        # serves the page: the text's or the dates'. (SET LOCAL: until the test's rollback.)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {page}")
        return response, "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner and GIN index")
def test_a_rare_word_is_found_through_the_text_index_not_by_walking_the_dates(client, org, report):
    from datetime import timedelta

    rare = report(org.user(), description="Misstänkt ammoniakläckage i teknikrummet")
    fields = {
        f.attname: getattr(rare, f.attname)
        for f in Incident._meta.concrete_fields
        if not f.primary_key
    }
    Incident.objects.bulk_create(
        Incident(**{
            **fields, "reference": f"TST-{n:07d}", "idempotency_key": f"plan-{n}",
            "description": "Personal halkade i korridoren", "immediate_measures": "",
            "occurred_at": rare.occurred_at - timedelta(minutes=n + 1),
        })
        for n in range(20_000)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incidents_incident")
    client.force_login(org.user(Role.SECURITY_CHIEF))
    response, plan = _page_plan(client, "ammoniakläckage")
    assert [i.pk for i in response.context["incidents"]] == [rare.pk]
    assert "incident_search_vector" in plan, plan
    assert "incident_occurred_keyset" not in plan, plan
    # A common word: the newest 50 by date are the answer, found by walking the dates.
    response, plan = _page_plan(client, "personal")
    assert len(response.context["incidents"]) == 50
    assert response.context["count_capped"]
