"""Trainees learn about their training: a place comes with an email and a calendar invitation;
a trainer's change of time, place or format, or a cancellation, reaches everyone placed.

The services are tested first (who may, what is refused, the history rows, the emails and
their .ics files read back), then the pages that call them, with their query budgets.
"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from certification.models import (
    AttendanceStatus,
    EventAttendance,
    HistoryAction,
    HistoryEntry,
    Role,
    TrainingEvent,
)
from certification.services.events import (
    attendance_record,
    event_add_attendee,
    event_cancel,
    event_create,
    event_update,
)
from tests.factories import UserFactory, grant

from .conftest import enroll

REASON = "The library closed the room for repairs."


def make_event(trainer, program, state, *, days=10, capacity=20, title="Spring training"):
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=days)
    return event_create(
        actor=trainer,
        program=program,
        state=state,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        format="in_person",
        location="Columbus Metropolitan Library",
        capacity=capacity,
    )


def changes(event, **overrides):
    """The arguments of `event_update` that keep everything as it is, but `overrides`."""
    values = {
        "title": event.title,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "format": event.format,
        "location": event.location,
        "capacity": event.capacity,
        "trainers": [t for t in event.trainers.all() if t.pk != event.created_by_id],
    }
    values.update(overrides)
    return values


def calendar_of(message):
    """The calendar attached to an email, parsed: (METHOD, the VEVENT)."""
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename == "training.ics"
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert f"method={calendar['METHOD']}" in mimetype
    return str(calendar["METHOD"]), vevent


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture
def event(tree, program, ohio_trainer):
    return make_event(ohio_trainer, program, tree["ohio"])


@pytest.fixture
def placed(tree, program, event, ohio_trainer, django_capture_on_commit_callbacks):
    """Two trainees with a place on the event (their placement emails already sent)."""
    people = [
        UserFactory(full_name="Tina Walker", email="tina@example.org"),
        UserFactory(full_name="Marcus Lee", email="marcus@example.org"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        places = [
            event_add_attendee(
                actor=ohio_trainer, event=event, enrollment=enroll(person, program, tree[place])
            )
            for person, place in zip(people, ("cleveland", "columbus"), strict=True)
        ]
    return places


# --- a place comes with an invitation -------------------------------------------------------


def test_a_trainee_given_a_place_is_emailed_a_calendar_invitation(
    tree, program, event, ohio_trainer, django_capture_on_commit_callbacks
):
    trainee = UserFactory(full_name="Tina Walker", email="tina@example.org")
    enrollment = enroll(trainee, program, tree["cleveland"])
    with django_capture_on_commit_callbacks(execute=True):
        event_add_attendee(actor=ohio_trainer, event=event, enrollment=enrollment)

    (message,) = mail.outbox
    assert message.to == ["tina@example.org"]
    assert message.subject == "[Trellis] Your place at Spring training"
    assert "Columbus Metropolitan Library" in message.body
    assert "Format: In person" in message.body
    assert "Trainers: Tomas Alvarez" in message.body
    assert "http://testserver/dashboard/" in message.body

    method, vevent = calendar_of(message)
    assert method == "REQUEST"
    assert str(vevent["UID"]) == f"training-event-{event.pk}@testserver"
    assert vevent["SEQUENCE"] == 0
    assert vevent.decoded("DTSTART") == event.starts_at.astimezone(datetime.UTC)
    assert vevent.decoded("DTEND") == event.ends_at.astimezone(datetime.UTC)
    assert str(vevent["SUMMARY"]) == "Spring training"
    assert str(vevent["LOCATION"]) == "Columbus Metropolitan Library"
    assert "Place: Columbus Metropolitan Library" in str(vevent["DESCRIPTION"])
    assert str(vevent["ORGANIZER"]) == "mailto:no-reply@trellis.localhost"
    assert str(vevent["ATTENDEE"]) == "mailto:tina@example.org"


def test_no_email_goes_out_when_the_placement_is_rolled_back(
    tree, program, event, ohio_trainer, django_capture_on_commit_callbacks
):
    enrollment = enroll(UserFactory(), program, tree["cleveland"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event_add_attendee(actor=ohio_trainer, event=event, enrollment=enrollment)
        with pytest.raises(ValidationError, match="already has a place"):
            event_add_attendee(actor=ohio_trainer, event=event, enrollment=enrollment)
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1


def test_a_video_training_says_how_to_join(
    tree, program, ohio_trainer, django_capture_on_commit_callbacks
):
    start = timezone.now() + datetime.timedelta(days=5)
    link = "https://meet.example.org/j/123456789?pwd=averyveryverylongpasswordthatgoeson"
    event = event_create(
        actor=ohio_trainer,
        program=program,
        state=tree["ohio"],
        title="Video training",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        format="video",
        location=link,
        capacity=5,
    )
    with django_capture_on_commit_callbacks(execute=True):
        event_add_attendee(
            actor=ohio_trainer,
            event=event,
            enrollment=enroll(UserFactory(), program, tree["cleveland"]),
        )
    (message,) = mail.outbox
    assert f"How to join: {link}" in message.body
    _, vevent = calendar_of(message)
    assert f"How to join: {link}" in str(vevent["DESCRIPTION"])
    assert str(vevent["LOCATION"]) == link


# --- changing an event ----------------------------------------------------------------------


def test_a_new_time_is_sent_to_everyone_placed_with_an_updated_invitation(
    event, placed, ohio_trainer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    old_start = event.starts_at
    new_start = old_start + datetime.timedelta(days=1, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        event = event_update(
            actor=ohio_trainer,
            event=event,
            **changes(event, starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=5)),
        )

    assert event.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["marcus@example.org", "tina@example.org"]
    for message in mail.outbox:  # one email each: nobody sees who else is coming
        assert len(message.to) == 1
        assert message.subject == "[Trellis] Changed: Spring training"
        assert "What it was before:" in message.body
        method, vevent = calendar_of(message)
        assert method == "REQUEST"
        assert vevent["SEQUENCE"] == 1
        assert str(vevent["UID"]) == f"training-event-{event.pk}@testserver"
        assert vevent.decoded("DTSTART") == new_start.astimezone(datetime.UTC)
        assert vevent.decoded("DTEND") == (new_start + datetime.timedelta(hours=5)).astimezone(
            datetime.UTC
        )

    entry = HistoryEntry.objects.get(action=HistoryAction.EVENT_CHANGED)
    assert (entry.actor, entry.organization_id) == (ohio_trainer, event.state_id)
    details = entry.details
    assert details["event_id"] == event.pk
    assert set(details["before"]) == {"starts_at", "ends_at"} == set(details["after"])
    assert datetime.datetime.fromisoformat(details["before"]["starts_at"]) == old_start
    assert datetime.datetime.fromisoformat(details["after"]["starts_at"]) == new_start
    assert (details["sequence"], details["notified"]) == (1, 2)


def test_a_new_place_or_format_is_sent_too(
    event, placed, ohio_trainer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = event_update(
            actor=ohio_trainer,
            event=event,
            **changes(event, format="phone", location="Call 614-555-0100, code 4321"),
        )
    assert event.sequence == 1
    assert len(mail.outbox) == 2
    message = sent_to("tina@example.org")[0]
    assert "How to join: Call 614-555-0100, code 4321" in message.body
    assert "Format: In person" in message.body  # what it was
    assert str(calendar_of(message)[1]["LOCATION"]) == "Call 614-555-0100, code 4321"


def test_a_change_that_does_not_matter_to_attendees_sends_nothing(
    tree, event, placed, ohio_trainer, django_capture_on_commit_callbacks
):
    co_trainer = UserFactory(full_name="Olivia Chen")
    grant(co_trainer, tree["ohio"], Role.STATE_TRAINER)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = event_update(
            actor=ohio_trainer,
            event=event,
            **changes(
                event, capacity=30, title="Spring training (full day)", trainers=[co_trainer]
            ),
        )
    assert callbacks == []
    assert mail.outbox == []
    assert event.sequence == 0
    assert set(event.trainers.all()) == {ohio_trainer, co_trainer}
    entry = HistoryEntry.objects.get(action=HistoryAction.EVENT_CHANGED)
    assert entry.details["before"] == {
        "title": "Spring training",
        "capacity": 20,
        "trainers": ["Tomas Alvarez"],
    }
    assert entry.details["after"] == {
        "title": "Spring training (full day)",
        "capacity": 30,
        "trainers": ["Olivia Chen", "Tomas Alvarez"],
    }
    assert entry.details["notified"] == 0


def test_saving_without_a_change_records_nothing(event, ohio_trainer):
    event_update(actor=ohio_trainer, event=event, **changes(event))
    assert not HistoryEntry.objects.filter(action=HistoryAction.EVENT_CHANGED).exists()


def test_places_cannot_drop_below_the_people_placed(event, placed, ohio_trainer):
    with pytest.raises(ValidationError) as refused:
        event_update(actor=ohio_trainer, event=event, **changes(event, capacity=1))
    assert refused.value.message_dict == {
        "capacity": ["2 people already have a place. Keep at least 2 places."]
    }
    event.refresh_from_db()
    assert event.capacity == 20
    event_update(actor=ohio_trainer, event=event, **changes(event, capacity=2))
    event.refresh_from_db()
    assert event.capacity == 2


def test_the_end_must_stay_after_the_start(event, ohio_trainer):
    with pytest.raises(ValidationError, match="The end must be after the start"):
        event_update(actor=ohio_trainer, event=event, **changes(event, ends_at=event.starts_at))


def test_the_trainer_who_scheduled_it_stays_and_co_trainers_come_from_the_state(
    tree, event, ohio_trainer, national_staff
):
    texas_trainer = UserFactory()
    grant(texas_trainer, tree["texas"], Role.STATE_TRAINER)
    with pytest.raises(ValidationError, match="Every co-trainer"):
        event_update(actor=ohio_trainer, event=event, **changes(event, trainers=[texas_trainer]))
    # National staff may change it; the scheduling trainer stays a trainer, and staff do not
    # become one by editing.
    event_update(actor=national_staff, event=event, **changes(event, title="Renamed"))
    assert list(event.trainers.all()) == [ohio_trainer]


@pytest.mark.parametrize("who", ["cleveland_coordinator", "texas_trainer", "trainee"])
def test_only_the_states_trainers_change_or_cancel_an_event(
    request, tree, event, placed, who, django_capture_on_commit_callbacks
):
    if who == "texas_trainer":
        actor = UserFactory()
        grant(actor, tree["texas"], Role.STATE_TRAINER)
    elif who == "trainee":
        actor = placed[0].enrollment.person
    else:
        actor = request.getfixturevalue(who)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(PermissionDenied):
            event_update(actor=actor, event=event, **changes(event, location="Elsewhere"))
        with pytest.raises(PermissionDenied):
            event_cancel(actor=actor, event=event, reason=REASON)
    event.refresh_from_db()
    assert (event.location, event.cancelled_at, event.sequence) == (
        "Columbus Metropolitan Library",
        None,
        0,
    )
    assert not HistoryEntry.objects.filter(
        action__in=[HistoryAction.EVENT_CHANGED, HistoryAction.EVENT_CANCELLED]
    ).exists()
    assert mail.outbox == []


# --- cancelling an event --------------------------------------------------------------------


def test_cancelling_keeps_the_event_and_tells_everyone_placed(
    event, placed, ohio_trainer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = event_cancel(actor=ohio_trainer, event=event, reason=f"  {REASON}  ")

    event = TrainingEvent.objects.get(pk=event.pk)
    assert event.is_cancelled
    assert (event.cancelled_by, event.cancel_reason, event.sequence) == (ohio_trainer, REASON, 1)
    assert EventAttendance.objects.filter(event=event).count() == 2  # places are kept

    assert sorted(m.to[0] for m in mail.outbox) == ["marcus@example.org", "tina@example.org"]
    for message in mail.outbox:
        assert message.subject == "[Trellis] Cancelled: Spring training"
        assert REASON in message.body
        method, vevent = calendar_of(message)
        assert method == "CANCEL"
        assert vevent["STATUS"] == "CANCELLED"
        assert vevent["SEQUENCE"] == 1
        assert str(vevent["UID"]) == f"training-event-{event.pk}@testserver"
        assert vevent.decoded("DTSTART") == event.starts_at.astimezone(datetime.UTC)
        assert REASON in str(vevent["DESCRIPTION"])

    entry = HistoryEntry.objects.get(action=HistoryAction.EVENT_CANCELLED)
    assert (entry.actor, entry.organization_id) == (ohio_trainer, event.state_id)
    assert entry.details["reason"] == REASON
    assert (entry.details["placed"], entry.details["notified"]) == (2, 2)


def test_a_cancelled_event_is_closed_to_changes_places_and_attendance(
    tree, program, event, placed, ohio_trainer
):
    event_cancel(actor=ohio_trainer, event=event, reason=REASON)
    with pytest.raises(ValidationError, match="already cancelled"):
        event_cancel(actor=ohio_trainer, event=event, reason=REASON)
    with pytest.raises(ValidationError, match="cannot be changed"):
        event_update(actor=ohio_trainer, event=event, **changes(event, capacity=30))
    with pytest.raises(ValidationError, match="takes no more trainees"):
        event_add_attendee(
            actor=ohio_trainer,
            event=event,
            enrollment=enroll(UserFactory(), program, tree["cleveland"]),
        )
    with pytest.raises(ValidationError, match="attendance cannot be recorded"):
        attendance_record(actor=ohio_trainer, attendance=placed[0], attended=True)
    assert HistoryEntry.objects.filter(action=HistoryAction.EVENT_CANCELLED).count() == 1
    assert not HistoryEntry.objects.filter(action=HistoryAction.EVENT_CHANGED).exists()
    placed[0].refresh_from_db()
    assert placed[0].status == AttendanceStatus.REGISTERED


def test_cancelling_needs_a_reason(event, ohio_trainer):
    with pytest.raises(ValidationError) as refused:
        event_cancel(actor=ohio_trainer, event=event, reason="   ")
    assert "reason" in refused.value.message_dict
    event.refresh_from_db()
    assert not event.is_cancelled


def test_a_training_with_attendance_recorded_took_place_and_cannot_be_cancelled(
    event, placed, ohio_trainer
):
    attendance_record(actor=ohio_trainer, attendance=placed[0], attended=False)
    with pytest.raises(ValidationError, match="this training took place"):
        event_cancel(actor=ohio_trainer, event=event, reason=REASON)


def test_past_trainings_send_no_email(
    tree, program, ohio_trainer, django_capture_on_commit_callbacks
):
    past = make_event(ohio_trainer, program, tree["ohio"], days=-3)
    with django_capture_on_commit_callbacks(execute=True):
        event_add_attendee(
            actor=ohio_trainer,
            event=past,
            enrollment=enroll(UserFactory(), program, tree["cleveland"]),
        )
        event_update(actor=ohio_trainer, event=past, **changes(past, location="Room 2"))
        event_cancel(actor=ohio_trainer, event=past, reason=REASON)
    assert mail.outbox == []
    assert HistoryEntry.objects.get(action=HistoryAction.EVENT_CANCELLED).details["notified"] == 0
