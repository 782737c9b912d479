"""The audit trail viewer, its CSV export, the read-only admin and retention pruning."""

import csv
import io
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import ApiToken, RoleAssignment, User
from sakra.accounts.services import assign_role, create_api_token

URL = "/min-sida/granskningslogg/"
CSV_URL = "/min-sida/granskningslogg/export.csv"


def _entry(obj, action=LogEntry.Action.UPDATE, actor=None, when=None, **kwargs):
    entry = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_id=obj.pk,
        object_repr=kwargs.pop("object_repr", str(obj)),
        action=action,
        actor=actor,
        changes=kwargs.pop("changes", {"full_name": ["Före", "Efter"]}),
        remote_addr=kwargs.pop("remote_addr", "192.0.2.1"),
    )
    if when is not None:
        LogEntry.objects.filter(pk=entry.pk).update(timestamp=when)
    return entry


def test_urls_are_where_the_docs_say():
    assert reverse("accounts:audit-trail") == URL
    assert reverse("accounts:audit-trail-csv") == CSV_URL


@pytest.mark.parametrize("role", [Role.SECURITY_CHIEF, Role.AUDITOR])
def test_security_chief_and_auditor_read_the_trail(client, org, role):
    reader = org.user(role, unit=org.region)
    target = org.user(full_name="Anna Andersson")
    _entry(target, actor=reader)
    client.force_login(reader)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Granskningslogg" in page and "Anna Andersson" in page and "192.0.2.1" in page
    assert client.get(CSV_URL).status_code == 200


@pytest.mark.parametrize(
    "role",
    [
        None,
        Role.EMPLOYEE,
        Role.MANAGER,
        Role.HEAD_OF_ADMINISTRATION,
        Role.SECURITY_COORDINATOR,
        Role.SECURITY_PARTNER,
        Role.AREA_OWNER,
        Role.BOARD_MEMBER,
    ],
)
def test_other_roles_may_not_read_it(client, org, role):
    client.force_login(org.user(role))
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403
    assert "Granskningslogg" not in client.get("/min-sida/").content.decode()


def test_anonymous_is_sent_to_login(client, db):
    for url in (URL, CSV_URL):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_menu_shows_the_trail_to_its_readers(client, org):
    client.force_login(org.user(Role.AUDITOR, unit=org.region))
    assert f'href="{URL}"' in client.get("/min-sida/").content.decode()


@pytest.mark.parametrize("scope", ["alfa", "area"])
def test_an_auditor_of_one_administration_or_area_does_not_read_the_regions_trail(
    client, org, scope
):
    # The trail cannot be cut to a scope: what was written about Beta would show to Alfa's.
    beta_target = org.user(full_name="Bertil Beta", home_unit=org.beta_unit)
    _entry(beta_target)
    auditor = (
        org.user(Role.AUDITOR, unit=org.alfa) if scope == "alfa"
        else org.user(Role.AUDITOR, area=org.area)
    )  # fmt: skip
    client.force_login(auditor)
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403
    assert f'href="{URL}"' not in client.get("/min-sida/").content.decode()


def test_services_leave_entries_with_actor_and_changes(client, org):
    chief = org.user(Role.SECURITY_CHIEF)
    someone = org.user()
    assign_role(someone, Role.MANAGER, unit=org.alfa_dept)
    create_api_token(someone, "skript")
    client.force_login(chief)
    page = client.get(URL, {"model": ContentType.objects.get_for_model(ApiToken).pk})
    body = page.content.decode()
    assert "skript" in body
    assert "Chef" not in body.split("<tbody>")[1]  # the role assignment is filtered away


