"""PDF documents, rendered by WeasyPrint from plain data: a pure function from data to bytes.

Fonts are the system's own; nothing is fetched from the network: the URL fetcher accepts only
`data:` addresses, which is how an uploaded logo travels into the page (its bytes, inline).
"""

import base64
import datetime

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    # Any other address (http, file…) is refused and left out of the page.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


# The first bytes of each image kind WeasyPrint can print, and its media type.
_IMAGE_SIGNATURES = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),
)


def image_data_uri(content: bytes | None) -> str:
    """An image's bytes as a `data:` address for the page, or "" for none or an unknown kind."""
    if not content:
        return ""
    head = content[:256].lstrip()
    media_type = next((kind for magic, kind in _IMAGE_SIGNATURES if head.startswith(magic)), None)
    if media_type is None and (head.startswith(b"<svg") or head.startswith(b"<?xml")):
        media_type = "image/svg+xml"
    if media_type is None:
        return ""
    return f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"


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
    national_name="",
    trainer_name="",
    logo: bytes | None = None,
    status="",
    status_label="",
    status_since: datetime.date | None = None,
    printed_on: datetime.date | None = None,
) -> bytes:
    """A facilitator's certificate, one landscape letter page inside a printed frame: the
    national organization and the issuing state (with the logo national staff uploaded, if
    any), the holder's name, the program, the number, the dates, the certifying trainer's name
    over a signature line, and a QR code for verifying it.

    `verification_url` is the absolute address of the public verification page for this number;
    it is printed as text too, for a reader without a camera. A certificate that is not valid
    when printed (`status` other than "active", or an active one past its valid-through date)
    says so in its heading, with its status and since when, instead of "This certifies that",
    so an old printout of a suspended or ended certificate cannot pass for a valid one; the QR
    code always gives the current status. `logo` is the image's bytes (PNG, JPEG, GIF, WebP or
    SVG), never an address to fetch.
    """
    lapsed = status == "active" and printed_on is not None and valid_through < printed_on
    not_valid = (bool(status) and status != "active") or lapsed
    if lapsed:
        status_label = _("Expired")
        status_since = valid_through + datetime.timedelta(days=1)
    return render_pdf(
        "certification/pdf/certificate.html",
        {
            "holder_name": holder_name,
            "holder_size": _fitting_size(holder_name, ((24, 34), (32, 28), (42, 24), (52, 20)), 17),
            "program_title": program_title,
            "program_size": _fitting_size(program_title, ((36, 24), (56, 19), (90, 15)), 12),
            "display_number": display_number,
            "issued_on": issued_on,
            "valid_through": valid_through,
            "issuing_state_name": issuing_state_name,
            "national_name": national_name,
            "trainer_name": trainer_name,
            "logo_uri": image_data_uri(logo),
            "verification_url": verification_url,
            "qr_svg": qr_svg(verification_url),
            "not_valid": not_valid,
            "status_label": status_label,
            "status_since": status_since,
            "printed_on": printed_on,
        },
    )


def _fitting_size(text: str, steps, smallest: int) -> int:
    """A type size (pt) at which `text` fits its place on the page: the first `(most
    characters, size)` step it fits, else `smallest`. A long name or program title gets
    smaller type rather than pushing the certificate onto a second page."""
    length = len(text or "")
    return next((size for most, size in steps if length <= most), smallest)


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
