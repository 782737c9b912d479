"""Journey 5: an employee who is not a manager opens another unit's incident by its address
and is told "not found", exactly as for an incident that does not exist."""

from playwright.sync_api import expect

from .conftest import check_accessibility, login, screenshot


def _report(page, category: str, unit: str, description: str) -> str:
    """A report through the form; returns the address of the incident's page."""
    page.get_by_role("link", name="Rapportera", exact=True).click()
    page.get_by_label("Typ av händelse").select_option(label=category)
    # Another unit than one's own is searched for, then picked among the matches.
    page.get_by_label("Sök enhet").fill(unit)
    expect(page.get_by_label("Enhet", exact=True)).to_contain_text("1 träff: välj den")
    page.get_by_label("Enhet", exact=True).select_option(label=unit)
    page.get_by_label("Kort beskrivning").fill(description)
    page.get_by_role("button", name="Skicka rapporten").click()
    page.get_by_role("link", name="Öppna rapporten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(category)
    return page.url


def _expect_not_found(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 404, response.status
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    expect(page.get_by_text("Sidan finns inte, eller så har du inte behörighet")).to_be_visible()


def test_employee_gets_not_found_for_another_units_incident(phone, open_as):
    # Someone in another unit (the medical clinic's ward) reports a theft.
    coordinator = open_as("security_coordinator")
    other_unit = _report(
        coordinator, "Stöld", "Avdelning 51 Halmstad", "En läkemedelsvagn har tömts i natt."
    )

    # The employee's own report opens for her ...
    employee = phone
    login(employee, "employee")
    own = _report(
        employee, "Skadegörelse", "Akutmottagningen Halmstad", "Sönderslagen ruta i entrén."
    )
    employee.goto(own)
    expect(employee.get_by_role("heading", level=1)).to_contain_text("Skadegörelse")

    # ... the other unit's does not, and looks exactly like one that does not exist.
    _expect_not_found(employee, other_unit)
    expect(employee.get_by_text("läkemedelsvagn")).to_have_count(0)
    check_accessibility(employee)
    screenshot(employee, "not-found-phone")
    _expect_not_found(employee, "/avvikelser/999999/")
