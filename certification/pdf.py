"""PDF documents, rendered by WeasyPrint from plain data: a pure function from data to bytes.

Fonts are the system's own; nothing is fetched from the network (`url_fetcher` refuses).
"""

from django.template.loader import render_to_string
from weasyprint import HTML


def _no_network(url, *args, **kwargs):
    raise ValueError(f"Trellis PDFs do not load external resources ({url}).")


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_no_network).write_pdf()


def conduct_signature_pdf(
    *, person_name, program_title, title, version, paragraphs, typed_name, signed_at, text_sha256
) -> bytes:
    """The signed copy of a code of conduct, as the person saw and signed it."""
    return render_pdf(
        "certification/pdf/conduct_signature.html",
        {
            "person_name": person_name,
            "program_title": program_title,
            "title": title,
            "version": version,
            "paragraphs": paragraphs,
            "typed_name": typed_name,
            "signed_at": signed_at,
            "text_sha256": text_sha256,
        },
    )
