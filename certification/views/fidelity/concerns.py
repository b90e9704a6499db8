"""Fidelity concern pages: reporting signed in, the reviewers' list, and file downloads. The
public form, the public status page and a reporter's own list are in `reports.py`, which shares
this module's report step and status meanings; one concern's page for its reviewers, with the
steps they take there, is in `concern_review.py`.

Reviewers fetch concerns only through `permissions.concerns_visible_to`, so a person sees a
concern exactly when they may review it (404 otherwise, also for the facilitator it is
about). Every change is one service call in `services/fidelity/concerns.py`; a refusal comes
back here as a message or a field error.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from curriculum.models import ProgramPage

from ... import permissions
from ...forms.fidelity.concern_reports import DescribedConcernReportForm, normalize_reference
from ...forms.fidelity.concerns import ConcernFilterForm, ConcernReportForm, FacilitatorSearchForm
from ...forms.fields import id_or_none
from ...models import (
    LIVE_STATUSES,
    ConcernAttachment,
    ConcernStatus,
    Organization,
    SensitiveReadKind,
)
from ...selectors.certificates import live_certificate
from ...services.fidelity import concerns as services
from ...services.sensitive_reads import record_sensitive_read
from ..common.csv import csv_filename, csv_href, csv_response, wants_csv
from ..common.form_errors import add_service_errors

PAGE_SIZE = 25
SEARCH_LIMIT = 25

# What each status means, in words a reporter understands.
STATUS_MEANINGS = {
    ConcernStatus.RECEIVED: gettext_lazy(
        "We have your report. A reviewer will read it and decide how serious it is."
    ),
    ConcernStatus.TRIAGED: gettext_lazy(
        "A reviewer has read your report and is planning the next steps."
    ),
    ConcernStatus.UNDER_REVIEW: gettext_lazy("Reviewers are looking into what happened."),
    ConcernStatus.RESOLVED: gettext_lazy(
        "The review is finished. To protect everyone involved, we do not share what it found."
    ),
}


def report_from_form(actor, about, form, **contact):
    """Report a concern from a valid report form (signed in here, or the public one). `about`
    is `{"certification": …}`, or the facilitator's description when there is no number. The
    form's submission token makes sending it twice return the report already filed."""
    data = form.cleaned_data
    return services.concern_report(
        actor=actor,
        **about,
        category=data["category"],
        what_happened=data["what_happened"],
        happened_on=data["happened_on"],
        setting=data["setting"],
        reporter_is_confidential=data["reporter_is_confidential"],
        attachments=data["attachments"],
        submission_token=data["submission_token"],
        **contact,
    )


def report_sent(concern):
    """After reporting: the report's status page, saying it was sent."""
    return redirect(
        reverse("certification:concern_status_public", args=[concern.status_token]) + "?sent=1"
    )


# --- reporting, signed in ------------------------------------------------------------------


def _search(user, form):
    """Live certificates matching the search: by name among those `user` may see, or any
    live certificate by its number. Never the person's own."""
    if form.cleaned_data["number"]:
        found = live_certificate(form.cleaned_data["number"])
        return [found] if found is not None and found.person_id != user.pk else []
    return list(
        permissions.certifications_visible_to(user)
        .filter(status__in=LIVE_STATUSES, person__full_name__icontains=form.cleaned_data["name"])
        .exclude(person=user)
        .select_related("person", "program", "affiliate")
        .order_by("person__full_name", "program__title")[:SEARCH_LIMIT]
    )


