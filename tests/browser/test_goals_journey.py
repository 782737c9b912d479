"""Journey 4: the security chief opens the goal dashboard, clicks a number, and lands on the
list of the rows behind it, with the same count."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, login, screenshot

COUNT = re.compile(r"^(\d+) avvikelser? hittades\.$")


def _click_first_incident_count(page) -> int:
    """Click the first indicator value computed from incidents; returns the number shown."""
    values = page.get_by_role("table").get_by_role("link", name=re.compile(r"^\d+$"))
    expect(values.first).to_be_visible()
    for link in values.all():
        if link.get_attribute("href").startswith("/avvikelser/"):
            number = int(link.inner_text())
            link.click()
            return number
    raise AssertionError("no indicator on the dashboard counts incidents")


def _expect_list_count(page, number: int) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Avvikelser")
    status = page.get_by_role("status").filter(has_text=COUNT)
    expect(status).to_have_text(COUNT)
    assert int(COUNT.match(status.inner_text()).group(1)) == number
    # The table scrolls sideways on a phone: its wrapper is a named region keyboard users reach.
    table = page.get_by_role("region", name="Avvikelser du har behörighet till, filtrerade")
    expect(table).to_have_attribute("tabindex", "0")
    table.focus()
    expect(table).to_be_focused()
    if 0 < number <= 25:  # the rows themselves, when they fit on the first page
        expect(page.get_by_role("table").get_by_role("row")).to_have_count(number + 1)
    check_accessibility(page)


def test_security_chief_follows_a_number_to_its_rows(desktop):
    page = desktop
    login(page, "security_chief")
    page.get_by_role("link", name="Mål", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mål och indikatorer")
    check_accessibility(page)
    screenshot(page, "goals-desktop")
    # A goal's own page names it once: its heading, not again as the card's (review R6).
    # The first goal followed up by an indicator (an overarching goal may have none).
    card = page.locator("section.goal").filter(has=page.get_by_role("table")).first
    first = card.get_by_role("heading", level=2).get_by_role("link")
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name=title, exact=True)).to_have_count(1)
    expect(page.get_by_role("columnheader", name="Måluppfyllelse").first).to_be_visible()
    check_accessibility(page)
    page.go_back()
    number = _click_first_incident_count(page)
    _expect_list_count(page, number)
    screenshot(page, "incident-list-desktop")

    # The same within one administration's dashboard.
    page.go_back()
    page.get_by_role("navigation", name="Översikter").get_by_role(
        "link", name="Hallands sjukhus"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mål: Hallands sjukhus")
    check_accessibility(page)
    screenshot(page, "goals-administration-desktop")
    number = _click_first_incident_count(page)
    _expect_list_count(page, number)


def test_the_statistics_numbers_open_their_rows(desktop):
    """The chief opens the statistics from the incident list, picks the baseline year and
    follows a category's number to the same count in the list."""
    page = desktop
    login(page, "security_chief")
    page.get_by_role("link", name="Avvikelser", exact=True).first.click()
    page.get_by_role("link", name="Statistik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistik över avvikelser")
    page.get_by_label("År", exact=True).fill("2022")
    page.get_by_role("button", name="Visa").click()
    check_accessibility(page)
    screenshot(page, "statistics-desktop")
    link = page.get_by_role("table").first.get_by_role("link", name=re.compile(r"^\d+$")).first
    number = int(link.inner_text())
    link.click()
    _expect_list_count(page, number)
