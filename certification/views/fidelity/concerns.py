"""Fidelity concern pages: reporting signed in, and the reviewers' list, detail and file
downloads. The public form, the public status page and a reporter's own list are in
`reports.py`, which shares this module's report step and status meanings.

Reviewers fetch concerns only through `permissions.concerns_visible_to`, so a person sees a
concern's page exactly when they may review it (404 otherwise, also for the facilitator it is
about). Every change is one service call in `services/fidelity/concerns.py`; a refusal comes
back here as a message or a field error.
"""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ... import permissions
from ...concern_forms import (
    ConcernFilterForm,
    ConcernReportForm,
    FacilitatorSearchForm,
    NoteForm,
    ResolveForm,
    StartReviewForm,
    SuspendPendingReviewForm,
    TriageForm,
    live_certificate,
)
from ...models import (
    LIVE_STATUSES,
    CertificationStatus,
    ConcernAction,
    ConcernAttachment,
    ConcernEvent,
    ConcernOutcome,
    ConcernSeverity,
    ConcernStatus,
    ImprovementPlan,
    Organization,
    OrganizationKind,
    Role,
)
from ...services.fidelity import concerns as services
from ...services.fidelity.case_deadlines import response_window_days
from ...services.fidelity.case_outcomes import case_url
from ..csv_export import csv_filename, csv_href, csv_response, wants_csv
from ..form_errors import add_service_errors, service_errors_fit

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


