"""Certifications: numbers, issue dates, the full transition table, who may do what, leave
moving the expiry, renewal rules, transfer, and an append-only history."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from certification.models import (
    TRANSITIONS,
    Certification,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    Enrollment,
    EnrollmentStatus,
    HistoryIsAppendOnly,
    normalize_certification_number,
)
from certification.selectors.certificates import renewal_blockers
from certification.services import certificates as svc
from certification.services import renewals
from tests.factories import UserFactory, decertification_case, grant

from .conftest import enroll, issue

S, A = CertificationStatus, CertificationAction
DAY = datetime.date(2026, 3, 10)


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(15)), tick=False)


def test_numbers_are_unguessable_readable_and_self_checking(tree, program, trainee):
    numbers = {issue(UserFactory(), program, tree["cleveland"]).number for _ in range(20)}
    assert len(numbers) == 20
    for number in numbers:
        assert len(number) == 11
        assert not set(number[:10]) & set("ILOU")
        assert normalize_certification_number(number.lower()) == number
        grouped = "-".join(number[i : i + 4] for i in range(0, 11, 4))
        assert normalize_certification_number(f" {grouped} ") == number
    some = next(iter(numbers))
    typo = ("1" if some[0] != "1" else "2") + some[1:]
    assert normalize_certification_number(typo) is None  # the check symbol catches a typo


def test_issue_dates_follow_the_program_validity_and_history_starts(
    tree, program, trainee, django_capture_on_commit_callbacks
):
    with at(DAY), django_capture_on_commit_callbacks(execute=True):
        certification = issue(trainee, program, tree["cleveland"])
    assert (certification.issued_on, certification.expires_on) == (DAY, datetime.date(2028, 3, 10))
    assert certification.issuing_state == tree["ohio"]
    event = certification.history.get()
    assert (event.action, event.to_status) == (A.ISSUE, S.ACTIVE)
    assert mail.outbox[-1].to == [trainee.email]
    assert certification.display_number in mail.outbox[-1].body


def test_one_live_certification_per_person_and_program(tree, program, trainee):
    first = issue(trainee, program, tree["cleveland"])
    Enrollment.objects.filter(pk=first.enrollment_id).update(status=EnrollmentStatus.CERTIFIED)
    # The service says why (someone who trained again while certified renews instead)...
    with pytest.raises(ValidationError, match="already holds a current certificate"):
        issue(trainee, program, tree["cleveland"])
    # ...and the database holds the rule whatever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.create(
            person=trainee,
            program=program,
            affiliate=first.affiliate,
            issuing_state=first.issuing_state,
            issued_on=first.issued_on,
            expires_on=first.expires_on,
        )


def _put_in(certification, status):
    """Force a status for the table test (bypassing services on purpose)."""
    Certification.objects.filter(pk=certification.pk).update(
        status=status,
        issued_on=datetime.date(2025, 1, 1),
        leave_started_on=DAY if status == S.ON_LEAVE else None,
        expires_on=datetime.date(2026, 1, 1) if status == S.EXPIRED else datetime.date(2028, 1, 1),
    )
    certification.refresh_from_db()
    return certification


def _do(action, certification, holder, trainer):
    if action == A.SUSPEND:
        return svc.certification_suspend(actor=trainer, certification=certification, reason="r")
    if action == A.REINSTATE:
        return svc.certification_reinstate(actor=trainer, certification=certification, reason="r")
    if action == A.LEAVE:
        return svc.certification_leave(actor=holder, certification=certification)
    if action == A.RETURN:
        return svc.certification_return(actor=holder, certification=certification)
    if action == A.DECERTIFY:
        return svc.certification_decertify(
            actor=trainer,
            certification=certification,
            reason="r",
            may_reenroll_on=datetime.date(2030, 1, 1),
            case=decertification_case(
                certification, decided_by=trainer, may_reenroll_on=datetime.date(2030, 1, 1)
            ),
        )
    if action == A.RENEW:
        return renewals.certification_renew(actor=holder, certification=certification)
    if action == A.EXPIRE:
        return svc.certification_expire(certification=certification)
    raise AssertionError(action)


ACTIONS = [A.SUSPEND, A.REINSTATE, A.LEAVE, A.RETURN, A.DECERTIFY, A.RENEW, A.EXPIRE]


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", ACTIONS)
def test_full_transition_table(tree, program, ohio_trainer, status, action, monkeypatch):
    """Every status × action: allowed ones land where the table says, the rest are refused
    with a domain error (not a permission error) and change nothing."""
    monkeypatch.setattr(renewals, "renewal_blockers", lambda certification: [])
    holder = UserFactory()
    with at(datetime.date(2027, 12, 1)):
        certification = _put_in(issue(holder, program, tree["cleveland"]), status)
        if action == A.EXPIRE and status == S.ACTIVE:
            Certification.objects.filter(pk=certification.pk).update(
                expires_on=datetime.date(2027, 11, 30)
            )
        expected = TRANSITIONS.get((status, action))
        before = certification.history.count()
        if expected is None:
            if action == A.EXPIRE:
                assert svc.certification_expire(certification=certification) is None
            else:
                with pytest.raises(svc.TransitionRefused):
                    _do(action, certification, holder, ohio_trainer)
            certification.refresh_from_db()
            assert certification.status == status
            assert certification.history.count() == before
        else:
            _do(action, certification, holder, ohio_trainer)
            certification.refresh_from_db()
            assert certification.status == expected
            last = certification.history.last()
            assert (last.action, last.from_status, last.to_status) == (action, status, expected)


@pytest.mark.parametrize("action", [A.SUSPEND, A.REINSTATE, A.DECERTIFY])
def test_who_may_suspend_reinstate_and_decertify(
    tree, program, action, ohio_trainer, national_staff, cleveland_coordinator, trainee
):
    texas_trainer = UserFactory()
    grant(texas_trainer, tree["texas"], "state_trainer")
    certification = issue(trainee, program, tree["cleveland"])
    if action == A.REINSTATE:
        certification = _put_in(certification, S.SUSPENDED)
    for refused in (cleveland_coordinator, texas_trainer, trainee):
        with pytest.raises(PermissionDenied):
            _do(action, certification, trainee, refused)
    for allowed in (ohio_trainer, national_staff):
        with transaction.atomic():
            _do(action, certification, trainee, allowed)
            transaction.set_rollback(True)


def test_reasons_are_required(tree, program, ohio_trainer, trainee):
    certification = issue(trainee, program, tree["cleveland"])
    with pytest.raises(ValidationError, match="Give a reason"):
        svc.certification_suspend(actor=ohio_trainer, certification=certification, reason="  ")
    with pytest.raises(ValidationError, match="future"):
        svc.certification_decertify(
            actor=ohio_trainer,
            certification=certification,
            reason="x",
            may_reenroll_on=datetime.date(2000, 1, 1),
            case=decertification_case(
                certification, decided_by=ohio_trainer, may_reenroll_on=datetime.date(2030, 1, 1)
            ),
        )
    certification.refresh_from_db()
    assert certification.status == S.ACTIVE


def test_decertify_is_refused_outside_a_decertification_case(
    tree, program, ohio_trainer, national_staff, trainee
):
    """Due process: no one, national staff included, ends a certificate without a case whose
    decision to decertify stands; a case about another certificate, or one decided to keep
    it, does not count either."""
    certification = issue(trainee, program, tree["cleveland"])
    other = issue(UserFactory(), program, tree["cleveland"])
    other_case = decertification_case(
        other, decided_by=ohio_trainer, may_reenroll_on=datetime.date(2030, 1, 1)
    )
    kept = decertification_case(
        certification, decided_by=ohio_trainer, may_reenroll_on=datetime.date(2030, 1, 1)
    )
    kept.decision, kept.may_reenroll_on = "keep", None
    for actor, case in (
        (ohio_trainer, None),
        (national_staff, None),
        (ohio_trainer, other_case),
        (ohio_trainer, kept),
    ):
        with pytest.raises(ValidationError, match="only through a decertification case"):
            svc.certification_decertify(
                actor=actor,
                certification=certification,
                reason="Repeated boundary crossings.",
                may_reenroll_on=datetime.date(2030, 1, 1),
                case=case,
            )
    certification.refresh_from_db()
    assert certification.status == S.ACTIVE
    assert list(certification.history.values_list("action", flat=True)) == [A.ISSUE]


def test_leave_is_self_service_and_moves_the_expiry(tree, program, trainee, ohio_trainer):
    with at(DAY):
        certification = issue(trainee, program, tree["cleveland"])
        with pytest.raises(PermissionDenied):
            svc.certification_leave(actor=ohio_trainer, certification=certification)
        svc.certification_leave(actor=trainee, certification=certification)
    with at(DAY + datetime.timedelta(days=45)):
        certification = svc.certification_return(actor=trainee, certification=certification)
    assert certification.expires_on == datetime.date(2028, 3, 10) + datetime.timedelta(days=45)
    assert certification.history.last().details["days_on_leave"] == 45


def test_renewal_window_and_dates(tree, program, trainee, monkeypatch):
    with at(DAY):
        certification = issue(trainee, program, tree["cleveland"])
    with at(datetime.date(2027, 12, 1)), pytest.raises(ValidationError, match="Renewal opens on"):
        renewals.certification_renew(actor=trainee, certification=certification)
    with at(datetime.date(2028, 1, 15)):
        renewed = renewals.certification_renew(actor=trainee, certification=certification)
    assert renewed.expires_on == datetime.date(2030, 3, 10)  # from the old end, not today


def test_renewal_needs_recertification_modules_and_the_current_code(
    tree, program, trainee, national_staff
):
    from certification.services.conduct import conduct_draft, conduct_publish
    from tests.curriculum.conftest import make_module

    make_module(program, "boundaries")  # required for recertification by default in content
    program_module = program.get_children().specific().get()
    program_module.required_for_recertification = True
    program_module.save_revision().publish()
    conduct_publish(
        actor=national_staff,
        code=conduct_draft(actor=national_staff, program=program, title="Code", text="Be kind."),
    )
    with at(DAY):
        certification = issue(trainee, program, tree["cleveland"])
    with at(datetime.date(2028, 2, 1)):
        blockers = renewal_blockers(certification)
        assert blockers == [
            "Pass the modules required for recertification.",
            "Sign the current code of conduct.",
        ]
        with pytest.raises(ValidationError, match="Pass the modules"):
            renewals.certification_renew(actor=trainee, certification=certification)


def test_transfer_keeps_number_and_history(tree, program, trainee, ohio_trainer):
    certification = issue(trainee, program, tree["cleveland"])
    number = certification.number
    svc.certification_transfer(
        actor=ohio_trainer, certification=certification, affiliate=tree["columbus"]
    )
    certification.refresh_from_db()
    assert (certification.affiliate, certification.number) == (tree["columbus"], number)
    assert certification.history.last().action == A.TRANSFER
    with pytest.raises(PermissionDenied):
        svc.certification_transfer(
            actor=ohio_trainer, certification=certification, affiliate=tree["austin"]
        )


def test_history_is_append_only(tree, program, trainee):
    certification = issue(trainee, program, tree["cleveland"])
    event = certification.history.get()
    with pytest.raises(HistoryIsAppendOnly):
        event.save()
    with pytest.raises(HistoryIsAppendOnly):
        event.delete()
    with pytest.raises(HistoryIsAppendOnly):
        CertificationEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(HistoryIsAppendOnly):
        CertificationEvent.objects.all().delete()


def test_enroll_helper_used_by_fixtures(tree, program, trainee):
    assert enroll(trainee, program, tree["cleveland"]).status == "in_training"


def test_a_certification_offers_exactly_the_actions_of_the_transition_table():
    """Pages ask `allows()` which buttons to show; it must agree with the table."""
    for status in CertificationStatus:
        certification = Certification(status=status)
        for action in CertificationAction:
            assert certification.allows(action) == ((status, action) in TRANSITIONS)
    assert Certification(status=CertificationStatus.EXPIRED).allows(CertificationAction.RENEW)
    assert not Certification(status=CertificationStatus.DECERTIFIED).allows(
        CertificationAction.REINSTATE
    )


def test_a_downloaded_file_is_named_without_check_symbols_a_file_name_cannot_hold():
    starred = Certification(number="JFZ86M2T4R*")  # Crockford's check symbol for this body
    assert normalize_certification_number("jfz8-6m2t-4r*") == starred.number
    assert starred.display_number == "JFZ8-6M2T-4R*"
    assert starred.file_name_number == "JFZ8-6M2T-4R"
    plain = Certification(number="ABCDEFGHJKQ")
    assert plain.file_name_number == plain.display_number == "ABCD-EFGH-JKQ"
