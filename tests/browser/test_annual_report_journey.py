"""Journey: the area owner for threats and violence writes her chapter of the 2026 annual
security report beside its figures and submits it to the security chief, who then sees it
submitted; the approved 2025 report says its figures are frozen."""

from playwright.sync_api import expect

from .conftest import check_accessibility, login


def test_area_owner_writes_and_submits_her_chapter(desktop, open_as):
    page = desktop
    login(page, "area_owner")
    page.get_by_role("link", name="Säkerhetsberättelse", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Säkerhetsberättelse")
    check_accessibility(page)
    page.get_by_role("link", name="Säkerhetsberättelse 2025").click()
    expect(page.get_by_text("Siffrorna frystes när berättelsen godkändes")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Säkerhetsberättelse 2026").click()
    # Only her own area's chapter offers to be written.
    expect(page.get_by_role("link", name="Skriv kapitlet")).to_have_count(1)
    page.get_by_role("link", name="Skriv kapitlet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hot och våld")
    expect(page.get_by_role("heading", name="Incidenter")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Berättelse").fill("Hoten mot personalen på akuten har minskat.")
    page.get_by_role("button", name="Spara och lämna in till säkerhetschefen").click()
    expect(page.get_by_text("Kapitlet lämnades in.")).to_be_visible()

    chief = open_as("security_chief", path="/sakerhetsberattelse/")
    chief.get_by_role("link", name="Säkerhetsberättelse 2026").click()
    row = chief.get_by_role("row").filter(has_text="Hot och våld").first
    expect(row).to_contain_text("Inlämnat")
    expect(chief.get_by_text("Hoten mot personalen på akuten har minskat.")).to_be_visible()
