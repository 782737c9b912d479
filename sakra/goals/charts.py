"""Trend charts drawn on the server as SVG: no chart library, no script, nothing from the web."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 32


def _fmt(value: Decimal | float) -> str:
    return f"{float(value):.1f}"


def trend_svg(view, chart_id: str) -> SafeString:
    """Bars for the values per year, a dashed line for the planned path, a line for the target."""
    indicator, assessment = view.indicator, view.assessment
    years = view.years
    if not years:
        return SafeString("")
    values = [view.values.get(year) for year in years]
    known = [v for v in values if v is not None]
    ceiling = max([*known, assessment.baseline or 0, assessment.target or 0, Decimal(1)])
    ceiling = Decimal(ceiling) * Decimal("1.15")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(years)

    def x(index: float) -> float:
        return LEFT + step * index + step / 2

    def y(value) -> float:
        return TOP + plot_h - float(Decimal(value) / ceiling) * plot_h

    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"><title>{}: {}</title></rect>',
        (
            (
                _fmt(x(i) - step * 0.3),
                _fmt(y(v)),
                _fmt(step * 0.6),
                _fmt(TOP + plot_h - y(v)),
                year,
                v,
            )
            for i, (year, v) in enumerate(zip(years, values, strict=True))
            if v is not None
        ),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart-label" text-anchor="middle">{}</text>',
        ((_fmt(x(i)), HEIGHT - 10, year) for i, year in enumerate(years)),
    )
    path = SafeString("")
    if assessment.baseline is not None and assessment.target is not None:
        start = years.index(indicator.baseline_year) if indicator.baseline_year in years else 0
        end_x = (
            x(years.index(indicator.target_year))
            if indicator.target_year in years
            else x(len(years) - 1)
        )
        path = format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-path"/>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-target"/>',
            _fmt(x(start)),
            _fmt(y(assessment.baseline)),
            _fmt(end_x),
            _fmt(y(assessment.target)),
            LEFT,
            _fmt(y(assessment.target)),
            WIDTH - RIGHT,
            _fmt(y(assessment.target)),
        )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis"/>'
        '<text x="{}" y="{}" class="chart-label" text-anchor="end">0</text>'
        '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
        LEFT,
        TOP + plot_h,
        WIDTH - RIGHT,
        TOP + plot_h,
        LEFT - 6,
        TOP + plot_h,
        LEFT - 6,
        TOP + 10,
        _fmt(ceiling),
    )
    description = _(
        "Bars: the value per year. Dashed line: the planned path from the baseline to the "
        "target. Solid line: the target."
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        indicator.title,
        chart_id,
        description,
        axis,
        bars,
        path,
        labels,
    )
