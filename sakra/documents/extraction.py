"""The text of an attached PDF or DOCX, for the search. Run by the worker, never in a request:
a large PDF takes seconds. A file that cannot be read gives no text rather than an error."""

from __future__ import annotations

import io
import logging

logger = logging.getLogger(__name__)

#: Enough for the search; a 2 000-page binder is not indexed past this.
MAX_CHARS = 500_000
MAX_PAGES = 500


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    parts, size = [], 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_CHARS:
            break
    return "\n".join(parts)[:MAX_CHARS]


def docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(part for part in parts if part)[:MAX_CHARS]


def file_text(content: bytes, content_type: str) -> str:
    try:
        if content_type == "application/pdf":
            return pdf_text(content)
        if content_type.endswith("wordprocessingml.document"):
            return docx_text(content)
    except Exception:  # a broken file: no text, the document is still found by its title
        logger.warning("could not read the text of an attached file", exc_info=True)
    return ""
