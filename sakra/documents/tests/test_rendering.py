"""The Markdown body is rendered safely: the bad-input corpus's payloads and Markdown's own
ways to smuggle script (links, images, raw HTML) come out inert."""

from html.parser import HTMLParser

import pytest

from sakra.documents.rendering import diff_lines, render_markdown
from tests.security.bad_inputs import PAYLOAD, TEXT, UNESCAPED


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, attrs))


MARKDOWN_TRAPS = [
    "[klicka](javascript:alert(1))",
    "[klicka](JaVaScRiPt:alert(1))",
    "[klicka](  javascript:alert(1)  )",
    "[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![bild](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<script>alert(1)</script>",
    "<iframe src=https://evil.example></iframe>",
    "[x](vbscript:msgbox(1))",
    '<div onclick="alert(1)">x</div>',
    "```html\n<script>alert(1)</script>\n```",
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize(
    "body", [bad.value for bad in TEXT if bad.kind == PAYLOAD] + MARKDOWN_TRAPS
)
def test_no_payload_survives(body):
    html = render_markdown(body)
    for marker in UNESCAPED:
        assert marker not in html
    elements = _Elements()
    elements.feed(html)
    for tag, attrs in elements.seen:
        assert tag not in {"script", "iframe", "style", "img", "div", "svg"}
        for name, value in attrs:
            assert not name.startswith("on")
            if name in {"href", "src"}:
                assert (value or "").startswith(("http://", "https://", "mailto:")), value


def test_markdown_still_works():
    html = render_markdown("# Larma\n\n- Ring **112**\n\n[Intranätet](https://intra.example/)")
    assert "<h2>Larma</h2>" in html and "<strong>112</strong>" in html
    assert 'href="https://intra.example/"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_the_diff_marks_lines():
    lines = diff_lines("a\nb\nc", "a\nB\nc")
    assert [(line.mark, line.text) for line in lines if line.mark in "+-"] == [
        ("-", "b"),
        ("+", "B"),
    ]
