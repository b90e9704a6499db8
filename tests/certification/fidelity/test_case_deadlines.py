"""Due-process deadlines with time travel (time-machine), in the site's time zone.

- No decision before the response window closes (the end of the due date) unless the
  facilitator has responded; a response is refused once the window has closed.
- An appeal is accepted only within its window, which counts business days (weekends skipped)
  and includes its last day.
- The daily sweep makes an unappealed decision final once, even when run twice.
"""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from certification.errors import DomainError
from certification.models import CaseStatus, CertificationStatus, SystemCause
from certification.services.fidelity.cases import (
    case_appeal,
    case_close_unappealed,
    case_decide,
    case_respond,
)
from certification.services.sweep import run_sweep

from .test_case_services import (
    NEXT_YEAR,
    OPENED,
    REASONS,
    RESPONSE_DUE,
    at,
    issue_on_fixed_date,
    open_case,
)

DAY_AFTER_DUE = RESPONSE_DUE + datetime.timedelta(days=1)
DECIDED_ON = datetime.date(2027, 3, 5)  # a Friday
APPEAL_DUE = datetime.date(2027, 3, 19)  # ten business days later, a Friday


@pytest.fixture
def certification(facilitator, program, cleveland):
    return issue_on_fixed_date(facilitator, program, cleveland)


@pytest.fixture
def case(certification, ohio_trainer):
    return open_case(certification, ohio_trainer)


def decide(case, actor, decision="decertify"):
    return case_decide(
        actor=actor,
        case=case,
        decision=decision,
        reasons=REASONS,
        may_reenroll_on=NEXT_YEAR if decision == "decertify" else None,
    )


# --- the response window -------------------------------------------------------------------


def test_no_decision_before_the_window_closes(case, ohio_trainer):
    for day, hour in ((OPENED, 10), (RESPONSE_DUE - datetime.timedelta(days=1), 12)):
        with at(day, hour), pytest.raises(DomainError) as error:
            decide(case, ohio_trainer)
        assert "March 3, 2027" in " ".join(error.value.messages)
    # The window includes its whole last day.
    with at(RESPONSE_DUE, 23, 59), pytest.raises(DomainError):
        decide(case, ohio_trainer)
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_RESPONSE
    assert case.decided_at is None


def test_decision_allowed_once_the_window_has_closed_without_a_response(case, ohio_trainer):
    with at(DAY_AFTER_DUE, 0, 1):
        case = decide(case, ohio_trainer)
    assert case.status == CaseStatus.APPEAL_WINDOW
    assert case.response == ""


def test_decision_allowed_at_once_after_a_response(case, facilitator, ohio_trainer):
    with at(OPENED, 11):
        case_respond(actor=facilitator, case=case, response="My side of it.")
    with at(OPENED, 15):
        case = decide(case, ohio_trainer)
    assert case.status == CaseStatus.APPEAL_WINDOW


def test_response_accepted_until_the_end_of_the_due_date(case, facilitator):
    with at(RESPONSE_DUE, 23, 59):
        case = case_respond(actor=facilitator, case=case, response="Just in time.")
    assert case.status == CaseStatus.AWAITING_DECISION


def test_response_refused_after_the_window(case, facilitator):
    with at(DAY_AFTER_DUE, 0, 1), pytest.raises(DomainError) as error:
        case_respond(actor=facilitator, case=case, response="Too late.")
    assert "closed at the end of March 3, 2027" in " ".join(error.value.messages)
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_RESPONSE
    assert case.response == ""


# --- the appeal window ---------------------------------------------------------------------


@pytest.fixture
def decided_case(case, ohio_trainer):
    with at(DECIDED_ON):
        return decide(case, ohio_trainer)


def test_the_appeal_window_counts_business_days(decided_case):
    # Friday March 5 + 10 business days: the weekends of the 6th/7th and 13th/14th skipped.
    assert decided_case.appeal_due_on == APPEAL_DUE


def test_appeal_accepted_on_its_last_day(decided_case, facilitator):
    with at(APPEAL_DUE, 23, 59):
        case = case_appeal(actor=facilitator, case=decided_case, appeal="Please reconsider.")
    assert case.status == CaseStatus.APPEALED


def test_appeal_refused_after_its_window(decided_case, facilitator):
    # Ten calendar days would still be open; ten business days ended on Friday.
    with at(datetime.date(2027, 3, 22), 9), pytest.raises(DomainError) as error:
        case_appeal(actor=facilitator, case=decided_case, appeal="Please reconsider.")
    assert "March 19, 2027" in " ".join(error.value.messages)
    decided_case.refresh_from_db()
    assert decided_case.status == CaseStatus.APPEAL_WINDOW


def test_no_appeal_before_a_decision(case, facilitator):
    with at(OPENED), pytest.raises(DomainError):
        case_appeal(actor=facilitator, case=case, appeal="Pre-emptive.")


def test_only_the_subject_appeals_even_in_the_window(decided_case, cleveland_coordinator):
    with at(APPEAL_DUE), pytest.raises(PermissionDenied):
        case_appeal(actor=cleveland_coordinator, case=decided_case, appeal="On their behalf.")


# --- closing by the sweep ------------------------------------------------------------------


def test_closing_waits_for_the_window_to_pass(decided_case):
    with at(APPEAL_DUE, 23, 59):
        assert case_close_unappealed(case=decided_case) is None
    decided_case.refresh_from_db()
    assert decided_case.status == CaseStatus.APPEAL_WINDOW


def sweep_on(day, capture) -> str:
    with at(day, 6), capture(execute=True):
        out = StringIO()
        call_command("certification_sweep", stdout=out)
    return out.getvalue()


def test_the_sweep_closes_an_unappealed_case_once(
    decided_case,
    certification,
    facilitator,
    cleveland_coordinator,
    django_capture_on_commit_callbacks,
):
    with at(APPEAL_DUE, 6):
        assert run_sweep().closed_cases == []
    mail.outbox.clear()
    day_after = APPEAL_DUE + datetime.timedelta(days=1)
    first = sweep_on(day_after, django_capture_on_commit_callbacks)
    assert "1 decertification cases closed unappealed" in first
    second = sweep_on(day_after, django_capture_on_commit_callbacks)
    assert "0 decertification cases closed unappealed" in second
    decided_case.refresh_from_db()
    assert decided_case.status == CaseStatus.CLOSED
    assert decided_case.final_decision == "decertify"
    assert decided_case.events.filter(action="closed").count() == 1
    closed = decided_case.events.get(action="closed")
    assert closed.actor is None
    assert closed.system_cause == SystemCause.CASE_DEADLINE
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.DECERTIFIED
    assert certification.history.filter(action="decertify").count() == 1
    assert certification.history.last().actor is None  # applied by the sweep
    assert certification.history.last().system_cause == SystemCause.CASE_DEADLINE
    closed_mail = [m for m in mail.outbox if "case is closed" in m.subject]
    assert [m.to for m in closed_mail] == [[facilitator.email]]
    assert len([m for m in mail.outbox if cleveland_coordinator.email in m.to]) == 1


def test_the_sweep_leaves_an_appealed_case_to_national_staff(decided_case, facilitator):
    with at(APPEAL_DUE):
        case_appeal(actor=facilitator, case=decided_case, appeal="Please reconsider.")
    with at(APPEAL_DUE + datetime.timedelta(days=30)):
        assert run_sweep().closed_cases == []
    decided_case.refresh_from_db()
    assert decided_case.status == CaseStatus.APPEALED