def test_filters_by_actor_action_model_and_dates(client, org, time_machine):
    chief = org.user(Role.SECURITY_CHIEF, full_name="Chef Chefsson")
    other = org.user(full_name="Bo Bengtsson", email="bo@example.se")
    target = org.user(full_name="Målperson")
    now = timezone.now()
    _entry(target, actor=chief, object_repr="by-chief", when=now - timedelta(days=10))
    _entry(target, actor=other, object_repr="by-bo", when=now - timedelta(days=1))
    _entry(target, actor=other, action=LogEntry.Action.ACCESS, object_repr="read-by-bo", when=now)
    assignment = RoleAssignment.objects.get(user=chief)
    _entry(assignment, actor=other, object_repr="assignment-by-bo", when=now)
    client.force_login(chief)

    def shown(**params):
        body = client.get(URL, params).content.decode()
        return {
            name
            for name in ("by-chief", "by-bo", "read-by-bo", "assignment-by-bo")
            if f"”{name}”" in body
        }

    assert shown(actor="bo@EXAMPLE") == {"by-bo", "read-by-bo", "assignment-by-bo"}
    assert shown(actor="Chefsson") == {"by-chief"}
    assert shown(action=LogEntry.Action.ACCESS) == {"read-by-bo"}
    assert shown(model=ContentType.objects.get_for_model(User).pk) == {
        "by-chief",
        "by-bo",
        "read-by-bo",
    }
    local = timezone.localdate
    assert shown(date_to=(local(now) - timedelta(days=5)).isoformat()) == {"by-chief"}
    assert shown(date_from=(local(now) - timedelta(days=2)).isoformat(), actor="bo") == {
        "by-bo",
        "read-by-bo",
        "assignment-by-bo",
    }


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2026-11-20", "date_to": "2026-11-01"},
        {"date_from": "2026-02-30"},
        {"model": "999999"},
        {"action": "9"},
        {"actor": "x" * 300},
    ],
)
def test_bad_filters_are_explained_and_show_nothing(client, org, params):
    chief = org.user(Role.SECURITY_CHIEF)
    _entry(org.user(), actor=chief, object_repr="secret-row")
    client.force_login(chief)
    response = client.get(URL, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "error-summary" in body and 'aria-invalid="true"' in body
    assert "secret-row" not in body
    assert "secret-row" not in client.get(CSV_URL, params).getvalue().decode()


def test_csv_export_follows_the_filters_and_defuses_formulas(client, org):
    chief = org.user(Role.SECURITY_CHIEF)
    target = org.user()
    _entry(target, actor=chief, object_repr='=HYPERLINK("http://evil")', changes={"a": ["1", "2"]})
    _entry(target, actor=chief, action=LogEntry.Action.ACCESS, object_repr="läst av chefen")
    client.force_login(chief)
    response = client.get(CSV_URL, {"action": LogEntry.Action.UPDATE})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 1
    assert rows[0]["object"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["actor_email"] == chief.email
    assert rows[0]["model"] == "accounts.user" and '"a": ["1", "2"]' in rows[0]["changes"]
    assert rows[0]["timestamp_utc"].endswith("+00:00")
    # The sentence the page shows, in the reader's language, for a reader of the file.
    assert rows[0]["description"] == f'{chief} ändrade användare ”=HYPERLINK("http://evil")”'


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count_does_not_grow_with_rows(client, org, rows, django_assert_max_num_queries):
    chief = org.user(Role.SECURITY_CHIEF)
    actors = [org.user() for _ in range(3)]
    for n in range(rows):
        _entry(actors[n % 3], actor=actors[n % 3])
    client.force_login(chief)
    client.get(URL)  # warm the content type cache
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(10):
        client.get(CSV_URL).getvalue()


def test_the_trail_cannot_be_changed_in_the_admin(client, org):
    admin_user = org.user(is_staff=True, is_superuser=True)
    entry = _entry(org.user(), actor=admin_user)
    client.force_login(admin_user)
    base = "/admin/auditlog/logentry/"
    assert client.get(base).status_code == 200
    assert client.get(base, {"q": "x"}).status_code == 200  # search works with our user model
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    client.post(f"{base}{entry.pk}/change/", {"object_repr": "rewritten"})
    client.post(base, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    entry.refresh_from_db()
    assert entry.object_repr != "rewritten"
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_users_cannot_be_deleted_in_the_admin(client, org):
    admin_user = org.user(is_staff=True, is_superuser=True)
    victim = org.user()
    client.force_login(admin_user)
    assert client.get(f"/admin/accounts/user/{victim.pk}/delete/").status_code == 403
    assert User.objects.filter(pk=victim.pk).exists()


@override_settings(SAKRA_AUDIT_RETENTION_DAYS=365)
def test_prune_deletes_only_entries_past_retention(org, capsys):
    target = org.user()
    now = timezone.now()
    old = _entry(target, when=now - timedelta(days=366))
    edge = _entry(target, when=now - timedelta(days=364))
    fresh = _entry(target)
    call_command("prune_audit", "--dry-run")
    assert "Dry run: 1 audit entries" in capsys.readouterr().out
    assert LogEntry.objects.filter(pk=old.pk).exists()
    call_command("prune_audit")
    assert "Deleted 1 audit entries older than 365 days" in capsys.readouterr().out
    remaining = set(LogEntry.objects.values_list("pk", flat=True))
    assert old.pk not in remaining and {edge.pk, fresh.pk} <= remaining


def test_default_retention_is_five_years(settings):
    assert settings.SAKRA_AUDIT_RETENTION_DAYS == 5 * 365
