"""Every PDF is tagged for screen readers, in the language its text was written in."""

import io

from django.utils import translation
from pypdf import PdfReader

from sakra.core.pdf import pdf_bytes


def structure(reader: PdfReader) -> list[dict]:
    """The PDF's structure elements in reading order, each as its tag (`/H1`, `/TH`, …) and
    its text alternative when it has one: what a screen reader walks."""
    found, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not hasattr(node, "get"):  # a marked-content number: the text itself
            continue
        if "/S" in node:
            found.append({"tag": str(node["/S"]), "alt": str(node.get("/Alt", "")), "node": node})
        kids = node.get("/K", [])
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        stack.extend(reversed(kids if isinstance(kids, list) else [kids]))
    return found


def test_a_pdf_is_tagged_with_its_language_and_title():
    with translation.override("en"):
        content = pdf_bytes("pdf/base.html", {})
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"  # the language the page's strings were translated into
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
