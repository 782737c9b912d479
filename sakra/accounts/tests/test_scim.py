"""SCIM 2.0 provisioning, driven by scim2-client (a client Sakra did not write) through the
whole WSGI stack, and by raw requests shaped as Entra ID sends them (a client built on the
same models as the server would share its reading of the RFC)."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_models import (
    URN,
    EnterpriseUser,
    Error,
    Extension,
    Group,
    ListResponse,
    Name,
    PatchOp,
    PatchOperation,
    ResourceType,
    ScimProvider,
    SearchRequest,
    User,
)

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment
from sakra.accounts.models import User as Person
from sakra.accounts.services import create_api_token, create_scim_token, revoke_scim_token
from sakra.testing import count_queries

BASE = "http://localhost/scim/v2"
SAKRA = "urn:ietf:params:scim:schemas:extension:sakra:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


class SakraUser(Extension):
    """The client's own description of Sakra's extension (as a region would write it)."""

    __schema__ = URN(SAKRA)
    unit: str | None = None
    manager: bool | None = None


Model = User[EnterpriseUser | SakraUser]


@pytest.fixture
def token(db):
    return create_scim_token("Entra ID")


@pytest.fixture
def wsgi():
    """Django's WSGI application, each request without closing the test's database connection
    at its end, as Django's own test client does (on PostgreSQL it would end the test)."""
    application = get_wsgi_application()

    def call(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = application(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return call


@pytest.fixture
def scim(token, wsgi):
    client = WSGISCIMClient(
        wsgi,
        base_url=BASE,
        headers={"Authorization": f"Bearer {token[1]}"},
        provider=ScimProvider(
            models=[User, EnterpriseUser, SakraUser, Group],
            resource_types=[ResourceType.from_resource(Model), ResourceType.from_resource(Group)],
        ),
    )
    return client


@pytest.fixture
def raw(token):
    """Django's test client with the token, for requests as Entra ID words them."""
    client = Client(headers={"Authorization": f"Bearer {token[1]}"})

    def call(method, path, body=None, *, text=None, **extra):
        data = json.dumps(body) if body is not None else (text or "")
        return getattr(client, method.lower())(
            "/scim/v2" + path, data=data, content_type="application/scim+json", **extra
        )

    return call


def new_user(
    org, *, external_id="HSA-1", email="Anna.Andersson@Region.se", unit=None, name="Anna Andersson"
):
    user = Model(
        user_name=email,
        external_id=external_id,
        name=Name(formatted=name),
        active=True,
    )
    user[EnterpriseUser] = EnterpriseUser(department=unit or org.alfa_unit.code)
    return user


def roles(person) -> set[tuple[str, int | None]]:
    return set(RoleAssignment.objects.filter(user=person).values_list("role", "unit_id"))


def test_the_service_describes_itself(token, wsgi):
    client = WSGISCIMClient(wsgi, base_url=BASE, headers={"Authorization": f"Bearer {token[1]}"})
    client.discover()
    config = client.provider.config
    assert config.filter.supported and config.patch.supported and not config.bulk.supported
    assert {rt.name for rt in client.provider.resource_types} == {"User", "Group"}
    schemas = {str(schema.id) for schema in client.provider.schemas}
    assert {SAKRA, ENTERPRISE} <= schemas


def test_create_makes_an_employee_of_the_unit_with_the_token_as_actor(scim, org):
    created = scim.create(new_user(org))
    person = Person.objects.get(pk=int(created.id))
    assert (person.email, person.external_id, person.full_name, person.home_unit) == (
        "anna.andersson@region.se",
        "HSA-1",
        "Anna Andersson",
        org.alfa_unit,
    )
    assert not person.has_usable_password()
    assert roles(person) == {(Role.EMPLOYEE, org.alfa_unit.pk)}
    assert created[EnterpriseUser].department == org.alfa_unit.code
    assert created[SakraUser].manager is False
    entry = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE)
    assert (entry.actor, entry.actor_email) == (None, "SCIM: Entra ID")
    assert LogEntry.objects.filter(actor_email="SCIM: Entra ID").count() >= 2  # person, role


def test_the_unit_by_its_external_id_through_sakras_attribute(scim, org):
    org.beta_unit.external_id = "SE2321000131-E000000000123"
    org.beta_unit.save()
    user = new_user(org)
    user[SakraUser] = SakraUser(unit="SE2321000131-E000000000123", manager=True)
    created = scim.create(user)
    person = Person.objects.get(pk=int(created.id))
    assert person.home_unit == org.beta_unit
    assert roles(person) == {(Role.EMPLOYEE, org.beta_unit.pk), (Role.MANAGER, org.beta_unit.pk)}
    assert created[SakraUser].unit == "SE2321000131-E000000000123"


def test_update_moves_the_person_and_leaves_the_roles_set_in_the_app(scim, org):
    created = scim.create(new_user(org))
    person = Person.objects.get(pk=int(created.id))
    RoleAssignment.objects.create(user=person, role=Role.SECURITY_COORDINATOR, unit=org.alfa)
    created.name = Name(formatted="Anna Berg")
    created[EnterpriseUser] = EnterpriseUser(department=org.beta_unit.code)
    replaced = scim.replace(created)
    assert replaced.display_name is None or replaced.name.formatted == "Anna Berg"
    person.refresh_from_db()
    assert (person.full_name, person.home_unit) == ("Anna Berg", org.beta_unit)
    assert roles(person) == {
        (Role.EMPLOYEE, org.beta_unit.pk),
        (Role.SECURITY_COORDINATOR, org.alfa.pk),
    }
    changed = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE)
    assert changed.filter(actor_email="SCIM: Entra ID").exists()


