"""Training places and attendance at the same moment, on PostgreSQL.

Two trainers of a state may run the same training from two screens. Giving the last place to
two trainees at once must not overfill it; placing the same trainee twice gives one place and
one email; recording the same attendee twice moves the enrollment to "ready for assessment"
once, with one history row. Placing locks the training's row, and recording attendance locks
the place and then the enrollment, before anything is counted or compared.
"""

import datetime
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from certification.errors import DomainError
from certification.models import (
    AttendanceStatus,
    EnrollmentStatus,
    EventAttendance,
    HistoryAction,
    HistoryEntry,
    Role,
)
from certification.services import events, readiness
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from curriculum import services as curriculum_services
from tests.curriculum.conftest import ALL_RIGHT, make_module
from tests.factories import UserFactory, grant

from .conftest import enroll, postgresql_only
from .races import at_once, errors, held_up, messages, successes

race = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def second_trainer(tree):
    user = UserFactory(full_name="Rosa Jimenez")
    grant(user, tree["ohio"], Role.STATE_TRAINER)
    return user


def training(tree, program, trainer, capacity):
    start = timezone.now() + datetime.timedelta(days=10)
    return events.event_create(
        actor=trainer,
        program=program,
        state=tree["ohio"],
        title="Ohio autumn training",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        format="in_person",
        location="Columbus library",
        capacity=capacity,
    )


def placements(event):
    return [m for m in mail.outbox if m.subject.endswith(f"Your place at {event.title}")]


@race
@postgresql_only
def test_two_trainees_given_the_last_place_at_once_do_not_overfill_it(
    monkeypatch, tree, program, ohio_trainer, second_trainer
):
    event = training(tree, program, ohio_trainer, capacity=1)
    first, second = (enroll(UserFactory(), program, tree["cleveland"]) for _ in range(2))
    held_up(monkeypatch, events, "_refuse_if_cancelled")  # the training locked, not yet counted
    mail.outbox.clear()
    outcomes = at_once(
        lambda: events.event_add_attendee(actor=ohio_trainer, event=event, enrollment=first),
        lambda: events.event_add_attendee(actor=second_trainer, event=event, enrollment=second),
    )
    (refusal,) = errors(outcomes)
    assert isinstance(refusal, DomainError)
    assert messages(refusal) == "The event is full."
    (placed,) = successes(outcomes)
    assert list(EventAttendance.objects.filter(event=event)) == [placed]
    assert len(placements(event)) == 1


@race
@postgresql_only
def test_the_same_trainee_placed_twice_at_once_gets_one_place(
    monkeypatch, tree, program, ohio_trainer, second_trainer
):
    event = training(tree, program, ohio_trainer, capacity=5)
    enrollment = enroll(UserFactory(), program, tree["cleveland"])
    held_up(monkeypatch, events, "_refuse_if_cancelled")
    mail.outbox.clear()
    outcomes = at_once(
        *(
            lambda actor=actor: events.event_add_attendee(
                actor=actor, event=event, enrollment=enrollment
            )
            for actor in (ohio_trainer, second_trainer)
        )
    )
    (refusal,) = errors(outcomes)
    assert messages(refusal) == "This trainee already has a place."
    assert EventAttendance.objects.filter(event=event, enrollment=enrollment).count() == 1
    assert len(placements(event)) == 1


@race
@postgresql_only
def test_the_same_attendee_marked_twice_at_once_becomes_ready_once(
    monkeypatch, tree, program, national_staff, ohio_trainer, second_trainer, trainee
):
    """Everything else done (module passed, code of conduct signed), attending makes the
    enrollment ready for assessment: both trainers' records agree, and the change of status is
    written once."""
    code = conduct_publish(
        actor=national_staff,
        code=conduct_draft(actor=national_staff, program=program, title="Code", text="Be kind."),
    )
    module = make_module(program, "boundaries")
    enrollment = enroll(trainee, program, tree["cleveland"])
    curriculum_services.knowledge_check_submit(
        actor=trainee, module=module, answers=ALL_RIGHT, submission_token=uuid.uuid4()
    )
    conduct_sign(actor=trainee, code=code, typed_name=trainee.full_name, agreed=True)
    event = training(tree, program, ohio_trainer, capacity=5)
    place = events.event_add_attendee(actor=ohio_trainer, event=event, enrollment=enrollment)
    held_up(monkeypatch, readiness, "prerequisites")  # the enrollment read, not yet changed
    outcomes = at_once(
        *(
            lambda actor=actor: events.attendance_record(
                actor=actor, attendance=place, attended=True
            )
            for actor in (ohio_trainer, second_trainer)
        )
    )
    assert errors(outcomes) == []
    place.refresh_from_db()
    enrollment.refresh_from_db()
    assert place.status == AttendanceStatus.ATTENDED
    assert enrollment.status == EnrollmentStatus.READY_FOR_ASSESSMENT
    changes = HistoryEntry.objects.filter(
        action=HistoryAction.ENROLLMENT_STATUS, details__enrollment_id=enrollment.pk
    )
    assert [entry.details["status"] for entry in changes] == [EnrollmentStatus.READY_FOR_ASSESSMENT]
