"""Journey: the security chief keeps the region's readiness. A count of the diesel for the
backup power falls below its target, the stock is flagged and an action is raised for the
shortfall; then an exercise of the acute care's continuity plan is put in this year's exercise
plan, held, evaluated with the recovery time achieved against the plan's tolerance, and an
action is made from what did not work."""

from django.utils import timezone
from playwright.sync_api import expect

from .conftest import DEMO_DOMAIN, check_accessibility, login

STOCK = "Diesel till reservkraften, Halmstad"
EXERCISE = "Funktionsövning: reservkraft till akuten"


def test_a_stock_below_target_raises_an_action_and_an_exercise_is_evaluated(desktop):
    chief = desktop
    today = timezone.localdate().isoformat()
    login(chief, "security_chief", "/kontinuitet/forsorjning/")
    expect(chief.get_by_role("heading", level=1)).to_have_text("Försörjningsberedskap")

    # Critical supply: the new count is below the target of seven days, and the page says so.
    chief.get_by_role("link", name=STOCK).click()
    expect(chief.get_by_role("heading", level=1)).to_have_text(STOCK)
    count = chief.get_by_role("region", name="Registrera en inventering")
    count.get_by_label("Lager i dagar").fill("5")
    count.get_by_label("Inventerat den").fill(today)
    count.get_by_role("button", name="Spara inventeringen").click()
    expect(chief.get_by_role("status")).to_contain_text("Inventeringen är registrerad")
    expect(chief.get_by_text("2 dagar under mål")).to_be_visible()
    shortfall = chief.get_by_role("region", name="Starta en åtgärd för bristen")
    shortfall.get_by_label("Ansvarig (e-post)").fill(f"sara.nilsson@{DEMO_DOMAIN}")
    shortfall.get_by_label("Sista dag").fill(today)
    shortfall.get_by_label("Vad som ska göras").fill("Beställ påfyllning och se över avtalet.")
    shortfall.get_by_role("button", name="Starta åtgärden").click()
    expect(chief.get_by_role("status")).to_contain_text("Åtgärden är skapad")
    actions = chief.get_by_role("region", name="Åtgärder")
    expect(actions).to_contain_text("Sara Nilsson")
    check_accessibility(chief)
    chief.get_by_role("link", name="Försörjningsberedskap").first.click()
    expect(chief.locator("tr", has_text=STOCK)).to_contain_text("Under mål")

    # Exercises: this year's plan gets an exercise of the acute care's continuity plan.
    chief.get_by_role("link", name="Övningar").click()
    year = timezone.localdate().year
    expect(chief.get_by_role("heading", level=1)).to_have_text(f"Övningsplan {year}")
    chief.get_by_role("link", name="Planera en övning").click()
    chief.get_by_label("Rubrik").fill(EXERCISE)
    chief.get_by_label("Typ av övning").select_option(label="Funktionsövning")
    chief.get_by_label("Sök enhet").fill("Hallands sjukhus")
    unit = chief.get_by_label("Enhet", exact=True)
    expect(unit.locator("option", has_text="Hallands sjukhus").first).to_be_attached()
    unit.select_option(label="Hallands sjukhus")
    chief.get_by_label("Säkerhetsområde").select_option(label="Krisberedskap")
    chief.get_by_label("Datum").fill(today)
    chief.get_by_label("Scenario").fill("Elnätet faller bort; reservkraften ska bära akuten.")
    chief.get_by_label("Kontinuitetsplan som övas").select_option(
        label="Kontinuitetsplan: Akut sjukvård"
    )
    chief.get_by_role("button", name="Spara").click()
    expect(chief.get_by_role("status")).to_contain_text("Övningen finns i övningsplanen")
    expect(chief.get_by_role("heading", level=1)).to_have_text(EXERCISE)

    # Held today: the evaluation, with a recovery time longer than the plan tolerates.
    evaluation = chief.get_by_role("region", name="Registrera utvärderingen")
    evaluation.get_by_label("Antal deltagare").fill("12")
    evaluation.get_by_label("Vad som fungerade", exact=True).fill("Reservkraften startade.")
    evaluation.get_by_label("Vad som inte fungerade").fill("Ingen visste var nyckeln fanns.")
    evaluation.get_by_label("Uppnådd återställningstid (timmar)").fill("30")
    evaluation.get_by_role("button", name="Spara utvärderingen").click()
    expect(chief.get_by_role("status")).to_contain_text("Utvärderingen är sparad")
    held = chief.get_by_role("region", name="Utvärdering", exact=True)
    expect(held).to_contain_text("Ingen visste var nyckeln fanns.")
    expect(held).to_contain_text("Inte uppfyllt")
    check_accessibility(chief)

    # An action from the evaluation, with the exercise as its source.
    exercise_url = chief.url
    chief.get_by_role("region", name="Åtgärder").get_by_role("link", name="Ny åtgärd").click()
    chief.get_by_label("Rubrik").fill("Märk ut nyckelskåpet till reservkraften")
    chief.get_by_label("Ansvarig (e-post)").fill(f"sara.nilsson@{DEMO_DOMAIN}")
    chief.get_by_label("Sista dag").fill(today)
    chief.get_by_role("button", name="Skapa åtgärden").click()
    expect(chief.get_by_role("heading", level=1)).to_have_text(
        "Märk ut nyckelskåpet till reservkraften"
    )
    chief.goto(exercise_url)
    expect(chief.get_by_role("region", name="Åtgärder")).to_contain_text("Märk ut nyckelskåpet")
    chief.get_by_role("link", name=f"Övningsplan {year}").first.click()
    expect(chief.locator("tr", has_text=EXERCISE)).to_contain_text("Inte uppfyllt")
