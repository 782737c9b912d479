"""Critical supply: stocks in days against a target, the count, the action a shortfall raises,
and bad input (days that are not a number, or below zero) refused with a clear message."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.actions.models import Action
from sakra.core.concurrency import StaleVersion
from sakra.testing import count_queries

from .. import services
from ..models import SupplyStock
from .factories import make_stock, stock_data

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_stock_below_its_target_is_flagged(org, chief):
    stock = make_stock(org.alfa_unit, chief, days_held=3, target_days=7)
    assert stock.below_target and stock.shortfall_days == 4
    full = make_stock(org.alfa_unit, chief, name="Diesel", days_held=7, target_days=7)
    assert not full.below_target
    assert list(SupplyStock.objects.below_target()) == [stock]


@pytest.mark.parametrize("value", ["14", 1.5, True, None, "fjorton"])
def test_days_that_are_not_a_number_are_refused_clearly(org, chief, value):
    with pytest.raises(ValidationError) as refused:
        make_stock(org.alfa_unit, chief, days_held=value)
    assert refused.value.message_dict["days_held"] == [
        "Ange lagret i dagar som ett heltal, till exempel 14."
    ]


def test_days_below_zero_and_a_target_of_nothing_are_refused(org, chief):
    with pytest.raises(ValidationError) as refused:
        make_stock(org.alfa_unit, chief, days_held=-1)
    assert refused.value.message_dict["days_held"] == ["Lagret kan inte vara under noll dagar."]
    with pytest.raises(ValidationError) as refused:
        make_stock(org.alfa_unit, chief, target_days=0)
    assert "target_days" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_stock(org.alfa_unit, chief, counted_on=timezone.localdate() + datetime.timedelta(1))
    assert "counted_on" in refused.value.message_dict


def test_the_page_says_what_is_wrong_with_the_days(org, chief):
    stock = make_stock(org.alfa_unit, chief)
    client = _client(chief)
    url = reverse("continuity:stock-count", args=[stock.pk])
    for value, message in (("fjorton", "Ange lagret i dagar som ett heltal, till exempel 14."),
                           ("-3", "Lagret kan inte vara under noll dagar.")):  # fmt: skip
        response = client.post(url, {"version": stock.version, "days_held": value,
                                     "counted_on": timezone.localdate().isoformat()})  # fmt: skip
        assert response.status_code == 422
        assert message in response.content.decode()
    stock.refresh_from_db()
    assert stock.days_held == 3


def test_the_api_refuses_days_that_are_not_a_number(org, chief):
    stock = make_stock(org.alfa_unit, chief)
    client = _client(chief)
    url = f"/api/v1/continuity/stocks/{stock.pk}/count"
    today = timezone.localdate().isoformat()
    for value in ("fjorton", -3, 2.5):
        body = {"version": stock.version, "days_held": value, "counted_on": today}
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 422, (value, response.content)
        messages = [m for key, ms in response.json()["errors"].items() for m in ms
                    if key.endswith("days_held")]  # fmt: skip
        assert messages[0] in (
            "Ange lagret i dagar som ett heltal, till exempel 14.",
            "Lagret kan inte vara under noll dagar.",
        ), messages
    response = client.post(url, {"version": stock.version, "days_held": 9, "counted_on": today},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 200 and response.json()["below_target"] is False


def test_a_count_takes_the_version_and_the_right(org, chief):
    stock = make_stock(org.alfa_unit, chief)
    today = timezone.localdate()
    stock = services.record_count(stock, by=chief, version=stock.version, days_held=8,
                                  counted_on=today)  # fmt: skip
    assert (stock.days_held, stock.version) == (8, 2)
    with pytest.raises(StaleVersion):
        services.record_count(stock, by=chief, version=1, days_held=1, counted_on=today)
    outsider = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    with pytest.raises(PermissionDenied):
        services.record_count(stock, by=outsider, version=stock.version, days_held=1,
                              counted_on=today)  # fmt: skip


def test_the_region_stock_is_read_below_but_kept_by_the_region(org, chief):
    region = make_stock(org.region, chief, name="Skyddsmasker")
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    assert SupplyStock.objects.for_user(coordinator).filter(pk=region.pk).exists()
    with pytest.raises(PermissionDenied):
        services.record_count(region, by=coordinator, version=region.version, days_held=1,
                              counted_on=timezone.localdate())  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.create_stock(by=coordinator, unit=org.region, responsible=chief, **stock_data())
    assert not SupplyStock.objects.for_user(org.user(Role.EMPLOYEE)).exists()


def test_a_shortfall_raises_an_action_with_the_stock_as_source(org, chief):
    stock = make_stock(org.alfa_unit, chief, days_held=2, target_days=10)
    due = timezone.localdate() + datetime.timedelta(days=14)
    action = services.raise_shortfall_action(stock, by=chief, owner=chief, due_date=due)
    assert list(Action.objects.for_source(stock)) == [action]
    assert action.unit == org.alfa_unit and "Syrgas" in action.title
    assert action.description.startswith("2 dagars lager mot målet 10 dagar")
    full = make_stock(org.alfa_unit, chief, name="Vatten", days_held=10, target_days=10)
    with pytest.raises(ValidationError):
        services.raise_shortfall_action(full, by=chief, owner=chief, due_date=due)
    page = _client(chief).get(stock.get_absolute_url()).content.decode()
    assert action.title in page


def test_the_shortfall_form_raises_the_action(org, chief):
    stock = make_stock(org.alfa_unit, chief)
    client = _client(chief)
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    data = {"owner": chief.email, "due_date": due, "description": "Beställ"}
    response = client.post(reverse("continuity:stock-action", args=[stock.pk]), data)
    assert response.status_code == 302
    assert Action.objects.for_source(stock).count() == 1


def test_the_forms_come_filled_in_with_the_responsible_persons_address(org, chief):
    # A person is named by e-mail address (a list of every person would be the region's
    # thousands): the edit form and the shortfall's action show the stock's responsible's.
    keeper = org.user(Role.SECURITY_COORDINATOR)
    stock = make_stock(org.alfa_unit, chief, responsible=keeper)
    client = _client(chief)
    for url in (reverse("continuity:stock-edit", args=[stock.pk]), stock.get_absolute_url()):
        page = client.get(url).content.decode()
        assert f'value="{keeper.email}"' in page, url
        assert "<option" not in page.split(keeper.email)[0][-400:]
    data = {"owner": "ingen@example.se", "due_date": "2030-01-01", "description": "Beställ"}
    response = client.post(reverse("continuity:stock-action", args=[stock.pk]), data)
    assert response.status_code == 422 and "ingen@example.se" in response.content.decode()
    assert not Action.objects.for_source(stock).exists()


def _list_queries(client) -> int:
    with count_queries() as queries:
        assert client.get(reverse("continuity:supply")).status_code == 200
    return len(queries)


def test_the_list_takes_as_many_queries_for_1_and_50_stocks(org, chief):
    client = _client(org.user(Role.SECURITY_COORDINATOR))
    make_stock(org.alfa_unit, chief, site=org.site)
    one = _list_queries(client)
    for n in range(49):
        make_stock(org.alfa_unit, chief, name=f"Lager {n}", site=org.site if n % 2 else None)
    assert _list_queries(client) == one
    assert "50 lager är under sitt mål" in client.get(reverse("continuity:supply")).content.decode()
