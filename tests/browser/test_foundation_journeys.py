"""Signing in, finding one's roles, and switching language: the first minute of every user."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, login, screenshot


def test_login_page_is_swedish_and_accessible(desktop):
    desktop.goto("/")
    expect(desktop).to_have_url(re.compile(r"/login/"))
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Logga in i Sakra")
    check_accessibility(desktop)
    screenshot(desktop, "login-desktop")


def test_wrong_password_is_explained_and_nothing_happens(desktop):
    desktop.goto("/login/")
    desktop.get_by_label("E-postadress").fill("anna.andersson@demo.sakra.se")
    desktop.get_by_label("Lösenord").fill("fel lösenord")
    desktop.get_by_role("button", name="Logga in").click()
    expect(desktop.get_by_role("alert")).to_contain_text("e-postadress")
    check_accessibility(desktop)


def test_coordinator_lands_on_their_tasks_and_finds_their_roles_on_my_page(desktop):
    login(desktop, "security_coordinator")
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("Mina uppgifter")
    desktop.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Min sida").click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Min sida")
    roles = desktop.get_by_role("table")
    expect(roles).to_contain_text("Säkerhetssamordnare")
    expect(roles).to_contain_text("Hallands sjukhus")
    check_accessibility(desktop)
    screenshot(desktop, "min-sida-desktop")


def test_switch_to_english_and_back(phone):
    login(phone, "employee")  # not security staff: lands on "Var vänder jag mig?"
    phone.get_by_role("button", name="English").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Where do I turn?")
    check_accessibility(phone)
    phone.get_by_role("button", name="Svenska").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Var vänder jag mig?")


def test_keyboard_only_login(desktop):
    from sakra.accounts.demo import DEMO_PASSWORD

    desktop.goto("/login/")
    # The e-mail field has focus on arrival; Tab moves through the form in reading order.
    desktop.keyboard.type("anna.andersson@demo.sakra.se")
    desktop.keyboard.press("Tab")
    desktop.keyboard.type(DEMO_PASSWORD)
    desktop.keyboard.press("Enter")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Var vänder jag mig?")


def test_logout(desktop):
    login(desktop, "auditor")
    desktop.get_by_role("button", name="Logga ut").click()
    expect(desktop).to_have_url(re.compile(r"/login/"))


def test_my_page_reflows_on_the_narrowest_phone(open_as):
    """WCAG 1.4.10: at 320 px nothing scrolls sideways but the roles table inside its region."""
    narrowest = {"width": 320, "height": 640}
    page = open_as("security_coordinator", viewport=narrowest, path="/min-sida/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min sida")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    expect(page.get_by_role("region", name="Roller och var de gäller")).to_be_visible()
