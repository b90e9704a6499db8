"""Renewal on the certificate pages: the holder renews within the window (or, where the program
needs a trainer's approval, asks for renewal) on My certificates, and a trainer approves or
declines a waiting request on the certificate's staff page.

The pages themselves are in `certificates.py`; this module gives them what renewal adds: the
holder's and the trainer's view of it, and the actions, each one service call in
`services/renewals.py`.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..dates import today
from ..errors import DomainError
from ..forms.certificates import RenewalApproveForm, RenewalDeclineForm
from ..models import (
    CertificationAction,
    CertificationStatus,
    RenewalRequest,
    RenewalRequestStatus,
)
from ..selectors.certificates import (
    renewal_blockers,
    renewal_needs_approval,
    renewal_opens_on,
    renewed_expiry,
)
from ..services import renewals as services

S, A = CertificationStatus, CertificationAction


def _long_date(day):
    return date_format(day, "F j, Y")


# --- the holder's page ---------------------------------------------------------------------


def holder_renewal(certification, superseded: bool) -> dict | None:
    """Whether the holder may renew (or, where a trainer approves renewals, ask) now, and if
    not, what is missing, in words.

    The rules are `selectors.certificates.renewal_blockers`; it is asked only once the renewal
    window is open (its checks read the person's training and signatures, a few queries per
    certificate). Before that the page says when the window opens, from the same constant. A
    request already waiting for a trainer is shown instead of the button.
    """
    if not certification.allows(A.RENEW):
        return None
    base = {
        "needs_approval": renewal_needs_approval(certification),
        "pending_since": getattr(certification, "pending_renewal_since", None),
    }
    if superseded:
        return {
            **base,
            "allowed": False,
            "blockers": [_("You hold a newer certificate in this program.")],
        }
    opens_on = renewal_opens_on(certification)
    if certification.status == S.ACTIVE and today() < opens_on:
        return {**base, "allowed": False, "opens_on": opens_on, "blockers": []}
    blockers = renewal_blockers(certification)
    return {**base, "allowed": not blockers and not base["pending_since"], "blockers": blockers}


def _renew_done(certification):
    return _("Your certificate is renewed. It is now valid through %(date)s.") % {
        "date": _long_date(certification.expires_on)
    }


def _request_done(renewal_request):
    return _(
        "You asked for renewal. A trainer of your state approves or declines it, and you "
        "will get an email either way."
    )


# action → (service call, message when done)
HOLDER_ACTIONS = {
    "renew": (services.certification_renew, _renew_done),
    "request_renewal": (services.renewal_request, _request_done),
}


# --- the staff page ------------------------------------------------------------------------


def _renewal_request_for(certification, data) -> RenewalRequest:
    """The request the trainer's page showed (or, without one, the one waiting now)."""
    requests = RenewalRequest.objects.filter(certification=certification)
    if data.get("request"):
        found = requests.filter(pk=data["request"]).first()
    else:
        found = requests.filter(status=RenewalRequestStatus.PENDING).first()
    if found is None:
        raise DomainError(_("There is no renewal request waiting on this certificate."))
    return found


def _approve_renewal(actor, certification, data):
    return services.renewal_approve(
        actor=actor, renewal_request=_renewal_request_for(certification, data)
    )


def _decline_renewal(actor, certification, data):
    return services.renewal_decline(
        actor=actor,
        renewal_request=_renewal_request_for(certification, data),
        reason=data["reason"],
    )


def _approved(renewal_request):
    return _("The renewal is approved. The certificate is now valid through %(date)s.") % {
        "date": _long_date(renewal_request.certification.expires_on)
    }


# action → (form, service call, message when done)
STAFF_ACTIONS = {
    "approve_renewal": (RenewalApproveForm, _approve_renewal, _approved),
    "decline_renewal": (
        RenewalDeclineForm,
        _decline_renewal,
        lambda r: _("The renewal request is declined. The holder is sent your reason."),
    ),
}
RENEWAL_ACTIONS = tuple(STAFF_ACTIONS)


def offered(action, certification, renewal) -> bool:
    """Whether the staff page offers a renewal `action` now (the service decides in the end)."""
    if action == "approve_renewal":
        return renewal["can_decide"] and not renewal["blockers"] and certification.allows(A.RENEW)
    return renewal["can_decide"]


def staff_renewal(user, certification, can_manage) -> dict:
    """The renewal request waiting on this certificate, and what a trainer may do with it."""
    if getattr(certification, "pending_renewal_since", None) is None:
        return {"pending": None, "can_decide": False, "blockers": []}
    pending = services.pending_renewal_request(certification)
    can_decide = pending is not None and can_manage and certification.person_id != user.pk
    blockers = []
    if can_decide:
        if not certification.allows(A.RENEW):
            blockers = [
                _("A certificate that is %(status)s cannot be renewed.")
                % {"status": certification.get_status_display().lower()}
            ]
        else:
            blockers = renewal_blockers(certification)
    return {
        "pending": pending,
        "can_decide": can_decide,
        "blockers": blockers,
        "new_expiry": renewed_expiry(certification),
    }
