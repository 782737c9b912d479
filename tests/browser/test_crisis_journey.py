"""Journey: the security chief opens a crisis from a template, the log keeper and the chief
write to the log at the same moment (neither entry is lost), and a correction is made as a
new entry that points at the one it corrects."""

from playwright.sync_api import expect

from .conftest import DEMO_DOMAIN, check_accessibility, login, screenshot

TITLE = "Vattenläcka i kulverten, Hallands sjukhus Halmstad"


def _entry(page, text: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Lägg till i loggen"))
    form.get_by_label("Typ", exact=True).select_option(label="Händelse")
    form.get_by_label("Vad som hände").fill(text)


def test_the_chief_opens_a_crisis_and_two_write_the_log_at_once(desktop, open_as):
    chief = desktop
    login(chief, "security_chief", "/kontinuitet/kriser/")
    expect(chief.get_by_role("heading", level=1)).to_have_text("Stabsloggbok")
    chief.get_by_role("link", name="Öppna en kris").click()
    chief.get_by_label("Rubrik").fill(TITLE)
    chief.get_by_label("Typ av händelse").select_option(label="Störning i elförsörjning")
    chief.get_by_label("Sök enhet").fill("Hallands sjukhus")
    unit = chief.get_by_label("Enhet", exact=True)
    expect(unit.locator("option", has_text="Hallands sjukhus").first).to_be_attached()
    unit.select_option(label="Hallands sjukhus")
    chief.get_by_role("button", name="Öppna krisen").click()
    expect(chief.get_by_role("heading", level=1)).to_have_text(TITLE)
    staff = chief.get_by_role("region", name="Stab")
    expect(staff).to_contain_text("Stabschef")
    expect(staff).to_contain_text("Karin Ström")
    expect(chief.get_by_role("region", name="Checklista")).to_contain_text("reservkraftens")
    check_accessibility(chief)

    # The chief names the log keeper, who opens the crisis on her own screen.
    staff.get_by_label("Stabsroll").fill("Loggförare")
    staff.get_by_label("Person (e-postadress)").fill(f"sara.nilsson@{DEMO_DOMAIN}")
    staff.get_by_role("button", name="Tilldela rollen").click()
    expect(chief.get_by_role("region", name="Stab")).to_contain_text("Sara Nilsson")
    path = "/" + chief.url.split("/", 3)[3]
    keeper = open_as("security_coordinator", path=path)
    expect(keeper.get_by_role("heading", level=1)).to_have_text(TITLE)

    # Both write, and send at the same moment.
    _entry(chief, "Beslut om att stänga kulverten för transporter.")
    _entry(keeper, "Fastighetsjouren på plats kl. 14.10.")
    chief.get_by_role("button", name="Lägg till i loggen").click(no_wait_after=True)
    keeper.get_by_role("button", name="Lägg till i loggen").click(no_wait_after=True)
    expect(chief.get_by_role("status")).to_contain_text("Posten är i loggen")
    expect(keeper.get_by_role("status")).to_contain_text("Posten är i loggen")
    keeper.reload()
    log = keeper.locator("table.crisis-log")
    expect(log).to_contain_text("Beslut om att stänga kulverten")
    expect(log).to_contain_text("Fastighetsjouren på plats kl. 14.10.")

    # The time was wrong: the log keeper corrects it with a new entry.
    _entry(keeper, "Rättelse: fastighetsjouren var på plats kl. 14.25.")
    # The entry is named by its number, the log's last column.
    wrong = keeper.locator("tr", has_text="kl. 14.10").locator("td").last.inner_text()
    keeper.get_by_label("Rättar post").fill(wrong.strip())
    keeper.get_by_role("button", name="Lägg till i loggen").click()
    expect(keeper.get_by_role("status")).to_contain_text("Posten är i loggen")
    log = keeper.locator("table.crisis-log")
    expect(log).to_contain_text(f"Rättar post {wrong.strip()}:")
    expect(log).to_contain_text("Fastighetsjouren på plats kl. 14.10.")  # still there
    expect(log.locator("tbody tr")).to_have_count(3)
    check_accessibility(keeper)
    screenshot(keeper, "crisis-log-desktop")
