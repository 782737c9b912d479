"""House rules that a comment cannot keep: no module of the application or the bench past
800 lines (DESIGN.md); migrations are generated; test modules are tables of cases and are left
out (tests/security/test_bad_inputs.py is the one past the line). No page template with inline
script or style, which the Content-Security-Policy blocks in the browser without a word."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 800


def test_no_module_is_past_the_limit():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for folder in ("sakra", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert not too_long, f"split these modules (more than {LIMIT} lines): {too_long}"


INLINE = re.compile(
    r"""\s(on[a-z]+|style)\s*=\s*["']|<script(?![^>]*\bsrc=)[^>]*>|<style\b""", re.IGNORECASE
)


def test_no_page_template_holds_what_the_content_security_policy_blocks():
    # Print templates (WeasyPrint, with their @page rules; never served to a browser) may style
    # inline; Django's comments are not sent.
    offending = {
        str(path.relative_to(ROOT)): match.group(0).strip()
        for path in (ROOT / "sakra").rglob("templates/**/*.html")
        for text in [re.sub(r"{#.*?#}", "", path.read_text(encoding="utf-8"))]
        if "@page" not in text and not path.name.endswith("_pdf.html")
        for match in [INLINE.search(text)]
        if match
    }
    assert not offending, f"inline script, style or event handler (blocked by CSP): {offending}"


def test_no_template_comment_runs_past_its_line():
    # Django's {# … #} ends on its own line; one that runs on is sent to the person as text (the
    # page after every saved form showed one, under the heading, for sessions).
    open_comments = {
        f"{path.relative_to(ROOT)}:{number}": line.strip()
        for path in (ROOT / "sakra").rglob("templates/**/*")
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    }
    assert not open_comments, f"use {{% comment %}} for a comment of several lines: {open_comments}"
