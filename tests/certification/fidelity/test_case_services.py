"""Decertification case services: who may take each step, the transitions and refusals, the
outcome applied to the certification with its history, and who is told what.

The clock is fixed with time-machine: the certificate is issued on January 4, 2027 and the
case opened on Monday, February 1, 2027, so its response is due by the end of March 3.
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from certification.dates import add_business_days
from certification.errors import DomainError
from certification.models import (
    CaseAction,
    CaseStatus,
    CertificationStatus,
    Concern,
    ConcernAction,
    ConcernCategory,
    ConcernEvent,
    ConcernSetting,
    ConcernSeverity,
    ConcernStatus,
    Role,
)
from certification.services.certificates import (
    certification_leave,
    certification_suspend,
)
from certification.services.fidelity.case_deadlines import APPEAL_WINDOW_BUSINESS_DAYS
from certification.services.fidelity.case_outcomes import pending_appeal_reason
from certification.services.fidelity.cases import (
    case_appeal,
    case_decide,
    case_decide_appeal,
    case_open,
    case_respond,
)
from tests.certification.conftest import issue
from tests.factories import UserFactory, grant

EASTERN = zoneinfo.ZoneInfo("America/New_York")
ISSUED = datetime.date(2027, 1, 4)
OPENED = datetime.date(2027, 2, 1)  # a Monday
RESPONSE_DUE = datetime.date(2027, 3, 3)
ALLEGATION = "Gave dosage advice to a group member (Quince-7781)."
REASONS = "Repeated medical advice after coaching (Marigold-5512)."
NEXT_YEAR = datetime.date(2028, 3, 1)


def at(day, hour=10, minute=0):
    """Travel to `day` at `hour`:`minute` in the site's time zone, the clock standing still."""
    moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=EASTERN)
    return time_machine.travel(moment, tick=False)


def make_concern(certification, **fields):
    """A concern under review about `certification` (written directly: the concern services
    are tested on their own)."""
    values = {
        "certification": certification,
        "subject": certification.person,
        "affiliate": certification.affiliate,
        "program": certification.program,
        "category": ConcernCategory.MEDICAL_ADVICE,
        "what_happened": "Told a member to change their medication.",
        "setting": ConcernSetting.GROUP,
        "status": ConcernStatus.UNDER_REVIEW,
        "severity": ConcernSeverity.HIGH,
        **fields,
    }
    if "owner" not in values:
        values["owner"] = UserFactory()
    return Concern.objects.create(**values)


def open_case(certification, actor, *, on=OPENED, **kwargs):
    with at(on):
        return case_open(
            actor=actor, concern=make_concern(certification), allegation=ALLEGATION, **kwargs
        )


def issue_on_fixed_date(facilitator, program, affiliate):
    with at(ISSUED):
        return issue(facilitator, program, affiliate)


@pytest.fixture
def certification(facilitator, program, cleveland):
    """Frank's active certificate with Cleveland, issued on a fixed date (valid 24 months)."""
    return issue_on_fixed_date(facilitator, program, cleveland)


@pytest.fixture
def case(certification, ohio_trainer):
    return open_case(certification, ohio_trainer)


@pytest.fixture
def second_national(tree):
    user = UserFactory(full_name="Noor Haddad")
    grant(user, tree["national"], Role.NATIONAL_STAFF)
    return user


def responded(case, facilitator, on=OPENED + datetime.timedelta(days=5)):
    with at(on):
        return case_respond(actor=facilitator, case=case, response="It was a misunderstanding.")


def decided(case, actor, decision="decertify", on=OPENED + datetime.timedelta(days=5), **kw):
    with at(on):
        return case_decide(
            actor=actor,
            case=case,
            decision=decision,
            reasons=REASONS,
            may_reenroll_on=kw.pop(
                "may_reenroll_on", NEXT_YEAR if decision == "decertify" else None
            ),
            **kw,
        )


def actions(case):
    return list(case.events.order_by("created_at", "id").values_list("action", flat=True))


