"""Trend charts drawn on the server as SVG: no chart library, no script, nothing from the web."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .services import number_text

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 32
DESCRIPTION = _(
    "Bars: the value per year. Dashed line: the planned path from the baseline to the "
    "target. Solid line: the target."
)


def _fmt(value: Decimal | float) -> str:
    return f"{float(value):.1f}"


def axis_top(highest: Decimal) -> Decimal:
    """The top of the value axis: the next round number (1, 2, 2.5 or 5 × a power of ten) at
    or above the highest figure, so that the axis reads "20" rather than "17.3"."""
    if highest <= 0:
        return Decimal(1)
    power = Decimal(10) ** highest.adjusted()
    return next(step * power for step in (1, 2, Decimal("2.5"), 5, 10) if highest <= step * power)


def trend_svg(view, chart_id: str) -> SafeString:
    """Bars for the values per year, a dashed line for the planned path, a line for the target."""
    indicator, assessment = view.indicator, view.assessment
    years = view.years
    if not years:
        return SafeString("")
    values = [view.values.get(year) for year in years]
    known = [v for v in values if v is not None]
    ceiling = axis_top(Decimal(max([*known, assessment.baseline or 0, assessment.target or 0])))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(years)

    def x(index: float) -> float:
        return LEFT + step * index + step / 2

    def y(value) -> float:
        return TOP + plot_h - float(Decimal(value) / ceiling) * plot_h

    # Built with f-strings: every value is a number formatted here, and only the two texts are
    # escaped. format_html() per element cost a millisecond a chart on a page of 34 charts.
    bars = "".join(
        f'<rect x="{_fmt(x(i) - step * 0.3)}" y="{_fmt(y(v))}" width="{_fmt(step * 0.6)}" '
        f'height="{_fmt(TOP + plot_h - y(v))}" class="chart-bar">'
        f"<title>{year}: {number_text(v)}</title></rect>"
        for i, (year, v) in enumerate(zip(years, values, strict=True))
        if v is not None
    )
    labels = "".join(
        f'<text x="{_fmt(x(i))}" y="{HEIGHT - 10}" class="chart-label" text-anchor="middle">'
        f"{year}</text>"
        for i, year in enumerate(years)
    )
    path = ""
    if assessment.baseline is not None and assessment.target is not None:
        start = years.index(indicator.baseline_year) if indicator.baseline_year in years else 0
        end_x = (
            x(years.index(indicator.target_year))
            if indicator.target_year in years
            else x(len(years) - 1)
        )
        target_y = _fmt(y(assessment.target))
        path = (
            f'<line x1="{_fmt(x(start))}" y1="{_fmt(y(assessment.baseline))}" x2="{_fmt(end_x)}" '
            f'y2="{target_y}" class="chart-path"/>'
            f'<line x1="{LEFT}" y1="{target_y}" x2="{WIDTH - RIGHT}" y2="{target_y}" '
            'class="chart-target"/>'
        )
    base = TOP + plot_h
    axis = (
        f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" class="chart-axis"/>'
        f'<text x="{LEFT - 6}" y="{base}" class="chart-label" text-anchor="end">0</text>'
        f'<text x="{LEFT - 6}" y="{TOP + 10}" class="chart-label" text-anchor="end">'
        f"{number_text(ceiling)}</text>"
    )
    chart_id = escape(chart_id)
    return mark_safe(  # noqa: S308 - numbers formatted above; the two texts are escaped
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d"><title id="{chart_id}-t">'
        f'{escape(indicator.title)}</title><desc id="{chart_id}-d">{escape(DESCRIPTION)}</desc>'
        f"{axis}{bars}{path}{labels}</svg>"
    )  # nosec B308 B703
