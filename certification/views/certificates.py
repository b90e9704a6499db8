"""Certificate pages: a facilitator's own certificates, one certificate's staff page, the PDF.

Each page fetches certifications only through `permissions.certifications_visible_to`, so a
person sees a page exactly when they may see the certification (404 otherwise). Every change of
status is one service call in `services/certificates.py` (renewal: `services/renewals.py`, with
what it adds to these pages in `renewals.py`); the service checks authority and the transition
table, and a refusal comes back here as a message.

Suspending, reinstating and transferring change the holder's standing, so each is confirmed
first on a page that says what will happen (`confirmation.py`; the words are in `EFFECTS`).
A certificate is never decertified here: that is the outcome of a decertification case.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from .. import pdf, permissions
from ..forms.certificates import ReinstateForm, SuspendForm, TransferForm, VerifyForm
from ..models import (
    LIVE_STATUSES,
    CertificateBranding,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    RenewalRequest,
    RenewalRequestStatus,
    normalize_certification_number,
)
from ..selectors.certificates import certificate_print_facts
from ..services import certificates as services
from . import renewals
from .certificate_effects import EFFECTS
from .common import confirmation
from .common.form_errors import add_service_errors, service_errors_fit
from .verification import verification_url

S, A = CertificationStatus, CertificationAction


# --- reading -------------------------------------------------------------------------------


def _certifications(user, *, with_actors=False):
    """Certifications `user` may see, with what every certificate page shows, in fixed queries."""
    history = CertificationEvent.objects.order_by("created_at", "id")
    if with_actors:
        history = history.select_related("actor")
    waiting = RenewalRequest.objects.filter(
        certification=OuterRef("pk"), status=RenewalRequestStatus.PENDING
    )
    return (
        permissions.certifications_visible_to(user)
        .select_related("person", "program", "affiliate", "issuing_state")
        .prefetch_related(Prefetch("history", queryset=history))
        .annotate(pending_renewal_since=Subquery(waiting.values("requested_at")[:1]))
    )


def _require_number(number):
    """A 404 for an address whose number no certificate can have, before the database is
    asked (PostgreSQL refuses a NUL character in a query: a 500)."""
    if normalize_certification_number(number) != number:
        raise Http404


def _visible_or_404(user, number, **kwargs):
    return get_object_or_404(_certifications(user, **kwargs), number=number)


def _long_date(value):
    day = value if isinstance(value, datetime.date) else parse_date(str(value or ""))
    return date_format(day, "F j, Y") if day else ""


def _event_summary(event) -> str:
    """The details of one history entry in words (dates in `details` are stored as text)."""
    details = event.details or {}
    if event.action == A.TRANSFER and details.get("to"):
        return _("From %(from)s to %(to)s.") % {
            "from": details.get("from", ""),
            "to": details["to"],
        }
    if event.action == A.DECERTIFY and details.get("may_reenroll_on"):
        return _("May enroll again from %(date)s.") % {
            "date": _long_date(details["may_reenroll_on"])
        }
    if event.action == A.RETURN and "days_on_leave" in details:
        days = details["days_on_leave"]
        return ngettext(
            "%(days)s day on leave; now valid through %(date)s.",
            "%(days)s days on leave; now valid through %(date)s.",
            days,
        ) % {"days": days, "date": _long_date(details.get("expires_on"))}
    if event.action == A.RENEW and details.get("expires_on"):
        if details.get("renewal_request"):
            return _("Renewal request approved; now valid through %(date)s.") % {
                "date": _long_date(details["expires_on"])
            }
        return _("Now valid through %(date)s.") % {"date": _long_date(details["expires_on"])}
    if event.action == A.RENEWAL_REQUESTED:
        return _("Waiting for a trainer's approval.") if event.is_latest_request else ""
    return ""


def _history(certification):
    events = list(certification.history.all())
    waiting = getattr(certification, "pending_renewal_since", None) is not None
    requests = [event for event in events if event.action == A.RENEWAL_REQUESTED]
    for event in events:
        event.is_latest_request = bool(waiting and requests and event is requests[-1])
        event.summary = _event_summary(event)
    return events


# --- the holder's page ---------------------------------------------------------------------


def _render_mine(request, *, find_form, status=200):
    certifications = list(
        _certifications(request.user).filter(person=request.user).order_by("-issued_on", "-id")
    )
    live_programs = {c.program_id for c in certifications if c.status in LIVE_STATUSES}
    cards = [
        {
            "certification": certification,
            "history": _history(certification),
            "can_leave": certification.allows(A.LEAVE),
            "can_return": certification.allows(A.RETURN),
            "renewal": renewals.holder_renewal(
                certification,
                superseded=certification.status == S.EXPIRED
                and certification.program_id in live_programs,
            ),
            "verification_url": reverse("certification:verify_number", args=[certification.number]),
        }
        for certification in certifications
    ]
    oversees = permissions.organizations_visible_to(request.user).exists()
    return render(
        request,
        "certification/certificates/mine.html",
        {"cards": cards, "find_form": find_form if oversees else None, "S": S},
        status=status,
    )


@login_required
@require_safe
def my_certificates(request):
    """My certificates: each with its status, dates, history, PDF and what the holder may do."""
    return _render_mine(request, find_form=VerifyForm())


@login_required
@require_safe
def certificate_find(request):
    """Staff open a certificate they oversee by its number, typed any way."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        number = form.cleaned_data["number"]
        if permissions.certifications_visible_to(request.user).filter(number=number).exists():
            return redirect("certification:certificate_detail", number=number)
        form.add_error("number", _("No certificate that you can see has this number."))
    return _render_mine(request, find_form=form, status=400 if form.is_bound else 200)


