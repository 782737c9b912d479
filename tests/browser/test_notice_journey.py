"""Issue 15: the manager chooses how to hear of their unit's reports on Min sida; the chief
finishes the demo's IMY notification drafted from a personal data breach, copies its text and
records it as sent, which stops the duty's clock on the incident."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, login


def test_the_manager_chooses_a_daily_digest(desktop):
    login(desktop, "manager", "/min-sida/")
    settings = desktop.get_by_role("heading", name="Mina inställningar")
    expect(settings).to_be_visible()
    desktop.get_by_role("link", name="Ändra rapporter i min enhet").click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Rapporter i min enhet")
    check_accessibility(desktop)
    desktop.get_by_label("En sammanställning per dag").check()
    desktop.get_by_label("Även med e-post").check()
    desktop.get_by_role("button", name="Spara").click()
    expect(desktop.get_by_role("status")).to_contain_text("Ditt val har sparats.")
    expect(desktop.locator("main")).to_contain_text("En sammanställning per dag, även med e-post")


def test_the_chief_sends_the_imy_notification(desktop):
    from sakra.incidents.notices.models import AuthorityNotice

    notice = AuthorityNotice.objects.select_related("duty__incident").get()
    reference = notice.duty.incident.reference
    login(desktop, "security_chief", f"/avvikelser/anmalningar/{notice.pk}/")
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("Anmälan av personuppgifts")
    check_accessibility(desktop)
    desktop.get_by_label("Ungefärligt antal registrerade som berörs").fill("2")
    desktop.get_by_role("button", name="Spara utkastet").click()
    expect(desktop.get_by_role("status")).to_contain_text("Utkastet har sparats.")
    text = desktop.get_by_label("Text att klistra in i myndighetens e-tjänst")
    expect(text).to_have_value(re.compile(r"Ungefärligt antal registrerade som berörs:\n2\n"))
    expect(text).to_have_value(re.compile(f"Vårt ärendenummer: {reference}"))
    desktop.get_by_label("Myndighetens diarienummer").fill("IMY-2026-4711")
    desktop.get_by_role("button", name="Registrera som skickad").click()
    expect(desktop.get_by_role("status")).to_contain_text("Anmälan har registrerats som skickad.")
    check_accessibility(desktop)
    desktop.get_by_role("link", name=reference).click()
    duties = desktop.get_by_role("region", name="Rapporteringsskyldigheter")
    expect(duties).to_contain_text("IMY-2026-4711")
