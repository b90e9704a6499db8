"""The reporter's side of a fidelity concern: reporting without an account, following a report
by its status link, and the list of one's own reports.

Anyone who sees a facilitator step outside the program's model (a group member, a family
caregiver, a colleague) may report it by certificate number, with no account and with contact
details only if they choose. What comes back is deliberately little: a report's reference,
date and status in plain words, never notes, owner, outcome or more about the facilitator than
the reporter gave. Reviewers list reports in `concerns.py` and work on one in
`concern_review.py`; signing in to report (`concern_new`) lives in `concerns.py` and shares
the same report step.

A reporter who does not know the certificate number describes the facilitator instead (name,
program, affiliate, and the group or place if they like); reviewers link the report to a
certificate later. A reporter who lost the status link finds the report again with its
reference and the email they gave (`concern_status_lookup`); a wrong pair gets one answer that
does not say which half was wrong.

The public form, the public status page and the lookup are counted per client address
(`ratelimit.py`), as verification is, so none can be used to probe certificate numbers,
references or status links in bulk. Their pages are never cached or indexed.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from ... import permissions, ratelimit
from ...forms.fidelity.concern_reports import PublicConcernReportForm, ReportLookupForm
from ...models import Concern
from ...services.fidelity.concern_notices import status_path
from ..common.form_errors import add_service_errors
from .concerns import STATUS_MEANINGS, report_from_form, report_sent

REPORT_LIMIT = ratelimit.Limit(amount=10, seconds=60 * 60)
STATUS_LIMIT = ratelimit.Limit(amount=60, seconds=60)
# Each lookup pairs a reference with an email: a handful an hour is plenty for a person.
LOOKUP_LIMIT = ratelimit.Limit(amount=10, seconds=10 * 60)
NO_MATCH = gettext_lazy("We could not find a report with that reference and email.")
# What a reporter's pages read of a concern: its status, never notes, owner or outcome.
STATUS_FIELDS = (
    "reference",
    "status_token",
    "status",
    "received_at",
    "subject_name",
    "program__title",
    "certification__number",
)


def _private(response):
    # Reports and their status must never be cached or indexed.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _rate_limited(request, retry_after):
    response = render(
        request,
        "certification/fidelity/concern_rate_limited.html",
        {"retry_after": retry_after},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return _private(response)


@login_required
@require_safe
def my_concern_reports(request):
    """The concerns I reported, each with its status only."""
    reports = (
        permissions.concerns_reported_by(request.user)
        .select_related("program", "certification")
        .only(*STATUS_FIELDS)
        .order_by("-received_at", "-id")
    )
    return render(
        request, "certification/fidelity/concern_my_reports.html", {"reports": list(reports)}
    )


# --- reporting without an account ----------------------------------------------------------


def concern_report_public(request):
    """Anyone may report a concern, by certificate number or by describing the facilitator;
    contact details are optional."""
    form = PublicConcernReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        retry_after = ratelimit.consume(request, action="concern_report", limit=REPORT_LIMIT)
        if retry_after is not None:
            return _rate_limited(request, retry_after)
        if form.is_valid():
            data = form.cleaned_data
            try:
                concern = report_from_form(
                    request.user if request.user.is_authenticated else None,
                    form.about(),
                    form,
                    reporter_name=data["reporter_name"],
                    reporter_email=data["reporter_email"],
                    reporter_phone=data["reporter_phone"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return report_sent(concern)
    return _private(
        render(
            request,
            "certification/fidelity/concern_report_public.html",
            {"form": form},
            status=400 if form.is_bound else 200,
        )
    )


@require_safe
def concern_status_public(request, token):
    """A report's reference, date and status, for whoever holds the link. Nothing else."""
    retry_after = ratelimit.consume(request, action="concern_status", limit=STATUS_LIMIT)
    if retry_after is not None:
        return _rate_limited(request, retry_after)
    concern = (
        Concern.objects.filter(status_token=token)
        .select_related("program", "certification")
        .only(*STATUS_FIELDS)
        .first()
    )
    if concern is None:
        raise Http404
    return _private(
        render(
            request,
            "certification/fidelity/concern_status.html",
            {
                "concern": concern,
                "meaning": STATUS_MEANINGS[concern.status],
                "sent": request.GET.get("sent") == "1",
                "status_url": request.build_absolute_uri(status_path(concern)),
            },
        )
    )


@require_http_methods(["GET", "HEAD", "POST"])
def concern_status_lookup(request):
    """Find a report by its reference and the email given with it, then show its status page.

    A wrong pair gets one answer whichever half was wrong, so the page cannot confirm that a
    reference exists or that someone reported. Each try counts toward a per-address limit."""
    form = ReportLookupForm(request.POST or None)
    if request.method == "POST":
        retry_after = ratelimit.consume(request, action="concern_lookup", limit=LOOKUP_LIMIT)
        if retry_after is not None:
            return _rate_limited(request, retry_after)
        if form.is_valid():
            email = form.cleaned_data["email"].strip()
            token = (
                Concern.objects.filter(reference=form.cleaned_data["reference"])
                .filter(Q(reporter_email__iexact=email) | Q(reporter__email__iexact=email))
                .values_list("status_token", flat=True)
                .first()
            )
            if token is not None:
                return redirect(reverse("certification:concern_status_public", args=[token]))
            form.add_error(None, NO_MATCH)
    return _private(
        render(
            request,
            "certification/fidelity/concern_status_lookup.html",
            {"form": form},
            status=400 if form.is_bound else 200,
        )
    )


urlpatterns = [
    path("fidelity/my-reports/", my_concern_reports, name="my_concern_reports"),
    path("report/", concern_report_public, name="concern_report_public"),
    path("report/status/", concern_status_lookup, name="concern_status_lookup"),
    path("report/status/<uuid:token>/", concern_status_public, name="concern_status_public"),
]
