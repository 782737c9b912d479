"""The trend chart: one bar per known value, the planned path and the target, text escaped."""

from decimal import Decimal
from types import SimpleNamespace
from xml.etree import ElementTree

from sakra.goals.charts import trend_svg
from sakra.goals.status import Assessment, Status

SVG = "{http://www.w3.org/2000/svg}"


def _view(title="Bränder", values=None, baseline=Decimal(12), target=Decimal(6)):
    indicator = SimpleNamespace(title=title, baseline_year=2019, target_year=2022)
    assessment = Assessment(
        year=2021, value=None, compared=None, baseline=baseline, target=target, planned=None,
        status=Status.ON_TRACK,
    )  # fmt: skip
    values = {2019: Decimal(12), 2021: Decimal(7)} if values is None else values
    return SimpleNamespace(
        indicator=indicator, assessment=assessment, values=values, years=[2019, 2020, 2021, 2022]
    )


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(  # noqa: S314 - our own output, parsed to check it
        svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1)
    )


def test_bars_for_known_values_with_path_and_target():
    chart = _parse(trend_svg(_view(), "chart-1"))
    bars = chart.findall(f"{SVG}rect")
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["2019: 12", "2021: 7"]
    assert len(chart.findall(f"{SVG}line[@class='chart-path']")) == 1
    assert len(chart.findall(f"{SVG}line[@class='chart-target']")) == 1
    labels = [text.text for text in chart.findall(f"{SVG}text[@class='chart-label']")]
    assert {"2019", "2020", "2021", "2022"} <= set(labels)
    # The higher value is drawn taller: y grows downwards.
    assert float(bars[0].get("y")) < float(bars[1].get("y"))


def test_no_target_no_path_and_the_title_is_escaped():
    svg = trend_svg(_view(title="<script>alert(1)</script>", target=None), "chart-2")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "chart-path" not in svg
    assert _parse(svg).find(f"{SVG}title").text == "<script>alert(1)</script>"


def test_no_years_no_chart():
    view = _view()
    view.years = []
    assert trend_svg(view, "chart-3") == ""


def test_the_axis_ends_on_a_round_number_in_the_page_language():
    from django.utils import translation

    from sakra.goals.charts import axis_top

    assert [axis_top(Decimal(v)) for v in ("0", "0.4", "1", "7", "12", "17.3", "26", "115")] == [
        1, Decimal("0.5"), 1, 10, 20, 20, Decimal("50"), 200,
    ]  # fmt: skip
    with translation.override("sv"):
        chart = _parse(trend_svg(_view(values={2019: Decimal("12.5")}), "chart-3"))
    labels = [text.text for text in chart.findall(f"{SVG}text[@class='chart-label']")]
    assert "20" in labels
    assert [bar.find(f"{SVG}title").text for bar in chart.findall(f"{SVG}rect")] == ["2019: 12,5"]
