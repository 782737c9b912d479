"""A document's Markdown body as safe HTML: markdown-it-py renders (raw HTML off), nh3
sanitises with an allow-list (no scripts, no event handlers, only http, https and mailto links).
What is adopted is frozen with a SHA-256 of the HTML, so a later change of either library
cannot change what was decided."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)

TAGS = {
    "a",
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}


def render_markdown(body: str) -> str:
    """The body's HTML, sanitised; safe to mark safe in a template. Headings move one level
    down (# is an h2): the page's own h1 is the document's title."""
    tokens = _md.parse(body or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    html = _md.renderer.render(tokens, _md.options, {})
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def content_hash(html: str, attachment: bytes = b"") -> str:
    digest = hashlib.sha256(html.encode())
    digest.update(attachment)
    return digest.hexdigest()


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff between two versions' Markdown: "+" added, "-" removed, " " kept."""

    mark: str
    text: str


def diff_lines(old: str, new: str) -> list[DiffLine]:
    """The line diff of two bodies, with three lines of context around each change."""
    lines = []
    for line in difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(), lineterm="", n=3
    ):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(DiffLine("@", "…"))
        else:
            lines.append(DiffLine(line[:1] or " ", line[1:]))
    return lines
