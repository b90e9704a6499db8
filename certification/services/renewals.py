"""Renewal: the holder renews within the window before the certificate ends, for another
validity period; where a program asks a trainer to approve each renewal, the holder asks instead
and a trainer of the state (or national staff) approves or declines the request.

Each change is checked against `TRANSITIONS` and written with its history entry in the same
transaction, through the helpers of `certificates.py`."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import DomainError
from ..models import (
    LIVE_STATUSES,
    TRANSITIONS,
    Certification,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    RenewalRequest,
    RenewalRequestStatus,
    Role,
)
from ..selectors.certificates import renewal_blockers, renewal_needs_approval, renewed_expiry
from ..selectors.organizations import role_holder_emails
from ..tasks import notify
from .certificates import (
    _apply,
    _holder_email,
    _refusal,
    _require_authority,
    _require_holder,
    _require_reason,
    locked_certification,
)


def _check_renewable_status(certification):
    """Refuse by the transition table, before any other rule is asked."""
    if (CertificationStatus(certification.status), CertificationAction.RENEW) not in TRANSITIONS:
        raise _refusal(certification.status, CertificationAction.RENEW)


def _check_renewable(certification):
    """Refuse, with the reason in words, a renewal the rules do not allow now."""
    _check_renewable_status(certification)
    if certification.person.closed_at is not None:
        # Closing an account ends its live certificates; an expired one stays ended too.
        raise DomainError(_("The holder closed their account: this certificate cannot be renewed."))
    if (
        certification.status == CertificationStatus.EXPIRED
        and Certification.objects.filter(
            person_id=certification.person_id,
            program_id=certification.program_id,
            status__in=LIVE_STATUSES,
        ).exists()
    ):
        raise DomainError(_("You already hold a newer certificate in this program."))
    blockers = renewal_blockers(certification)
    if blockers:
        raise DomainError(" ".join(blockers))


@transaction.atomic
def certification_renew(*, actor, certification) -> Certification:
    """Renew for another validity period, from the old end date (or today, if it has passed).

    The holder renews themselves unless the program needs a trainer's approval; then they
    ask (`renewal_request`) and a trainer's `renewal_approve` calls this. A renewal answers
    any request still waiting, so none is left pending beside a renewed certificate.
    """
    is_holder = actor is not None and actor.pk == certification.person_id
    if actor is not None and not is_holder:
        _require_authority(actor, certification)
    certification = locked_certification(certification.pk)
    _check_renewable_status(certification)
    if is_holder and renewal_needs_approval(certification):
        raise DomainError(
            _(
                "In this program a trainer approves each renewal. Ask for renewal on "
                "My certificates instead."
            )
        )
    _check_renewable(certification)
    new_expiry = renewed_expiry(certification)
    pending = _pending_request_ids(certification)
    details = {"expires_on": new_expiry}
    if pending:
        details["renewal_request"] = pending[0]
    certification = _apply(
        actor=actor,
        certification=certification,
        action=CertificationAction.RENEW,
        expires_on=new_expiry,
        details=details,
    )
    if pending:
        RenewalRequest.objects.filter(pk__in=pending).update(
            status=RenewalRequestStatus.APPROVED, decided_by=actor, decided_at=timezone.now()
        )
    _holder_email(
        certification,
        _("Your certification is renewed"),
        "certification/email/renewed.txt",
        expires_on=new_expiry,
    )
    return certification


# --- renewal by request --------------------------------------------------------------------


def _pending_request_ids(certification) -> list[int]:
    return list(
        RenewalRequest.objects.filter(
            certification=certification, status=RenewalRequestStatus.PENDING
        ).values_list("pk", flat=True)
    )


def pending_renewal_request(certification) -> RenewalRequest | None:
    """The request waiting for a trainer on this certification, if any."""
    return (
        RenewalRequest.objects.filter(
            certification=certification, status=RenewalRequestStatus.PENDING
        )
        .select_related("requested_by")
        .first()
    )


def _state_trainer_emails(certification) -> list[str]:
    """The trainers of the state the certificate's affiliate belongs to."""
    return role_holder_emails(Role.STATE_TRAINER, on_path=certification.affiliate.state_path)


