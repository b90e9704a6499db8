"""Public verification of a certificate by number or QR code: no account needed.

An employer, a hospital or a group member checks that a facilitator is certified. The page
shows who holds the certificate, in which program, its status and its valid-through date, and
nothing else: never the reasons behind a status, never notes, history, email or any contact
detail. A facilitator's file stays with the people who may see it (`permissions.py`).

Lookups of a well-formed number are counted per client address (`ratelimit.py`), so numbers
cannot be harvested by trying them; a malformed number is refused without touching the
database (the check symbol catches typos) and is not counted.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from .. import ratelimit
from ..forms.certificates import NOT_FOUND, VerifyForm
from ..models import Certification, CertificationStatus, normalize_certification_number

VERIFY_LIMIT = ratelimit.Limit(amount=30, seconds=60)


def verification_url(number: str) -> str:
    """The absolute address of the public verification page for `number` (the QR code's)."""
    path = reverse("certification:verify_number", args=[number])
    return settings.SITE_URL.rstrip("/") + path


def _private(response):
    # Status changes must show at once, and names should not end up in search engines.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def verify(request):
    """The lookup form: a number typed any way leads to its canonical verification page."""
    form = VerifyForm(request.GET if "number" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("certification:verify_number", number=form.cleaned_data["number"])
    return _private(render(request, "certification/verify/lookup.html", {"form": form}))


@require_safe
def verify_number(request, number):
    """One certificate's public facts, or a plain "not found" (404) with the form again."""
    canonical = normalize_certification_number(number)
    if canonical is None:
        return _not_found(request, number)
    if canonical != number:
        return redirect("certification:verify_number", number=canonical)
    retry_after = ratelimit.consume(request, action="verify", limit=VERIFY_LIMIT)
    if retry_after is not None:
        response = render(
            request,
            "certification/verify/rate_limited.html",
            {"retry_after": retry_after},
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return _private(response)
    # Only what the public page shows is read: no reasons, no history, no contact details.
    certification = (
        Certification.objects.filter(number=canonical)
        .select_related("person", "program", "issuing_state")
        .only(
            "number",
            "status",
            "issued_on",
            "expires_on",
            "person__full_name",
            "person__closed_at",
            "program__title",
            "issuing_state__name",
        )
        .first()
    )
    if certification is None:
        return _not_found(request, number)
    # A holder who closed their account is not named, and the certificate is no longer valid
    # whatever status it had (the number stays verifiable: docs/privacy.md).
    holder_closed = certification.person.closed_at is not None
    return _private(
        render(
            request,
            "certification/verify/result.html",
            {
                "certification": certification,
                "S": CertificationStatus,
                "holder_closed": holder_closed,
            },
        )
    )


def _not_found(request, number):
    """The lookup form again, holding what was typed, with the error tied to the field."""
    form = VerifyForm({"number": number})
    if form.is_valid():  # well formed, but no certificate has this number
        form.add_error("number", NOT_FOUND)
    return _private(
        render(
            request,
            "certification/verify/lookup.html",
            {"form": form, "not_found": True},
            status=404,
        )
    )
