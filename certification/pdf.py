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


def qr_svg(data: str) -> str:
    """A QR code for `data` as inline SVG markup (no image file, nothing fetched)."""
    import segno

    # Error correction "M" survives a crease or a smudge on a printed certificate.
    # Sized by the template's CSS through the viewBox, with the standard quiet zone.
    return segno.make(data, error="m", micro=False).svg_inline(
        border=4, dark="#000", light="#fff", omitsize=True
    )


def certificate_pdf(
    *,
    holder_name,
    program_title,
    display_number,
    issued_on,
    valid_through,
    issuing_state_name,
    verification_url,
    status="",
    status_label="",
    printed_on=None,
) -> bytes:
    """A facilitator's certificate, one landscape letter page, with a QR code for verifying it.

    `verification_url` is the absolute address of the public verification page for this number;
    it is printed as text too, for a reader without a camera. `status_label` is printed only
    when the certificate is not active (`status` other than "active"), so an old printout of a
    suspended or ended certificate says so; the QR code always gives the current status.
    """
    return render_pdf(
        "certification/pdf/certificate.html",
        {
            "holder_name": holder_name,
            "program_title": program_title,
            "display_number": display_number,
            "issued_on": issued_on,
            "valid_through": valid_through,
            "issuing_state_name": issuing_state_name,
            "verification_url": verification_url,
            "qr_svg": qr_svg(verification_url),
            "show_status": bool(status) and status != "active",
            "status_label": status_label,
            "printed_on": printed_on,
        },
    )


# People per printed roster page (a row is two lines, more for someone with several certificates).
ROSTER_ROWS_PER_PAGE = 12


def roster_pdf(
    *,
    organization_name,
    state_name,
    program_title,
    printed_on,
    rows,
    totals,
    column_labels,
) -> bytes:
    """An affiliate's roster for a program director to print: one row per person with their
    certifications, open enrollments and oversight numbers.

    `rows` are plain dicts: `name`, `email`, `certifications` (dicts of `program`, `number`,
    `status`, `valid_through`), `enrollments` (short lines), `numbers` in the order of
    `column_labels`, `oldest_concern_days`, `latest_score`; `totals` is one such dict for the
    whole affiliate.
    One short table per page, each with its headings, so hundreds of people print at a steady
    pace (about 12 ms a person; `benchmarks/roster_pdf.py`).
    """
    return render_pdf(
        "certification/pdf/roster.html",
        {
            "organization_name": organization_name,
            "state_name": state_name,
            "program_title": program_title,
            "printed_on": printed_on,
            "rows": rows,
            "row_chunks": [
                rows[start : start + ROSTER_ROWS_PER_PAGE]
                for start in range(0, len(rows), ROSTER_ROWS_PER_PAGE)
            ]
            or [[]],
            "totals": totals,
            "column_labels": column_labels,
        },
    )
