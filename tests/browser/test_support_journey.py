"""Journey: a first-line manager lands on "Var vänder jag mig?", sees the substitute because the
named contact is away, asks the security partners for support, gets an answer with a routine,
and rates it; the rating shows in the follow-up per manager level."""

import re

from playwright.sync_api import expect

from .conftest import DEMO_DOMAIN, check_accessibility, screenshot


def _sign_in(page, local: str) -> None:
    from sakra.accounts.demo import DEMO_PASSWORD

    page.goto("/login/?next=/")
    page.get_by_label("E-postadress").fill(f"{local}@{DEMO_DOMAIN}")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def test_a_manager_asks_for_support_and_rates_it(desktop, open_as):
    page = desktop
    _sign_in(page, "lisa.ek")  # first-line manager, Akutmottagningen Halmstad
    expect(page.get_by_role("heading", level=1)).to_have_text("Var vänder jag mig?")
    # The acute channel comes first, then the contacts: Peter Ek is away, Amir Haddad stands in.
    expect(page.get_by_role("link", name="Rapportera en akut avvikelse")).to_be_visible()
    row = page.locator("tr[data-area='hot-och-vald']")
    expect(row).to_contain_text("Amir Haddad")
    expect(row).to_contain_text(re.compile(r"Ersätter Peter Ek, som är borta till och med"))
    check_accessibility(page)
    screenshot(page, "support-where-do-i-turn")

    page.get_by_role("link", name="Be säkerhetspartnerna om stöd").click()
    expect(page.get_by_role("note")).to_contain_text("Är det akut?")
    page.get_by_label("Säkerhetsområde").select_option(label="Hot och våld")
    page.get_by_label("Din fråga").fill("En anhörig har hotat personal i telefon. Hur gör vi?")
    check_accessibility(page)
    page.get_by_role("button", name="Skicka frågan").click()
    expect(page.get_by_text("Din fråga har skickats till säkerhetspartnerna.")).to_be_visible()
    request_url = page.url

    # A partner of the team answers with the routine.
    partner = open_as("security_coordinator")  # Sara Nilsson, the team's lead
    partner.goto(request_url)
    partner.get_by_label("Svar", exact=True).fill("Gör en hotbedömning; vi ringer dig i dag.")
    partner.get_by_label("Rutin som besvarar frågan").fill("Rutin för hot och våld")
    partner.get_by_role("button", name="Skicka svaret").click()
    expect(partner.get_by_text("Svaret har skickats till den som frågade.")).to_be_visible()

    # The manager reads the answer and rates it.
    page.goto(request_url)
    expect(page.get_by_text("Rutin för hot och våld")).to_be_visible()
    page.get_by_role("group", name="Fick du det stöd du behövde?").get_by_label(
        "Ja", exact=True
    ).check()
    page.get_by_role("group", name="Var tiden det tog rimlig?").get_by_label(
        "Ja", exact=True
    ).check()
    check_accessibility(page)
    page.get_by_role("button", name="Avsluta ärendet").click()
    expect(page.get_by_text("Tack: ärendet är avslutat med ditt betyg.")).to_be_visible()

    chief = open_as("security_chief", path="/stod/uppfoljning/")
    expect(chief.get_by_role("table", name="Stöd per chefsnivå")).to_contain_text(
        "Första linjens chef"
    )
    check_accessibility(chief)
    screenshot(chief, "support-follow-up")
