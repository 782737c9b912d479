"""A dismissed report is not an event: it names what it duplicates, and no count keeps it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.incidents import services, summary
from sakra.incidents.choices import DismissalKind, Status
from sakra.incidents.models import Incident, IncidentYearlyCount


def _counted() -> int:
    return sum(IncidentYearlyCount.objects.values_list("count", flat=True))


def _dismiss(incident, by, **fields):
    return services.change_status(
        incident, by=by, status=Status.DISMISSED, version=incident.version,
        reason=fields.pop("reason", "Samma händelse"), **fields,
    )  # fmt: skip


@pytest.fixture
def two(org, report):
    reporter = org.user()
    return report(reporter, description="Brand i soprum"), report(reporter, description="Rök")


def test_a_duplicate_names_its_original_and_leaves_the_counts(org, two):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    original, second = two
    assert _counted() == 2
    second = _dismiss(
        second, coordinator, dismissal_kind=DismissalKind.DUPLICATE, duplicate_of=original
    )
    assert second.duplicate_of == original
    assert list(original.duplicates.all()) == [second]
    assert _counted() == 1  # in the same transaction as the status
    assert summary.differences() == []
    assert list(Incident.objects.events()) == [original]


def test_taking_a_dismissed_report_up_again_counts_it_again(org, two):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    original, second = two
    second = _dismiss(
        second, coordinator, dismissal_kind=DismissalKind.DUPLICATE, duplicate_of=original
    )
    second = services.change_status(
        second, by=coordinator, status=Status.UNDER_INVESTIGATION, version=second.version
    )
    assert (second.dismissal_kind, second.duplicate_of, second.closed_at) == ("", None, None)
    assert _counted() == 2 and summary.differences() == []


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"dismissal_kind": ""}, "dismissal_kind"),
        ({"dismissal_kind": "bogus"}, "dismissal_kind"),
        ({"dismissal_kind": DismissalKind.DUPLICATE}, "duplicate_of"),
        ({"dismissal_kind": DismissalKind.DUPLICATE, "reason": ""}, "reason"),
    ],
)
def test_a_dismissal_without_its_why_changes_nothing(org, two, fields, field):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    _original, second = two
    with pytest.raises(ValidationError) as exc:
        _dismiss(second, coordinator, **fields)
    assert field in exc.value.message_dict
    second.refresh_from_db()
    assert second.status == Status.REPORTED and _counted() == 2


def test_a_report_cannot_duplicate_itself_a_dismissed_one_or_one_out_of_sight(org, two, report):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    original, second = two
    elsewhere = report(org.user(unit=org.beta_unit), unit=org.beta_unit)
    for target in (second, elsewhere):
        with pytest.raises(ValidationError) as exc:
            _dismiss(
                second, coordinator, dismissal_kind=DismissalKind.DUPLICATE, duplicate_of=target
            )
        # Out of sight reads like missing: the reference tells nothing about the other unit.
        assert exc.value.message_dict["duplicate_of"] == [
            "Name the report this one duplicates (its reference)."
        ]
    original = _dismiss(original, coordinator, dismissal_kind=DismissalKind.NOT_SECURITY)
    with pytest.raises(ValidationError, match="dismissed itself"):
        _dismiss(second, coordinator, dismissal_kind=DismissalKind.DUPLICATE, duplicate_of=original)


def test_the_page_links_both_ways_and_dismisses_by_reference(client, org, two):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    original, second = two
    client.force_login(coordinator)
    response = client.post(
        reverse("incidents:status", args=[second.pk]),
        {"status": Status.DISMISSED, "version": second.version, "reason": "Samma brand",
         "dismissal_kind": DismissalKind.DUPLICATE, "duplicate_of": original.reference.lower()},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("incidents:detail", args=[second.pk])).content.decode()
    assert reverse("incidents:detail", args=[original.pk]) in page
    page = client.get(reverse("incidents:detail", args=[original.pk])).content.decode()
    assert reverse("incidents:detail", args=[second.pk]) in page


def test_the_api_dismisses_a_duplicate_by_id(client, org, two):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    original, second = two
    client.force_login(coordinator)
    url = f"/api/v1/incidents/{second.pk}/status"
    body = {"status": "dismissed", "version": second.version, "reason": "Samma",
            "dismissal_kind": "duplicate", "duplicate_of_id": original.pk}  # fmt: skip
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["duplicate_of_id"] == original.pk
    listed = client.get("/api/v1/incidents?events=true").json()["items"]
    assert [row["id"] for row in listed] == [original.pk]