def _report_described(request):
    """Report, signed in, about a facilitator described in words (no certificate found)."""
    form = DescribedConcernReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern = report_from_form(request.user, form.description(), form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return report_sent(concern)
    return render(
        request,
        "certification/fidelity/concern_report_form.html",
        {"form": form, "certification": None},
        status=400 if form.is_bound else 200,
    )


@login_required
def concern_new(request):
    """Report a concern: first find the facilitator, then tell us what happened. Someone who
    cannot find the facilitator (`?describe=1`) describes them instead."""
    if request.GET.get("describe") == "1":
        return _report_described(request)
    number = request.GET.get("certificate")
    if number is None:
        searching = "name" in request.GET or "number" in request.GET
        form = FacilitatorSearchForm(request.GET if searching else None)
        results = _search(request.user, form) if form.is_bound and form.is_valid() else None
        return render(
            request,
            "certification/fidelity/concern_find.html",
            {"form": form, "results": results},
            status=400 if form.is_bound and form.errors else 200,
        )
    certification = live_certificate(number)
    if certification is None:
        messages.error(request, _("We could not find a current certificate with this number."))
        return redirect("certification:concern_new")
    if certification.person_id == request.user.pk:
        messages.error(request, _("You cannot report a concern about yourself."))
        return redirect("certification:concern_new")
    form = ConcernReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern = report_from_form(request.user, {"certification": certification}, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return report_sent(concern)
    return render(
        request,
        "certification/fidelity/concern_report_form.html",
        {"form": form, "certification": certification},
        status=400 if form.is_bound else 200,
    )


# --- the reviewers' list -------------------------------------------------------------------


def _filtered(user, params):
    form = ConcernFilterForm(params)
    concerns = permissions.concerns_visible_to(user)
    if form.is_valid():
        status = form.cleaned_data["status"]
        if status == "open":
            concerns = concerns.exclude(status=ConcernStatus.RESOLVED)
        elif status:
            concerns = concerns.filter(status=status)
        if form.cleaned_data["category"]:
            concerns = concerns.filter(category=form.cleaned_data["category"])
        severity = form.cleaned_data["severity"]
        if severity == "none":
            concerns = concerns.filter(severity="")
        elif severity:
            concerns = concerns.filter(severity=severity)
    organization = None
    if params.get("affiliate"):
        # Dashboards link here for one state or affiliate (and everything under it). A node
        # the person does not review is a 404, as its pages are: the page would name it. So is
        # a value no slug can be, never asked of the database (PostgreSQL refuses a NUL).
        slug = params["affiliate"]
        organization = (
            Organization.objects.filter(slug=slug).first() if slug_re.match(slug) else None
        )
        if organization is None or not permissions.can_review_fidelity(user, organization):
            raise Http404
        concerns = concerns.filter(affiliate__path__startswith=organization.path)
    if params.get("program", "").isdigit():
        program_id = id_or_none(ProgramPage.objects, params["program"])
        concerns = concerns.none() if program_id is None else concerns.filter(program_id=program_id)
    return form, organization, concerns


@login_required
@require_safe
def concern_list(request):
    """Concerns I review: open ones first, oldest first, so nothing waits unseen. With
    `?format=csv`, the same rows (every page, as filtered) as a file."""
    if not permissions.organizations_reviewed_by(request.user).exists():
        raise PermissionDenied
    form, organization, concerns = _filtered(request.user, request.GET)
    concerns = (
        concerns.select_related("subject", "program", "affiliate", "owner", "certification")
        .annotate(
            resolved_last=Case(
                When(status=ConcernStatus.RESOLVED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("resolved_last", "received_at", "id")
    )
    if wants_csv(request):
        # Never the reporter, what happened or notes: a file travels beyond who may read them.
        on = timezone.localdate()
        return csv_response(
            request,
            csv_filename("concerns"),
            [
                _("Reference"),
                _("Received"),
                _("Status"),
                _("Severity"),
                _("Category"),
                _("Setting"),
                _("Facilitator"),
                _("Program"),
                _("Affiliate"),
                _("Owner"),
                _("Outcome"),
                _("Days open"),
            ],
            (
                [
                    concern.reference,
                    timezone.localdate(concern.received_at),
                    concern.get_status_display(),
                    concern.get_severity_display(),
                    concern.get_category_display(),
                    concern.get_setting_display(),
                    concern.facilitator_label,
                    concern.program.title,
                    concern.affiliate.name,
                    concern.owner.full_name if concern.owner else "",
                    concern.get_outcome_display(),
                    (on - timezone.localdate(concern.received_at)).days
                    if concern.is_open
                    else None,
                ]
                for concern in concerns
            ),
        )
    page = Paginator(concerns, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certification/fidelity/concern_list.html",
        {
            "form": form,
            "organization": organization,
            "page": page,
            "query": query.urlencode(),
            "csv_href": csv_href(request),
            "filtered": any(request.GET.get(key) for key in ("status", "category", "severity")),
        },
    )


# --- files sent with a concern -------------------------------------------------------------


@login_required
@require_safe
def concern_attachment(request, reference, attachment_id):
    """Download one file sent with a concern, for its reviewers only.

    Always as a download, with the type found when it was checked and `nosniff`, so a
    browser never runs what someone uploaded as a page of this site.
    """
    if normalize_reference(reference) != reference:
        raise Http404  # no concern has it; PostgreSQL would refuse a NUL in the query
    concern = get_object_or_404(permissions.concerns_visible_to(request.user), reference=reference)
    # A file the retention rule deleted keeps its row (empty `file`): nothing to download.
    attachment = get_object_or_404(
        ConcernAttachment.objects.exclude(file=""), concern=concern, pk=attachment_id
    )
    if not permissions.can_view_concern(request.user, concern):
        raise Http404
    record_sensitive_read(
        actor=request.user,
        kind=SensitiveReadKind.ATTACHMENT_DOWNLOADED,
        request=request,
        obj=attachment,
        label=f"{concern.reference}: {attachment.original_name}",
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("fidelity/concerns/", concern_list, name="concern_list"),
    path("fidelity/concerns/new/", concern_new, name="concern_new"),
    path(
        "fidelity/concerns/<str:reference>/attachments/<int:attachment_id>/",
        concern_attachment,
        name="concern_attachment",
    ),
]
