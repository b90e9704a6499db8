"""Decertification case steps at the same moment, on PostgreSQL: two deciders, a decision
meeting the facilitator's response, two appeal decisions, an appeal meeting the daily job
that closes unappealed cases, and a decision meeting a trainer's own suspension.

Due process is only fair if each step happens once: one decision (the facilitator is told
one outcome), one appeal decision, one closing. Every step locks the case row and checks
again under the lock; the loser is refused in words, never with a second row or a page
error. The clock: Frank's certificate is issued on January 4, 2027, the case opened on
Monday, February 1, 2027, and his response is due by the end of March 3.
"""

import datetime

import pytest
from django.core import mail

from certification.errors import DomainError
from certification.models import (
    CaseAction,
    CaseStatus,
    CertificationAction,
    CertificationStatus,
    Concern,
    ConcernSeverity,
    ConcernStatus,
    Role,
)
from certification.services import certificates
from certification.services.fidelity import cases
from certification.services.sweep import run_sweep
from tests.certification.conftest import issue, postgresql_only
from tests.certification.races import at, at_once, errors, held_up, messages
from tests.factories import UserFactory, grant

ISSUED = datetime.date(2027, 1, 4)
OPENED = datetime.date(2027, 2, 1)
RESPONDED = datetime.date(2027, 2, 8)
RESPONSE_DUE = datetime.date(2027, 3, 3)
DECIDED = datetime.date(2027, 2, 10)
NEXT_YEAR = datetime.date(2028, 3, 1)
REASONS = "Repeated medical advice after coaching."

race = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def certificate(facilitator, program, cleveland):
    with at(ISSUED):
        return issue(facilitator, program, cleveland)


@pytest.fixture
def case(certificate, ohio_trainer):
    """A case about Frank's certificate, opened by the Ohio trainer, waiting for his answer."""
    concern = Concern.objects.create(
        certification=certificate,
        subject=certificate.person,
        affiliate=certificate.affiliate,
        program=certificate.program,
        category="medical_advice",
        what_happened="Told a member to change their medication.",
        setting="group",
        status=ConcernStatus.UNDER_REVIEW,
        severity=ConcernSeverity.HIGH,
        owner=ohio_trainer,
    )
    with at(OPENED):
        return cases.case_open(actor=ohio_trainer, concern=concern, allegation="Dosage advice.")


@pytest.fixture
def answered(case, facilitator):
    with at(RESPONDED):
        return cases.case_respond(actor=facilitator, case=case, response="A misunderstanding.")


def decide(case, actor, decision="decertify"):
    return cases.case_decide(
        actor=actor,
        case=case,
        decision=decision,
        reasons=REASONS,
        may_reenroll_on=NEXT_YEAR if decision == "decertify" else None,
    )


@pytest.fixture
def appealed(answered, ohio_trainer, facilitator):
    with at(DECIDED):
        decided = decide(answered, ohio_trainer)
        return cases.case_appeal(actor=facilitator, case=decided, appeal="The facts are wrong.")


@pytest.fixture
def second_national(tree):
    user = UserFactory(full_name="Noor Haddad")
    grant(user, tree["national"], Role.NATIONAL_STAFF)
    return user


def steps(case, action):
    return case.events.filter(action=action).count()


def emails_about(words):
    return [message for message in mail.outbox if words in message.subject]


@race
@postgresql_only
def test_two_deciders_at_once_make_one_decision(
    monkeypatch, answered, ohio_trainer, national_staff, certificate
):
    """A trainer decides to decertify while national staff decide to keep the certificate:
    one decision stands, the facilitator reads one, and the other decider is told."""
    held_up(monkeypatch, cases, "decision_allowed")  # after the case is locked and read
    mail.outbox.clear()
    with at(DECIDED):
        outcomes = at_once(
            lambda: decide(answered, ohio_trainer, "decertify"),
            lambda: decide(answered, national_staff, "keep"),
        )
    (refusal,) = errors(outcomes)
    assert isinstance(refusal, DomainError)
    assert messages(refusal) == "This case has already been decided."
    answered.refresh_from_db()
    certificate.refresh_from_db()
    assert steps(answered, CaseAction.DECIDED) == 1
    assert len(emails_about("Decision:")) == 1
    if answered.decision == "keep":
        assert (answered.status, certificate.status) == (CaseStatus.CLOSED, "active")
    else:
        assert (answered.status, certificate.status) == (CaseStatus.APPEAL_WINDOW, "suspended")
    assert certificate.history.filter(action=CertificationAction.SUSPEND).count() == (
        answered.decision == "decertify"
    )


