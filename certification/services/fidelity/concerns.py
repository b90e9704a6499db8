"""Fidelity concerns: reported, triaged, reviewed and resolved, each step one service call.

A concern moves received → triaged → under review → resolved. Which step may follow which is
data (`CONCERN_TRANSITIONS`), as for certifications; anything else is refused with a domain
error. Every change writes its `ConcernEvent` in the same transaction, so the timeline is the
whole story.

Who does what (the checks live in `certification/permissions.py`):

- anyone may report: signed in (`actor` is the reporter) or through the public form
  (`actor` is None), about a live certificate (active, suspended or on leave), never their own,
  or about a facilitator described by name, program and affiliate when they do not know the
  number (`concern_reports.py`); a reviewer then links that report to a certificate
  (`concern_links.py`);
- reviewers of the affiliate (its coordinators, the state's trainers, national staff) read the
  concern and add notes and contacts (`can_add_concern_note`);
- trainers of the state and national staff triage, start the review, suspend pending review
  and resolve (`can_manage_concern`).

Decisions made here (see the functions for the why):

- the **owner** set at triage must be someone who can manage the concern (a trainer of the
  state or national staff), so the person answerable for it can also carry it to an outcome;
  coordinators follow it through notes and contacts;
- a concern may be triaged again (new severity or owner) while triaged or under review;
- **suspension pending review** is for concerns that are urgent or about safety, at any open
  step (a safety report can be acted on the day it arrives, before triage);
- resolving as unfounded, no action or **coaching** lifts a suspension made pending review by
  this same concern (coaching means the facilitator keeps practicing, with a plan); a later,
  unrelated suspension is left alone;
- a concern **not linked** to a certificate yet (reported without a number) can be triaged,
  reviewed, noted and resolved as unfounded or no action; whatever acts on a certificate (a
  suspension pending review, coaching, a suspension, a decertification case) waits until a
  reviewer links it, because until then nobody knows whose certificate it would be.

Beside this module: `concern_reports.py` takes reports, `attachments.py` checks and keeps the
files a report carries, `concern_notices.py` tells the reporter and the reviewers that a report
arrived, and `concern_links.py` links a report made without a number to its certificate.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ... import permissions
from ...errors import DomainError, require_text
from ...models import (
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    Concern,
    ConcernAction,
    ConcernCategory,
    ConcernEvent,
    ConcernOutcome,
    ConcernSeverity,
    ConcernStatus,
    caused_by,
)
from ..certificates import certification_reinstate, certification_suspend
from .cases import case_open
from .concern_reports import concern_report  # noqa: F401  (reporting lives there)
from .plans import improvement_plan_create

S = ConcernStatus

# (current status, step) → next status. Anything not listed is refused.
CONCERN_TRANSITIONS = {
    (S.RECEIVED, "triage"): S.TRIAGED,
    (S.TRIAGED, "triage"): S.TRIAGED,  # a new severity or owner
    (S.UNDER_REVIEW, "triage"): S.UNDER_REVIEW,
    (S.TRIAGED, "start_review"): S.UNDER_REVIEW,
    (S.RECEIVED, "note"): S.RECEIVED,
    (S.TRIAGED, "note"): S.TRIAGED,
    (S.UNDER_REVIEW, "note"): S.UNDER_REVIEW,
    (S.RECEIVED, "suspend"): S.RECEIVED,
    (S.TRIAGED, "suspend"): S.TRIAGED,
    (S.UNDER_REVIEW, "suspend"): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, "resolve"): S.RESOLVED,
    (S.RECEIVED, "link"): S.RECEIVED,
    (S.TRIAGED, "link"): S.TRIAGED,
    (S.UNDER_REVIEW, "link"): S.UNDER_REVIEW,
}

STEP_NAMES = {
    "triage": gettext_lazy("triaged"),
    "start_review": gettext_lazy("put under review"),
    "note": gettext_lazy("given new notes"),
    "suspend": gettext_lazy("used to suspend the certificate"),
    "resolve": gettext_lazy("resolved"),
    "link": gettext_lazy("linked to a certificate"),
}

# Outcomes that act on the facilitator's certificate, so they need a linked concern.
OUTCOMES_NEEDING_A_CERTIFICATE = (
    ConcernOutcome.COACHING,
    ConcernOutcome.SUSPENSION,
    ConcernOutcome.DECERTIFICATION_CASE,
)

# Outcomes after which a suspension made pending review by the same concern is lifted.
REINSTATING_OUTCOMES = (ConcernOutcome.UNFOUNDED, ConcernOutcome.NO_ACTION, ConcernOutcome.COACHING)

NOTE_KINDS = {"note": ConcernAction.NOTE, "contact": ConcernAction.CONTACT}

MAX_TEXT = 10_000


def _next_status(concern, step) -> str:
    next_status = CONCERN_TRANSITIONS.get((ConcernStatus(concern.status), step))
    if next_status is None:
        raise DomainError(
            _("A concern that is %(status)s cannot be %(step)s.")
            % {"status": concern.get_status_display().lower(), "step": STEP_NAMES[step]}
        )
    return next_status


def _locked(concern) -> Concern:
    # Lock the concern row only: its certificate may be empty (a report without a number), and
    # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join. Services that change
    # the certificate lock it themselves.
    return (
        Concern.objects.select_for_update(of=("self",))
        .select_related("certification", "subject", "affiliate", "program")
        .get(pk=concern.pk)
    )


def _require_text(value, field, message, max_length=MAX_TEXT):
    return require_text(value, field, message, max_length=max_length)


def _require_manager(actor, concern):
    if actor is None or not permissions.can_manage_concern(actor, concern):
        raise PermissionDenied(_("Only a trainer of the state or national staff can do this."))


def require_linked(concern, field=None):
    """Refuse what acts on a certificate while the concern is not linked to one."""
    if not concern.is_linked:
        message = _(
            "Link this concern to the facilitator's certificate first. Until then it can only "
            "be resolved as unfounded or no action needed."
        )
        raise DomainError({field: message} if field else message)


def _event(concern, action, actor, text="", **details):
    return ConcernEvent.objects.create(
        concern=concern, action=action, **caused_by(actor), text=text, details=details
    )


# --- the review ----------------------------------------------------------------------------


@transaction.atomic
def concern_triage(*, actor, concern, severity, owner) -> Concern:
    """Set how serious a concern is and who owns it (again, to change either).

    The owner must be able to manage the concern (a trainer of the state or national staff),
    so whoever answers for it can also decide it.
    """
    _require_manager(actor, concern)
    concern = _locked(concern)
    next_status = _next_status(concern, "triage")
    if severity not in ConcernSeverity.values:
        raise DomainError({"severity": _("Choose how serious this is.")})
    if owner is None:
        raise DomainError({"owner": _("Choose who owns this concern.")})
    if not permissions.concern_owner_choices(concern).filter(pk=owner.pk).exists():
        raise DomainError(
            {"owner": _("The owner must be a trainer of the state or national staff.")}
        )
    previous = {"severity": concern.severity, "owner": concern.owner_id}
    concern.status = next_status
    concern.severity = severity
    concern.owner = owner
    concern.save(update_fields=["status", "severity", "owner"])
    _event(
        concern,
        ConcernAction.TRIAGED,
        actor,
        severity=severity,
        owner=owner.pk,
        owner_name=owner.full_name,
        previous=previous if previous["severity"] else None,
    )
    return concern


@transaction.atomic
def concern_review_start(*, actor, concern) -> Concern:
    """Start the review of a triaged concern: notes and contacts follow, then an outcome."""
    _require_manager(actor, concern)
    concern = _locked(concern)
    concern.status = _next_status(concern, "start_review")
    concern.save(update_fields=["status"])
    _event(concern, ConcernAction.REVIEW_STARTED, actor)
    return concern


@transaction.atomic
def concern_note_add(*, actor, concern, text, kind="note") -> ConcernEvent:
    """Add a note, or a record of a contact (a call, a meeting), to an open concern's
    timeline. Every reviewer of the concern may; the reporter never reads these."""
    if actor is None or not permissions.can_add_concern_note(actor, concern):
        raise PermissionDenied(_("You cannot add notes to this concern."))
    if kind not in NOTE_KINDS:
        raise DomainError({"kind": _("Choose a note or a contact.")})
    text = _require_text(text, "text", _("Write the note."))
    concern = _locked(concern)
    _next_status(concern, "note")
    return _event(concern, NOTE_KINDS[kind], actor, text=text)


def may_suspend_pending_review(concern) -> bool:
    """Only an urgent concern, or one about safety, may suspend the certificate before the
    review ends: anything less waits for the outcome."""
    return concern.severity == ConcernSeverity.URGENT or concern.category == ConcernCategory.SAFETY


@transaction.atomic
def concern_suspend_pending_review(*, actor, concern, reason) -> Concern:
    """Suspend the certificate at once while an urgent or safety concern is reviewed.

    The certification's own history records the suspension (the reason names the concern's
    reference); the concern's timeline records which history entry it was, so resolving the
    concern as unfounded can lift exactly this suspension.
    """
    _require_manager(actor, concern)
    reason = _require_text(reason, "reason", _("Give a reason. It is kept in the history."))
    concern = _locked(concern)
    _next_status(concern, "suspend")
    require_linked(concern)
    if not may_suspend_pending_review(concern):
        raise DomainError(
            _("Only an urgent concern, or one about safety, can suspend the certificate now.")
        )
    certification = concern.certification
    if certification.status != CertificationStatus.ACTIVE:
        raise DomainError(
            _("The certificate is %(status)s, so it cannot be suspended now.")
            % {"status": certification.get_status_display().lower()}
        )
    full_reason = _("%(reason)s (pending review of concern %(reference)s)") % {
        "reason": reason,
        "reference": concern.reference,
    }
    certification = certification_suspend(
        actor=actor, certification=certification, reason=full_reason
    )
    history = certification.history.filter(action=CertificationAction.SUSPEND).latest(
        "created_at", "id"
    )
    _event(concern, ConcernAction.SUSPENDED, actor, text=reason, certification_event=history.pk)
    concern.certification = certification
    return concern


def _suspended_pending_review_by(concern) -> bool:
    """Whether the certificate is suspended now by this concern's suspension pending review
    (and not by a later one)."""
    certification = concern.certification
    if certification is None or certification.status != CertificationStatus.SUSPENDED:
        return False
    ours = ConcernEvent.objects.filter(concern=concern, action=ConcernAction.SUSPENDED).values_list(
        "details__certification_event", flat=True
    )
    latest = (
        CertificationEvent.objects.filter(
            certification=certification, action=CertificationAction.SUSPEND
        )
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    return latest is not None and latest in set(ours)


@transaction.atomic
def concern_resolve(
    *,
    actor,
    concern,
    outcome,
    summary,
    plan_actions=None,
    plan_due_on: datetime.date | None = None,
    allegation=None,
    suspension_reason=None,
) -> Concern:
    """Close the review with an outcome, and apply it.

    - unfounded, no action: nothing more (a suspension pending review by this concern is
      lifted);
    - coaching: an improvement plan for the facilitator (`plan_actions`, `plan_due_on`); a
      suspension pending review by this concern is lifted;
    - suspension: the certificate is suspended (it stays so if already suspended);
    - decertification case: a case opens with written notice (`allegation`), see `cases.py`.

    The outcome summary is for reviewers; the reporter only ever sees "resolved".
    """
    _require_manager(actor, concern)
    concern = _locked(concern)
    next_status = _next_status(concern, "resolve")
    if outcome not in ConcernOutcome.values:
        raise DomainError({"outcome": _("Choose an outcome.")})
    if outcome in OUTCOMES_NEEDING_A_CERTIFICATE:
        require_linked(concern, "outcome")
    summary = _require_text(summary, "summary", _("Sum up what the review found."))
    certification = concern.certification
    details = {"outcome": outcome}
    if outcome in REINSTATING_OUTCOMES and _suspended_pending_review_by(concern):
        certification_reinstate(
            actor=actor,
            certification=certification,
            reason=_("Concern %(reference)s resolved: %(outcome)s.")
            % {
                "reference": concern.reference,
                "outcome": ConcernOutcome(outcome).label.lower(),
            },
        )
        details["reinstated"] = True
    if outcome == ConcernOutcome.COACHING:
        plan = _coaching_plan(actor, concern, plan_actions, plan_due_on)
        details["plan"] = plan.pk
    elif outcome == ConcernOutcome.SUSPENSION:
        if certification.status == CertificationStatus.SUSPENDED:
            details["already_suspended"] = True
        elif certification.status == CertificationStatus.ACTIVE:
            reason = _require_text(
                suspension_reason,
                "suspension_reason",
                _("Give the reason for the suspension. It is sent to the facilitator."),
            )
            certification_suspend(
                actor=actor,
                certification=certification,
                reason=_("%(reason)s (concern %(reference)s)")
                % {"reason": reason, "reference": concern.reference},
            )
        else:
            raise DomainError(
                _("The certificate is %(status)s, so it cannot be suspended.")
                % {"status": certification.get_status_display().lower()}
            )
    elif outcome == ConcernOutcome.DECERTIFICATION_CASE:
        case = case_open(actor=actor, concern=concern, allegation=allegation)
        details["case"] = case.pk
    concern.status = next_status
    concern.outcome = outcome
    concern.outcome_summary = summary
    concern.resolved_at = timezone.now()
    concern.save(update_fields=["status", "outcome", "outcome_summary", "resolved_at"])
    _event(concern, ConcernAction.RESOLVED, actor, text=summary, **details)
    return concern


def _coaching_plan(actor, concern, plan_actions, plan_due_on):
    """The improvement plan of a coaching outcome; its errors name this form's fields."""
    if not (plan_actions or "").strip():
        raise DomainError({"plan_actions": _("Say what the facilitator will do.")})
    if plan_due_on is None:
        raise DomainError({"plan_due_on": _("Give a date to follow up by.")})
    try:
        return improvement_plan_create(
            actor=actor,
            facilitator=concern.subject,
            affiliate=concern.affiliate,
            actions=plan_actions,
            due_on=plan_due_on,
            concern=concern,
        )
    except DomainError as error:
        if hasattr(error, "error_dict"):
            renamed = {"actions": "plan_actions", "due_on": "plan_due_on"}
            raise DomainError(
                {renamed.get(field, field): errors for field, errors in error.error_dict.items()}
            ) from error
        raise
