"""Journey: a first-line manager does an overdue self-inspection (egenkontroll) on a 390 px
phone: pauses it, comes back, finishes it; the deviation becomes an action at once."""

import re

from playwright.sync_api import expect

from sakra.fire_safety.demo import ITEMS

from .conftest import check_accessibility, login, screenshot


def test_a_round_done_on_a_phone(phone, desktop):
    login(phone, "manager")
    phone.get_by_role("link", name="Mina uppgifter").click()
    section = phone.get_by_role("region", name=re.compile("Egenkontroller att göra"))
    expect(section).to_contain_text("Månatlig egenkontroll av brandskyddet")
    section.get_by_role("link", name="Månatlig egenkontroll av brandskyddet").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Månatlig egenkontroll av brandskyddet"
    )
    round_url = phone.url
    check_accessibility(phone)

    # The first two items now, then a pause (the phone rings).
    first = phone.get_by_role("group", name=ITEMS[0])
    first.get_by_label("Avvikelse", exact=True).check()
    first.get_by_label("Kommentar").fill("Sängar i utrymningsvägen vid entrén.")
    phone.get_by_role("group", name=ITEMS[1]).get_by_label("OK", exact=True).check()
    screenshot(phone, "fire-round-phone")
    phone.get_by_role("button", name="Spara och fortsätt senare").click()
    expect(phone.get_by_role("status")).to_contain_text("Sparat. Du kan fortsätta senare.")

    # Later: the answers are kept; the rest are answered and the round finished.
    phone.goto(round_url)
    expect(
        phone.get_by_role("group", name=ITEMS[0]).get_by_label("Avvikelse", exact=True)
    ).to_be_checked()
    for item in ITEMS[1:]:
        phone.get_by_role("group", name=item).get_by_label("OK", exact=True).check()
    phone.get_by_role("button", name="Avsluta egenkontrollen").click()
    expect(phone.get_by_role("status")).to_contain_text("Egenkontrollen är klar.")
    expect(phone.get_by_role("button", name="Avsluta egenkontrollen")).to_have_count(0)
    # The deviation is an action already, linked from the round.
    phone.get_by_role("link", name="åtgärd", exact=True).first.click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Avvikelse på Varberg")
    check_accessibility(phone)

    # The site's binder, as the coordinator sees it on a desktop.
    login(desktop, "security_coordinator")
    desktop.get_by_role("link", name="Brandskydd", exact=True).click()
    desktop.get_by_role("link", name="Halmstad").click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Brandskydd, Halmstad")
    check_accessibility(desktop)
    screenshot(desktop, "fire-site-desktop")