@transaction.atomic
def renewal_request(*, actor, certification) -> RenewalRequest:
    """The holder asks for renewal, in a program whose renewals need a trainer's approval.

    The same rules as renewing apply (the window is open, the recertification modules are
    passed, the current code of conduct is signed, no newer certificate is held); the request
    waits until a trainer of the state or national staff approves or declines it. The
    state's trainers are told by email.
    """
    _require_holder(actor, certification)
    certification = locked_certification(certification.pk)
    _check_renewable_status(certification)
    if not renewal_needs_approval(certification):
        raise DomainError(_("Renewals in this program need no approval: renew on My certificates."))
    if _pending_request_ids(certification):
        raise DomainError(_("You already asked for renewal. It is waiting for a trainer."))
    _check_renewable(certification)
    try:
        # The database keeps one waiting request per certification, also under concurrency.
        with transaction.atomic():
            request = RenewalRequest.objects.create(certification=certification, requested_by=actor)
    except IntegrityError:
        raise DomainError(
            _("You already asked for renewal. It is waiting for a trainer.")
        ) from None
    CertificationEvent.objects.create(
        certification=certification,
        action=CertificationAction.RENEWAL_REQUESTED,
        from_status=certification.status,
        to_status=certification.status,
        actor=actor,
        details={"renewal_request": request.pk},
    )
    notify(
        to=_state_trainer_emails(certification),
        subject=_("Renewal to approve: %(name)s, %(program)s")
        % {"name": certification.person.full_name, "program": certification.program.title},
        template="certification/email/renewal_requested.txt",
        context={
            "person_name": certification.person.full_name,
            "program": certification.program.title,
            "number": certification.display_number,
            "affiliate": certification.affiliate.name,
            "path": reverse("certification:certificate_detail", args=[certification.number]),
        },
    )
    return request


def _locked_request(renewal_request) -> RenewalRequest:
    """The request and its certification, locked in the same order as `certification_renew`
    (certification first), so a decision and a renewal never wait on each other."""
    certification = locked_certification(renewal_request.certification_id)
    request = RenewalRequest.objects.select_for_update().get(pk=renewal_request.pk)
    request.certification = certification
    return request


def _require_decider(actor, request):
    """Trainers of the state and national staff decide, never the holder themselves."""
    if actor is None:
        raise PermissionDenied(_("A trainer decides on a renewal request."))
    if actor.pk == request.certification.person_id:
        raise PermissionDenied(_("You cannot decide on your own renewal."))
    _require_authority(actor, request.certification)


def _require_pending(request):
    if request.status != RenewalRequestStatus.PENDING:
        raise DomainError(
            _("This renewal request was already decided: %(status)s.")
            % {"status": request.get_status_display().lower()}
        )


@transaction.atomic
def renewal_approve(*, actor, renewal_request) -> RenewalRequest:
    """A trainer approves a waiting request: the certification is renewed (the rules of
    `certification_renew` apply) and the request is marked approved, together."""
    request = _locked_request(renewal_request)
    _require_decider(actor, request)
    _require_pending(request)
    renewed = certification_renew(actor=actor, certification=request.certification)
    request.refresh_from_db()
    request.certification = renewed
    return request


@transaction.atomic
def renewal_decline(*, actor, renewal_request, reason) -> RenewalRequest:
    """A trainer declines a waiting request, with a reason the holder is sent and that is
    kept in the history. The certification does not change; the holder may ask again."""
    request = _locked_request(renewal_request)
    _require_decider(actor, request)
    reason = _require_reason(reason)
    _require_pending(request)
    certification = request.certification
    request.status = RenewalRequestStatus.DECLINED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.reason = reason
    request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    CertificationEvent.objects.create(
        certification=certification,
        action=CertificationAction.RENEWAL_DECLINED,
        from_status=certification.status,
        to_status=certification.status,
        actor=actor,
        reason=reason,
        details={"renewal_request": request.pk},
    )
    _holder_email(
        certification,
        _("Your renewal request was declined"),
        "certification/email/renewal_declined.txt",
        reason=reason,
    )
    return request
