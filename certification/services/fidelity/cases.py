"""Decertification cases: notice, response, decision, appeal, and the outcome applied.

Due process, in order: the facilitator gets written notice of what is alleged and why; they
have a response window (30 days by default) to answer in writing; a state trainer or national
staff decides with reasons (not before the window closes, unless the facilitator has
answered); the facilitator may appeal a decision to decertify to national staff within 10
business days; national staff's decision is final. Only a final decision is applied to the
certification, through the certification services, so public verification only ever shows
the resulting status.

Windows are whole days in the site's time zone and include their last day: a response is
due "by March 3" means until the end of March 3, and a decision may be made from March 4.

While a decision to decertify waits out its appeal window (or an appeal), an active
certificate is suspended: decertification is terminal, so it is only applied once final, but
the facilitator should not keep serving in the meantime. A decision to keep the certificate
closes the case at once (there is nothing for the facilitator to appeal) and lifts any
suspension this case or its concern put in place.

Every step locks the case row first (`select_for_update`), checks the step is still allowed
under the lock, and writes the change with its `CaseEvent`, so two people acting at once,
or the sweep racing a person, never apply a step twice.

The dates each step is allowed on are in `case_deadlines`; applying a final decision to the
certification, and telling the coordinators, is in `case_outcomes`.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ... import permissions
from ...dates import add_business_days, long_date
from ...errors import DomainError, require_text
from ...models import (
    AppealDecision,
    CaseAction,
    CaseDecision,
    CaseEvent,
    CaseStatus,
    CertificationStatus,
    ConcernAction,
    ConcernEvent,
    DecertificationCase,
    Role,
    SystemCause,
    caused_by,
)
from ...selectors.organizations import role_holder_emails
from ...tasks import notify
from ..certificates import certification_suspend, locked_certification
from .case_deadlines import (
    appeal_window_business_days,
    appeal_window_open,
    decision_allowed,
    response_window_days,
    response_window_open,
)
from .case_outcomes import apply_final_decision, case_url, pending_appeal_reason

# --- helpers ---------------------------------------------------------------------------------


def _locked(case) -> DecertificationCase:
    """The case, locked (only its own row), with what every step reads."""
    return (
        DecertificationCase.objects.select_for_update(of=("self",))
        .select_related(
            "certification__person", "certification__program", "certification__affiliate"
        )
        .get(pk=case.pk)
    )


def _event(case, action, actor, text="", **details):
    return CaseEvent.objects.create(
        case=case, action=action, **caused_by(actor), text=text, details=details
    )


def _facilitator_email(case, subject, template, **context):
    certification = case.certification
    notify(
        to=[certification.person.email],
        subject=subject,
        template=template,
        context={
            "person_name": certification.person.full_name,
            "program": certification.program.title,
            "number": certification.display_number,
            "case_id": case.pk,
            "case_url": case_url(case),
            **context,
        },
    )


def _national_staff_emails(exclude_ids) -> list[str]:
    return role_holder_emails(Role.NATIONAL_STAFF, exclude_user_ids=exclude_ids)


# --- opening -------------------------------------------------------------------------------


@transaction.atomic
def case_open(*, actor, concern, allegation: str, response_days: int | None = None):
    """Open a decertification case from a concern and send the facilitator written notice.

    Called by `concern_resolve` when a concern's outcome is a decertification case. The
    certification must be active or suspended (the statuses it can be decertified from), and
    it may have only one open case at a time. The facilitator has the program's response
    window to answer (`response_days` overrides it for this case).
    """
    if not permissions.can_manage_concern(actor, concern):
        raise PermissionDenied(_("You cannot open a case on this concern."))
    allegation = require_text(allegation, "allegation", _("Write what is alleged and why."))
    if concern.certification_id is None:
        raise DomainError(_("Link this concern to the facilitator's certificate first."))
    # Locked, and its status read under the lock: the holder going on leave at this moment
    # either finishes first (and no case opens) or waits and finds the case open.
    certification = locked_certification(concern.certification_id)
    if certification.status not in (CertificationStatus.ACTIVE, CertificationStatus.SUSPENDED):
        raise DomainError(_("A case can only be opened on an active or suspended certification."))
    if DecertificationCase.objects.filter(concern=concern).exists():
        raise DomainError(_("This concern already has a case."))
    days = response_window_days(certification.program) if response_days is None else response_days
    if days < 1:
        raise DomainError({"response_days": _("Give the facilitator at least one day.")})
    now = timezone.now()
    try:
        with transaction.atomic():
            case = DecertificationCase.objects.create(
                concern=concern,
                certification=certification,
                allegation=allegation,
                opened_by=actor,
                opened_at=now,
                response_due_on=timezone.localdate(now) + datetime.timedelta(days=days),
            )
    except IntegrityError as error:
        raise DomainError(_("This certification already has an open case.")) from error
    _event(case, CaseAction.OPENED, actor, allegation, response_due_on=case.response_due_on)
    ConcernEvent.objects.create(
        concern=concern,
        action=ConcernAction.CASE_OPENED,
        actor=actor,
        details={"case": case.pk},
    )
    _facilitator_email(
        case,
        _("Notice: a decertification case about your certificate"),
        "certification/email/case_notice.txt",
        allegation=allegation,
        response_due_on=case.response_due_on,
    )
    return case


# --- the facilitator's response ------------------------------------------------------------


@transaction.atomic
def case_respond(*, actor, case, response: str) -> DecertificationCase:
    """The facilitator answers the notice in writing, on or before the response due date.

    After a response a decision may be made at once; the person who opened the case is told.
    """
    case = _locked(case)
    if not permissions.is_case_subject(actor, case):
        raise PermissionDenied(_("Only the facilitator the case is about can respond."))
    if case.status != CaseStatus.AWAITING_RESPONSE:
        raise DomainError(_("This case is no longer waiting for your response."))
    if not response_window_open(case):
        raise DomainError(
            _("The response window closed at the end of %(date)s.")
            % {"date": long_date(case.response_due_on)}
        )
    response = require_text(response, "response", _("Write your response."))
    case.response = response
    case.responded_at = timezone.now()
    case.status = CaseStatus.AWAITING_DECISION
    case.save(update_fields=["response", "responded_at", "status"])
    _event(case, CaseAction.RESPONDED, actor, response)
    certification = case.certification
    notify(
        to=[case.opened_by.email],
        subject=_("Response received: case %(case)s") % {"case": case.pk},
        template="certification/email/case_responded.txt",
        context={
            "name": certification.person.full_name,
            "program": certification.program.title,
            "case_id": case.pk,
            "case_url": case_url(case),
        },
    )
    return case


# --- the decision --------------------------------------------------------------------------


@transaction.atomic
def case_decide(
    *, actor, case, decision: str, reasons: str, may_reenroll_on: datetime.date | None = None
) -> DecertificationCase:
    """A state trainer or national staff decides, with reasons the facilitator reads.

    Refused before the response window closes (the end of the response due date) unless the
    facilitator has responded. A decision to decertify opens the appeal window (10 business
    days) and suspends an active certificate until the decision is final; a decision to keep
    the certificate is final at once.
    """
    case = _locked(case)
    if not permissions.can_decide_case(actor, case):
        raise PermissionDenied(_("You cannot decide this case."))
    if case.status not in (CaseStatus.AWAITING_RESPONSE, CaseStatus.AWAITING_DECISION):
        raise DomainError(_("This case has already been decided."))
    if not decision_allowed(case):
        raise DomainError(
            _(
                "No decision before the response window closes at the end of %(date)s, unless "
                "the facilitator responds sooner."
            )
            % {"date": long_date(case.response_due_on)}
        )
    if decision not in CaseDecision.values:
        raise DomainError({"decision": _("Choose a decision.")})
    reasons = require_text(
        reasons, "reasons", _("Give the reasons for the decision. The facilitator reads them.")
    )
    now = timezone.now()
    decided_on = timezone.localdate(now)
    # Read under its own lock: a trainer may have suspended it since the case was read, and
    # the decision must not try to suspend it a second time.
    certification = case.certification = locked_certification(case.certification_id)
    case.decision = decision
    case.decision_reasons = reasons
    case.decided_by = actor
    case.decided_at = now
    if decision == CaseDecision.KEEP:
        case.may_reenroll_on = None
        case.save()
        _event(case, CaseAction.DECIDED, actor, reasons, decision=decision)
        _facilitator_email(
            case,
            _("Decision: you keep your certificate"),
            "certification/email/case_decided.txt",
            decision=decision,
            reasons=reasons,
        )
        return apply_final_decision(case, actor=actor, final_decision=CaseDecision.KEEP)

    appeal_due_on = add_business_days(
        decided_on, appeal_window_business_days(case.certification.program)
    )
    if may_reenroll_on is None:
        raise DomainError({"may_reenroll_on": _("Choose when this person may enroll again.")})
    if may_reenroll_on <= appeal_due_on:
        raise DomainError(
            {
                "may_reenroll_on": _("Choose a date after the appeal window ends (%(date)s).")
                % {"date": long_date(appeal_due_on)}
            }
        )
    if certification.status not in (CertificationStatus.ACTIVE, CertificationStatus.SUSPENDED):
        raise DomainError(
            _("A certificate that is %(status)s cannot be decertified.")
            % {"status": certification.get_status_display().lower()}
        )
    case.may_reenroll_on = may_reenroll_on
    case.appeal_due_on = appeal_due_on
    case.status = CaseStatus.APPEAL_WINDOW
    case.save()
    suspended = False
    if certification.status == CertificationStatus.ACTIVE:
        case.certification = certification_suspend(
            actor=actor, certification=certification, reason=pending_appeal_reason(case)
        )
        suspended = True
    _event(
        case,
        CaseAction.DECIDED,
        actor,
        reasons,
        decision=decision,
        may_reenroll_on=may_reenroll_on,
        appeal_due_on=appeal_due_on,
        suspended_pending_appeal=suspended,
    )
    _facilitator_email(
        case,
        _("Decision: your certificate is to be decertified"),
        "certification/email/case_decided.txt",
        decision=decision,
        reasons=reasons,
        may_reenroll_on=may_reenroll_on,
        appeal_due_on=appeal_due_on,
        suspended=suspended,
    )
    return case


# --- the appeal ----------------------------------------------------------------------------


@transaction.atomic
def case_appeal(*, actor, case, appeal: str) -> DecertificationCase:
    """The facilitator appeals a decision to decertify to national staff, within the appeal
    window (up to the end of the appeal due date)."""
    case = _locked(case)
    if not permissions.is_case_subject(actor, case):
        raise PermissionDenied(_("Only the facilitator the case is about can appeal."))
    if case.status != CaseStatus.APPEAL_WINDOW:
        raise DomainError(_("This case cannot be appealed now."))
    if not appeal_window_open(case):
        raise DomainError(
            _("The appeal window closed at the end of %(date)s.")
            % {"date": long_date(case.appeal_due_on)}
        )
    appeal = require_text(appeal, "appeal", _("Write why you appeal the decision."))
    case.appeal = appeal
    case.appealed_at = timezone.now()
    case.status = CaseStatus.APPEALED
    case.save(update_fields=["appeal", "appealed_at", "status"])
    _event(case, CaseAction.APPEALED, actor, appeal)
    certification = case.certification
    notify(
        to=_national_staff_emails([case.decided_by_id, certification.person_id]),
        subject=_("Appeal to decide: case %(case)s") % {"case": case.pk},
        template="certification/email/case_appealed.txt",
        context={
            "name": certification.person.full_name,
            "program": certification.program.title,
            "case_id": case.pk,
            "case_url": case_url(case),
        },
    )
    return case


@transaction.atomic
def case_decide_appeal(*, actor, case, decision: str, reasons: str) -> DecertificationCase:
    """National staff (not whoever made the first decision) decide an appeal; final.

    Upholding applies the decision to decertify; overturning keeps the certificate and lifts
    the suspension that waited for the appeal.
    """
    case = _locked(case)
    if not permissions.can_decide_appeal(actor, case):
        raise PermissionDenied(_("You cannot decide this appeal."))
    if case.status != CaseStatus.APPEALED:
        raise DomainError(_("There is no appeal waiting on this case."))
    if decision not in AppealDecision.values:
        raise DomainError({"decision": _("Choose whether to uphold or overturn the decision.")})
    reasons = require_text(
        reasons,
        "reasons",
        _("Give the reasons for the appeal decision. The facilitator reads them."),
    )
    case.appeal_decision = decision
    case.appeal_reasons = reasons
    case.appeal_decided_by = actor
    case.appeal_decided_at = timezone.now()
    case.save()
    _event(case, CaseAction.APPEAL_DECIDED, actor, reasons, decision=decision)
    final = case.decision if decision == AppealDecision.UPHOLD else CaseDecision.KEEP
    _facilitator_email(
        case,
        _("Your appeal has been decided"),
        "certification/email/case_appeal_decided.txt",
        appeal_decision=decision,
        reasons=reasons,
        final_decision=final,
        may_reenroll_on=case.may_reenroll_on,
    )
    return apply_final_decision(case, actor=actor, final_decision=final)


# --- closing -------------------------------------------------------------------------------


@transaction.atomic
def case_close_unappealed(*, case) -> DecertificationCase | None:
    """The sweep: once the appeal window has passed without an appeal, the decision is final.

    Returns None, changing nothing, when the case is not (or no longer) due: appealed,
    already closed by a sweep running at the same time, or still within its window.
    """
    case = _locked(case)
    if case.status != CaseStatus.APPEAL_WINDOW or appeal_window_open(case):
        return None
    _facilitator_email(
        case,
        _("Your decertification case is closed"),
        "certification/email/case_closed.txt",
        final_decision=case.decision,
        appeal_due_on=case.appeal_due_on,
        may_reenroll_on=case.may_reenroll_on,
    )
    return apply_final_decision(
        case, actor=None, final_decision=case.decision, system_cause=SystemCause.CASE_DEADLINE
    )
