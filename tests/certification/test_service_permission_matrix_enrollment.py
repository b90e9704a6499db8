"""The permission matrix, continued: enrolling, training events and the code of conduct.

The same seven people as in `test_service_permission_matrix.py` (the Cleveland trainee and
everyone around them) try each service on a Cleveland enrollment, an Ohio training event or
the program's code of conduct. An allowed call takes effect and records who made it; every
other role gets `PermissionDenied` and nothing changes.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from certification.models import (
    AttendanceStatus,
    ConductSignature,
    Enrollment,
    EnrollmentInvitation,
    EventAttendance,
    HistoryAction,
    HistoryEntry,
    Membership,
)
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.enrollments import enrollment_create, enrollment_invite
from certification.services.events import (
    attendance_record,
    event_add_attendee,
    event_cancel,
    event_create,
    event_update,
)
from tests.factories import UserFactory

from . import test_service_permission_matrix as matrix
from .conftest import enroll

ROLES, TRAINERS = matrix.ROLES, matrix.TRAINERS
people, w = matrix.people, matrix.w  # the same fixtures
ENROLLERS = {"cleveland_coordinator", *TRAINERS}  # manage_enrollments on Cleveland

ALLOWED = {
    "enrollment_create_for_someone_else": ENROLLERS,
    "enrollment_create_for_oneself": set(ROLES),  # anyone may enroll themselves
    "enrollment_invite": ENROLLERS,
    "event_create": TRAINERS,  # in Ohio
    "event_add_attendee": TRAINERS,
    "attendance_record": TRAINERS,
    "event_update": TRAINERS,
    "event_cancel": TRAINERS,
    "conduct_publish": {"national_staff"},
    "conduct_sign": set(ROLES),  # everyone signs, always as themselves (see the last tests)
}
NEWCOMER = "new.volunteer@example.org"


# --- enrolling ------------------------------------------------------------------------------


def enrolls(person_of):
    """A call enrolling `person_of(actor, target)` in Cleveland, and its check."""

    def call(actor, target, w):
        return enrollment_create(
            actor=actor,
            person=person_of(actor, target),
            program=w.program,
            affiliate=w.tree["cleveland"],
        )

    def verify(actor, target, enrollment, w):
        person = person_of(actor, target)
        assert (enrollment.person, enrollment.enrolled_by) == (person, actor)
        assert Enrollment.objects.get(person=person, program=w.program) == enrollment
        assert Membership.objects.get(user=person).affiliate == w.tree["cleveland"]
        entry = HistoryEntry.objects.get(action=HistoryAction.ENROLLED)
        assert (entry.actor, entry.subject) == (actor, person)

    return call, verify


def invite(actor, _target, w):
    return enrollment_invite(
        actor=actor, email=NEWCOMER, program=w.program, affiliate=w.tree["cleveland"]
    )


def invited(actor, _target, invitation, w):
    assert EnrollmentInvitation.objects.get() == invitation
    assert (invitation.email, invitation.invited_by) == (NEWCOMER, actor)
    assert invitation.affiliate == w.tree["cleveland"]
    assert HistoryEntry.objects.get(action=HistoryAction.INVITED).actor == actor


# --- training events ------------------------------------------------------------------------


def new_event(actor, _target, w):
    start = timezone.now() + datetime.timedelta(days=7)
    return event_create(
        actor=actor,
        program=w.program,
        state=w.tree["ohio"],
        title="Ohio spring training",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        format="in_person",
        location="Cleveland public library",
        capacity=12,
    )


def event_created(actor, _target, event, w):
    assert (event.state, event.created_by) == (w.tree["ohio"], actor)
    assert list(event.trainers.all()) == [actor]


def event_and_enrollment(w):
    return new_event(w.people["national_staff"], None, w), enroll(
        w.holder, w.program, w.tree["cleveland"]
    )


def add_attendee(actor, target, w):
    event, enrollment = target
    return event_add_attendee(actor=actor, event=event, enrollment=enrollment)


def attendee_added(actor, target, attendance, w):
    event, enrollment = target
    assert EventAttendance.objects.get() == attendance
    assert (attendance.event, attendance.enrollment) == (event, enrollment)
    assert (attendance.status, attendance.recorded_by) == (AttendanceStatus.REGISTERED, actor)


def a_place(w):
    return add_attendee(w.people["national_staff"], event_and_enrollment(w), w)


def record_attended(actor, place, w):
    return attendance_record(actor=actor, attendance=place, attended=True)


def attendance_recorded(actor, place, _result, w):
    place.refresh_from_db()
    assert (place.status, place.recorded_by) == (AttendanceStatus.ATTENDED, actor)


def an_event(w):
    return new_event(w.people["national_staff"], None, w)


def move_event(actor, event, w):
    return event_update(
        actor=actor,
        event=event,
        title=event.title,
        starts_at=event.starts_at + datetime.timedelta(days=1),
        ends_at=event.ends_at + datetime.timedelta(days=1),
        format=event.format,
        location=event.location,
        capacity=event.capacity,
    )


def event_moved(actor, event, _result, w):
    entry = HistoryEntry.objects.get(action=HistoryAction.EVENT_CHANGED)
    assert (entry.actor, entry.details["event_id"]) == (actor, event.pk)


def cancel_event(actor, event, w):
    return event_cancel(actor=actor, event=event, reason="The room is not available.")


def event_cancelled(actor, event, _result, w):
    event.refresh_from_db()
    assert (event.is_cancelled, event.cancelled_by) == (True, actor)
    assert HistoryEntry.objects.get(action=HistoryAction.EVENT_CANCELLED).actor == actor


# --- the code of conduct --------------------------------------------------------------------


def a_draft(w):
    staff = w.people["national_staff"]
    return conduct_draft(actor=staff, program=w.program, title="Code", text="I keep it private.")


def published(w):
    return conduct_publish(actor=w.people["national_staff"], code=a_draft(w))


def publish(actor, code, w):
    return conduct_publish(actor=actor, code=code)


def is_published(actor, code, _result, w):
    code.refresh_from_db()
    assert code.is_published and code.published_by == actor
    assert HistoryEntry.objects.get(action=HistoryAction.CONDUCT_PUBLISHED).actor == actor


def sign(actor, code, w, *, typed_name=None):
    return conduct_sign(
        actor=actor, code=code, typed_name=typed_name or actor.full_name, agreed=True
    )


def signed_by_themselves(actor, code, signature, w):
    assert (signature.person, signature.code) == (actor, code)
    assert list(ConductSignature.objects.values_list("person", flat=True)) == [actor.pk]


SERVICES = {
    # service: (arrange, call, what is true after an allowed call)
    "enrollment_create_for_someone_else": (
        lambda w: UserFactory(full_name="Nia Newman"),
        *enrolls(lambda actor, newcomer: newcomer),
    ),
    "enrollment_create_for_oneself": (lambda w: None, *enrolls(lambda actor, _: actor)),
    "enrollment_invite": (lambda w: None, invite, invited),
    "event_create": (lambda w: None, new_event, event_created),
    "event_add_attendee": (event_and_enrollment, add_attendee, attendee_added),
    "attendance_record": (a_place, record_attended, attendance_recorded),
    "event_update": (an_event, move_event, event_moved),
    "event_cancel": (an_event, cancel_event, event_cancelled),
    "conduct_publish": (a_draft, publish, is_published),
    "conduct_sign": (published, sign, signed_by_themselves),
}


def test_the_matrix_covers_every_service_and_names_only_known_roles():
    assert set(ALLOWED) == set(SERVICES)
    assert set().union(*ALLOWED.values()) <= set(ROLES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", list(SERVICES))
def test_who_may_call_each_enrollment_event_and_conduct_service(w, service, role):
    matrix.check_matrix(SERVICES, ALLOWED, w, service, role)


# --- signing is only ever for oneself -------------------------------------------------------


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["system", "anonymous"])
def test_signing_needs_a_signed_in_person(w, actor):
    code = published(w)
    before = matrix.world()
    with pytest.raises(PermissionDenied, match="Sign in"):
        conduct_sign(actor=actor, code=code, typed_name=w.holder.full_name, agreed=True)
    assert matrix.world() == before


@pytest.mark.parametrize("role", [r for r in ROLES if r != "holder"])
def test_nobody_signs_for_the_holder_by_typing_their_name(w, role):
    code = published(w)
    before = matrix.world()
    with pytest.raises(ValidationError, match="Type your full name"):
        sign(w.people[role], code, w, typed_name=w.holder.full_name)
    assert matrix.world() == before
