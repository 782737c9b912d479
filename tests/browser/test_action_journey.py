"""Journey 2: a first-line manager finishes an action from "Mina uppgifter"; the coordinator
records that it had effect (PGSA: Genomföra, Studera, Agera)."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DEMO_DOMAIN, check_accessibility, screenshot

TITLE = "Se över passersystemet till akutens personalingång"


def _create_action_for_manager(coordinator) -> str:
    """The coordinator assigns the action to the manager; returns the action's address."""
    coordinator.get_by_role("link", name="Åtgärder", exact=True).click()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Åtgärder")
    check_accessibility(coordinator)
    coordinator.get_by_role("link", name="Ny åtgärd").click()
    coordinator.get_by_label("Rubrik").fill(TITLE)
    coordinator.get_by_label("Beskrivning").fill("Kortläsaren släpper in utan kod efter kl. 22.")
    coordinator.get_by_label("Ansvarig (e-post)").fill(f"maria.lindqvist@{DEMO_DOMAIN}")
    # The unit is searched for among those the coordinator may create actions for, then picked.
    coordinator.get_by_label("Sök enhet").fill("Akutkliniken")
    unit = coordinator.get_by_label("Enhet", exact=True)
    expect(unit.locator("option", has_text="Akutkliniken")).to_have_count(1)
    unit.select_option(label="Akutkliniken")
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    coordinator.get_by_label("Sista dag").fill(due)
    coordinator.get_by_role("button", name="Skapa åtgärden").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(TITLE)
    return coordinator.url


def test_manager_completes_an_action_and_coordinator_records_its_effect(desktop, open_as):
    coordinator = open_as("security_coordinator")
    action_url = _create_action_for_manager(coordinator)

    # The manager finds the action among the things waiting for her, and marks it done.
    from .conftest import login

    manager = desktop
    login(manager, "manager")
    manager.get_by_role("link", name="Mina uppgifter").click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("Mina uppgifter")
    owned = manager.get_by_role("region", name=re.compile("Åtgärder jag ansvarar för"))
    expect(owned).to_contain_text(TITLE)
    check_accessibility(manager)
    screenshot(manager, "my-tasks-desktop")
    owned.get_by_role("link", name=TITLE).click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_accessibility(manager)
    screenshot(manager, "action-desktop")
    manager.get_by_role("button", name="Markera som genomförd").click()
    expect(manager.get_by_role("status")).to_contain_text("Åtgärden är genomförd")
    expect(manager.get_by_role("button", name="Markera som genomförd")).to_have_count(0)
    manager.get_by_role("link", name="Mina uppgifter").click()
    expect(
        manager.get_by_role("region", name=re.compile("Åtgärder jag ansvarar för"))
    ).not_to_contain_text(TITLE)

    # The coordinator checks the effect and records that it worked.
    coordinator.goto(action_url)
    coordinator.get_by_role("link", name="Följ upp effekten …").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Följ upp effekten")
    check_accessibility(coordinator)
    coordinator.get_by_label("Ja, den fick avsedd effekt").check()
    coordinator.get_by_label("Hur följdes effekten upp och vad visade uppföljningen?").fill(
        "Provat kortläsaren tio kvällar: dörren släpper inte in utan kod."
    )
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.get_by_role("status")).to_contain_text(
        "Uppföljningen av effekten är registrerad"
    )
    effect = coordinator.get_by_role("region", name="Uppföljning av effekt")
    expect(effect).to_contain_text("Sara Nilsson")
    expect(effect).to_contain_text("tio kvällar")
    expect(coordinator.get_by_text("Effekt verifierad").first).to_be_visible()
    check_accessibility(coordinator)