def test_deactivate_ends_the_persons_access_on_their_next_request(scim, org):
    created = scim.create(new_user(org))
    person = Person.objects.get(pk=int(created.id))
    browser = Client()
    browser.force_login(person)
    assert browser.get("/min-sida/").status_code == 200
    patch = PatchOp[Model](
        operations=[PatchOperation(op=PatchOperation.Op.replace_, path="active", value=False)]
    )
    scim.modify(Model, created.id, patch)
    person.refresh_from_db()
    assert not person.is_active
    assert browser.get("/min-sida/").status_code == 302
    assert scim.query(Model, created.id).active is False


def test_delete_disables_and_never_deletes_and_create_brings_the_person_back(scim, org):
    created = scim.create(new_user(org))
    scim.delete(Model, created.id)
    person = Person.objects.get(pk=int(created.id))
    assert not person.is_active and person.deprovisioned_at is not None
    error = scim.query(Model, created.id, raise_scim_errors=False)
    assert isinstance(error, Error) and error.status == 404
    again = scim.create(new_user(org))
    assert again.id == created.id and again.active is True
    person.refresh_from_db()
    assert person.is_active and person.deprovisioned_at is None


def test_paging_pages_over_everyone_in_order(scim, org):
    for n in range(7):
        Person.objects.create(email=f"p{n}@region.se", full_name=f"P {n}", external_id=f"P{n}")
    first = scim.query(Model, query_parameters=SearchRequest(start_index=1, count=3))
    second = scim.query(Model, query_parameters=SearchRequest(start_index=4, count=3))
    assert isinstance(first, ListResponse)
    assert first.total_results == second.total_results == 7
    assert first.items_per_page == 3 and first.start_index == 1 and second.start_index == 4
    ids = [r.id for r in first.resources] + [r.id for r in second.resources]
    assert len(set(ids)) == 6 and ids == sorted(ids, key=int)