@race
@postgresql_only
def test_a_decision_and_the_response_on_the_last_day_meet_in_order(case, facilitator, ohio_trainer):
    """On the response due date a decision is allowed only once Frank has answered: either
    the decision comes after his response, or it is refused until then."""
    with at(RESPONSE_DUE):
        responded, decided = at_once(
            lambda: cases.case_respond(actor=facilitator, case=case, response="I disagree."),
            lambda: decide(case, ohio_trainer),
        )
    assert not isinstance(responded, Exception)
    case.refresh_from_db()
    assert steps(case, CaseAction.RESPONDED) == 1
    if isinstance(decided, Exception):
        assert "No decision before the response window closes" in messages(decided)
        assert case.status == CaseStatus.AWAITING_DECISION
    else:
        timeline = list(case.events.order_by("created_at", "id").values_list("action", flat=True))
        assert timeline == [CaseAction.OPENED, CaseAction.RESPONDED, CaseAction.DECIDED]
        assert case.status == CaseStatus.APPEAL_WINDOW


@race
@postgresql_only
def test_two_appeal_decisions_at_once_decide_once(
    monkeypatch, appealed, national_staff, second_national, cleveland_coordinator, certificate
):
    held_up(monkeypatch, cases, "require_text")  # after the case is locked and read
    mail.outbox.clear()
    with at(DECIDED + datetime.timedelta(days=7)):
        outcomes = at_once(
            lambda: cases.case_decide_appeal(
                actor=national_staff, case=appealed, decision="uphold", reasons="Facts stand."
            ),
            lambda: cases.case_decide_appeal(
                actor=second_national, case=appealed, decision="overturn", reasons="Unclear."
            ),
        )
    (refusal,) = errors(outcomes)
    assert messages(refusal) == "There is no appeal waiting on this case."
    appealed.refresh_from_db()
    certificate.refresh_from_db()
    assert steps(appealed, CaseAction.APPEAL_DECIDED) == 1
    assert steps(appealed, CaseAction.CLOSED) == 1
    assert len(emails_about("Your appeal has been decided")) == 1
    assert len(emails_about("final outcome")) == 1  # to the Cleveland coordinator
    expected = "decertified" if appealed.appeal_decision == "uphold" else "active"
    assert certificate.status == expected
    decertified = certificate.history.filter(action=CertificationAction.DECERTIFY).count()
    reinstated = certificate.history.filter(action=CertificationAction.REINSTATE).count()
    assert (decertified, reinstated) == ((1, 0) if expected == "decertified" else (0, 1))


@race
@postgresql_only
@pytest.mark.parametrize("days_after_due", [0, 1], ids=["last_day", "day_after"])
def test_an_appeal_and_the_daily_job_at_once_settle_the_case_once(
    answered, ohio_trainer, facilitator, certificate, days_after_due
):
    """On the last day of the appeal window the appeal is heard and the job closes nothing;
    the day after, the job makes the decision final once and the late appeal is refused."""
    with at(DECIDED):
        decided = decide(answered, ohio_trainer)
    mail.outbox.clear()
    with at(decided.appeal_due_on + datetime.timedelta(days=days_after_due)):
        appeal, sweep = at_once(
            lambda: cases.case_appeal(actor=facilitator, case=decided, appeal="Not fair."),
            run_sweep,
        )
    assert not isinstance(sweep, Exception)
    decided.refresh_from_db()
    certificate.refresh_from_db()
    if days_after_due == 0:
        assert not isinstance(appeal, Exception)
        assert sweep.closed_cases == []
        assert decided.status == CaseStatus.APPEALED
        assert certificate.status == CertificationStatus.SUSPENDED
    else:
        assert isinstance(appeal, DomainError)
        assert messages(appeal) in (
            "This case cannot be appealed now.",
            "The appeal window closed at the end of February 24, 2027.",
        )
        assert sweep.closed_cases == [decided.pk]
        assert decided.status == CaseStatus.CLOSED
        assert certificate.status == CertificationStatus.DECERTIFIED
        assert len(emails_about("is closed")) == 1
    assert steps(decided, CaseAction.APPEALED) == (days_after_due == 0)
    assert steps(decided, CaseAction.CLOSED) == (days_after_due == 1)


@race
@postgresql_only
def test_a_decision_to_decertify_and_a_trainer_suspending_at_once_both_hold(
    monkeypatch, answered, ohio_trainer, national_staff, certificate
):
    """The decision suspends the certificate until it is final; a trainer suspending it at
    the same moment must not make the decision fail. One suspension, the decision stands."""
    held_up(monkeypatch, cases, "decision_allowed")  # the case read, the certificate not yet
    with at(DECIDED):
        decision, suspension = at_once(
            lambda: decide(answered, ohio_trainer),
            lambda: certificates.certification_suspend(
                actor=national_staff, certification=certificate, reason="Urgent: safety."
            ),
        )
    assert not isinstance(decision, Exception), decision
    if isinstance(suspension, Exception):  # the decision suspended it first
        assert messages(suspension) == "A certification that is suspended cannot be suspended."
    answered.refresh_from_db()
    certificate.refresh_from_db()
    assert answered.status == CaseStatus.APPEAL_WINDOW
    assert certificate.status == CertificationStatus.SUSPENDED
    assert certificate.history.filter(action=CertificationAction.SUSPEND).count() == 1
    (decided,) = answered.events.filter(action=CaseAction.DECIDED)
    assert decided.details["suspended_pending_appeal"] is isinstance(suspension, Exception)
