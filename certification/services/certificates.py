"""Every change of a certification's status, each checked against `TRANSITIONS` and written
with its history entry in the same transaction."""

import calendar
import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.selectors import passed_required_modules

from .. import permissions
from ..errors import DomainError
from ..models import (
    LIVE_STATUSES,
    OPEN_CASE_STATUSES,
    TRANSITIONS,
    Certification,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    CodeOfConduct,
    ConductSignature,
    Organization,
    OrganizationKind,
    RenewalRequest,
    RenewalRequestStatus,
    Role,
    RoleGrant,
)
from ..tasks import notify

RENEWAL_WINDOW_DAYS = 90


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def today() -> datetime.date:
    return timezone.localdate()


class TransitionRefused(DomainError):
    """A change of status that the transition table does not allow."""


def _locked(certification) -> Certification:
    return (
        Certification.objects.select_for_update()
        .select_related("person", "program", "affiliate")
        .get(pk=certification.pk)
    )


def _refusal(status, action) -> TransitionRefused:
    return TransitionRefused(
        _("A certification that is %(status)s cannot be %(action)s.")
        % {
            "status": CertificationStatus(status).label.lower(),
            "action": CertificationAction(action).label.lower(),
        }
    )


def _apply(*, actor, certification, action, reason="", details=None, **changes) -> Certification:
    """Move a locked certification along one allowed transition and record it."""
    current = CertificationStatus(certification.status)
    next_status = TRANSITIONS.get((current, CertificationAction(action)))
    if next_status is None:
        raise _refusal(current, action)
    certification.status = next_status
    for field, value in changes.items():
        setattr(certification, field, value)
    certification.save()
    CertificationEvent.objects.create(
        certification=certification,
        action=action,
        from_status=current,
        to_status=next_status,
        actor=actor,
        reason=reason,
        details=details or {},
    )
    return certification


def _require_reason(reason):
    if not (reason or "").strip():
        raise DomainError({"reason": _("Give a reason. It is kept in the history.")})
    return reason.strip()


def _require_authority(actor, certification):
    if actor is not None and not permissions.can_manage_certification(actor, certification):
        raise PermissionDenied(_("You do not have authority over this certification."))


def _holder_email(certification, subject, template, **context):
    notify(
        to=[certification.person.email],
        subject=subject,
        template=template,
        context={
            "person_name": certification.person.full_name,
            "program": certification.program.title,
            "number": certification.display_number,
            **context,
        },
    )


@transaction.atomic
def certification_issue(*, actor, enrollment, issued_on=None, details=None) -> Certification:
    """Issue a certification for an enrollment, dated from today for the program's validity."""
    issued_on = issued_on or today()
    program = enrollment.program
    state = Organization.objects.get(
        path=enrollment.affiliate.path[: Organization.steplen * 2], kind=OrganizationKind.STATE
    )
    certification = Certification.objects.create(
        person=enrollment.person,
        program=program,
        enrollment=enrollment,
        affiliate=enrollment.affiliate,
        issuing_state=state,
        status=CertificationStatus.ACTIVE,
        issued_on=issued_on,
        expires_on=add_months(issued_on, program.validity_months),
    )
    CertificationEvent.objects.create(
        certification=certification,
        action=CertificationAction.ISSUE,
        from_status="",
        to_status=CertificationStatus.ACTIVE,
        actor=actor,
        details=details or {},
    )
    _holder_email(
        certification,
        _("You are certified: %(program)s") % {"program": program.title},
        "certification/email/certified.txt",
        expires_on=certification.expires_on,
    )
    return certification


@transaction.atomic
def certification_suspend(*, actor, certification, reason, conduct=None) -> Certification:
    """Suspend an active certification (a trainer or national staff, with a reason)."""
    _require_authority(actor, certification)
    reason = _require_reason(reason)
    certification = _locked(certification)
    certification = _apply(
        actor=actor,
        certification=certification,
        action=CertificationAction.SUSPEND,
        reason=reason,
        suspended_for_conduct=conduct,
    )
    _holder_email(
        certification,
        _("Your certification is suspended"),
        "certification/email/suspended.txt",
        reason=reason,
    )
    return certification


@transaction.atomic
def certification_reinstate(*, actor, certification, reason) -> Certification:
    """Lift a suspension (a trainer or national staff, with a reason)."""
    _require_authority(actor, certification)
    reason = _require_reason(reason)
    certification = _locked(certification)
    certification = _apply(
        actor=actor,
        certification=certification,
        action=CertificationAction.REINSTATE,
        reason=reason,
        suspended_for_conduct=None,
    )
    _holder_email(
        certification,
        _("Your certification is active again"),
        "certification/email/reinstated.txt",
        reason=reason,
    )
    return certification


@transaction.atomic
def certification_decertify(*, actor, certification, reason, may_reenroll_on) -> Certification:
    """End a certification for good; the person may enroll again from `may_reenroll_on`."""
    _require_authority(actor, certification)
    reason = _require_reason(reason)
    if may_reenroll_on is None or may_reenroll_on <= today():
        raise DomainError({"may_reenroll_on": _("Choose a date in the future.")})
    certification = _locked(certification)
    certification = _apply(
        actor=actor,
        certification=certification,
        action=CertificationAction.DECERTIFY,
        reason=reason,
        may_reenroll_on=may_reenroll_on,
        details={"may_reenroll_on": may_reenroll_on},
    )
    _holder_email(
        certification,
        _("Your certification has ended"),
        "certification/email/decertified.txt",
        reason=reason,
        may_reenroll_on=may_reenroll_on,
    )
    return certification