@pytest.mark.parametrize(
    ("scim_filter", "expected"),
    [
        ('userName eq "ANNA.andersson@region.se"', {"HSA-1"}),
        ('externalId eq "HSA-2"', {"HSA-2"}),
        ('externalId eq "hsa-2"', set()),  # caseExact
        ('emails[value eq "bo@region.se"]', {"HSA-2"}),
        ('emails.value sw "bo@"', {"HSA-2"}),
        ('userName co "region" and active eq true', {"HSA-1"}),
        ('externalId eq "HSA-1" or externalId eq "HSA-2"', {"HSA-1", "HSA-2"}),
        ('not (externalId eq "HSA-1")', {"HSA-2"}),
        (f'{ENTERPRISE}:department eq "BETA-UNIT"', {"HSA-2"}),
        ('displayName sw "anna"', {"HSA-1"}),
    ],
)
def test_filters_are_translated_to_the_database(scim, org, scim_filter, expected):
    org.beta_unit.code = "beta-unit"
    org.beta_unit.save()
    scim.create(new_user(org))
    bo = scim.create(
        new_user(org, external_id="HSA-2", email="bo@region.se", unit="beta-unit", name="Bo Berg")
    )
    scim.modify(
        Model,
        bo.id,
        PatchOp[Model](
            operations=[PatchOperation(op=PatchOperation.Op.replace_, path="active", value=False)]
        ),
    )
    found = scim.query(Model, query_parameters=SearchRequest(filter=scim_filter))
    assert {r.external_id for r in found.resources or []} == expected
    assert found.total_results == len(expected)


@pytest.mark.parametrize(
    "scim_filter",
    ['userName eq "unclosed', "userName eq", 'title eq "chef"', 'meta.created gt "2020-01-01"'],
    ids=["unclosed", "no-value", "unmapped-attribute", "unmapped-operator"],
)
def test_a_filter_sakra_cannot_answer_is_a_400(raw, org, scim_filter):
    response = raw("GET", "/Users", QUERY_STRING=f"filter={scim_filter}")
    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidFilter"


def test_an_unknown_unit_is_refused_and_changes_nothing(scim, org):
    error = scim.create(new_user(org, unit="no-such-unit"), raise_scim_errors=False)
    assert isinstance(error, Error) and error.status == 400 and error.scim_type == "invalidValue"
    assert not Person.objects.filter(external_id="HSA-1").exists()
    created = scim.create(new_user(org))
    created[EnterpriseUser] = EnterpriseUser(department="no-such-unit")
    assert scim.replace(created, raise_scim_errors=False).status == 400
    assert Person.objects.get(pk=int(created.id)).home_unit == org.alfa_unit


def test_a_taken_external_id_or_email_is_a_409(scim, org):
    scim.create(new_user(org))
    assert scim.create(new_user(org), raise_scim_errors=False).status == 409
    clash = new_user(org, external_id="HSA-9")
    assert scim.create(clash, raise_scim_errors=False).status == 409
    assert Person.objects.count() == 1


def test_a_huge_body_is_refused_unread(raw, org, settings):
    settings.SAKRA_SCIM_MAX_BODY = 10_000
    body = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "x@region.se",
        "displayName": "x" * 20_000,
    }
    response = raw("POST", "/Users", body)
    assert response.status_code == 413
    assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert not Person.objects.filter(email="x@region.se").exists()


def test_a_malformed_body_is_a_400(raw, org):
    response = raw("POST", "/Users", text="{not json")
    assert response.status_code == 400
    assert not Person.objects.exists()


PROTECTED = [
    ("get", "/scim/v2/Users"),
    ("post", "/scim/v2/Users"),
    ("get", "/scim/v2/Groups/managers"),
    ("get", "/scim/v2/Schemas"),
]


@pytest.mark.django_db
def test_without_the_scim_token_every_endpoint_answers_401(org, token):
    person = org.user(Role.SECURITY_CHIEF)
    _t, personal = create_api_token(person, "mine")
    attempts = {
        "none": Client(),
        "wrong": Client(headers={"Authorization": "Bearer scim_0000_nope"}),
        "a person's API token": Client(headers={"Authorization": f"Bearer {personal}"}),
        "basic": Client(headers={"Authorization": f"Basic {token[1]}"}),
    }
    session = Client()
    session.force_login(person)
    attempts["a signed-in session"] = session
    for name, client in attempts.items():
        for method, path in PROTECTED:
            response = getattr(client, method)(path)
            assert response.status_code == 401, (name, method, path)
            assert response["WWW-Authenticate"].startswith("Bearer")
    revoke_scim_token(token[0])
    revoked = Client(headers={"Authorization": f"Bearer {token[1]}"})
    assert revoked.get("/scim/v2/Users").status_code == 401


