"""The options of the unit and site pickers: matches of a search, or the first options back."""

import pytest
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.organisation.forms import MATCH_LIMIT
from sakra.testing import make_unit


def _options(client, kind="unit", **params):
    response = client.get(reverse("organisation:picker-options", args=[kind]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_search_lists_the_matches_and_chooses_none(client, org):
    client.force_login(org.user())
    html = _options(client, unit_search="alfa enhet", initial=org.beta_unit.pk)
    assert html.startswith('<option value="" selected>2 träffar: välj en</option>')
    assert f'<option value="{org.alfa_unit.pk}">Alfa enhet 1</option>' in html
    assert f'<option value="{org.alfa_unit2.pk}">Alfa enhet 2</option>' in html
    assert org.beta_unit.name not in html  # the first choice does not fit the search


def test_an_emptied_search_brings_back_the_first_choice_and_suggestions(client, org):
    client.force_login(org.user())
    html = _options(client, "site", site_search="", initial=org.site.pk,
                    suggested=f"{org.other_site.pk},x,")  # fmt: skip
    assert '<option value="">Ingen anläggning</option>' in html
    assert f'<option value="{org.site.pk}" selected>' in html
    assert f'<option value="{org.other_site.pk}">' in html


def test_at_most_twenty_matches(client, org):
    for n in range(MATCH_LIMIT + 5):
        make_unit(org.alfa_dept, f"Mottagning {n}", "unit")
    client.force_login(org.user())
    html = _options(client, unit_search="mottagning")
    assert html.count("<option") == MATCH_LIMIT + 1


@pytest.mark.parametrize("search", ["\x00", "a\u202eb", "%", "_", "x" * 500])
def test_hostile_searches_are_harmless(client, org, search):
    client.force_login(org.user())
    html = _options(client, unit_search=search)
    assert "<script" not in html


def test_an_unknown_kind_is_not_found(client, org):
    client.force_login(org.user())
    assert client.get(reverse("organisation:picker-options", args=["user"])).status_code == 404


def test_needs_login(client, db):
    response = client.get(reverse("organisation:picker-options", args=["unit"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_filter_picker_offers_all_and_announces_the_number_of_matches(client, org):
    client.force_login(org.user())
    html = _options(client, unit_search="alfa enhet", all="1", status="id_unit_status")
    # The count goes to the live region beside the select, not only into its first option.
    assert '<span id="id_unit_status" hx-swap-oob="innerHTML">2 träffar</span>' in html
    assert _options(client, all="1").startswith('<option value="" selected>Alla</option>')
    nothing = _options(client, unit_search="zzz", status="id_unit_status")
    assert '<span id="id_unit_status" hx-swap-oob="innerHTML">Inga träffar</span>' in nothing
    assert "<span" not in _options(client, unit_search="alfa", status='x"><script>')


def test_a_scoped_picker_offers_only_the_units_where_the_person_may_act(client, org):
    from sakra.actions.forms import ACTION_UNITS

    client.force_login(org.user(Role.SECURITY_COORDINATOR, unit=org.alfa))
    html = _options(client, unit_search="enhet", scope=ACTION_UNITS)
    assert "Alfa enhet 1" in html and "Beta enhet" not in html
    client.force_login(org.user())  # no role that creates actions: nothing to offer
    assert "Alfa enhet 1" not in _options(client, unit_search="enhet", scope=ACTION_UNITS)
    url = reverse("organisation:picker-options", args=["unit"])
    assert client.get(url, {"scope": "accounts.user:delete"}).status_code == 404
    site = reverse("organisation:picker-options", args=["site"])
    assert client.get(site, {"scope": ACTION_UNITS}).status_code == 404


def test_a_search_typed_decomposed_finds_the_composed_name(client, org):
    """A phone may send "å" as "a" and a combining ring (NFD); names are stored in NFC."""
    make_unit(org.alfa, "Vårdcentralen Åsa", "unit")
    client.force_login(org.user())
    decomposed = "Va\u030ardcentralen A\u030asa"
    assert "Vårdcentralen Åsa</option>" in _options(client, unit_search=decomposed)
