"""Enrolling and invitations at the same moment, on PostgreSQL.

A trainee may press "Enroll" in two tabs, or enroll in two programs at once; an invitation may
be accepted twice (a double click) or accepted while its coordinator withdraws it. Each must
leave one outcome: one open enrollment per program, one home affiliate, one email, and for
the other request a refusal in words (never an IntegrityError or a page error).
"""

import pytest
from django.core import mail
from wagtail.models import Page

from certification.errors import DomainError
from certification.models import (
    Enrollment,
    EnrollmentInvitation,
    HistoryAction,
    HistoryEntry,
    Membership,
)
from certification.services import enrollments
from certification.services.invitations import invitation_withdraw
from curriculum.models import ProgramPage

from .conftest import postgresql_only
from .races import at_once, errors, held_up, messages, successes

race = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def second_program(program):
    """A second live program, "Support Group Facilitator", beside the Peer Mentor one."""
    index = Page.objects.get(pk=program.get_parent().pk)
    other = ProgramPage(title="Support Group Facilitator", slug="group", validity_months=24)
    index.add_child(instance=other)
    return other


def enrolled_emails(program):
    return [m for m in mail.outbox if m.subject.endswith(f"You are enrolled in {program.title}")]


def history(action, person):
    return HistoryEntry.objects.filter(action=action, subject=person).count()


@race
@postgresql_only
def test_enrolling_twice_at_once_in_one_program_enrolls_once(monkeypatch, tree, program, trainee):
    # The first enrollment is written but not committed while the second one checks.
    held_up(monkeypatch, enrollments, "notify")
    mail.outbox.clear()
    outcomes = at_once(
        *(
            lambda: enrollments.enrollment_create(
                actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"]
            )
            for _ in range(2)
        )
    )
    (refusal,) = errors(outcomes)
    assert isinstance(refusal, DomainError)
    assert messages(refusal) == "Tina Walker is already enrolled in Peer Mentor."
    assert Enrollment.objects.filter(person=trainee, program=program).count() == 1
    assert history(HistoryAction.ENROLLED, trainee) == 1
    assert Membership.objects.filter(user=trainee).count() == 1
    assert len(enrolled_emails(program)) == 1


@race
@postgresql_only
def test_enrolling_in_two_programs_at_once_gives_one_home_affiliate(
    monkeypatch, tree, program, second_program, trainee
):
    """Both enrollments stand; the home affiliate is set once, by whichever came first."""
    # The first one's home affiliate is written but not committed while the second one checks.
    held_up(monkeypatch, enrollments, "notify")
    outcomes = at_once(
        lambda: enrollments.enrollment_create(
            actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"]
        ),
        lambda: enrollments.enrollment_create(
            actor=trainee, person=trainee, program=second_program, affiliate=tree["columbus"]
        ),
    )
    assert errors(outcomes) == []
    assert Enrollment.objects.filter(person=trainee).count() == 2
    (home,) = Membership.objects.filter(user=trainee)
    assert home.ended_at is None
    assert home.affiliate in (tree["cleveland"], tree["columbus"])
    assert history(HistoryAction.MEMBERSHIP_STARTED, trainee) == 1


@pytest.fixture
def invitation(tree, program, cleveland_coordinator, trainee):
    return enrollments.enrollment_invite(
        actor=cleveland_coordinator,
        email=trainee.email,
        program=program,
        affiliate=tree["cleveland"],
    )


@race
@postgresql_only
def test_accepting_one_invitation_twice_at_once_enrolls_once(
    monkeypatch, program, invitation, trainee
):
    held_up(monkeypatch, enrollments, "enrollment_create")  # the invitation locked and read
    mail.outbox.clear()
    outcomes = at_once(
        *(
            lambda: enrollments.invitation_accept(actor=trainee, invitation=invitation)
            for _ in range(2)
        )
    )
    (refusal,) = errors(outcomes)
    assert messages(refusal) == "This invitation was already accepted."
    (enrollment,) = successes(outcomes)
    invitation.refresh_from_db()
    assert invitation.enrollment == enrollment
    assert list(Enrollment.objects.filter(person=trainee)) == [enrollment]
    assert len(enrolled_emails(program)) == 1


@race
@postgresql_only
def test_accepting_and_withdrawing_one_invitation_at_once_do_one_or_the_other(
    monkeypatch, invitation, trainee, cleveland_coordinator
):
    held_up(monkeypatch, enrollments, "enrollment_create")
    accepted, withdrawn = at_once(
        lambda: enrollments.invitation_accept(actor=trainee, invitation=invitation),
        lambda: invitation_withdraw(actor=cleveland_coordinator, invitation=invitation),
    )
    (refusal,) = errors([accepted, withdrawn])
    assert isinstance(refusal, DomainError)
    invitation = EnrollmentInvitation.objects.get(pk=invitation.pk)
    withdrawals = history(HistoryAction.INVITATION_WITHDRAWN, None)
    if refusal is withdrawn:
        assert messages(refusal) == (
            "This invitation was already accepted, so it cannot be withdrawn."
        )
        assert invitation.accepted_at is not None and invitation.withdrawn_at is None
        assert Enrollment.objects.filter(person=trainee).count() == 1
        assert withdrawals == 0
    else:
        assert messages(refusal) == "This invitation was withdrawn. Ask your coordinator."
        assert invitation.withdrawn_at is not None and invitation.accepted_at is None
        assert not Enrollment.objects.filter(person=trainee).exists()
        assert withdrawals == 1