def _require_holder(actor, certification):
    if actor is None or actor.pk != certification.person_id:
        raise PermissionDenied(_("Only the holder can do this."))


@transaction.atomic
def certification_leave(*, actor, certification) -> Certification:
    """The holder takes voluntary leave; the expiry clock stops until they return.

    Not while a decertification case about the certificate is open: leave would stop the
    case's outcome from being applied (a certificate on leave cannot be decertified).
    """
    _require_holder(actor, certification)
    certification = _locked(certification)
    if certification.cases.filter(status__in=OPEN_CASE_STATUSES).exists():
        raise DomainError(
            _("You cannot take leave while a decertification case about this certificate is open.")
        )
    return _apply(
        actor=actor,
        certification=certification,
        action=CertificationAction.LEAVE,
        leave_started_on=today(),
    )


@transaction.atomic
def certification_return(*, actor, certification) -> Certification:
    """The holder returns from leave; the expiry date moves by the days spent on leave."""
    _require_holder(actor, certification)
    certification = _locked(certification)
    days_away = (
        (today() - certification.leave_started_on).days if certification.leave_started_on else 0
    )
    new_expiry = certification.expires_on + datetime.timedelta(days=days_away)
    return _apply(
        actor=actor,
        certification=certification,
        action=CertificationAction.RETURN,
        leave_started_on=None,
        expires_on=new_expiry,
        details={"days_on_leave": days_away, "expires_on": new_expiry},
    )


@transaction.atomic
def certification_expire(*, certification) -> Certification | None:
    """Expire an active certification whose valid-through date has passed (the sweep).

    Returns None, changing nothing, when another process got there first or it was renewed.
    """
    certification = _locked(certification)
    if certification.status != CertificationStatus.ACTIVE or certification.expires_on >= today():
        return None
    return _apply(actor=None, certification=certification, action=CertificationAction.EXPIRE)


def renewal_opens_on(certification) -> datetime.date:
    """The first day an active certification may be renewed."""
    return certification.expires_on - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)


def renewal_blockers(certification) -> list[str]:
    """What stops the holder renewing now, in words; empty when they may renew."""
    blockers = []
    opens_on = renewal_opens_on(certification)
    if certification.status == CertificationStatus.ACTIVE and today() < opens_on:
        blockers.append(
            _("Renewal opens on %(date)s, 90 days before your certificate ends.")
            % {"date": opens_on.strftime("%B %-d, %Y")}
        )
    if not passed_required_modules(
        certification.person, certification.program, recertification=True
    ):
        blockers.append(_("Pass the modules required for recertification."))
    code = CodeOfConduct.objects.current_for(certification.program)
    if (
        code is not None
        and not ConductSignature.objects.filter(person=certification.person, code=code).exists()
    ):
        blockers.append(_("Sign the current code of conduct."))
    return blockers


def _check_renewable_status(certification):
    """Refuse by the transition table, before any other rule is asked."""
    if (CertificationStatus(certification.status), CertificationAction.RENEW) not in TRANSITIONS:
        raise _refusal(certification.status, CertificationAction.RENEW)


def _check_renewable(certification):
    """Refuse, with the reason in words, a renewal the rules do not allow now."""
    _check_renewable_status(certification)
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


def renewal_needs_approval(certification) -> bool:
    """Whether the program asks a trainer to approve each renewal."""
    return bool(certification.program.renewal_needs_approval)


def renewed_expiry(certification) -> datetime.date:
    """The valid-through date a renewal today would give: one more validity period from the
    old end date, or from today when that has passed."""
    start = max(certification.expires_on, today())
    return add_months(start, certification.program.validity_months)


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
    certification = _locked(certification)
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
    state_path = certification.affiliate.path[: Organization.steplen * 2]
    return list(
        RoleGrant.objects.active()
        .filter(
            organization__path=state_path,
            organization__kind=OrganizationKind.STATE,
            role=Role.STATE_TRAINER,
        )
        .values_list("user__email", flat=True)
        .distinct()
    )


@transaction.atomic
def renewal_request(*, actor, certification) -> RenewalRequest:
    """The holder asks for renewal, in a program whose renewals need a trainer's approval.

    The same rules as renewing apply (the window is open, the recertification modules are
    passed, the current code of conduct is signed, no newer certificate is held); the request
    waits until a trainer of the state or national staff approves or declines it. The
    state's trainers are told by email.
    """
    _require_holder(actor, certification)
    certification = _locked(certification)
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
    certification = _locked(Certification(pk=renewal_request.certification_id))
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


@transaction.atomic
def certification_transfer(*, actor, certification, affiliate) -> Certification:
    """Move a certification to another affiliate; the number and history stay."""
    if affiliate.kind != OrganizationKind.AFFILIATE or not affiliate.is_active:
        raise DomainError({"affiliate": _("Choose an active affiliate.")})
    _require_authority(actor, certification)
    if actor is not None and not permissions.has_organization_permission(
        actor, "manage_certifications", affiliate
    ):
        raise PermissionDenied(_("You do not have authority over the new affiliate."))
    certification = _locked(certification)
    if certification.status == CertificationStatus.DECERTIFIED:
        raise TransitionRefused(_("A decertified certification cannot be transferred."))
    previous = certification.affiliate
    certification.affiliate = affiliate
    certification.save(update_fields=["affiliate", "updated_at"])
    CertificationEvent.objects.create(
        certification=certification,
        action=CertificationAction.TRANSFER,
        from_status=certification.status,
        to_status=certification.status,
        actor=actor,
        details={"from": previous.name, "to": affiliate.name},
    )
    return certification
