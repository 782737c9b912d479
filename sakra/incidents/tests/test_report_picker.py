"""The report form picks unit and site through a search box, and never files a report under the
pre-filled unit when the reporter searched for another."""

from django.urls import reverse

from sakra.incidents.models import Incident

from .test_views import _form


def test_the_form_offers_ones_own_unit_and_its_sites_not_every_unit(client, org, fire):
    org.alfa_unit.sites.add(org.other_site)
    client.force_login(org.user())
    html = client.get(reverse("incidents:report")).content.decode()
    assert f'<option value="{org.alfa_unit.pk}" selected>{org.alfa_unit.name}</option>' in html
    assert f'<option value="{org.other_site.pk}" selected>' in html  # the unit's own site
    assert org.beta_unit.name not in html and org.site.name not in html
    assert 'aria-label="Sök enhet"' in html and 'aria-label="Sök anläggning"' in html


def test_a_search_for_another_unit_is_not_filed_under_the_prefilled_one(client, org, fire):
    client.force_login(org.user())
    # Without JavaScript: typed "Beta", left the pre-filled unit chosen, pressed send.
    response = client.post(reverse("incidents:report"), _form(org, fire, unit_search="Beta"))
    assert response.status_code == 422
    assert Incident.objects.count() == 0
    html = response.content.decode()
    assert "Välj bland träffarna för ”Beta” eller töm sökrutan." in html
    # The matches are offered, none chosen.
    assert f'<option value="{org.beta_unit.pk}">{org.beta_unit.name}</option>' in html
    assert '<option value="" selected>Välj enhet</option>' in html
    response = client.post(
        reverse("incidents:report"),
        _form(org, fire, unit=org.beta_unit.pk, unit_search="Beta"),
    )
    assert response.status_code == 302
    assert Incident.objects.get().unit == org.beta_unit


def test_a_search_that_finds_nothing_says_so(client, org, fire):
    client.force_login(org.user())
    response = client.post(reverse("incidents:report"), _form(org, fire, site_search="Zzyzx"))
    assert response.status_code == 422
    assert "Inga träffar för ”Zzyzx”. Pröva ett annat ord eller töm sökrutan." in (
        response.content.decode()
    )
    assert Incident.objects.count() == 0


def test_a_search_that_fits_the_choice_is_accepted(client, org, fire):
    client.force_login(org.user())
    response = client.post(
        reverse("incidents:report"), _form(org, fire, unit_search="alfa ENHET 1")
    )
    assert response.status_code == 302
    assert Incident.objects.get().unit == org.alfa_unit


def test_a_search_without_a_pick_says_what_to_do(client, org, fire):
    # With JavaScript the matches replaced the options and nothing was picked.
    client.force_login(org.user())
    response = client.post(
        reverse("incidents:report"), _form(org, fire, unit="", unit_search="Beta")
    )
    assert response.status_code == 422
    assert "Välj bland träffarna för ”Beta” eller töm sökrutan." in response.content.decode()
