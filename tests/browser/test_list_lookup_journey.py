"""The incident list's unit filter at region scale: type a few letters, pick from the short
list htmx brings, and the choice travels in the address (issue 7)."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, login, screenshot


def test_security_chief_narrows_the_list_to_a_unit_by_typing(desktop):
    page = desktop
    login(page, "security_chief", "/avvikelser/")
    unit = page.get_by_label("Enhet (med underliggande enheter)")
    expect(unit.locator("option")).to_have_count(1)  # only "Alla" until one searches
    page.get_by_label("Sök enhet").press_sequentially("akutm")
    expect(unit.locator("option", has_text="Akutmottagningen Halmstad")).to_have_count(1)
    expect(unit.locator("option", has_text="Akutkliniken")).to_have_count(0)
    # The number of matches is announced in a live region, not only in the first option.
    expect(page.locator("#id_unit_status")).to_have_text(re.compile(r"^\d+ träff"))
    unit.select_option(label="Akutmottagningen Halmstad")
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(r"[?&]unit=\d+"))
    chosen = page.get_by_label("Enhet (med underliggande enheter)")
    expect(chosen.locator("option:checked")).to_have_text("Akutmottagningen Halmstad")
    expect(page.get_by_role("status").filter(has_text="hittades")).to_be_visible()
    check_accessibility(page)


def test_the_report_forms_picker_announces_its_matches(phone):
    """WCAG 4.1.3 (review F2): the number of matches was only the first option of the select,
    and focus stays in the search box, so nobody heard it. A live region, in the page before
    anything is typed, is filled in the same swap as the options."""
    page = phone
    login(page, "employee", "/rapportera/")
    unit_status = page.locator("#id_unit_status")
    expect(unit_status).to_have_attribute("role", "status")
    expect(unit_status).to_have_text("")
    page.get_by_label("Sök enhet").fill("Avdelning 51 Halmstad")
    expect(unit_status).to_have_text("1 träff")
    expect(page.get_by_label("Sök enhet")).to_be_focused()  # typing goes on undisturbed
    page.get_by_label("Sök enhet").fill("akut")
    expect(unit_status).to_have_text(re.compile(r"^\d+ träffar$"))
    site_status = page.locator("#id_site_status")
    page.get_by_label("Sök anläggning").fill("zzzz")
    expect(site_status).to_have_text("Inga träffar")
    expect(unit_status).to_have_text(re.compile(r"^\d+ träffar$"))  # each picker its own
    check_accessibility(page)


def test_the_action_list_filters_on_a_unit_found_by_typing(desktop):
    page = desktop
    login(page, "security_chief", "/atgarder/")
    unit = page.get_by_label("Enhet (med underliggande enheter)")
    expect(unit.locator("option")).to_have_count(1)  # no 600 units up front
    page.get_by_label("Sök enhet").press_sequentially("akutm")
    expect(unit.locator("option", has_text="Akutmottagningen Halmstad")).to_have_count(1)
    unit.select_option(label="Akutmottagningen Halmstad")
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(r"[?&]unit=\d+"))
    screenshot(page, "action-list-unit-lookup-desktop")
    check_accessibility(page)


def test_a_form_sent_back_with_errors_puts_the_focus_on_its_summary(desktop):
    page = desktop
    login(page, "employee", "/rapportera/")
    page.get_by_role("button", name="Skicka rapporten").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    first = summary.get_by_role("link").first
    target = first.get_attribute("href")
    first.click()
    expect(page.locator(target)).to_be_focused()  # each error links to its field
    screenshot(page, "report-errors-desktop")
    check_accessibility(page)