def report_from_form(actor, certification, form, **contact):
    """Report a concern from a valid report form (signed in here, or the public one)."""
    data = form.cleaned_data
    return services.concern_report(
        actor=actor,
        certification=certification,
        category=data["category"],
        what_happened=data["what_happened"],
        happened_on=data["happened_on"],
        setting=data["setting"],
        reporter_is_confidential=data["reporter_is_confidential"],
        attachments=data["attachments"],
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


@login_required
def concern_new(request):
    """Report a concern: first find the facilitator, then tell us what happened."""
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
            concern = report_from_form(request.user, certification, form)
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
        # Dashboards link here for one state or affiliate (and everything under it).
        organization = Organization.objects.filter(slug=params["affiliate"]).first()
        if organization is None:
            concerns = concerns.none()
        else:
            concerns = concerns.filter(affiliate__path__startswith=organization.path)
    if params.get("program", "").isdigit():
        concerns = concerns.filter(program_id=int(params["program"]))
    return form, organization, concerns


@login_required
@require_safe
def concern_list(request):
    """Concerns I review: open ones first, oldest first, so nothing waits unseen. With
    `?format=csv`, the same rows (every page, as filtered) as a file."""
    if not permissions.organizations_with_permission(request.user, "review_concerns").exists():
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
                    concern.subject.full_name,
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


# --- the reviewers' detail -----------------------------------------------------------------


def _concern_or_404(user, reference):
    return get_object_or_404(
        permissions.concerns_visible_to(user)
        .select_related(
            "certification",
            "subject",
            "affiliate",
            "program",
            "reporter",
            "owner",
        )
        .prefetch_related(
            "attachments",
            Prefetch(
                "events",
                queryset=ConcernEvent.objects.select_related("actor").order_by("created_at", "id"),
            ),
            Prefetch("plans", queryset=ImprovementPlan.objects.order_by("id")),
        ),
        reference=reference,
    )


def _owners(concern):
    """Who may own a concern: trainers of its state and national staff (active grants),
    never the facilitator it is about. The service checks the choice again."""
    return (
        get_user_model()
        .objects.filter(
            role_grants__revoked_at__isnull=True,
            role_grants__role__in=[Role.STATE_TRAINER, Role.NATIONAL_STAFF],
            role_grants__organization__path__in=concern.affiliate.ancestor_paths(),
            role_grants__organization__kind__in=[OrganizationKind.STATE, OrganizationKind.NATIONAL],
        )
        .exclude(pk=concern.subject_id)
        .distinct()
        .order_by("full_name", "email")
    )


def _triage(actor, concern, data):
    return services.concern_triage(
        actor=actor, concern=concern, severity=data["severity"], owner=data["owner"]
    )


def _start_review(actor, concern, data):
    return services.concern_review_start(actor=actor, concern=concern)


def _note(actor, concern, data):
    return services.concern_note_add(
        actor=actor, concern=concern, text=data["text"], kind=data["kind"]
    )


def _suspend(actor, concern, data):
    return services.concern_suspend_pending_review(
        actor=actor, concern=concern, reason=data["reason"]
    )


def _resolve(actor, concern, data):
    return services.concern_resolve(
        actor=actor,
        concern=concern,
        outcome=data["outcome"],
        summary=data["summary"],
        plan_actions=data["plan_actions"],
        plan_due_on=data["plan_due_on"],
        allegation=data["allegation"],
        suspension_reason=data["suspension_reason"],
    )


# action → (form, service call, message when done, needs can_manage_concern)
ACTIONS = {
    "triage": (TriageForm, _triage, gettext_lazy("The concern is triaged."), True),
    "start_review": (
        StartReviewForm,
        _start_review,
        gettext_lazy("The review has started."),
        True,
    ),
    "note": (NoteForm, _note, gettext_lazy("Added to the timeline."), False),
    "suspend": (
        SuspendPendingReviewForm,
        _suspend,
        gettext_lazy("The certificate is suspended while the review goes on."),
        True,
    ),
    "resolve": (ResolveForm, _resolve, gettext_lazy("The concern is resolved."), True),
}


def _offered(action, concern, can_manage) -> bool:
    """Whether the page offers `action` now (the service decides in the end)."""
    if ACTIONS[action][3] and not can_manage:
        return False
    if (concern.status, action) not in services.CONCERN_TRANSITIONS:
        return False
    if action == "suspend":
        return (
            services.may_suspend_pending_review(concern)
            and concern.certification.status == CertificationStatus.ACTIVE
        )
    return True


def _form(action, concern, data=None, files=None):
    kwargs = {"prefix": action}
    if action == "triage":
        kwargs["owners"] = _owners(concern)
        kwargs["initial"] = {"severity": concern.severity, "owner": concern.owner_id}
    if action == "resolve":
        kwargs["response_days"] = response_window_days(concern.program)
    return ACTIONS[action][0](data, **kwargs)


def _event_summary(event, show_reporter) -> dict:
    """One timeline entry for reviewers: who, what, and its details in words."""
    details = event.details or {}
    actor = event.actor
    if event.action == ConcernAction.RECEIVED and not show_reporter:
        actor = None
    lines = []
    if event.action == ConcernAction.TRIAGED:
        lines.append(
            _("Severity: %(severity)s. Owner: %(owner)s.")
            % {
                "severity": ConcernSeverity(details["severity"]).label
                if details.get("severity") in ConcernSeverity.values
                else "",
                "owner": details.get("owner_name", ""),
            }
        )
    elif event.action == ConcernAction.RESOLVED and details.get("outcome"):
        lines.append(
            _("Outcome: %(outcome)s.") % {"outcome": ConcernOutcome(details["outcome"]).label}
        )
        if details.get("reinstated"):
            lines.append(_("The certificate is active again."))
    elif event.action == ConcernAction.RECEIVED and details.get("attachments"):
        lines.append(_("Files attached: %(count)s.") % {"count": details["attachments"]})
    elif event.action == ConcernAction.PLAN_ADDED and details.get("due_on"):
        lines.append(_("Follow up by %(date)s.") % {"date": details["due_on"]})
    return {
        "event": event,
        "actor": actor,
        "hide_actor": event.action == ConcernAction.RECEIVED and not show_reporter,
        "lines": lines,
        "case_url": case_url(SimpleNamespace(pk=details["case"]))
        if event.action == ConcernAction.CASE_OPENED and details.get("case")
        else "",
    }


@login_required
def concern_detail(request, reference):
    """One concern for its reviewers: the facts, the reporter (unless confidential to this
    reviewer), files, the timeline and the next steps this reviewer may take."""
    concern = _concern_or_404(request.user, reference)
    can_manage = permissions.can_manage_concern(request.user, concern)
    bound = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            return HttpResponseBadRequest()
        if ACTIONS[action][3] and not can_manage:
            raise PermissionDenied
        bound = _form(action, concern, request.POST)
        if bound.is_valid():
            _, run, done, _needs = ACTIONS[action]
            try:
                run(request.user, concern, bound.cleaned_data)
            except ValidationError as error:
                if not service_errors_fit(bound, error):
                    messages.error(request, " ".join(error.messages))
                    return redirect("certification:concern_detail", reference=reference)
                add_service_errors(bound, error)
            else:
                messages.success(request, done)
                return redirect("certification:concern_detail", reference=reference)
    show_reporter = permissions.can_see_reporter(request.user, concern)
    forms = {}
    for action in ACTIONS:
        if bound is not None and bound.prefix == action:
            forms[action] = bound
        elif _offered(action, concern, can_manage):
            forms[action] = _form(action, concern)
    return render(
        request,
        "certification/fidelity/concern_detail.html",
        {
            "concern": concern,
            "show_reporter": show_reporter,
            "timeline": [_event_summary(event, show_reporter) for event in concern.events.all()],
            "forms": forms,
            "can_manage": can_manage,
            "status_meaning": STATUS_MEANINGS[concern.status],
        },
        status=400 if bound is not None else 200,
    )


@login_required
@require_safe
def concern_attachment(request, reference, attachment_id):
    """Download one file sent with a concern, for its reviewers only.

    Always as a download, with the type found when it was checked and `nosniff`, so a
    browser never runs what someone uploaded as a page of this site.
    """
    concern = get_object_or_404(permissions.concerns_visible_to(request.user), reference=reference)
    attachment = get_object_or_404(ConcernAttachment, concern=concern, pk=attachment_id)
    if not permissions.can_view_concern(request.user, concern):
        raise Http404
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
    path("fidelity/concerns/<str:reference>/", concern_detail, name="concern_detail"),
    path(
        "fidelity/concerns/<str:reference>/attachments/<int:attachment_id>/",
        concern_attachment,
        name="concern_attachment",
    ),
]
