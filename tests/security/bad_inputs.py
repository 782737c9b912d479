"""The corpus of bad inputs, as data: what a hostile or careless client might send.

Each value has a class that says what a form must do with it:

- REFUSE: refused in every field, with a message (NUL, control characters, direction
  overrides, impossible dates and numbers in any field);
- PAYLOAD: legitimate words in free text (a report may quote a threat word for word), so a
  text field may store it, and then every page shows it escaped; any other field refuses it;
- NFD: text in decomposed form, stored in NFC; refused where the field expects no text;
- HUGE: larger than the request limit (DATA_UPLOAD_MAX_MEMORY_SIZE): 400 with a message.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

REFUSE, PAYLOAD, NFD, HUGE = "refuse", "payload", "nfd", "huge"


@dataclass(frozen=True)
class Bad:
    name: str
    value: str
    kind: str


TEXT = [
    Bad("sql-drop", "'; DROP TABLE incidents_incident;--", PAYLOAD),
    Bad("sql-or", "' OR '1'='1", PAYLOAD),
    Bad("template-secret", "{{ settings.SECRET_KEY }}", PAYLOAD),
    Bad("template-debug", "{% debug %}", PAYLOAD),
    Bad("script-tag", "<script>alert('sakra')</script>", PAYLOAD),
    Bad("attribute-breakout", '"><img src=x onerror=alert(1)>', PAYLOAD),
    Bad("svg-onload", "<svg onload=alert(1)>", PAYLOAD),
    Bad("javascript-url", "javascript:alert(document.cookie)", PAYLOAD),
    Bad("formula", '=HYPERLINK("http://evil.example","x")', PAYLOAD),
    Bad("path", "../../../../etc/passwd", PAYLOAD),
    Bad("nul", "Rök\x00i soprummet", REFUSE),
    Bad("nul-only", "\x00", REFUSE),
    Bad("escape-sequence", "Rök\x1b[2J i soprummet", REFUSE),
    Bad("rtl-override", "faktura\u202efdp.exe", REFUSE),
    Bad("rtl-isolate", "\u2067hot\u2069 och våld", REFUSE),
    Bad("nfd", "Hot och va\u030ald i va\u0308ntrummet", NFD),
    Bad("impossible-date", "2026-02-30", PAYLOAD),
    Bad("year-zero", "0000-01-01", PAYLOAD),
    Bad("year-99999", "99999-01-01", PAYLOAD),
    Bad("year-one", "0001-01-01T00:00", PAYLOAD),
    Bad("huge-number", str(10**30), PAYLOAD),
    Bad("minus-one", "-1", PAYLOAD),
    Bad("nan", "NaN", PAYLOAD),
    Bad("infinity", "Infinity", PAYLOAD),
    Bad("superscript-digit", "²", PAYLOAD),
    Bad("long-line", "x" * 6000, PAYLOAD),
]

#: Beyond DATA_UPLOAD_MAX_MEMORY_SIZE: tried on one field per form, it costs a 10 MB request.
HUGE_TEXT = Bad("ten-megabytes", "å" * (5 * 1024 * 1024), HUGE)

#: What must never appear in a page as it was sent: it would run, or would show the secret.
UNESCAPED = ["<script>alert(", "<img src=x onerror", "<svg onload", 'href="javascript:']


def _zip_bomb() -> bytes:
    """A workbook-shaped zip whose one member unpacks to 200 MB of zeros (200 kB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (200 * 1024 * 1024))
    return out.getvalue()


_bomb_cache: list[bytes] = []


def zip_bomb() -> bytes:
    if not _bomb_cache:
        _bomb_cache.append(_zip_bomb())
    return _bomb_cache[0]


@dataclass(frozen=True)
class BadFile:
    name: str
    filename: str
    content: bytes | None  # None: the zip bomb, built on first use
    content_type: str

    def data(self) -> bytes:
        return zip_bomb() if self.content is None else self.content


PDF = b"%PDF-1.4\n%%EOF\n"

#: Refused by content, whatever the name says.
FILES = [
    BadFile("exe-as-pdf", "rapport.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "application/pdf"),
    BadFile("html-with-script", "rapport.html", b"<html><script>alert(1)</script>", "text/html"),
    BadFile("html-as-txt", "rapport.txt", b"<html><script>alert(1)</script></html>", "text/plain"),
    BadFile(
        "svg-with-script",
        "bild.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
    ),
    BadFile(
        "svg-as-png",
        "bild.png",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "image/png",
    ),
    BadFile("zip-bomb-as-docx", "rapport.docx", None, "application/octet-stream"),
    BadFile("empty", "tom.pdf", b"", "application/pdf"),
]

#: A valid PDF under a hostile name. Django's upload parser already drops directories and
#: non-printable characters (NUL, U+202E) and cuts the name to 255 characters, so the view never
#: sees them: the file is stored under a generated path, labelled with a safe name of at most
#: 150 characters and the extension its content shows.
HOSTILE_NAMES = [
    BadFile("dot-dot-slash", "../../../../etc/passwd.pdf", PDF, "application/pdf"),
    BadFile("long-name", "a" * 296 + ".pdf", PDF, "application/pdf"),
    BadFile("nul-in-name", "rapport\x00.exe.pdf", PDF, "application/pdf"),
    BadFile("rtl-in-name", "rapport\u202efdp.exe", PDF, "application/pdf"),
]

#: Sent to every import column; the CSV's own hostility is in IMPORT_FILES.
IMPORT_VALUES = [*TEXT, Bad("ten-megabytes-cell", "x" * (10 * 1024 * 1024), REFUSE)]

#: Whole import files that are not what they claim: (name, suffix, bytes).
IMPORT_FILES = [
    ("exe-as-csv", ".csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff\x00\x00"),
    ("latin-1-csv", ".csv", "external_id;description\n1;Rök\n".encode("latin-1")),
    ("nul-in-csv", ".csv", b"external_id;category\n1\x00;x\n"),
    ("one-column-csv", ".csv", b"just some words\nno delimiter here\n"),
    ("exe-as-xlsx", ".xlsx", b"MZ\x90\x00\x03" + b"\x00" * 100),
    ("zip-bomb-as-xlsx", ".xlsx", None),
    ("html-as-xlsx", ".xlsx", b"<html><script>alert(1)</script></html>"),
]