def _leave_done(certification):
    return _("You are on leave. The time until your certificate ends is paused until you return.")


def _return_done(certification):
    return _("Welcome back. Your certificate is active again and valid through %(date)s.") % {
        "date": _long_date(certification.expires_on)
    }


HOLDER_ACTIONS = {
    "leave": (services.certification_leave, _leave_done),
    "return": (services.certification_return, _return_done),
    **renewals.HOLDER_ACTIONS,
}


@login_required
@require_POST
def certificate_holder_action(request, number, action):
    """The holder takes voluntary leave, returns from it, renews, or asks for renewal."""
    _require_number(number)
    certification = get_object_or_404(
        permissions.certifications_visible_to(request.user).filter(person=request.user),
        number=number,
    )
    service, done = HOLDER_ACTIONS[action]
    try:
        changed = service(actor=request.user, certification=certification)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except IntegrityError:
        # Renewing an expired certificate while a newer one in the program is live would make
        # two live ones; the database refuses (see the report on `certification_renew`).
        messages.error(request, _("You hold a newer certificate in this program."))
    else:
        messages.success(request, done(changed))
    return redirect(reverse("certification:my_certificates") + f"#certificate-{number}")


# --- the PDF -------------------------------------------------------------------------------


@login_required
@require_safe
def certificate_pdf(request, number):
    """The certificate as a landscape PDF, for the holder and staff who may see it, with the
    logo national staff uploaded ("Certificate design" in the admin settings), if any."""
    _require_number(number)
    certification = get_object_or_404(
        permissions.certifications_visible_to(request.user).select_related(
            "person", "program", "issuing_state"
        ),
        number=number,
    )
    branding = CertificateBranding.load(request_or_site=request)
    content = pdf.certificate_pdf(
        holder_name=certification.person.full_name,
        program_title=certification.program.title,
        display_number=certification.display_number,
        issued_on=certification.issued_on,
        valid_through=certification.expires_on,
        issuing_state_name=certification.issuing_state.name,
        verification_url=verification_url(certification.number),
        status=certification.status,
        status_label=certification.get_status_display(),
        printed_on=services.today(),
        logo=branding.logo_bytes(),
        **certificate_print_facts(certification),
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"certificate-{certification.file_name_number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the staff page ------------------------------------------------------------------------


def _suspend(actor, certification, data):
    return services.certification_suspend(
        actor=actor, certification=certification, reason=data["reason"]
    )


def _reinstate(actor, certification, data):
    return services.certification_reinstate(
        actor=actor, certification=certification, reason=data["reason"]
    )


def _transfer(actor, certification, data):
    return services.certification_transfer(
        actor=actor, certification=certification, affiliate=data["affiliate"]
    )


# action → (form, service call, message when done)
STAFF_ACTIONS = {
    "suspend": (SuspendForm, _suspend, lambda c: _("The certificate is suspended.")),
    "reinstate": (ReinstateForm, _reinstate, lambda c: _("The certificate is active again.")),
    "transfer": (
        TransferForm,
        _transfer,
        lambda c: _("The certificate now belongs to %(affiliate)s.") % {"affiliate": c.affiliate},
    ),
    **renewals.STAFF_ACTIONS,
}


def _staff_form(action, user, certification, data=None, pending=None):
    form_class = STAFF_ACTIONS[action][0]
    kwargs = {"prefix": action}
    if action == "transfer":
        kwargs["affiliates"] = permissions.transfer_targets(user, certification).order_by("path")
    if action in renewals.RENEWAL_ACTIONS and pending is not None:
        kwargs["initial"] = {"request": pending.pk}
    return form_class(data, **kwargs)


def _offered(action, certification, renewal) -> bool:
    """Whether the page offers `action` now (the service decides in the end)."""
    if action == "transfer":
        return certification.status != S.DECERTIFIED
    if action in renewals.RENEWAL_ACTIONS:
        return renewals.offered(action, certification, renewal)
    return certification.allows(CertificationAction(action))


@login_required
def certificate_detail(request, number):
    """One certificate with its full history; managers suspend, reinstate or transfer it (each
    confirmed first), and approve or decline a renewal request waiting on it."""
    canonical = normalize_certification_number(number)
    if canonical is None:
        raise Http404
    if canonical != number:
        return redirect("certification:certificate_detail", number=canonical)
    certification = _visible_or_404(request.user, number, with_actors=True)
    can_manage = permissions.can_manage_certification(request.user, certification)
    renewal = renewals.staff_renewal(request.user, certification, can_manage)
    bound = None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in STAFF_ACTIONS:
            return HttpResponseBadRequest()
        bound = _staff_form(
            action, request.user, certification, request.POST, pending=renewal["pending"]
        )
        confirm = action in EFFECTS and not confirmation.is_confirmed(request)
        if bound.is_valid() and confirm and not confirmation.wants_back(request):
            return confirmation.ask(
                request,
                effect=EFFECTS[action](certification, bound.cleaned_data),
                form=bound,
                extra={"action": action},
            )
        if bound.is_valid() and not confirm:
            _, run, done = STAFF_ACTIONS[action]
            try:
                changed = run(request.user, certification, bound.cleaned_data)
            except ValidationError as error:
                if service_errors_fit(bound, error):
                    add_service_errors(bound, error)
                else:
                    messages.error(request, " ".join(error.messages))
                    return redirect("certification:certificate_detail", number=number)
            else:
                messages.success(request, done(changed))
                return redirect("certification:certificate_detail", number=number)
    forms = {}
    if can_manage:
        for action in STAFF_ACTIONS:
            if bound is not None and bound.prefix == action:
                forms[action] = bound
            elif _offered(action, certification, renewal):
                forms[action] = _staff_form(
                    action, request.user, certification, pending=renewal["pending"]
                )
    return render(
        request,
        "certification/certificates/detail.html",
        {
            "certification": certification,
            "history": _history(certification),
            "can_manage": can_manage,
            "forms": forms,
            "status_forms": any(action not in renewals.RENEWAL_ACTIONS for action in forms),
            "renewal": renewal,
            "concerns_href": reverse("certification:concern_list"),
            "S": S,
        },
        status=400 if bound is not None and bound.errors else 200,
    )
