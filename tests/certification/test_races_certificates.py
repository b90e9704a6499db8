"""A certificate's staff and holder actions at the same moment, on PostgreSQL: suspending,
reinstating, transferring, decertifying, going on leave and returning.

Two trainers looking at the same certificate page may both press the button; the holder may
press "Go on leave" in two tabs. Each pair must leave one outcome: one history row, one email
to the holder, and for the other request a refusal in words (never a second row, never an
IntegrityError or a page error). Each service locks the certificate row before it reads its
status, so the second request sees what the first one did.
"""

import datetime

import pytest
from django.core import mail

from certification.errors import DomainError
from certification.models import CertificationAction, CertificationStatus
from certification.services import certificates as svc
from tests.factories import decertification_case, make_affiliate

from .conftest import issue, postgresql_only
from .races import at, at_once, errors, held_up, messages, successes

A, S = CertificationAction, CertificationStatus
ISSUED = datetime.date(2026, 3, 2)
TODAY = datetime.date(2026, 9, 14)
REASON = "Gave medication advice at two sessions."

race = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def certificate(tree, program, trainee):
    """Tina's active certificate with Cleveland (Ohio)."""
    with at(ISSUED):
        return issue(trainee, program, tree["cleveland"])


def history(certificate, action=None):
    rows = certificate.history.order_by("created_at", "id")
    return list(rows.filter(action=action) if action else rows)


def assert_one_unbroken_chain(certificate):
    """Every history row starts from the status the previous one left."""
    rows = history(certificate)
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.from_status == before.to_status, (before.action, after.action)


def emails_about(subject_words):
    return [message for message in mail.outbox if subject_words in message.subject]


@race
@postgresql_only
def test_two_suspensions_at_once_suspend_once(
    monkeypatch, certificate, ohio_trainer, national_staff
):
    held_up(monkeypatch, svc, "_apply")  # after the status is read, before it is written
    mail.outbox.clear()
    with at(TODAY):
        outcomes = at_once(
            lambda: svc.certification_suspend(
                actor=ohio_trainer, certification=certificate, reason=REASON
            ),
            lambda: svc.certification_suspend(
                actor=national_staff, certification=certificate, reason=REASON
            ),
        )
    (refusal,) = errors(outcomes)
    assert isinstance(refusal, svc.TransitionRefused)
    assert messages(refusal) == "A certification that is suspended cannot be suspended."
    certificate.refresh_from_db()
    assert certificate.status == S.SUSPENDED
    assert len(history(certificate, A.SUSPEND)) == 1
    assert len(emails_about("suspended")) == 1


@race
@postgresql_only
def test_two_reinstatements_at_once_reinstate_once(
    monkeypatch, certificate, ohio_trainer, national_staff
):
    with at(TODAY):
        svc.certification_suspend(actor=ohio_trainer, certification=certificate, reason=REASON)
    held_up(monkeypatch, svc, "_apply")
    mail.outbox.clear()
    with at(TODAY):
        outcomes = at_once(
            lambda: svc.certification_reinstate(
                actor=ohio_trainer, certification=certificate, reason="Review found no issue."
            ),
            lambda: svc.certification_reinstate(
                actor=national_staff, certification=certificate, reason="Cleared by review."
            ),
        )
    (refusal,) = errors(outcomes)
    assert messages(refusal) == "A certification that is active cannot be reinstated."
    certificate.refresh_from_db()
    assert certificate.status == S.ACTIVE
    assert len(history(certificate, A.REINSTATE)) == 1
    assert len(emails_about("active again")) == 1
    assert_one_unbroken_chain(certificate)


@race
@postgresql_only
def test_a_suspension_and_a_decertification_at_once_end_decertified(
    certificate, ohio_trainer, national_staff
):
    """A trainer suspends while a case's final decision decertifies: whichever comes first,
    the certificate ends decertified once, and a suspension after it is refused."""
    may_reenroll_on = datetime.date(2027, 9, 14)
    with at(TODAY):
        case = decertification_case(
            certificate, decided_by=ohio_trainer, may_reenroll_on=may_reenroll_on
        )
        outcomes = at_once(
            lambda: svc.certification_suspend(
                actor=national_staff, certification=certificate, reason=REASON
            ),
            lambda: svc.certification_decertify(
                actor=ohio_trainer,
                certification=certificate,
                reason="Decided in the case.",
                may_reenroll_on=may_reenroll_on,
                case=case,
            ),
        )
    suspended, decertified = outcomes
    assert not isinstance(decertified, Exception)
    if isinstance(suspended, Exception):
        assert messages(suspended) == "A certification that is decertified cannot be suspended."
    certificate.refresh_from_db()
    assert certificate.status == S.DECERTIFIED
    assert len(history(certificate, A.DECERTIFY)) == 1
    assert len(history(certificate, A.SUSPEND)) == (0 if isinstance(suspended, Exception) else 1)
    assert_one_unbroken_chain(certificate)


