"""A concern's steps at the same moment, on PostgreSQL: two reviewers starting the review,
two staff resolving one concern by opening a decertification case, and a case opening while
the facilitator goes on leave.

A concern leads to at most one case, and a case's notice is sent once. Every step locks the
concern row first and checks its status again under the lock, so the second reviewer is told
what happened instead of repeating it. Opening a case also locks the certificate, because
leave and a case exclude each other: a certificate on leave cannot be decertified, so the
holder cannot take leave while a case is open, and no case opens on a certificate on leave.
"""

import pytest
from django.core import mail

from certification.errors import DomainError
from certification.models import (
    CertificationStatus,
    Concern,
    ConcernAction,
    ConcernSeverity,
    ConcernStatus,
    DecertificationCase,
)
from certification.services.certificates import certification_leave
from certification.services.fidelity import cases, concerns
from tests.certification.conftest import postgresql_only
from tests.certification.races import at_once, errors, held_up, messages

race = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ALLEGATION = "Told a member to stop their medication, twice."


def concern_about(certification, owner, status=ConcernStatus.UNDER_REVIEW):
    return Concern.objects.create(
        certification=certification,
        subject=certification.person,
        affiliate=certification.affiliate,
        program=certification.program,
        category="medical_advice",
        what_happened="Told a member to stop their medication.",
        setting="group",
        status=status,
        severity=ConcernSeverity.HIGH,
        owner=owner,
    )


def open_a_case(actor, concern):
    return concerns.concern_resolve(
        actor=actor,
        concern=concern,
        outcome="decertification_case",
        summary="Serious enough for a case.",
        allegation=ALLEGATION,
    )


def timeline(concern, action):
    return concern.events.filter(action=action).count()


@race
@postgresql_only
def test_two_reviewers_starting_the_review_at_once_start_it_once(
    monkeypatch, certification, ohio_trainer, national_staff
):
    concern = concern_about(certification, ohio_trainer, status=ConcernStatus.TRIAGED)
    held_up(monkeypatch, concerns, "_next_status")  # after the concern is locked and read
    outcomes = at_once(
        lambda: concerns.concern_review_start(actor=ohio_trainer, concern=concern),
        lambda: concerns.concern_review_start(actor=national_staff, concern=concern),
    )
    (refusal,) = errors(outcomes)
    assert isinstance(refusal, DomainError)
    assert messages(refusal) == "A concern that is under review cannot be put under review."
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.UNDER_REVIEW
    assert timeline(concern, ConcernAction.REVIEW_STARTED) == 1


@race
@postgresql_only
def test_two_staff_opening_a_case_from_one_concern_at_once_open_one_case(
    monkeypatch, certification, ohio_trainer, national_staff
):
    concern = concern_about(certification, ohio_trainer)
    held_up(monkeypatch, concerns, "_next_status")
    mail.outbox.clear()
    outcomes = at_once(
        lambda: open_a_case(ohio_trainer, concern),
        lambda: open_a_case(national_staff, concern),
    )
    (refusal,) = errors(outcomes)
    assert messages(refusal) == "A concern that is resolved cannot be resolved."
    (case,) = DecertificationCase.objects.filter(concern=concern)
    assert case.events.count() == 1  # the notice
    assert timeline(concern, ConcernAction.CASE_OPENED) == 1
    assert timeline(concern, ConcernAction.RESOLVED) == 1
    assert len([m for m in mail.outbox if m.subject.endswith("about your certificate")]) == 1


@race
@postgresql_only
def test_a_case_opening_and_the_holder_going_on_leave_at_once_exclude_each_other(
    monkeypatch, certification, facilitator, ohio_trainer
):
    """Either the case opens and the leave is refused, or the leave starts and the case is
    refused: never an open case on a certificate on leave (its outcome could not apply)."""
    concern = concern_about(certification, ohio_trainer)
    # Opening the case pauses after checking the certificate's status, before writing.
    held_up(monkeypatch, cases, "response_window_days")
    opened, leave = at_once(
        lambda: open_a_case(ohio_trainer, concern),
        lambda: certification_leave(actor=facilitator, certification=certification),
    )
    (refusal,) = errors([opened, leave])
    assert isinstance(refusal, DomainError)
    certification.refresh_from_db()
    open_cases = DecertificationCase.objects.filter(certification=certification).count()
    if refusal is leave:
        assert messages(refusal) == (
            "You cannot take leave while a decertification case about this certificate is open."
        )
        assert (certification.status, open_cases) == (CertificationStatus.ACTIVE, 1)
    else:
        assert messages(refusal) == (
            "A case can only be opened on an active or suspended certification."
        )
        assert (certification.status, open_cases) == (CertificationStatus.ON_LEAVE, 0)
        concern.refresh_from_db()
        assert concern.status == ConcernStatus.UNDER_REVIEW
