"""Issue 15 in the browser: an employee reports a near miss, the chief finds it among the near
misses, sees it counted apart and corrects it to an event; a continuity plan is flagged by the
power cut that lasted longer than it tolerates, with a link to the incident."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, login, screenshot


def test_a_near_miss_is_reported_filtered_and_corrected(phone, open_as):
    login(phone, "employee", "/rapportera/")
    phone.get_by_label("Typ av händelse").select_option(label="Obehörigt intrång")
    phone.get_by_label("Kort beskrivning").fill(
        "Dörren till förrådet stod olåst i natt, men ingen obehörig kom in."
    )
    near_miss = phone.get_by_label("Tillbud: det kunde ha hänt, men hände inte")
    expect(near_miss).to_have_accessible_description(re.compile("räknas skilt från händelser"))
    near_miss.check()
    check_accessibility(phone)
    phone.get_by_role("button", name="Skicka rapporten").click()
    heading = phone.get_by_role("heading", level=2, name=re.compile(r"^Referens: \S+$"))
    reference = heading.inner_text().removeprefix("Referens:").strip()

    chief = open_as("security_chief", path="/avvikelser/?near_miss=true")
    expect(chief.get_by_label("Tillbud", exact=True)).to_have_value("true")
    row = chief.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("Tillbud")
    check_accessibility(chief)
    row.get_by_role("link", name=reference).click()
    expect(chief.get_by_role("heading", level=1)).to_contain_text(reference)
    expect(chief.locator(".facts")).to_contain_text("Tillbud: räknas skilt från händelser")
    check_accessibility(chief)
    screenshot(chief, "near-miss-desktop")
    chief.get_by_label("En händelse", exact=True).check()
    chief.get_by_role("button", name="Spara: händelse eller tillbud").click()
    expect(chief.get_by_role("status")).to_contain_text("Sparat: händelse eller tillbud")
    expect(chief.locator(".facts")).not_to_contain_text("räknas skilt från händelser")
    expect(chief.get_by_role("region", name="Tidslinje")).to_contain_text("Markerad som händelse")


def test_a_plan_is_flagged_by_a_disruption_longer_than_it_tolerates(desktop):
    login(desktop, "security_chief", "/kontinuitet/")
    row = desktop.get_by_role("row", name=re.compile("Kontinuitetsplan: Akut sjukvård"))
    expect(row).to_contain_text("Tolerans överskriden")
    check_accessibility(desktop)
    row.get_by_role("link", name=re.compile(r"^AVV-")).click()
    facts = desktop.locator(".facts")
    expect(facts).to_contain_text("Störd kritisk försörjning")
    expect(facts).to_contain_text("El")
