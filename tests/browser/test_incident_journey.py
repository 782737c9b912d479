"""Journey 1: an acute threat, from the employee's phone to a closed incident with an action."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DEMO_DOMAIN, check_accessibility, login, screenshot, tab_to

THREAT = "Hot"
DESCRIPTION = "En anhörig hotar personalen i väntrummet och vägrar lämna akuten."


def _report_acute_threat(page) -> str:
    """The employee's report on the form as it is shown; returns the incident's reference."""
    page.get_by_role("link", name="Rapportera", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportera en avvikelse")
    check_accessibility(page)
    page.get_by_label("Typ av händelse").select_option(label=THREAT)
    # When the region became aware: optional, empty means now (issue 17).
    aware = page.get_by_label("Regionen fick kännedom")
    expect(aware).to_have_value("")
    expect(aware).to_have_accessible_description(re.compile("Lämna tomt om det är nu"))
    description = page.get_by_label("Kort beskrivning")
    description.fill(DESCRIPTION)
    page.get_by_label("Akut: jag behöver hjälp nu").check()
    screenshot(page, "report-phone")
    # Sent in a hurry with the description wiped: the error is announced and tied to its field.
    description.fill("")
    page.get_by_role("button", name="Skicka rapporten").click()
    # The app's own words, not Django's "Detta fält måste fyllas i" (review #51).
    expect(page.get_by_role("alert")).to_contain_text("Kort beskrivning: Beskriv vad som hände.")
    expect(page).to_have_title(re.compile(r"^Fel: Rapportera en avvikelse"))
    expect(page.locator(".error-summary")).to_be_focused()
    expect(description).to_have_attribute("aria-invalid", "true")
    expect(description).to_have_accessible_description(re.compile("Beskriv vad som hände."))
    expect(page.get_by_label("Akut: jag behöver hjälp nu")).to_be_checked()
    check_accessibility(page)
    screenshot(page, "report-error-phone")
    description.fill(DESCRIPTION)
    page.get_by_role("button", name="Skicka rapporten").click()
    return _receipt(page)


def _receipt(page) -> str:
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack – din rapport har tagits emot")
    expect(page.get_by_role("status")).to_contain_text("Säkerhetspartnern i beredskap har larmats")
    check_accessibility(page)
    heading = page.get_by_role("heading", level=2, name=re.compile(r"^Referens: \S+$"))
    expect(heading).to_be_visible()
    return heading.inner_text().removeprefix("Referens:").strip()


def test_acute_threat_is_acknowledged_handled_and_closed(phone, open_as):
    # The employee, on a phone, reports an acute threat.
    login(phone, "employee")
    reference = _report_acute_threat(phone)
    screenshot(phone, "receipt-phone")

    # The security partner on duty finds it in "Mina uppgifter" and acknowledges it.
    partner = open_as("security_partner")
    partner.get_by_role("link", name="Mina uppgifter").click()
    # The in-app notification (its e-mail goes out through the worker) ...
    notification = partner.get_by_role("link", name=re.compile(f"^AKUT: {THREAT}.*{reference}"))
    expect(notification).to_be_visible()
    # ... and the queue of acute reports that nobody has acknowledged yet.
    acute = partner.get_by_role("region", name=re.compile("Akuta rapporter som väntar på kvittens"))
    expect(acute).to_contain_text(reference)
    check_accessibility(partner)
    screenshot(partner, "my-tasks-partner-desktop")
    notification.click()
    expect(partner.get_by_role("heading", level=1)).to_contain_text(reference)
    # Peter Ek is on call for Hallands sjukhus in the demo roster: the alert went to him.
    expect(partner.get_by_role("region", name="Tidslinje")).to_contain_text(
        "Akutlarm skickat till Peter Ek"
    )
    check_accessibility(partner)
    partner.get_by_role("button", name="Kvittera – jag tar hand om det").click()
    expect(partner.get_by_role("status")).to_contain_text("Du har kvitterat den akuta rapporten")
    expect(partner.get_by_role("button", name="Kvittera – jag tar hand om det")).to_have_count(0)
    facts = partner.get_by_role("region", name="Rapporten")
    expect(facts).to_contain_text(re.compile(r"Kvitterad\s*\d{4}-\d\d-\d\d \d\d:\d\d · Peter Ek"))
    check_accessibility(partner)
    partner.get_by_role("link", name="Mina uppgifter").click()
    expect(
        partner.get_by_role("region", name=re.compile("Akuta rapporter som väntar på kvittens"))
    ).not_to_contain_text(reference)

    # The coordinator investigates, takes the case, adds an action and closes.
    coordinator = open_as("security_coordinator")
    coordinator.get_by_role("link", name="Avvikelser", exact=True).click()
    check_accessibility(coordinator)
    coordinator.get_by_role("link", name=reference).click()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text(reference)
    handle = coordinator.get_by_role("region", name="Handlägg")
    handle.get_by_label("Ny status").select_option(label="Under utredning")
    handle.get_by_role("button", name="Ändra status").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Statusen har ändrats")
    # After the redirect the message takes the focus, so a screen reader reads it (review R3).
    expect(coordinator.get_by_role("status")).to_be_focused()
    # The administration's coordinator became the handler when the report came in.
    expect(coordinator.get_by_role("region", name="Rapporten")).to_contain_text(
        re.compile(r"Handläggare\s*Sara Nilsson")
    )
    coordinator.get_by_label("Kommentar").fill("Talat med personalen och vakten. Larmknapp saknas.")
    coordinator.get_by_role("button", name="Lägg till kommentar").click()
    # A comment is confirmed like every other change (review R4).
    expect(coordinator.get_by_role("status")).to_have_text("Kommentaren har lagts till.")
    expect(coordinator.get_by_role("status")).to_be_focused()
    timeline = coordinator.get_by_role("region", name="Tidslinje")
    expect(timeline).to_contain_text("Larmknapp saknas")
    check_accessibility(coordinator)

    incident_url = coordinator.url
    actions = coordinator.get_by_role("region", name="Åtgärder")
    actions.get_by_role("link", name="Ny åtgärd").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Ny åtgärd")
    check_accessibility(coordinator)
    coordinator.get_by_label("Rubrik").fill("Installera larmknapp i väntrummet")
    coordinator.get_by_label("Ansvarig (e-post)").fill(f"maria.lindqvist@{DEMO_DOMAIN}")
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    coordinator.get_by_label("Sista dag").fill(due)
    coordinator.get_by_role("button", name="Skapa åtgärden").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "Installera larmknapp i väntrummet"
    )
    expect(coordinator.get_by_role("status")).to_contain_text("Åtgärden är skapad")
    expect(coordinator.get_by_role("definition").filter(has_text=reference)).to_be_visible()
    check_accessibility(coordinator)
    # The action names its incident but does not link to it (Incident has no
    # get_absolute_url): back to the incident by its address.
    coordinator.goto(incident_url)

    actions = coordinator.get_by_role("region", name="Åtgärder")
    expect(actions).to_contain_text("Installera larmknapp i väntrummet")
    expect(actions).to_contain_text("Maria Lindqvist")
    # The action's creation is part of the incident's story (issue 17).
    expect(timeline).to_contain_text(
        "Åtgärd skapad: ”Installera larmknapp i väntrummet”. Ansvarig: Maria Lindqvist"
    )

    # A threat against staff: the handler changes the category, and Arbetsmiljöverket's duty
    # ("without delay") comes with it, due now rather than late.
    obligations = coordinator.get_by_role("region", name="Rapporteringsskyldigheter")
    expect(obligations).to_contain_text("Ingen rapporteringsskyldighet")
    handle.get_by_label("Kategori", exact=True).select_option(label="Hot eller våld mot personal")
    handle.get_by_role("button", name="Ändra kategori").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Kategorin har ändrats")
    expect(obligations).to_contain_text("Anmälan av allvarligt tillbud")
    expect(obligations).to_contain_text("Ska rapporteras nu")
    expect(obligations).not_to_contain_text("Försenad")
    expect(timeline).to_contain_text("Kategori: Hot → Hot eller våld mot personal.")
    check_accessibility(coordinator)

    handle.get_by_label("Ny status").select_option(label="Åtgärder beslutade")
    handle.get_by_role("button", name="Ändra status").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Statusen har ändrats")
    # Closing with the duty unreported asks for a confirmation that names it.
    handle.get_by_label("Ny status").select_option(label="Avslutad")
    handle.get_by_role("button", name="Ändra status").click()
    expect(coordinator.get_by_role("alert")).to_contain_text(
        "Inte registrerad som rapporterad till myndigheten: Arbetsmiljöverket: Anmälan av "
        "allvarligt tillbud"
    )
    check_accessibility(coordinator)
    handle.get_by_label(re.compile("^Vid avslut: jag bekräftar")).check()
    handle.get_by_role("button", name="Ändra status").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Statusen har ändrats")
    expect(timeline).to_contain_text("Åtgärder beslutade → Avslutad")
    expect(timeline).to_contain_text(
        "Avslutad utan registrerad rapportering till myndigheten (bekräftat): "
        "Arbetsmiljöverket: Anmälan av allvarligt tillbud."
    )
    expect(obligations).to_contain_text("inte rapporterad; avvikelsen handläggs inte längre")
    expect(handle.get_by_label("Ny status")).to_have_count(0)
    check_accessibility(coordinator)
    screenshot(coordinator, "incident-desktop")


def test_acute_threat_reported_and_acknowledged_with_the_keyboard_alone(desktop, open_as):
    from sakra.accounts.demo import DEMO_PASSWORD

    page = desktop
    keys = page.keyboard
    page.goto("/login/")
    keys.type("anna.andersson@demo.sakra.se")
    keys.press("Tab")
    keys.type(DEMO_PASSWORD)
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Var vänder jag mig?")

    tab_to(page, page.get_by_role("link", name="Rapportera", exact=True))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportera en avvikelse")
    category = page.get_by_label("Typ av händelse")
    tab_to(page, category)
    keys.type(THREAT)  # type-ahead on a closed select picks the first option starting so
    expect(category.locator("option:checked")).to_have_text(THREAT)
    tab_to(page, page.get_by_label("Kort beskrivning"))
    keys.type(DESCRIPTION)
    acute = page.get_by_label("Akut: jag behöver hjälp nu")
    tab_to(page, acute)
    keys.press("Space")
    expect(acute).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Skicka rapporten"))
    keys.press("Enter")
    reference = _receipt(page)

    partner = open_as("security_partner")  # lands on what waits for them, acute reports first
    acute = partner.get_by_role("region", name=re.compile("Akuta rapporter som väntar på kvittens"))
    expect(partner.locator("main section h2").first).to_contain_text("Akuta rapporter")
    expect(partner.get_by_role("navigation", name="Huvudmeny")).to_contain_text("väntar")
    tab_to(partner, acute.get_by_role("link", name=re.compile(re.escape(reference))))
    partner.keyboard.press("Enter")
    acknowledge = partner.get_by_role("button", name="Kvittera – jag tar hand om det")
    tab_to(partner, acknowledge)
    partner.keyboard.press("Enter")
    expect(partner.get_by_role("status")).to_contain_text("Du har kvitterat den akuta rapporten")


def test_acute_threat_reported_in_english(phone):
    login(phone, "employee")
    phone.get_by_role("button", name="English").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Where do I turn?")
    phone.get_by_role("link", name="Report", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Report an incident or deviation")
    check_accessibility(phone)
    phone.get_by_label("What happened?").select_option(label="Threat")
    phone.get_by_label("Short description").fill(
        "A relative threatens the staff in the waiting room."
    )
    phone.get_by_label("Acute: I need help now").check()
    screenshot(phone, "report-phone-en")
    phone.get_by_role("button", name="Send report").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Thank you – your report has been received"
    )
    expect(phone.get_by_role("status")).to_contain_text(
        "The security partner on duty has been alerted"
    )
    expect(phone.get_by_role("definition").filter(has_text="Threat")).to_be_visible()
    check_accessibility(phone)
