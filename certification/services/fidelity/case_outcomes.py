"""Decertification case outcomes: a final decision applied to the certification, the case
closed, and the affiliate's coordinators told.

Only a final decision changes the certificate, and only through the certification services
(`certification_decertify`, `certification_reinstate`), so its history and public
verification show the result like any other change. Keeping the certificate lifts a
suspension only when this case (pending its appeal) or its concern (an urgent concern,
pending review) put it in place, never one that came later or one for an unsigned code of
conduct. The steps in `cases` call `apply_final_decision` inside their own transaction, with
the case row locked.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ...dates import today
from ...models import (
    AppealDecision,
    CaseAction,
    CaseDecision,
    CaseEvent,
    CaseStatus,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    ConcernAction,
    ConcernEvent,
    DecertificationCase,
    Role,
    caused_by,
)
from ...selectors.organizations import role_holder_emails
from ...tasks import notify
from ..certificates import certification_decertify, certification_reinstate

# How far apart a concern's "suspended pending review" entry and the certificate's own
# suspension may be written and still be the same act (they are written together).
SAME_ACT = datetime.timedelta(minutes=1)


def case_url(case) -> str:
    return reverse("certification:case_detail", args=[case.pk])


def pending_appeal_reason(case) -> str:
    """The reason written on a certificate suspended while a decision to decertify is final
    only after its appeal window."""
    return f"Pending decertification appeal (case {case.pk})"


def _coordinator_emails(case) -> list[str]:
    """The affiliate coordinators of the certificate's affiliate (never the facilitator)."""
    certification = case.certification
    return role_holder_emails(
        Role.AFFILIATE_COORDINATOR,
        on_path=certification.affiliate.path,
        exclude_user_ids=[certification.person_id],
    )


def _suspended_by_this_process(case, certification) -> bool:
    """Whether the certificate's suspension is this case's (pending appeal) or its concern's
    (an urgent concern suspended it pending review), and not another one that came later or
    one for an unsigned code of conduct (lifted by signing)."""
    if (
        certification.status != CertificationStatus.SUSPENDED
        or certification.suspended_for_conduct_id
    ):
        return False
    latest = (
        CertificationEvent.objects.filter(
            certification=certification, action=CertificationAction.SUSPEND
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is None:
        return False
    if latest.reason == pending_appeal_reason(case):
        return True
    concern_suspended = (
        ConcernEvent.objects.filter(concern_id=case.concern_id, action=ConcernAction.SUSPENDED)
        .order_by("-created_at", "-id")
        .first()
    )
    return concern_suspended is not None and latest.created_at <= (
        concern_suspended.created_at + SAME_ACT
    )


def apply_final_decision(case, *, actor, final_decision, system_cause="") -> DecertificationCase:
    """Apply a final decision to the certification, close the case, tell the coordinators.

    Runs inside the caller's transaction, with the case row locked. The person whose decision
    made it final is named (`actor`); when a deadline made it final, the job is
    (`system_cause`), on the case and on the certificate alike.
    """
    cause = caused_by(actor, system_cause)
    certification = case.certification
    applied = ""
    if final_decision == CaseDecision.DECERTIFY:
        # The date is checked against the appeal window when decided; an appeal decided
        # later than it must still leave a date in the future.
        may_reenroll_on = max(case.may_reenroll_on, today() + datetime.timedelta(days=1))
        certification = certification_decertify(
            actor=actor,
            certification=certification,
            reason=_("%(reasons)s\n\n(Decertification case %(case)s)")
            % {"reasons": case.decision_reasons, "case": case.pk},
            may_reenroll_on=may_reenroll_on,
            case=case,
            system_cause=system_cause,
        )
        applied = CertificationAction.DECERTIFY
    elif _suspended_by_this_process(case, certification):
        if case.appeal_decision == AppealDecision.OVERTURN:
            reason = _("Appeal overturned the decision to decertify (case %(case)s).")
        else:
            reason = _("Decertification case %(case)s decided: the certificate is kept.")
        certification = certification_reinstate(
            actor=actor,
            certification=certification,
            reason=reason % {"case": case.pk},
            system_cause=system_cause,
        )
        applied = CertificationAction.REINSTATE
    case.certification = certification
    case.final_decision = final_decision
    case.closed_at = timezone.now()
    case.status = CaseStatus.CLOSED
    case.save(update_fields=["final_decision", "closed_at", "status"])
    CaseEvent.objects.create(
        case=case,
        action=CaseAction.CLOSED,
        **cause,
        text="",
        details={
            "final_decision": final_decision,
            "applied": applied,
            "certification_status": certification.status,
        },
    )
    notify(
        to=_coordinator_emails(case),
        subject=_("Decertification case %(case)s: final outcome") % {"case": case.pk},
        template="certification/email/case_outcome_coordinator.txt",
        context={
            "name": certification.person.full_name,
            "program": certification.program.title,
            "number": certification.display_number,
            "affiliate": certification.affiliate.name,
            "final_decision": final_decision,
            "status": certification.get_status_display(),
            "case_id": case.pk,
            "case_url": case_url(case),
        },
    )
    return case
