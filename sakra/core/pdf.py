"""PDF from a template, through WeasyPrint: the one way every module prints (the fire-protection
binder, the RSA, minutes, the annual report).

The HTML is rendered by a template that extends `pdf/base.html` (A4, page numbers, the
region's Swedish typography). WeasyPrint fetches nothing: text people wrote may hold an image
or a link, and a PDF made on the server must not reach the network or the file system for it
(SSRF), so every URL except an inline `data:` image is refused. Debian's Pango and fonts are
installed by `.ci/run` (README: system libraries).

Every PDF is tagged (issue 26): WeasyPrint writes a structure tree from the HTML (headings,
paragraphs, lists, tables with their header cells, an inline SVG as a figure whose text
alternative is its `<title>`), marks the file as tagged and takes the document's language and
title from `<html lang>` and `<title>` (`pdf/base.html` sets both), so a screen reader reads the
report, the binder or the crisis log in order and knows a table's headings. It is tagging
only, not the `pdf/ua-1` variant: that variant claims conformance in the file's metadata, and
WeasyPrint calls its PDF/UA support experimental (the page margins' running heads are not
marked as artefacts, for one), so Sakra does not claim what nobody has validated. The cost is
measured in docs/performance.md ("Tagged PDFs").
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from .exports import filename as export_filename

#: WeasyPrint's options for every PDF: tagged for screen readers (see above).
WRITE_OPTIONS = {"pdf_tags": True}


def url_fetcher():
    """WeasyPrint's own fetcher, allowed inline `data:` images and nothing else."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def pdf_bytes(template_name: str, context: dict, *, request=None) -> bytes:
    """The PDF of `template_name` rendered with `context`."""
    from weasyprint import HTML  # imported here: Pango is loaded only when a PDF is made

    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, url_fetcher=url_fetcher(), base_url="about:blank")
    return document.write_pdf(**WRITE_OPTIONS)


def pdf_response(template_name: str, context: dict, *, request, name: str) -> HttpResponse:
    """The PDF as a download named like every export (`name` without the extension)."""
    response = HttpResponse(
        pdf_bytes(template_name, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(name, "pdf")}"'
    return response
