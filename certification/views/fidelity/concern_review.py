"""The reviewers' page for one fidelity concern, and the steps a reviewer takes there.

A reviewer reads the facts, the reporter (unless the report is confidential to them), the files
and the timeline, and then takes the next step the concern allows: triage it (decide how
serious it is and who owns it), start the review, add a note or record a contact, suspend the
facilitator's certificate while the review goes on, or resolve it with an outcome. Each step
is one service call in `services/fidelity/concerns.py`, listed in `ACTIONS` with its form and
the message shown when it is done; the page offers only the steps the concern's status and
this reviewer's role allow, and the service checks both again. A refusal comes back as a
message or as errors on the step's form. Suspending the certificate changes the facilitator's
standing, so it is confirmed first on a page that says what will happen (`confirmation.py`).

The page is fetched only through `permissions.concerns_visible_to`, so a person sees it exactly
when they may review the concern (404 otherwise, also for the facilitator it is about). The
list of concerns, reporting signed in and file downloads are in `concerns.py`.
"""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ... import permissions
from ...forms.fidelity.concern_reports import normalize_reference
from ...forms.fidelity.concerns import (
    LinkForm,
    NoteForm,
    ResolveForm,
    StartReviewForm,
    SuspendPendingReviewForm,
    TriageForm,
)
from ...models import (
    CertificationAction,
    CertificationStatus,
    ConcernAction,
    ConcernEvent,
    ConcernOutcome,
    ConcernSeverity,
    ImprovementPlan,
    SensitiveReadKind,
)
from ...selectors.fidelity import link_candidates
from ...services.fidelity import concerns as services
from ...services.fidelity.case_deadlines import response_window_days
from ...services.fidelity.case_outcomes import case_url
from ...services.fidelity.concern_links import concern_link
from ...services.sensitive_reads import record_sensitive_read
from ..common import confirmation
from ..common.form_errors import add_service_errors, service_errors_fit
from .concern_effects import EFFECTS
from .concerns import STATUS_MEANINGS


def _concern_or_404(user, reference):
    if normalize_reference(reference) != reference:
        raise Http404  # no concern has it; PostgreSQL would refuse a NUL in the query
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


def _triage(actor, concern, data):
    return services.concern_triage(
        actor=actor, concern=concern, severity=data["severity"], owner=data["owner"]
    )


def _link(actor, concern, data):
    return concern_link(actor=actor, concern=concern, certification=data["certification"])


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
    # A concern not linked to a certificate has no fields for a plan, a suspension or a case
    # (`ResolveForm(linked=False)`): what is not asked is not sent.
    return services.concern_resolve(
        actor=actor,
        concern=concern,
        outcome=data["outcome"],
        summary=data["summary"],
        plan_actions=data.get("plan_actions"),
        plan_due_on=data.get("plan_due_on"),
        allegation=data.get("allegation"),
        suspension_reason=data.get("suspension_reason"),
    )


# action → (form, service call, message when done, needs can_manage_concern)
ACTIONS = {
    "link": (
        LinkForm,
        _link,
        gettext_lazy("The concern is linked to the certificate."),
        True,
    ),
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
    if action == "link":
        return not concern.is_linked
    if action == "suspend":
        # Not before the concern is linked: there is no certificate to suspend yet.
        return (
            concern.is_linked
            and services.may_suspend_pending_review(concern)
            and concern.certification.allows(CertificationAction.SUSPEND)
        )
    return True


NOT_LINKED = gettext_lazy("Link this concern to the facilitator's certificate first.")


def _form(action, concern, data=None, files=None):
    kwargs = {"prefix": action}
    if action == "triage":
        kwargs["owners"] = permissions.concern_owner_choices(concern)
        kwargs["initial"] = {"severity": concern.severity, "owner": concern.owner_id}
    if action == "resolve":
        kwargs["response_days"] = response_window_days(concern.program)
        kwargs["linked"] = concern.is_linked
        kwargs["suspension_needs_reason"] = (
            concern.is_linked and concern.certification.status == CertificationStatus.ACTIVE
        )
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
    elif event.action == ConcernAction.LINKED and details.get("number"):
        lines.append(
            _("Certificate %(number)s, held by %(name)s.")
            % {"number": details["number"], "name": details.get("holder", "")}
        )
        if details.get("reported_affiliate"):
            lines.append(
                _("Reported to %(affiliate)s; it now belongs to the certificate's affiliate.")
                % {"affiliate": details["reported_affiliate"]}
            )
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


def _log_reads(request, concern, show_reporter):
    """Opening a concern is a sensitive read; so is seeing who reported it in confidence."""
    record_sensitive_read(
        actor=request.user, kind=SensitiveReadKind.CONCERN_OPENED, request=request, obj=concern
    )
    if show_reporter and concern.reporter_is_confidential:
        record_sensitive_read(
            actor=request.user,
            kind=SensitiveReadKind.CONFIDENTIAL_REPORTER_VIEWED,
            request=request,
            obj=concern,
        )


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
        if action == "suspend" and not concern.is_linked:
            # Nothing to suspend (or to confirm) before the concern is linked to a certificate.
            messages.error(request, NOT_LINKED)
            return redirect("certification:concern_detail", reference=reference)
        bound = _form(action, concern, request.POST)
        confirm = action in EFFECTS and not confirmation.is_confirmed(request)
        if bound.is_valid() and confirm and not confirmation.wants_back(request):
            return confirmation.ask(
                request,
                effect=EFFECTS[action](concern, bound.cleaned_data),
                form=bound,
                extra={"action": action},
            )
        if bound.is_valid() and not confirm:
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
    _log_reads(request, concern, show_reporter)
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
            "candidates": link_candidates(request.user, concern) if "link" in forms else [],
        },
        status=400 if bound is not None and bound.errors else 200,
    )


urlpatterns = [
    path("fidelity/concerns/<str:reference>/", concern_detail, name="concern_detail"),
]
