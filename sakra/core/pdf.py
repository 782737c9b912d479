"""PDF from a template, through WeasyPrint: the one way every module prints (the fire-protection
binder, the RSA, minutes, the annual report).

The HTML is rendered by a template that extends `pdf/base.html` (A4, page numbers, the
region's Swedish typography). WeasyPrint fetches nothing: text people wrote may hold an image
or a link, and a PDF made on the server must not reach the network or the file system for it
(SSRF), so every URL except an inline `data:` image is refused. Debian's Pango and fonts are
installed by `.ci/run` (README: system libraries).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from .exports import filename as export_filename


def url_fetcher():
    """WeasyPrint's own fetcher, allowed inline `data:` images and nothing else."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def pdf_bytes(template_name: str, context: dict, *, request=None) -> bytes:
    """The PDF of `template_name` rendered with `context`."""
    from weasyprint import HTML  # imported here: Pango is loaded only when a PDF is made

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, url_fetcher=url_fetcher(), base_url="about:blank").write_pdf()


def pdf_response(template_name: str, context: dict, *, request, name: str) -> HttpResponse:
    """The PDF as a download named like every export (`name` without the extension)."""
    response = HttpResponse(
        pdf_bytes(template_name, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(name, "pdf")}"'
    return response
