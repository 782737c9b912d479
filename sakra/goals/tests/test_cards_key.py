"""The goal cards are kept per process by (language, year, charts, card): the card template
must read nothing else, or a card rendered for one page could be shown on another."""

from django.template.loader import get_template

from sakra.goals.cards import Card, Row
from sakra.testing import Recording


def _card() -> Card:
    row = Row(
        title="Anmälda hot", url="/mal/indikator/1/", rows_url="/avvikelser/?category=hot",
        value="12", forecast="14", baseline="20", baseline_year=2024, target="10",
        target_year=2027, status="På väg", badge_class="badge--green", preliminary=True,
        chart="<svg></svg>",
    )  # fmt: skip
    return Card(pk=1, title="Färre hot", url="/mal/1/", meta="Region", statement="…", rows=(row,))


def test_the_card_template_reads_only_what_is_in_the_memo_key():
    template = get_template("goals/_goal.html").template
    for charts in (True, False):
        context = Recording({"card": _card(), "year": 2026, "charts": charts})
        html = template.render(context)
        assert "Färre hot" in html
        # The key is (language, year, charts, titled, card); the loop names only what the card
        # holds.
        allowed = {"card", "year", "charts", "titled", "row", "forloop", "goal", "p"}
        assert context.looked_up <= allowed


def test_the_card_is_a_value_every_figure_of_which_is_part_of_its_hash():
    card = _card()
    changed = Card(**{**card.__dict__, "rows": (Row(**{**card.rows[0].__dict__, "value": "13"}),)})
    assert card != changed and hash(card) != hash(changed)