def test_entra_id_provisions_and_deactivates_as_it_words_its_requests(raw, org):
    """The requests of Entra ID's provisioning service (its published SCIM validator's
    shapes): capitalised operations, booleans as strings, the enterprise department."""
    found = raw("GET", "/Users", QUERY_STRING='filter=userName+eq+"Test_User_1@region.se"')
    assert found.status_code == 200 and found.json()["totalResults"] == 0
    created = raw(
        "POST",
        "/Users",
        {
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                ENTERPRISE,
            ],
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "userName": "Test_User_1@region.se",
            "active": True,
            "displayName": "Test User 1",
            "emails": [{"primary": True, "type": "work", "value": "Test_User_1@region.se"}],
            "name": {"formatted": "Test User 1", "familyName": "User", "givenName": "Test"},
            ENTERPRISE: {"department": org.alfa_unit.code},
        },
    )
    assert created.status_code == 201, created.content
    user_id = created.json()["id"]
    off = raw(
        "PATCH",
        f"/Users/{user_id}",
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
        },
    )
    assert off.status_code in (200, 204), off.content
    assert not Person.objects.get(pk=user_id).is_active


def test_the_managers_group_gives_and_takes_the_manager_role(raw, scim, org, settings):
    settings.SAKRA_SCIM_MANAGER_GROUP = "Sakra chefer"
    anna = scim.create(new_user(org))
    found = raw(
        "GET",
        "/Groups",
        QUERY_STRING='filter=displayName+eq+"Sakra chefer"&excludedAttributes=members',
    )
    assert found.status_code == 200 and found.json()["totalResults"] == 1
    group_id = found.json()["Resources"][0]["id"]
    add = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Add", "path": "members", "value": [{"value": anna.id}]}],
    }
    assert raw("PATCH", f"/Groups/{group_id}", add).status_code in (200, 204)
    person = Person.objects.get(pk=int(anna.id))
    assert (Role.MANAGER, org.alfa_unit.pk) in roles(person)
    assert scim.query(Model, anna.id)[SakraUser].manager is True
    group = scim.query(Group, group_id)
    assert [m.value for m in group.members] == [anna.id]
    remove = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Remove", "path": f'members[value eq "{anna.id}"]'}],
    }
    assert raw("PATCH", f"/Groups/{group_id}", remove).status_code in (200, 204)
    assert roles(person) == {(Role.EMPLOYEE, org.alfa_unit.pk)}
    other = raw("POST", "/Groups", {"schemas": [str(Group.__schema__)], "displayName": "Alla"})
    assert other.status_code == 403
    assert raw("GET", "/Groups/alla").status_code == 404
    assert raw("DELETE", f"/Groups/{group_id}").status_code == 403


def test_a_page_costs_the_same_queries_with_1_and_50_people(raw, org):
    def page_queries():
        with count_queries() as queries:
            assert raw("GET", "/Users", QUERY_STRING="count=100").status_code == 200
        return len(queries)

    Person.objects.create(email="p0@region.se", full_name="P 0", home_unit=org.alfa_unit)
    page_queries()  # the token's first use is written down once a minute
    one = page_queries()
    for n in range(1, 50):
        Person.objects.create(email=f"p{n}@region.se", full_name=f"P {n}", home_unit=org.alfa_unit)
    assert page_queries() == one


def test_superusers_are_out_of_scims_reach(raw, org):
    admin = Person.objects.create_superuser("root@region.se", "x", full_name="Root")
    assert raw("GET", f"/Users/{admin.pk}").status_code == 404
    assert raw("DELETE", f"/Users/{admin.pk}").status_code == 404
    admin.refresh_from_db()
    assert admin.is_active
