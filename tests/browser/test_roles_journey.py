"""Roles in the app (issue 27): an administrator appoints an employee security coordinator of
an administration that has none; on her next page she has what the role gives (the
administration's incidents, the notification, the role on Min sida); ending the role asks
first, on a page of its own, and takes the access away when confirmed."""

import re

from playwright.sync_api import expect

from .conftest import DEMO_DOMAIN, check_accessibility, login, screenshot

ADMINISTRATION = "Närsjukvården Halland"  # the demo region's administration without a coordinator
REASON = "Ny samordnare efter omorganisationen"


def _sign_in_as_administrator(page) -> None:
    """The demo's administrator (a superuser; not among conftest's roles) through the form."""
    from sakra.accounts.demo import DEMO_PASSWORD

    page.goto("/login/")
    page.get_by_label("E-postadress").fill(f"admin@{DEMO_DOMAIN}")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def _administration_row(page):
    return (
        page.get_by_role("region", name="Förvaltningar")
        .get_by_role("row")
        .filter(has_text=ADMINISTRATION)
    )


def _find(page, reference: str):
    """Anna's incident list searched for one reference: the rows she may read."""
    page.goto(f"/avvikelser/?q={reference}")
    return page.get_by_role("link", name=reference)


def test_an_administrator_appoints_a_coordinator_and_ends_the_role_after_asking(desktop, open_as):
    from sakra.incidents.models import Incident

    # One of the administration's incidents, which an employee of another unit does not see.
    reference = (
        Incident.objects.filter(administration__name=ADMINISTRATION, is_restricted=False)
        .order_by("-occurred_at")
        .values_list("reference", flat=True)
        .first()
    )
    anna = open_as("employee")
    expect(_find(anna, reference)).to_have_count(0)

    admin = desktop
    _sign_in_as_administrator(admin)
    admin.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Roller").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Roller")
    expect(_administration_row(admin)).to_contain_text("Säkerhetssamordnare: ingen")
    check_accessibility(admin)

    admin.get_by_role("link", name="Utse en roll").click()
    admin.get_by_label("Person (e-postadress)").fill(f"anna.andersson@{DEMO_DOMAIN}")
    admin.get_by_label("Roll", exact=True).select_option(label="Säkerhetssamordnare")
    admin.get_by_label("Sök enhet").fill("Närsjukvården")
    unit = admin.get_by_label("Förvaltning", exact=True)
    expect(unit.locator("option", has_text=ADMINISTRATION)).to_have_count(1)
    unit.select_option(label=ADMINISTRATION)
    admin.get_by_label("Motivering").fill(REASON)
    check_accessibility(admin)
    admin.get_by_role("button", name="Utse", exact=True).click()

    expect(admin.get_by_text("Rollen är utsedd och personen har fått besked.")).to_be_visible()
    expect(_administration_row(admin)).to_contain_text("Säkerhetssamordnare: Anna Andersson")
    appointment = (
        admin.get_by_role("region", name="Förordnanden")
        .get_by_role("row")
        .filter(has_text="Anna Andersson")
    )
    expect(appointment).to_contain_text(ADMINISTRATION)
    expect(appointment).to_contain_text(REASON)
    screenshot(admin, "roles-desktop")

    # Her next page: the administration's incidents, the notification, the role on Min sida.
    expect(_find(anna, reference)).to_have_count(1)
    menu = anna.get_by_role("navigation", name="Huvudmeny")
    menu.get_by_role("link", name="Mina uppgifter").click()
    expect(anna.get_by_text("Du är utsedd till säkerhetssamordnare")).to_be_visible()
    menu.get_by_role("link", name="Min sida").click()
    roles = anna.get_by_role("table")
    expect(roles.get_by_role("row").filter(has_text=ADMINISTRATION)).to_contain_text(
        "Säkerhetssamordnare"
    )
    check_accessibility(anna)

    # Ending it asks first: the link opens a page naming the role, and nothing has ended yet.
    appointment.get_by_role("link", name="Avsluta").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Avsluta en roll")
    expect(admin.get_by_role("main")).to_contain_text(
        re.compile(f"Anna Andersson · Säkerhetssamordnare · {ADMINISTRATION}")
    )
    check_accessibility(admin)
    expect(_find(anna, reference)).to_have_count(1)  # still hers until confirmed

    # Sent without a reason, it is refused and still nothing has ended.
    admin.get_by_role("button", name="Avsluta rollen").click()
    expect(admin.locator(".error-summary")).to_be_focused()
    expect(_find(anna, reference)).to_have_count(1)

    admin.get_by_label("Motivering").fill("Uppdraget flyttas till regionkontoret")
    admin.get_by_role("button", name="Avsluta rollen").click()
    expect(admin.get_by_text("Rollen är avslutad och personen har fått besked.")).to_be_visible()
    expect(_administration_row(admin)).to_contain_text("Säkerhetssamordnare: ingen")

    # Taking a role away ends the person's sessions; signed in again, the access is gone.
    anna.goto("/min-sida/")
    expect(anna).to_have_url(re.compile(r"/login/"))
    login(anna, "employee", "/min-sida/")
    expect(anna.get_by_role("table")).not_to_contain_text(ADMINISTRATION)
    expect(_find(anna, reference)).to_have_count(0)
