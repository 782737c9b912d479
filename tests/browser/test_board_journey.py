"""Journey 3: an improvement need goes from an employee to the security board's queue, is
ranked, and at a recorded meeting becomes an action with an owner."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DEMO_DOMAIN, check_accessibility, login, screenshot

NEED = "Larmknappar saknas i akutens väntrum"
ACTION = "Installera larmknappar i väntrummet"


def test_need_is_ranked_and_turned_into_an_action_at_a_board_meeting(desktop, open_as):
    # Anyone may raise a need: here the employee.
    employee = desktop
    login(employee, "employee")
    employee.get_by_role("link", name="Förbättringsbehov").click()
    check_accessibility(employee)
    employee.get_by_role("link", name="Lämna ett förbättringsbehov").click()
    expect(employee.get_by_role("heading", level=1)).to_have_text("Lämna ett förbättringsbehov")
    check_accessibility(employee)
    employee.get_by_label("Vad behöver förbättras?").fill(NEED)
    employee.get_by_label("Varför behövs det?").fill(
        "Personalen kan inte larma diskret när en anhörig blir hotfull."
    )
    employee.get_by_role("button", name="Skicka till säkerhetsledningen").click()
    expect(employee.get_by_role("heading", level=1)).to_have_text(NEED)
    expect(employee.get_by_role("status")).to_contain_text("Säkerhetsledningen kommer att titta")
    check_accessibility(employee)

    # A board member ranks it first in the queue.
    board = open_as("board_member")
    # The board's queue is in a board member's menu (they land on what waits for them).
    menu = board.get_by_role("navigation", name="Huvudmeny")
    menu.get_by_role("link", name="Säkerhetsledningen", exact=True).click()
    expect(board.get_by_role("heading", level=1)).to_have_text("Säkerhetsledningens kö")
    check_accessibility(board)
    # New on top, the others one place down, as the board would renumber the queue on paper.
    mine = board.get_by_label(f"Plats för {NEED}")
    others = board.get_by_role("spinbutton", name=re.compile("^Plats för ")).all()
    place = 2
    for other in others:
        if other.get_attribute("id") != mine.get_attribute("id"):
            other.fill(str(place))
            place += 1
    mine.fill("1")
    board.get_by_role("button", name="Spara ordningen").click()
    expect(board.get_by_role("status")).to_contain_text("Kön är prioriterad")
    expect(mine).to_have_value("1")
    screenshot(board, "board-queue-desktop")

    # At a recorded meeting the board accepts it and gives the action an owner.
    board.get_by_role("link", name="Registrera ett möte").click()
    expect(board.get_by_role("heading", level=1)).to_have_text("Registrera ett möte")
    check_accessibility(board)
    board.get_by_label("Datum").fill(timezone.localdate().isoformat())
    board.get_by_label("Rubrik").fill("Säkerhetsledningens möte")
    board.get_by_label("Sara Nilsson").check()
    board.get_by_role("button", name="Registrera mötet").click()
    expect(board.get_by_role("status")).to_contain_text("Mötet är registrerat")
    check_accessibility(board)

    decide = board.get_by_role("region", name="Registrera ett beslut")
    decide.get_by_label("Förbättringsbehov").select_option(label=NEED)
    decide.get_by_label("Bifall").check()
    # Each planned action is a group named by its legend ("Åtgärd 1"), its fields labelled
    # plainly. The field should read "Åtgärd"; Django admin's catalogue, earlier in
    # INSTALLED_APPS, translates the bare msgid "Action" as "Händelse" and wins. Accept both.
    first = decide.get_by_role("group", name="Åtgärd 1")
    first.get_by_label(re.compile(r"^(Åtgärd|Händelse)$")).fill(ACTION)
    first.get_by_label("Ansvarig (e-post)").fill(f"maria.lindqvist@{DEMO_DOMAIN}")
    due = (timezone.localdate() + timedelta(days=60)).isoformat()
    first.get_by_label("Sista dag").fill(due)
    board.get_by_role("button", name="Registrera beslutet").click()
    expect(board.get_by_role("status")).to_contain_text("Beslutet är registrerat")
    decisions = board.get_by_role("region", name="Beslut", exact=True)
    row = decisions.get_by_role("row", name=re.compile(re.escape(NEED)))
    expect(row).to_contain_text("Bifall")
    expect(row).to_contain_text(f"{ACTION} – Maria Lindqvist, {due}")
    check_accessibility(board)
    screenshot(board, "board-meeting-desktop")
    row.get_by_role("link", name=ACTION).click()
    expect(board.get_by_role("heading", level=1)).to_have_text(ACTION)
    facts = board.get_by_role("region", name="Om åtgärden")
    expect(facts).to_contain_text("Maria Lindqvist")
    expect(facts.get_by_role("link", name=NEED)).to_be_visible()
    check_accessibility(board)

    # The employee who raised it sees the decision on the need's page. (Not the action: it
    # belongs to the manager's unit, which an employee cannot see.)
    employee.reload()
    expect(employee.get_by_role("region", name="Säkerhetsledningens beslut")).to_contain_text(
        "Bifall"
    )
    check_accessibility(employee)
