"""Decertification case pages: the list of cases a person may see, and one case with its
notice, deadlines, the step each person may take now, and its timeline.

Cases are fetched only through `permissions.cases_visible_to`, so a page shows exactly when
`can_view_case` allows it (404 otherwise). Every step is one service call in
`services/fidelity/cases.py`; the service checks who may act and whether the window allows
it, and a refusal comes back as a message or as errors on the form. A decision and an
appeal decision change the facilitator's standing, so each is confirmed first on a page that
says what will happen (`views/common/confirmation.py`, in the words of `case_effects.py`).
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ... import permissions
from ...dates import long_date as _long
from ...dates import today
from ...forms.fidelity.cases import (
    AppealDecisionForm,
    CaseAppealForm,
    CaseDecisionForm,
    CaseResponseForm,
)
from ...models import (
    AppealDecision,
    CaseAction,
    CaseDecision,
    CaseEvent,
    CaseStatus,
    CertificationStatus,
)
from ...selectors.fidelity import cases_for_lists
from ...selectors.fidelity import deadline_words as _by
from ...services.fidelity import case_deadlines as deadlines
from ...services.fidelity import cases as services
from ..common import confirmation
from ..common.csv import csv_filename, csv_href, csv_response, wants_csv
from ..common.form_errors import add_service_errors, service_errors_fit
from .case_effects import EFFECTS

PER_PAGE = 50


# --- deadlines in words --------------------------------------------------------------------


def next_step(case, *, on: datetime.date, for_subject: bool) -> str:
    """Where the case stands and what happens next, in one sentence for this reader."""
    status = case.status
    if status == CaseStatus.AWAITING_RESPONSE:
        if deadlines.response_window_open(case, on):
            phrase = _("Respond by %(date)s") if for_subject else _("Response due by %(date)s")
            return _by(phrase, case.response_due_on, on)
        return _("No response was received by %(date)s. A decision may now be made.") % {
            "date": _long(case.response_due_on)
        }
    if status == CaseStatus.AWAITING_DECISION:
        return _("The facilitator responded. Waiting for a decision.")
    if status == CaseStatus.APPEAL_WINDOW:
        if deadlines.appeal_window_open(case, on):
            phrase = (
                _("Appeal by %(date)s") if for_subject else _("Appeal window open until %(date)s")
            )
            return _by(phrase, case.appeal_due_on, on)
        return _(
            "No appeal was received by %(date)s. The decision becomes final at the next "
            "daily check."
        ) % {"date": _long(case.appeal_due_on)}
    if status == CaseStatus.APPEALED:
        return _("Appealed. Waiting for national staff to decide the appeal.")
    if case.final_decision == CaseDecision.DECERTIFY:
        return _("Closed: decertified.")
    return _("Closed: the certificate is kept.")


# --- the list ------------------------------------------------------------------------------


@login_required
@require_safe
def case_list(request):
    """Cases about me (a facilitator's own), and the cases I review, open ones first. With
    `?format=csv`, the cases I review (every page) as a file: dates and decisions, never the
    allegation, the response or the reasons."""
    on = today()
    visible = cases_for_lists(request.user)
    reviewed = (
        visible.exclude(certification__person=request.user)
        .annotate(
            closed_last=Case(
                When(status=CaseStatus.CLOSED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("closed_last", "-opened_at", "-id")
    )
    if wants_csv(request):
        return csv_response(
            request,
            csv_filename("cases"),
            [
                _("Case"),
                _("Facilitator"),
                _("Program"),
                _("Affiliate"),
                _("Status"),
                _("Response due"),
                _("Decision"),
                _("Appeal due"),
                _("Final decision"),
                _("Opened"),
                _("Closed"),
            ],
            (
                [
                    case.pk,
                    case.certification.person.full_name,
                    case.certification.program.title,
                    case.certification.affiliate.name,
                    case.get_status_display(),
                    case.response_due_on,
                    case.get_decision_display(),
                    case.appeal_due_on,
                    case.get_final_decision_display(),
                    timezone.localdate(case.opened_at),
                    timezone.localdate(case.closed_at) if case.closed_at else None,
                ]
                for case in reviewed
            ),
        )
    own = list(visible.filter(certification__person=request.user).order_by("-opened_at", "-id"))
    for case in own:
        case.next_step = next_step(case, on=on, for_subject=True)
    page = Paginator(reviewed, PER_PAGE).get_page(request.GET.get("page"))
    for case in page.object_list:
        case.next_step = next_step(case, on=on, for_subject=False)
    reviews = permissions.organizations_reviewed_by(request.user).exists()
    return render(
        request,
        "certification/fidelity/case_list.html",
        {
            "own": own,
            "page": page,
            "reviews": reviews or page.paginator.count > 0,
            "csv_href": csv_href(request),
        },
    )


# --- one case ------------------------------------------------------------------------------


def _respond(user, case, data):
    return services.case_respond(actor=user, case=case, response=data["response"])


def _decide(user, case, data):
    return services.case_decide(
        actor=user,
        case=case,
        decision=data["decision"],
        reasons=data["reasons"],
        may_reenroll_on=data.get("may_reenroll_on")
        if data["decision"] == CaseDecision.DECERTIFY
        else None,
    )


def _appeal(user, case, data):
    return services.case_appeal(actor=user, case=case, appeal=data["appeal"])


def _decide_appeal(user, case, data):
    return services.case_decide_appeal(
        actor=user, case=case, decision=data["decision"], reasons=data["reasons"]
    )


def _decided_message(case):
    if case.status == CaseStatus.CLOSED:
        return _("The decision is recorded and final: the certificate is kept.")
    text = _("The decision is recorded. The facilitator may appeal by %(date)s.") % {
        "date": _long(case.appeal_due_on)
    }
    if case.certification.status == CertificationStatus.SUSPENDED:
        text += " " + _("Until the decision is final the certificate is suspended.")
    return text


def _appeal_decided_message(case):
    if case.final_decision == CaseDecision.DECERTIFY:
        return _("The appeal is decided: the decision is upheld and the certificate decertified.")
    return _("The appeal is decided: the decision is overturned and the certificate kept.")


# action → (form, service call, message when done)
ACTIONS = {
    "respond": (
        CaseResponseForm,
        _respond,
        lambda case: _("Your response is sent. It is kept with the case."),
    ),
    "decide": (CaseDecisionForm, _decide, _decided_message),
    "appeal": (
        CaseAppealForm,
        _appeal,
        lambda case: _("Your appeal is sent. National staff will decide it."),
    ),
    "decide_appeal": (AppealDecisionForm, _decide_appeal, _appeal_decided_message),
}


# Who may take the steps that change the facilitator's standing (the service checks again).
DECIDERS = {
    "decide": permissions.can_decide_case,
    "decide_appeal": permissions.can_decide_appeal,
}
# The statuses in which those steps can be confirmed at all, with the service's refusal for
# any other: the confirmation page could not say what would happen (an appeal decision on a
# case nobody decided has no date to enroll again from).
DECIDABLE = {
    "decide": (
        (CaseStatus.AWAITING_RESPONSE, CaseStatus.AWAITING_DECISION),
        gettext_lazy("This case has already been decided."),
    ),
    "decide_appeal": (
        (CaseStatus.APPEALED,),
        gettext_lazy("There is no appeal waiting on this case."),
    ),
}


def _offered(user, case, on) -> dict:
    """Which forms the page shows this person now (the service decides in the end)."""
    subject = permissions.is_case_subject(user, case)
    offered = {
        "respond": subject and deadlines.response_window_open(case, on),
        "appeal": subject and deadlines.appeal_window_open(case, on),
        "decide": False,
        "decide_appeal": False,
    }
    if case.status in (CaseStatus.AWAITING_RESPONSE, CaseStatus.AWAITING_DECISION):
        offered["decide"] = permissions.can_decide_case(user, case) and deadlines.decision_allowed(
            case, on
        )
    elif case.status == CaseStatus.APPEALED:
        offered["decide_appeal"] = permissions.can_decide_appeal(user, case)
    return offered


def _timeline(case) -> list:
    events = list(
        CaseEvent.objects.filter(case=case).select_related("actor").order_by("created_at", "id")
    )
    for event in events:
        event.summary = _event_summary(event)
    return events


def _event_summary(event) -> str:
    details = event.details or {}
    if event.action == CaseAction.OPENED and details.get("response_due_on"):
        return _("Response due by %(date)s.") % {
            "date": _long(datetime.date.fromisoformat(str(details["response_due_on"])))
        }
    if event.action == CaseAction.DECIDED:
        if details.get("decision") == CaseDecision.DECERTIFY:
            text = _("Decision: decertify. Appeal due by %(date)s.") % {
                "date": _long(datetime.date.fromisoformat(str(details["appeal_due_on"])))
            }
            if details.get("suspended_pending_appeal"):
                text += " " + _("Certificate suspended until the decision is final.")
            return text
        return _("Decision: keep the certification.")
    if event.action == CaseAction.APPEAL_DECIDED:
        if details.get("decision") == AppealDecision.UPHOLD:
            return _("Appeal decision: the decision is upheld.")
        return _("Appeal decision: the decision is overturned.")
    if event.action == CaseAction.CLOSED:
        if details.get("final_decision") == CaseDecision.DECERTIFY:
            return _("Final decision: decertified.")
        if details.get("applied") == "reinstate":
            return _("Final decision: kept; the certificate is active again.")
        return _("Final decision: kept.")
    return ""


@login_required
def case_detail(request, case_id):
    """One case: the notice, deadlines in words, the step this person may take, the timeline."""
    case = get_object_or_404(cases_for_lists(request.user), pk=case_id)
    on = today()
    bound = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            return HttpResponseBadRequest()
        if action in DECIDERS and not DECIDERS[action](request.user, case):
            raise PermissionDenied  # before any confirmation page is shown
        if action in DECIDABLE and case.status not in DECIDABLE[action][0]:
            messages.error(request, DECIDABLE[action][1])
            return redirect("certification:case_detail", case_id=case.pk)
        form_class, run, done = ACTIONS[action]
        bound = form_class(request.POST, prefix=action)
        confirm = action in EFFECTS and not confirmation.is_confirmed(request)
        if bound.is_valid() and confirm and not confirmation.wants_back(request):
            return confirmation.ask(
                request,
                effect=EFFECTS[action](case, bound.cleaned_data),
                form=bound,
                extra={"action": action},
            )
        if bound.is_valid() and not confirm:
            try:
                changed = run(request.user, case, bound.cleaned_data)
            except ValidationError as error:
                if service_errors_fit(bound, error):
                    add_service_errors(bound, error)
                else:
                    messages.error(request, " ".join(error.messages))
                    return redirect("certification:case_detail", case_id=case.pk)
            else:
                messages.success(request, done(changed))
                return redirect("certification:case_detail", case_id=case.pk)
    elif request.method not in ("GET", "HEAD"):
        return HttpResponseBadRequest()
    offered = _offered(request.user, case, on)
    forms = {}
    for action, shown in offered.items():
        if bound is not None and bound.prefix == action:
            forms[action] = bound
        elif shown:
            forms[action] = ACTIONS[action][0](prefix=action)
    subject = permissions.is_case_subject(request.user, case)
    return render(
        request,
        "certification/fidelity/case_detail.html",
        {
            "case": case,
            "certification": case.certification,
            "is_subject": subject,
            "next_step": next_step(case, on=on, for_subject=subject),
            "decision_opens_on": deadlines.decision_opens_on(case),
            "response_open": deadlines.response_window_open(case, on),
            "appeal_open": deadlines.appeal_window_open(case, on),
            "forms": forms,
            "timeline": _timeline(case),
            "S": CaseStatus,
            "D": CaseDecision,
        },
        status=400 if bound is not None and bound.errors else 200,
    )


urlpatterns = [
    path("fidelity/cases/", case_list, name="case_list"),
    path("fidelity/cases/<int:case_id>/", case_detail, name="case_detail"),
]
