"""Every change of a certification's status, each checked against `TRANSITIONS` and written
with its history entry in the same transaction. Renewal is in `renewals.py`, which uses the
helpers here (never the other way round)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import permissions
from ..dates import add_months, today
from ..errors import DomainError
from ..models import (
    LIVE_STATUSES,
    OPEN_CASE_STATUSES,
    TRANSITIONS,
    AppealDecision,
    CaseDecision,
    CaseStatus,
    Certification,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    Organization,
    OrganizationKind,
    SystemCause,
    caused_by,
)
from ..tasks import notify


class TransitionRefused(DomainError):
    """A change of status that the transition table does not allow."""


def locked_certification(pk) -> Certification:
    """The certification row, locked, then read with what the services need (the holder, the
    program and the affiliate). Every service that changes a certificate, or decides on
    one (a case), starts here.

    The lock is taken on the row alone: locked together with its joined rows, a certificate a
    transfer has just moved no longer matches the join once the lock is granted, and came
    back as missing (and the holder's and the affiliate's rows were locked for nothing).
    """
    list(Certification.objects.select_for_update().filter(pk=pk).values("pk"))
    return Certification.objects.select_related("person", "program", "affiliate").get(pk=pk)


# What each action would have done, for the sentence that refuses it: "A certification that
# is suspended cannot be suspended." The history's labels are past tense ("Went on leave"),
# which does not fit after "cannot".
REFUSED_ACTIONS = {
    CertificationAction.ISSUE: _lazy("be issued"),
    CertificationAction.SUSPEND: _lazy("be suspended"),
    CertificationAction.REINSTATE: _lazy("be reinstated"),
    CertificationAction.LEAVE: _lazy("go on leave"),
    CertificationAction.RETURN: _lazy("return from leave"),
    CertificationAction.EXPIRE: _lazy("expire"),
    CertificationAction.RENEW: _lazy("be renewed"),
    CertificationAction.DECERTIFY: _lazy("be decertified"),
    CertificationAction.TRANSFER: _lazy("be transferred"),
    CertificationAction.REMIND: _lazy("be sent an expiry reminder"),
    CertificationAction.RENEWAL_REQUESTED: _lazy("be renewed on request"),
    CertificationAction.RENEWAL_DECLINED: _lazy("have its renewal declined"),
    CertificationAction.ACCOUNT_CLOSED: _lazy("be ended"),
}


def _refusal(status, action) -> TransitionRefused:
    return TransitionRefused(
        _("A certification that is %(status)s cannot %(action)s.")
        % {
            "status": CertificationStatus(status).label.lower(),
            "action": REFUSED_ACTIONS[CertificationAction(action)],
        }
    )


def _apply(
    *, actor, certification, action, reason="", details=None, system_cause="", **changes
) -> Certification:
    """Move a locked certification along one allowed transition and record it, with its
    cause: the person (`actor`), or else the system job (`system_cause`)."""
    cause = caused_by(actor, system_cause)
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
        reason=reason,
        details=details or {},
        **cause,
    )
    return certification


def _require_reason(reason):
    if not (reason or "").strip():
        raise DomainError({"reason": _("Give a reason. It is kept in the history.")})
    return reason.strip()


def _require_authority(actor, certification, system_cause=""):
    """A person needs authority over the certification; a change with no person must name
    the system job that makes it (the sweep, a case deadline)."""
    caused_by(actor, system_cause)
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
def certification_issue(
    *, actor, enrollment, issued_on=None, details=None, system_cause=""
) -> Certification:
    """Issue a certification for an enrollment, dated from today for the program's validity.

    The assessor who decided "ready" issues it (`actor`); set-up data names its job instead.
    """
    cause = caused_by(actor, system_cause)
    issued_on = issued_on or today()
    program = enrollment.program
    if Certification.objects.filter(
        person_id=enrollment.person_id, program=program, status__in=LIVE_STATUSES
    ).exists():
        # One live certificate per person and program (a database constraint too): someone
        # who trained again while holding one renews it instead.
        raise DomainError(
            _("%(person)s already holds a current certificate in %(program)s: renew it instead.")
            % {"person": enrollment.person, "program": program.title}
        )
    state = Organization.objects.get(
        path=enrollment.affiliate.state_path, kind=OrganizationKind.STATE
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
        details=details or {},
        **cause,
    )
    _holder_email(
        certification,
        _("You are certified: %(program)s") % {"program": program.title},
        "certification/email/certified.txt",
        expires_on=certification.expires_on,
    )
    return certification


@transaction.atomic
def certification_suspend(
    *, actor, certification, reason, conduct=None, system_cause=""
) -> Certification:
    """Suspend an active certification (a trainer or national staff, with a reason; or the
    sweep, `system_cause`, for a code of conduct not signed in time)."""
    _require_authority(actor, certification, system_cause)
    reason = _require_reason(reason)
    certification = locked_certification(certification.pk)
    certification = _apply(
        actor=actor,
        certification=certification,
        action=CertificationAction.SUSPEND,
        reason=reason,
        suspended_for_conduct=conduct,
        system_cause=system_cause,
    )
    _holder_email(
        certification,
        _("Your certification is suspended"),
        "certification/email/suspended.txt",
        reason=reason,
    )
    return certification


def _decertification_pending(certification) -> bool:
    """Whether a decision to decertify this certificate waits out its appeal window or its
    appeal (and was not overturned): the certificate stays suspended until it is final."""
    return (
        certification.cases.filter(
            status__in=(CaseStatus.APPEAL_WINDOW, CaseStatus.APPEALED),
            decision=CaseDecision.DECERTIFY,
        )
        .exclude(appeal_decision=AppealDecision.OVERTURN)
        .exists()
    )


@transaction.atomic
def certification_reinstate(*, actor, certification, reason, system_cause="") -> Certification:
    """Lift a suspension (a trainer or national staff, with a reason; or a case deadline,
    `system_cause`, that made a decision to keep the certificate final).

    Refused while a decision to decertify awaits its appeal: the facilitator does not serve
    meanwhile, and the decision could no longer be applied to a certificate that expired in
    the meantime (an overturned appeal reinstates it through `case_outcomes`).
    """
    _require_authority(actor, certification, system_cause)
    reason = _require_reason(reason)
    certification = locked_certification(certification.pk)
    if _decertification_pending(certification):
        raise DomainError(
            _(
                "A decision to decertify this certificate waits for its appeal window or its "
                "appeal. It stays suspended until the decision is final."
            )
        )
    certification = _apply(
        actor=actor,
        certification=certification,
        action=CertificationAction.REINSTATE,
        reason=reason,
        suspended_for_conduct=None,
        system_cause=system_cause,
    )
    _holder_email(
        certification,
        _("Your certification is active again"),
        "certification/email/reinstated.txt",
        reason=reason,
    )
    return certification


@transaction.atomic
def certification_reinstate_signed(*, actor, certification, code) -> Certification | None:
    """Lift a suspension for an unsigned code of conduct because its holder (`actor`) has now
    signed `code`: the signature is the authority, and the history names the signer.

    Returns None, changing nothing, when the certificate is no longer suspended for a code of
    conduct (reinstated a moment ago by someone else), or when a decision to decertify it
    awaits its appeal (it stays suspended until that decision is final).
    """
    from ..models import ConductSignature

    _require_holder(actor, certification)
    certification = locked_certification(certification.pk)
    if (
        certification.status != CertificationStatus.SUSPENDED
        or certification.suspended_for_conduct_id is None
        or _decertification_pending(certification)
    ):
        return None
    if (
        code.program_id != certification.program_id
        or not ConductSignature.objects.filter(person=actor, code=code).exists()
    ):
        raise DomainError(_("Sign the current code of conduct of this program first."))
    reason = _("Signed version %(version)s of the code of conduct.") % {"version": code.version}
    certification = _apply(
        actor=actor,
        certification=certification,
        action=CertificationAction.REINSTATE,
        reason=reason,
        suspended_for_conduct=None,
        details={"code_id": code.pk, "version": code.version},
    )
    _holder_email(
        certification,
        _("Your certification is active again"),
        "certification/email/reinstated.txt",
        reason=reason,
    )
    return certification


def _require_decertifying_case(case, certification):
    """Decertification happens only as the outcome of a case (notice, response, decision,
    appeal): a case about this certificate whose decision to decertify stands."""
    if (
        case is None
        or case.certification_id != certification.pk
        or case.decision != CaseDecision.DECERTIFY
        or case.appeal_decision == AppealDecision.OVERTURN
        or case.status not in (CaseStatus.APPEAL_WINDOW, CaseStatus.APPEALED)
    ):
        raise DomainError(
            _(
                "A certificate is decertified only through a decertification case, with "
                "notice, a response and an appeal. Open a case from a concern instead."
            )
        )


@transaction.atomic
def certification_decertify(
    *, actor, certification, reason, may_reenroll_on, case=None, system_cause=""
) -> Certification:
    """End a certification for good; the person may enroll again from `may_reenroll_on`.

    Only a decertification case's final decision calls this (`case_outcomes`), and it names
    the case: without one the change is refused, so no page or command can skip due process.
    """
    _require_authority(actor, certification, system_cause)
    _require_decertifying_case(case, certification)
    reason = _require_reason(reason)
    if may_reenroll_on is None or may_reenroll_on <= today():
        raise DomainError({"may_reenroll_on": _("Choose a date in the future.")})
    certification = locked_certification(certification.pk)
    certification = _apply(
        actor=actor,
        certification=certification,
        action=CertificationAction.DECERTIFY,
        reason=reason,
        may_reenroll_on=may_reenroll_on,
        details={"may_reenroll_on": may_reenroll_on},
        system_cause=system_cause,
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
    certification = locked_certification(certification.pk)
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
    certification = locked_certification(certification.pk)
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
    certification = locked_certification(certification.pk)
    if certification.status != CertificationStatus.ACTIVE or certification.expires_on >= today():
        return None
    return _apply(
        actor=None,
        certification=certification,
        action=CertificationAction.EXPIRE,
        system_cause=SystemCause.SWEEP,
    )


@transaction.atomic
def certification_end_for_closed_account(*, actor, certification) -> Certification:
    """End a live certification because its holder's account is being closed.

    Called by `lms.account_closing.close_account` inside its transaction, with whoever closes
    the account as the cause: the holder, or national staff acting on their request. The
    status says plainly that the credential stopped without judging the holder (it neither
    lapsed nor was taken away); no email is sent, since the address is being removed.
    """
    if actor is None or (
        actor.pk != certification.person_id
        and not permissions.can_close_account(actor, certification.person)
    ):
        raise PermissionDenied(_("Only the holder or national staff can close this account."))
    certification = locked_certification(certification.pk)
    return _apply(
        actor=actor,
        certification=certification,
        action=CertificationAction.ACCOUNT_CLOSED,
        leave_started_on=None,
    )


@transaction.atomic
def certification_transfer(*, actor, certification, affiliate) -> Certification:
    """Move a certification to another affiliate; the number and history stay."""
    if affiliate.kind != OrganizationKind.AFFILIATE or not affiliate.is_active:
        raise DomainError({"affiliate": _("Choose an active affiliate.")})
    if affiliate.pk == certification.affiliate_id:
        raise DomainError({"affiliate": _("The certificate already belongs to this affiliate.")})
    _require_authority(actor, certification)
    # The affiliates the form offers (`permissions.transfer_targets`) are the ones accepted.
    if (
        actor is not None
        and not permissions.transfer_targets(actor, certification).filter(pk=affiliate.pk).exists()
    ):
        raise PermissionDenied(_("You do not have authority over the new affiliate."))
    seen_affiliate_id = certification.affiliate_id
    certification = locked_certification(certification.pk)
    if certification.affiliate_id != seen_affiliate_id:
        # Someone moved it while this request was on its way: the authority checked above
        # and the move confirmed on the page were about where it was.
        raise DomainError(
            _(
                "This certificate was moved to %(affiliate)s a moment ago. Check where it "
                "belongs now before moving it again."
            )
            % {"affiliate": certification.affiliate.name}
        )
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
