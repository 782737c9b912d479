"""Journey: a first-line manager searches "hot och våld" in the header's search box and opens
the routine in one click from the first hit; the chain and the local supplement are shown."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, login, screenshot


def test_a_manager_finds_the_routine_first(desktop, phone):
    login(desktop, "manager")
    box = desktop.get_by_role("searchbox", name="Sök", exact=True)
    box.fill("hot och våld")
    box.press("Enter")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Sök")
    first = desktop.locator(".search-hit").first
    expect(first.get_by_role("link").first).to_have_text("Rutin vid hot och våld")
    expect(first.locator("mark").first).to_have_text(re.compile("hot", re.IGNORECASE))
    check_accessibility(desktop)
    screenshot(desktop, "document-search-desktop")
    first.get_by_role("link").first.click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Rutin vid hot och våld")
    expect(desktop.locator(".document-body").first).to_contain_text("Larma")
    expect(
        desktop.get_by_role("link", name="Hot och våld – lokalt tillägg Hallands sjukhus")
    ).to_be_visible()
    check_accessibility(desktop)
    screenshot(desktop, "document-routine-desktop")

    # On a phone, "brandskyddspärm" finds the binder routine first too.
    login(phone, "manager")
    phone.goto("/sok/?q=brandskyddsp%C3%A4rm")
    expect(phone.locator(".search-hit").first.get_by_role("link").first).to_have_text(
        "Rutin Brandskyddspärmen för Region Halland"
    )
    check_accessibility(phone)
