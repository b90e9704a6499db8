"""Closing an account at the same moment as something else, on PostgreSQL.

A person may close their account while national staff close it at their request, while a
trainer certifies them, or while staff open a decertification case about their certificate.
Closing locks the person's row first, so a second closing finds the account closed; then it
locks their open enrollments before it looks for live certificates, and ends (locks) those
before it looks for open cases. So a trainer's decision in flight either finishes first (and
its new certificate is ended with the others) or finds the enrollment withdrawn, and a case
either opens first (and the closing is refused) or finds the certificate ended. Never a
closed account holding a valid certificate, nor one with an open case.
"""

import datetime
import uuid

import pytest
from django.utils import timezone

from certification.errors import DomainError
from certification.models import (
    Certification,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    Concern,
    ConcernStatus,
    DecertificationCase,
)
from certification.services import readiness
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.events import attendance_record, event_add_attendee, event_create
from certification.services.fidelity import cases, concerns
from curriculum import services as curriculum_services
from lms import account_closing
from lms.models import AccountClosure
from tests.certification.conftest import (
    enroll,
    issue,
    postgresql_only,
    program,  # noqa: F401  (fixture)
)
from tests.certification.races import at_once, errors, held_up, messages
from tests.curriculum.conftest import ALL_RIGHT, make_module

race = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def ready_to_assess(person, program, affiliate, national_staff, trainer):  # noqa: F811
    """An enrollment with every prerequisite met through the real services."""
    code = conduct_publish(
        actor=national_staff,
        code=conduct_draft(actor=national_staff, program=program, title="Code", text="Be kind."),
    )
    module = make_module(program, "boundaries")
    enrollment = enroll(person, program, affiliate)
    curriculum_services.knowledge_check_submit(
        actor=person, module=module, answers=ALL_RIGHT, submission_token=uuid.uuid4()
    )
    conduct_sign(actor=person, code=code, typed_name=person.full_name, agreed=True)
    start = timezone.now() - datetime.timedelta(days=2)
    event = event_create(
        actor=trainer,
        program=program,
        state=affiliate.get_parent(),
        title="Ohio training",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        format="in_person",
        location="Columbus library",
        capacity=5,
    )
    place = event_add_attendee(actor=trainer, event=event, enrollment=enrollment)
    attendance_record(actor=trainer, attendance=place, attended=True)
    enrollment.refresh_from_db()
    return enrollment


@race
@postgresql_only
def test_closing_an_account_twice_at_once_closes_it_once(
    monkeypatch,
    tree,
    program,  # noqa: F811
    trainee,
    national_staff,
):
    certificate = issue(trainee, program, tree["cleveland"])
    held_up(monkeypatch, account_closing, "_refuse_if_roles")  # the person locked and read
    outcomes = at_once(
        lambda: account_closing.close_account(person=trainee, actor=trainee),
        lambda: account_closing.close_account(
            person=trainee, actor=national_staff, reason="Asked by phone on May 2"
        ),
    )
    (refusal,) = errors(outcomes)
    assert isinstance(refusal, DomainError)
    assert messages(refusal) == "This account is already closed."
    (closure,) = AccountClosure.objects.filter(person=trainee)
    assert closure.certificates_ended == [certificate.number]
    ended = CertificationEvent.objects.filter(
        certification=certificate, action=CertificationAction.ACCOUNT_CLOSED
    )
    assert ended.count() == 1


@race
@postgresql_only
def test_closing_an_account_while_a_trainer_certifies_it_leaves_no_valid_certificate(
    monkeypatch,
    tree,
    program,  # noqa: F811
    trainee,
    national_staff,
    ohio_trainer,
):
    enrollment = ready_to_assess(trainee, program, tree["cleveland"], national_staff, ohio_trainer)
    scores = {competency.pk: 3 for competency in readiness.rubric_for(program)}
    # The trainer's decision holds the enrollment while the account is being closed.
    held_up(monkeypatch, readiness, "prerequisites")
    certified, closed = at_once(
        lambda: readiness.readiness_assess(
            actor=ohio_trainer, enrollment=enrollment, scores=scores, decision="ready"
        ),
        lambda: account_closing.close_account(person=trainee, actor=trainee),
    )
    assert not isinstance(closed, Exception), closed
    certificates = Certification.objects.filter(person=trainee)
    if isinstance(certified, Exception):
        assert isinstance(certified, DomainError)
        assert messages(certified) == "This enrollment was already decided: Withdrawn."
        assert not certificates.exists()
    else:
        (certificate,) = certificates
        assert certificate.status == CertificationStatus.ENDED
        assert closed.certificates_ended == [certificate.number]


@race
@postgresql_only
def test_closing_an_account_while_staff_open_a_case_about_it_do_one_or_the_other(
    monkeypatch,
    tree,
    program,  # noqa: F811
    trainee,
    ohio_trainer,
):
    """Leaving must not be a way around a case: either the case opens and the closing is
    refused, or the account closes (its certificate ended) and the case is refused."""
    certificate = issue(trainee, program, tree["cleveland"])
    concern = Concern.objects.create(
        certification=certificate,
        subject=trainee,
        affiliate=certificate.affiliate,
        program=program,
        category="boundaries",
        what_happened="Lent a member money.",
        setting="group",
        status=ConcernStatus.UNDER_REVIEW,
        severity="high",
        owner=ohio_trainer,
    )
    # Opening the case pauses with the certificate locked and checked, before writing.
    held_up(monkeypatch, cases, "response_window_days")
    opened, closed = at_once(
        lambda: concerns.concern_resolve(
            actor=ohio_trainer,
            concern=concern,
            outcome="decertification_case",
            summary="Serious enough for a case.",
            allegation="Lent a member money after coaching.",
        ),
        lambda: account_closing.close_account(person=trainee, actor=trainee),
    )
    (refusal,) = errors([opened, closed])
    assert isinstance(refusal, DomainError)
    trainee.refresh_from_db()
    certificate.refresh_from_db()
    if refusal is closed:
        assert "A decertification case about this account's certificate is still open" in (
            messages(refusal)
        )
        assert trainee.closed_at is None
        assert certificate.status == CertificationStatus.ACTIVE
        assert DecertificationCase.objects.filter(certification=certificate).count() == 1
    else:
        assert messages(refusal) == (
            "A case can only be opened on an active or suspended certification."
        )
        assert trainee.closed_at is not None
        assert certificate.status == CertificationStatus.ENDED
        assert not DecertificationCase.objects.exists()