# --- business days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (datetime.date(2027, 3, 5), 1, datetime.date(2027, 3, 8)),  # Friday → Monday
        (datetime.date(2027, 3, 6), 1, datetime.date(2027, 3, 8)),  # Saturday → Monday
        (datetime.date(2027, 3, 1), 5, datetime.date(2027, 3, 8)),  # Monday → next Monday
        (datetime.date(2027, 3, 5), 10, datetime.date(2027, 3, 19)),  # two weeks
        (datetime.date(2027, 3, 5), 0, datetime.date(2027, 3, 5)),
    ],
)
def test_add_business_days_skips_weekends(start, count, expected):
    assert add_business_days(start, count) == expected


# --- opening -------------------------------------------------------------------------------


def test_opening_sends_written_notice(
    certification, ohio_trainer, facilitator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(certification, ohio_trainer)
    assert case.status == CaseStatus.AWAITING_RESPONSE
    assert case.response_due_on == RESPONSE_DUE
    assert actions(case) == [CaseAction.OPENED]
    assert ConcernEvent.objects.filter(
        concern=case.concern, action=ConcernAction.CASE_OPENED
    ).exists()
    (notice,) = mail.outbox
    assert notice.to == [facilitator.email]
    assert ALLEGATION in notice.body
    assert "March 3, 2027" in notice.body
    assert f"/fidelity/cases/{case.pk}/" in notice.body
    assert "This notice does not\nitself change your certificate's status" in notice.body
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE


def test_only_trainers_and_national_staff_open_cases(
    certification, cleveland_coordinator, facilitator
):
    concern = make_concern(certification)
    for person in (cleveland_coordinator, facilitator):
        with pytest.raises(PermissionDenied):
            case_open(actor=person, concern=concern, allegation=ALLEGATION)


def test_one_open_case_per_certification(certification, ohio_trainer):
    open_case(certification, ohio_trainer)
    with pytest.raises(DomainError):
        open_case(certification, ohio_trainer)


def test_a_custom_response_window(certification, ohio_trainer):
    case = open_case(certification, ohio_trainer, response_days=14)
    assert case.response_due_on == OPENED + datetime.timedelta(days=14)


# --- responding ----------------------------------------------------------------------------


def test_only_the_facilitator_responds(
    case, ohio_trainer, cleveland_coordinator, national_staff, outsider
):
    for person in (ohio_trainer, cleveland_coordinator, national_staff, outsider):
        with at(OPENED), pytest.raises(PermissionDenied):
            case_respond(actor=person, case=case, response="Not mine to give.")


def test_response_moves_the_case_to_a_decision(
    case, facilitator, ohio_trainer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = responded(case, facilitator)
    assert case.status == CaseStatus.AWAITING_DECISION
    assert case.response == "It was a misunderstanding."
    assert actions(case) == [CaseAction.OPENED, CaseAction.RESPONDED]
    assert [m.to for m in mail.outbox] == [[ohio_trainer.email]]
    with at(OPENED + datetime.timedelta(days=6)), pytest.raises(DomainError):
        case_respond(actor=facilitator, case=case, response="And another thing.")


def test_an_empty_response_is_refused(case, facilitator):
    with at(OPENED), pytest.raises(DomainError) as error:
        case_respond(actor=facilitator, case=case, response="   ")
    assert "response" in error.value.error_dict


# --- deciding ------------------------------------------------------------------------------


def test_who_may_decide(
    case,
    facilitator,
    cleveland_coordinator,
    dayton_coordinator,
    texas_trainer,
    outsider,
    ohio_trainer,
    national_staff,
):
    responded(case, facilitator)
    for person in (facilitator, cleveland_coordinator, dayton_coordinator, texas_trainer, outsider):
        with pytest.raises(PermissionDenied):
            decided(case, person)
    case = decided(case, national_staff)
    assert case.decided_by == national_staff


def test_decertify_suspends_until_final_and_opens_the_appeal_window(
    case, facilitator, ohio_trainer, certification, django_capture_on_commit_callbacks
):
    responded(case, facilitator)
    mail.outbox.clear()
    decided_on = datetime.date(2027, 3, 5)  # a Friday
    with django_capture_on_commit_callbacks(execute=True):
        case = decided(case, ohio_trainer, on=decided_on)
    assert case.status == CaseStatus.APPEAL_WINDOW
    assert case.appeal_due_on == add_business_days(decided_on, APPEAL_WINDOW_BUSINESS_DAYS)
    assert case.appeal_due_on == datetime.date(2027, 3, 19)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED
    suspension = certification.history.last()
    assert suspension.action == "suspend"
    assert suspension.reason == f"Pending decertification appeal (case {case.pk})"
    assert suspension.actor == ohio_trainer
    decision_mail = [m for m in mail.outbox if "Decision" in m.subject]
    assert len(decision_mail) == 1
    assert decision_mail[0].to == [facilitator.email]
    assert REASONS in decision_mail[0].body
    assert "March 19, 2027" in decision_mail[0].body
    assert case.events.get(action=CaseAction.DECIDED).details["suspended_pending_appeal"]


def test_decertify_needs_a_reenroll_date_after_the_appeal_window(case, facilitator, ohio_trainer):
    responded(case, facilitator)
    with pytest.raises(DomainError) as error:
        decided(case, ohio_trainer, may_reenroll_on=None)
    assert "may_reenroll_on" in error.value.error_dict
    with pytest.raises(DomainError) as error:
        decided(case, ohio_trainer, may_reenroll_on=OPENED + datetime.timedelta(days=7))
    assert "may_reenroll_on" in error.value.error_dict


def test_a_decision_needs_reasons_and_a_known_decision(case, facilitator, ohio_trainer):
    responded(case, facilitator)
    with at(OPENED + datetime.timedelta(days=5)):
        with pytest.raises(DomainError):
            case_decide(actor=ohio_trainer, case=case, decision="decertify", reasons=" ")
        with pytest.raises(DomainError):
            case_decide(actor=ohio_trainer, case=case, decision="banish", reasons=REASONS)


def test_keep_closes_at_once_and_tells_the_coordinator(
    case,
    facilitator,
    ohio_trainer,
    certification,
    cleveland_coordinator,
    dayton_coordinator,
    django_capture_on_commit_callbacks,
):
    responded(case, facilitator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = decided(case, ohio_trainer, decision="keep")
    assert case.status == CaseStatus.CLOSED
    assert case.final_decision == "keep"
    assert case.closed_at is not None
    assert actions(case)[-2:] == [CaseAction.DECIDED, CaseAction.CLOSED]
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE
    assert certification.history.count() == 1  # issued only: nothing to change
    coordinator_mail = [m for m in mail.outbox if cleveland_coordinator.email in m.to]
    assert len(coordinator_mail) == 1
    assert "the certificate is kept" in coordinator_mail[0].body
    assert REASONS not in coordinator_mail[0].body
    assert not [m for m in mail.outbox if dayton_coordinator.email in m.to]


def test_keep_lifts_a_suspension_from_its_urgent_concern(
    certification, ohio_trainer, facilitator, national_staff
):
    with at(OPENED):
        concern = make_concern(certification, severity=ConcernSeverity.URGENT)
        certification_suspend(
            actor=ohio_trainer, certification=certification, reason="Urgent safety concern"
        )
        ConcernEvent.objects.create(
            concern=concern, action=ConcernAction.SUSPENDED, actor=ohio_trainer
        )
        case = case_open(actor=ohio_trainer, concern=concern, allegation=ALLEGATION)
    responded(case, facilitator)
    decided(case, national_staff, decision="keep")
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE
    reinstated = certification.history.last()
    assert reinstated.action == "reinstate"
    assert f"case {case.pk}" in reinstated.reason
    assert case.events.last().details["applied"] == "reinstate"


def test_keep_leaves_an_unrelated_suspension(certification, ohio_trainer, facilitator):
    case = open_case(certification, ohio_trainer)
    with at(OPENED + datetime.timedelta(days=2)):
        certification_suspend(
            actor=ohio_trainer, certification=certification, reason="Background check lapsed"
        )
    responded(case, facilitator)
    decided(case, ohio_trainer, decision="keep")
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED


def test_decertify_of_an_already_suspended_certificate_adds_no_suspension(
    certification, ohio_trainer, facilitator
):
    with at(OPENED):
        certification_suspend(
            actor=ohio_trainer, certification=certification, reason="Urgent safety concern"
        )
    case = open_case(certification, ohio_trainer)
    responded(case, facilitator)
    case = decided(case, ohio_trainer)
    assert certification.history.filter(action="suspend").count() == 1
    assert not case.events.get(action=CaseAction.DECIDED).details["suspended_pending_appeal"]


def test_leave_is_refused_while_a_case_is_open_so_the_decision_can_be_applied(
    case, facilitator, ohio_trainer, certification
):
    # A certificate on leave cannot be decertified, so leave waits for the case to close.
    with at(OPENED + datetime.timedelta(days=1)), pytest.raises(DomainError, match="case"):
        certification_leave(actor=facilitator, certification=certification)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE
    responded(case, facilitator)
    decided(case, ohio_trainer)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED  # pending the appeal window


def test_a_decided_case_is_not_decided_again(case, facilitator, ohio_trainer, national_staff):
    responded(case, facilitator)
    decided(case, ohio_trainer)
    with pytest.raises(DomainError):
        decided(case, national_staff, on=OPENED + datetime.timedelta(days=6))


# --- appealing -----------------------------------------------------------------------------


@pytest.fixture
def decertify_decided(case, facilitator, ohio_trainer):
    responded(case, facilitator)
    return decided(case, ohio_trainer)


def test_only_the_facilitator_appeals(decertify_decided, ohio_trainer, national_staff):
    for person in (ohio_trainer, national_staff):
        with at(OPENED + datetime.timedelta(days=6)), pytest.raises(PermissionDenied):
            case_appeal(actor=person, case=decertify_decided, appeal="Please reconsider.")


def test_appeal_goes_to_national_staff_other_than_the_decider(
    decertify_decided,
    facilitator,
    national_staff,
    ohio_trainer,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with at(OPENED + datetime.timedelta(days=6)), django_capture_on_commit_callbacks(execute=True):
        case = case_appeal(actor=facilitator, case=decertify_decided, appeal="Please reconsider.")
    assert case.status == CaseStatus.APPEALED
    assert actions(case)[-1] == CaseAction.APPEALED
    assert [m.to for m in mail.outbox] == [[national_staff.email]]


def test_a_kept_certificate_cannot_be_appealed(case, facilitator, ohio_trainer):
    responded(case, facilitator)
    case = decided(case, ohio_trainer, decision="keep")
    with at(OPENED + datetime.timedelta(days=6)), pytest.raises(DomainError):
        case_appeal(actor=facilitator, case=case, appeal="Why?")


@pytest.fixture
def appealed(decertify_decided, facilitator):
    with at(OPENED + datetime.timedelta(days=6)):
        return case_appeal(actor=facilitator, case=decertify_decided, appeal="Please reconsider.")


def test_who_may_decide_an_appeal(
    appealed, facilitator, ohio_trainer, cleveland_coordinator, texas_trainer, second_national
):
    # The first decision was the Ohio trainer's; a state trainer never decides an appeal.
    for person in (facilitator, ohio_trainer, cleveland_coordinator, texas_trainer):
        with at(OPENED + datetime.timedelta(days=8)), pytest.raises(PermissionDenied):
            case_decide_appeal(actor=person, case=appealed, decision="uphold", reasons="No.")


def test_the_first_decider_does_not_decide_the_appeal(
    case, facilitator, national_staff, second_national
):
    responded(case, facilitator)
    decided(case, national_staff)
    with at(OPENED + datetime.timedelta(days=6)):
        case = case_appeal(actor=facilitator, case=case, appeal="Please reconsider.")
        with pytest.raises(PermissionDenied):
            case_decide_appeal(actor=national_staff, case=case, decision="uphold", reasons="No.")
        case = case_decide_appeal(
            actor=second_national, case=case, decision="uphold", reasons="Upheld."
        )
    assert case.status == CaseStatus.CLOSED


def test_upheld_appeal_decertifies_with_history(
    appealed,
    certification,
    national_staff,
    facilitator,
    cleveland_coordinator,
    dayton_coordinator,
    django_capture_on_commit_callbacks,
):
    mail.outbox.clear()
    with at(OPENED + datetime.timedelta(days=10)), django_capture_on_commit_callbacks(execute=True):
        case = case_decide_appeal(
            actor=national_staff, case=appealed, decision="uphold", reasons="The record is clear."
        )
    assert case.status == CaseStatus.CLOSED
    assert case.final_decision == "decertify"
    assert actions(case) == [
        CaseAction.OPENED,
        CaseAction.RESPONDED,
        CaseAction.DECIDED,
        CaseAction.APPEALED,
        CaseAction.APPEAL_DECIDED,
        CaseAction.CLOSED,
    ]
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.DECERTIFIED
    assert certification.may_reenroll_on == NEXT_YEAR
    history = list(certification.history.order_by("created_at", "id"))
    assert [e.action for e in history] == ["issue", "suspend", "decertify"]
    assert history[1].reason == pending_appeal_reason(case)
    assert REASONS in history[2].reason
    assert f"Decertification case {case.pk}" in history[2].reason
    assert history[2].actor == national_staff
    for before, after in zip(history, history[1:], strict=False):
        assert after.from_status == before.to_status
    to_facilitator = [m for m in mail.outbox if m.to == [facilitator.email]]
    assert any("appeal has been decided" in m.subject for m in to_facilitator)
    assert any("The record is clear." in m.body for m in to_facilitator)
    to_coordinator = [m for m in mail.outbox if cleveland_coordinator.email in m.to]
    assert len(to_coordinator) == 1
    body = to_coordinator[0].body
    assert "Outcome: decertified" in body
    assert f"/fidelity/cases/{case.pk}/" in body
    assert REASONS not in body and "The record is clear." not in body
    assert not [m for m in mail.outbox if dayton_coordinator.email in m.to]


def test_overturned_appeal_reinstates(appealed, certification, national_staff):
    with at(OPENED + datetime.timedelta(days=10)):
        case = case_decide_appeal(
            actor=national_staff, case=appealed, decision="overturn", reasons="Not proven."
        )
    assert case.final_decision == "keep"
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE
    last = certification.history.last()
    assert last.action == "reinstate"
    assert "overturned" in last.reason
    assert [e.action for e in certification.history.order_by("created_at", "id")] == [
        "issue",
        "suspend",
        "reinstate",
    ]


def test_an_appeal_decision_needs_reasons(appealed, national_staff):
    with at(OPENED + datetime.timedelta(days=10)), pytest.raises(DomainError):
        case_decide_appeal(actor=national_staff, case=appealed, decision="uphold", reasons="")


def test_an_appeal_decided_after_the_reenroll_date_still_leaves_a_future_date(
    case, facilitator, ohio_trainer, national_staff, certification
):
    responded(case, facilitator)
    decided(case, ohio_trainer, may_reenroll_on=datetime.date(2027, 4, 1))
    with at(OPENED + datetime.timedelta(days=6)):
        case = case_appeal(actor=facilitator, case=case, appeal="Please reconsider.")
    late = datetime.date(2027, 5, 3)
    with at(late):
        case_decide_appeal(actor=national_staff, case=case, decision="uphold", reasons="Upheld.")
    certification.refresh_from_db()
    assert certification.may_reenroll_on == late + datetime.timedelta(days=1)
