"""Journey: an area owner sets a goal for her area in the app, gives it an indicator with its
baseline, and archives it when it is no longer followed up."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, login

TITLE = "Hot mot personal på akuten ska minska med hälften till 2029"


def test_area_owner_sets_measures_and_archives_a_goal(desktop):
    page = desktop
    login(page, "area_owner")
    page.get_by_role("link", name="Mål", exact=True).click()
    page.get_by_role("link", name="Nytt mål").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt mål")
    check_accessibility(page)
    page.get_by_label("Rubrik").fill(TITLE)
    page.get_by_label("Beskrivning").fill("Räknat som anmälda hot och våld mot personal.")
    # Her own area is all the scope she may choose.
    scope = page.get_by_label("Omfattning")
    expect(scope.locator("option")).to_have_text(["---------", "Hot och våld"])
    scope.select_option(label="Hot och våld")
    page.get_by_label("Från år").fill("2026")
    page.get_by_label("Till år").fill("2029")
    page.get_by_label("Prioritet").select_option(label="Hög")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    page.get_by_role("link", name="Lägg till en indikator").click()
    check_accessibility(page)
    page.get_by_label("Rubrik").fill("Anmälda hot mot personal på akuten")
    page.get_by_role("combobox", name=re.compile(r"^Typ(?! av)")).select_option(
        label="Manuellt inmatad serie"
    )
    page.get_by_label("Utgångsår").fill("2025")
    page.get_by_label("Målår").fill("2029")
    page.get_by_label("Typ av målvärde").select_option(label="Andel av utgångsvärdet")
    page.get_by_role("spinbutton", name="Målvärde").fill("0.5")
    page.get_by_role("spinbutton", name="Utgångsvärde").fill("40")
    page.get_by_label("Källa för utgångsvärdet").fill("Akutens egen sammanställning")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmälda hot mot personal på akuten")
    expect(page.get_by_role("cell", name="Akutens egen sammanställning")).to_be_visible()

    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Arkivera målet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mål och indikatorer")
    expect(page.get_by_text("Målet arkiverades.")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
