"""The admin's one policy (sakra/core/admin.py): domain rows are only shown, reference data is
edited. The registry is walked, so a new module's model is held to it without being named:
every model of a sakra app is domain unless REFERENCE names it."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.actions.models import Action
from sakra.goals.models import Goal
from sakra.incidents.choices import Severity
from sakra.incidents.models import Incident, IncidentCategory

#: Edited by administrators in the admin. Adding a model here is a decision: say why in review.
REFERENCE = {
    "organisation.Unit",
    "organisation.Site",
    "organisation.SecurityArea",
    "incidents.IncidentCategory",
    "incidents.ReportingObligation",
    "accounts.User",
    "accounts.RoleAssignment",
    "accounts.ApiToken",
    # An identity provider's SCIM token is revoked in the admin, as a person's API token is.
    "accounts.ScimToken",
    # The bodies that decide (Regionstyrelsen, the security board, a network): set up once
    # per region, as units are.
    "governance.Forum",
    # Support: the region's response-time target and the partner teams (who is lent to which
    # team and what it serves) are who-serves-where, kept as roles are. Named contacts are kept
    # on the app's page, in the coordinator's scope.
    "support.SupportSettings",
    "support.PartnerTeam",
    "support.TeamMember",
    # Continuity: the kinds of event a crisis opens from (staff roles and checklist), set up
    # once per region.
    "continuity.CrisisTemplate",
    # governance: a forum's members (roles or named people) are kept with the forum, and each
    # role's written mandate (uppdrag) is set up once, as the role list is.
    "governance.ForumMember",
    "governance.RoleMandate",
    # The region's risk matrix: a setting, added as new versions (a saved one is not changed).
    "risks.MatrixVersion",
    # The region's list of crisis preparedness indicators that every RSA is assessed against.
    "risks.PreparednessIndicator",
}


def _sakra_models():
    return [model for model in apps.get_models() if model.__module__.startswith("sakra.")]


def _domain_models():
    return [model for model in _sakra_models() if model._meta.label not in REFERENCE]


def _as_superuser(org):
    request = RequestFactory().get("/admin/")
    request.user = org.user(is_staff=True, is_superuser=True)
    return request


def _editable(model_admin, request) -> list[str]:
    """What the admin (or inline) still lets even a superuser do."""
    granted = {
        "add": model_admin.has_add_permission(request, None)
        if isinstance(model_admin, admin.options.InlineModelAdmin)
        else model_admin.has_add_permission(request),
        "change": model_admin.has_change_permission(request, None),
        "delete": model_admin.has_delete_permission(request, None),
    }
    return [what for what, allowed in granted.items() if allowed]


def test_reference_names_real_models():
    for label in REFERENCE:
        assert apps.get_model(label)._meta.label in REFERENCE


@pytest.mark.django_db
def test_no_domain_model_can_be_added_changed_or_deleted_in_the_admin(org):
    request = _as_superuser(org)
    domain = set(_domain_models())
    assert {Incident, Action, Goal} <= domain
    problems = []
    for model, model_admin in admin.site._registry.items():
        if model in domain:
            problems += [f"{model._meta.label}: {what}" for what in _editable(model_admin, request)]
        for inline_class in model_admin.inlines:
            inline = inline_class(model, admin.site)
            if inline.model in domain:
                problems += [
                    f"{inline.model._meta.label} (inline of {model._meta.label}): {what}"
                    for what in _editable(inline, request)
                ]
    assert not problems, "domain rows editable in the admin: use ReadOnlyAdmin/ReadOnlyInline\n" + (
        "\n".join(problems)
    )


@pytest.mark.django_db
def test_reference_data_stays_editable_in_the_admin(org):
    request = _as_superuser(org)
    for label in sorted(REFERENCE):
        model_admin = admin.site._registry.get(apps.get_model(label))
        assert model_admin is not None, f"{label} is not in the admin"
        assert model_admin.has_change_permission(request), f"{label} cannot be changed"


@pytest.mark.django_db
def test_every_page_of_the_admin_still_opens(client, org):
    client.force_login(org.user(is_staff=True, is_superuser=True))
    for model in admin.site._registry:
        if model.__module__.startswith("sakra."):
            meta = model._meta
            url = f"/admin/{meta.app_label}/{meta.model_name}/"
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_the_admin_cannot_change_an_incident_an_action_or_a_goal(client, org):
    superuser = org.user(is_staff=True, is_superuser=True)
    owner = org.user(Role.AREA_OWNER)
    category = IncidentCategory.objects.create(
        code="t-admin", name_sv="Stöld", name_en="Theft", area=org.area,
        default_severity=Severity.MODERATE,
    )  # fmt: skip
    now = timezone.now()
    incident = Incident.objects.create(
        reference="AV-2026-99999", category=category, area=org.area, unit=org.alfa_unit,
        occurred_at=now, aware_at=now, description="Cykel stulen", severity=Severity.MODERATE,
    )  # fmt: skip
    action = Action.objects.create(
        title="Byt lås", owner=owner, unit=org.alfa_unit,
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )  # fmt: skip
    goal = Goal.objects.create(
        title="Färre stölder", area=org.area, owner=owner, start_year=2025, end_year=2027
    )
    client.force_login(superuser)
    rows = {
        incident: {"description": "Ändrad i admin", "severity": Severity.CRITICAL},
        action: {"title": "Ändrad i admin"},
        goal: {"title": "Ändrad i admin"},
    }
    for row, change in rows.items():
        base = f"/admin/{row._meta.app_label}/{row._meta.model_name}/"
        refused = {404} if row is incident else {403}  # incidents are not in the admin at all
        shown = 404 if row is incident else 200
        assert client.get(f"{base}{row.pk}/change/").status_code == shown
        assert client.post(f"{base}{row.pk}/change/", change).status_code in refused
        assert client.post(f"{base}{row.pk}/delete/", {"post": "yes"}).status_code in refused
        assert client.post(f"{base}add/", change).status_code in refused
        bulk = {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
        client.post(base, bulk)
        before = {field: getattr(row, field) for field in change}
        row.refresh_from_db()
        assert {field: getattr(row, field) for field in change} == before
    assert Incident.objects.count() == Action.objects.count() == Goal.objects.count() == 1
