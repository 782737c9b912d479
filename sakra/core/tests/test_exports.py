"""Exports: cells a spreadsheet shows and never runs, and a workbook that never fails on a
stored character (issue #16)."""

import io

import pytest
from openpyxl import load_workbook

from sakra.core.exports import neutralise, xlsx_response


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '\u200b=HYPERLINK("http://evil.example","x")',  # zero-width space
        "\ufeff=cmd|' /C calc'!A0",  # a byte-order mark
        "\u2060@SUM(A1)",  # word joiner
        "\u200e-2+3",  # left-to-right mark
        '\uff1dHYPERLINK("http://evil.example")',  # full-width equals sign
        "\uff0b1+1",  # full-width plus
        "\u00a0=1+1",  # no-break space
    ],
)
def test_a_formula_behind_invisible_or_full_width_characters_is_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Rök i soprummet", "AVV-2026-000001", "1+1", 42, None])
def test_plain_values_are_left_alone(value):
    assert neutralise(value) == value


def test_a_stored_control_character_does_not_fail_the_workbook():
    """One stored NUL or escape made the XLSX export answer 500 for everyone seeing the row."""
    response = xlsx_response(
        name="x", sheet="Blad", headers=["Text"],
        rows=[["Rök\x00i soprummet"], ["\x1b[2J"], ["vanlig"]],
    )  # fmt: skip
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert cells == ["Text", "Rök\ufffdi soprummet", "\ufffd[2J", "vanlig"]