@race
@postgresql_only
def test_two_transfers_to_different_affiliates_at_once_move_it_once(
    tree, certificate, ohio_trainer, national_staff
):
    """Each trainer confirmed "move from Cleveland to ..." on the page: the second finds it
    has moved already and is told where, instead of silently moving it again."""
    dayton = make_affiliate("OH-DAY", tree["ohio"], "Dayton Peer Support")
    with at(TODAY):
        outcomes = at_once(
            lambda: svc.certification_transfer(
                actor=ohio_trainer, certification=certificate, affiliate=tree["columbus"]
            ),
            lambda: svc.certification_transfer(
                actor=national_staff, certification=certificate, affiliate=dayton
            ),
        )
    (moved,) = successes(outcomes)
    (refusal,) = errors(outcomes)
    assert isinstance(refusal, DomainError)
    assert f"was moved to {moved.affiliate.name} a moment ago" in messages(refusal)
    certificate.refresh_from_db()
    assert certificate.affiliate == moved.affiliate
    (transfer,) = history(certificate, A.TRANSFER)
    assert transfer.details == {"from": "Cleveland Peer Support", "to": moved.affiliate.name}


@race
@postgresql_only
def test_two_transfers_to_the_same_affiliate_at_once_move_it_once(
    tree, certificate, ohio_trainer, national_staff
):
    with at(TODAY):
        outcomes = at_once(
            *(
                lambda actor=actor: svc.certification_transfer(
                    actor=actor, certification=certificate, affiliate=tree["columbus"]
                )
                for actor in (ohio_trainer, national_staff)
            )
        )
    assert len(successes(outcomes)) == 1
    (refusal,) = errors(outcomes)
    assert isinstance(refusal, DomainError)
    certificate.refresh_from_db()
    assert certificate.affiliate == tree["columbus"]
    (transfer,) = history(certificate, A.TRANSFER)
    assert transfer.details == {"from": "Cleveland Peer Support", "to": "Columbus Family Network"}


@race
@postgresql_only
def test_going_on_leave_in_two_tabs_at_once_records_one_leave(monkeypatch, certificate, trainee):
    held_up(monkeypatch, svc, "_apply")
    with at(TODAY):
        outcomes = at_once(
            lambda: svc.certification_leave(actor=trainee, certification=certificate),
            lambda: svc.certification_leave(actor=trainee, certification=certificate),
        )
    (refusal,) = errors(outcomes)
    assert isinstance(refusal, svc.TransitionRefused)
    assert messages(refusal) == "A certification that is on leave cannot go on leave."
    certificate.refresh_from_db()
    assert (certificate.status, certificate.leave_started_on) == (S.ON_LEAVE, TODAY)
    assert len(history(certificate, A.LEAVE)) == 1


@race
@postgresql_only
def test_returning_in_two_tabs_at_once_moves_the_end_date_once(monkeypatch, certificate, trainee):
    with at(TODAY):
        svc.certification_leave(actor=trainee, certification=certificate)
    expires_on = certificate.expires_on
    held_up(monkeypatch, svc, "_apply")
    with at(TODAY + datetime.timedelta(days=30)):
        outcomes = at_once(
            lambda: svc.certification_return(actor=trainee, certification=certificate),
            lambda: svc.certification_return(actor=trainee, certification=certificate),
        )
    (refusal,) = errors(outcomes)
    assert messages(refusal) == "A certification that is active cannot return from leave."
    certificate.refresh_from_db()
    assert certificate.status == S.ACTIVE
    assert certificate.expires_on == expires_on + datetime.timedelta(days=30)
    assert len(history(certificate, A.RETURN)) == 1
    assert_one_unbroken_chain(certificate)
