"""A goal's card on the overview and the dashboards, rendered once for each thing it shows.

Rendering the cards through the template was the largest part of a dashboard (the figures
are in docs/performance.md; the decision in docs/adr/0004). A card is a pure function of the
figures below, so it is kept per process by exactly those (`sakra.core.memo`): a new report
changes a figure, and so the key, and the card is rendered again. The template reads nothing
but the `Card`, so nothing it shows can be missing from the key.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sakra.core.memo import Memo

from .services import GoalView, IndicatorView, number_text


@dataclass(frozen=True)
class Row:
    """One indicator's line in a card, as shown."""

    title: str
    url: str
    rows_url: str
    value: str
    forecast: str
    baseline: str
    baseline_year: int
    target: str
    target_year: int
    status: str
    badge_class: str
    preliminary: bool
    chart: str


@dataclass(frozen=True)
class Card:
    """A goal as its card shows it."""

    pk: int
    title: str
    url: str
    meta: str
    statement: str
    rows: tuple[Row, ...]


CARDS: Memo[str] = Memo(size=1024)


def _row(view: IndicatorView) -> Row:
    indicator, assessment = view.indicator, view.assessment
    return Row(
        title=indicator.title, url=view.url, rows_url=view.rows_url,
        value=number_text(assessment.value),
        forecast=number_text(assessment.compared) if assessment.preliminary else "",
        baseline=number_text(assessment.baseline), baseline_year=indicator.baseline_year,
        target=number_text(assessment.target), target_year=indicator.target_year,
        status=str(assessment.status_label), badge_class=assessment.badge_class,
        preliminary=assessment.preliminary, chart=view.chart,
    )  # fmt: skip


def card_of(item: GoalView) -> Card:
    goal = item.goal
    meta = [str(goal.level)]
    if goal.area_id:
        meta.append(str(goal.area))
    if goal.administration_id:
        meta.append(str(goal.administration))
    meta += [f"{goal.start_year}–{goal.end_year}", _("Owner: {name}").format(name=goal.owner)]
    return Card(
        pk=goal.pk, title=goal.title, url=goal.get_absolute_url(), meta=" · ".join(meta),
        statement=goal.statement, rows=tuple(_row(view) for view in item.indicators),
    )  # fmt: skip


def render_cards(items: list[GoalView], year: int, charts: bool, titled: bool = True) -> list[str]:
    """The cards' HTML, each rendered only when something it shows has changed.

    Untitled: the page's own heading already names the goal (its detail page), so the card
    does not repeat it as a second heading (WCAG 2.4.6).
    """
    language = get_language()
    cards = []
    for item in items:
        card = card_of(item)
        context = {"card": card, "year": year, "charts": charts, "titled": titled}
        cards.append(
            CARDS.get(
                (language, year, charts, titled, card),
                lambda context=context: render_to_string("goals/_goal.html", context),
            )
        )
    return cards
