"""State training events: scheduling, changing and cancelling them, placing trainees on
them and recording attendance.

Trainees placed on a training are told by email, with a calendar invitation, when they get
their place and whenever the time, place or format changes or the training is cancelled
(`event_notices`). A cancelled training is kept, with who cancelled it and why, and so are
its places: it only stops taking attendees and changes.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import permissions
from ..errors import DomainError
from ..models import (
    OPEN_ENROLLMENT_STATUSES,
    AttendanceStatus,
    EventAttendance,
    EventFormat,
    HistoryAction,
    HistoryEntry,
    OrganizationKind,
    TrainingEvent,
)
from . import event_notices
from .readiness import enrollment_refresh

# The fields a trainer may change, and those that matter to the people placed on it: a
# change to these is sent to them with an updated calendar invitation.
EDITABLE_FIELDS = ("title", "starts_at", "ends_at", "format", "location", "capacity")
FIELDS_ATTENDEES_NEED = ("starts_at", "ends_at", "format", "location")


def _require_event_authority(actor, state):
    if not permissions.can_run_training_events(actor, state):
        raise PermissionDenied(_("Only trainers of this state run its training events."))


def _refuse_if_cancelled(event, field, message):
    if event.is_cancelled:
        raise DomainError({field: message})


def _check_times_and_places(starts_at, ends_at, capacity):
    if ends_at <= starts_at:
        raise DomainError({"ends_at": _("The end must be after the start.")})
    if capacity < 1:
        raise DomainError({"capacity": _("An event needs at least one place.")})


def _co_trainers(state, trainers):
    """The chosen co-trainers, each one from `permissions.event_co_trainer_choices`."""
    trainers = list(trainers)
    allowed = set(
        permissions.event_co_trainer_choices(state)
        .filter(pk__in=[trainer.pk for trainer in trainers])
        .values_list("pk", flat=True)
    )
    co_trainers = [trainer for trainer in trainers if trainer.pk in allowed]
    if len(co_trainers) != len(trainers):
        raise DomainError({"trainers": _("Every co-trainer must be a trainer of this state.")})
    return co_trainers


@transaction.atomic
def event_create(
    *, actor, program, state, title, starts_at, ends_at, format, location, capacity, trainers=()
) -> TrainingEvent:
    """A trainer schedules a training for one program in their state."""
    if state.kind != OrganizationKind.STATE:
        raise DomainError({"state": _("Training events belong to a state organization.")})
    _require_event_authority(actor, state)
    _check_times_and_places(starts_at, ends_at, capacity)
    event = TrainingEvent.objects.create(
        program=program,
        state=state,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        format=format,
        location=location.strip(),
        capacity=capacity,
        created_by=actor,
    )
    event.trainers.set({actor, *_co_trainers(state, trainers)})
    return event


def _trainer_record(users) -> list[str]:
    return sorted(user.full_name or user.email for user in users)


@transaction.atomic
def event_update(
    *, actor, event, title, starts_at, ends_at, format, location, capacity, trainers=()
) -> TrainingEvent:
    """A trainer corrects or moves a training: its title, times, format, place or joining
    details, places and co-trainers. The person who scheduled it stays one of its trainers.

    A change of time, place or format matters to the people placed on it: the calendar
    sequence goes up and each of them is emailed the new details with an updated invitation.
    A change of title, places or trainers alone is recorded but sends nothing.
    """
    event = (
        TrainingEvent.objects.select_for_update(of=("self",))
        .select_related("created_by", "program", "state")
        .get(pk=event.pk)
    )
    _require_event_authority(actor, event.state)
    _refuse_if_cancelled(event, "__all__", _("This training is cancelled. It cannot be changed."))
    _check_times_and_places(starts_at, ends_at, capacity)
    if format not in EventFormat.values:
        raise DomainError({"format": _("Choose a format.")})
    placed = event.attendances.count()
    if capacity < placed:
        raise DomainError(
            {
                "capacity": ngettext(
                    "%(placed)s person already has a place. Keep at least %(placed)s place.",
                    "%(placed)s people already have a place. Keep at least %(placed)s places.",
                    placed,
                )
                % {"placed": placed}
            }
        )
    new = {
        "title": title.strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "format": format,
        "location": location.strip(),
        "capacity": capacity,
    }
    before = {
        name: getattr(event, name) for name in EDITABLE_FIELDS if getattr(event, name) != new[name]
    }
    after = {name: new[name] for name in before}

    old_trainers = list(event.trainers.all())
    new_trainers = {event.created_by, *_co_trainers(event.state, trainers)}
    if set(old_trainers) != new_trainers:
        before["trainers"] = _trainer_record(old_trainers)
        after["trainers"] = _trainer_record(new_trainers)
        event.trainers.set(new_trainers)
    if not after:
        return event

    matters = [name for name in FIELDS_ATTENDEES_NEED if name in after]
    for name, value in new.items():
        setattr(event, name, value)
    if matters:
        event.sequence += 1
    event.save()
    notified = (
        event_notices.tell_changed(event, {name: before[name] for name in matters})
        if matters
        else 0
    )
    HistoryEntry.objects.create(
        action=HistoryAction.EVENT_CHANGED,
        actor=actor,
        organization=event.state,
        details={
            "event_id": event.pk,
            "title": event.title,
            "before": before,
            "after": after,
            "sequence": event.sequence,
            "notified": notified,
        },
    )
    return event


@transaction.atomic
def event_cancel(*, actor, event, reason) -> TrainingEvent:
    """A trainer cancels a training, saying why. The training and its places are kept, with
    who cancelled it and when; everyone placed on it is emailed the reason and a calendar
    cancellation. A training where attendance was already recorded took place, so it cannot
    be cancelled."""
    event = (
        TrainingEvent.objects.select_for_update(of=("self",))
        .select_related("program", "state")
        .get(pk=event.pk)
    )
    _require_event_authority(actor, event.state)
    _refuse_if_cancelled(event, "__all__", _("This training is already cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": _("Say why the training is cancelled. Attendees read it.")})
    if event.attendances.exclude(status=AttendanceStatus.REGISTERED).exists():
        raise DomainError(
            {"__all__": _("Attendance is already recorded: this training took place.")}
        )
    people = event_notices.placed_people(event)
    event.cancelled_at = timezone.now()
    event.cancelled_by = actor
    event.cancel_reason = reason
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason", "sequence"])
    notified = event_notices.tell_cancelled(event, people)
    HistoryEntry.objects.create(
        action=HistoryAction.EVENT_CANCELLED,
        actor=actor,
        organization=event.state,
        details={
            "event_id": event.pk,
            "title": event.title,
            "reason": reason,
            "starts_at": event.starts_at,
            "placed": len(people),
            "notified": notified,
        },
    )
    return event


def _why_not_an_attendee(event, enrollment) -> str:
    """Why an enrollment is not among `permissions.event_attendee_choices(event)`, in words."""
    if not enrollment.affiliate.path.startswith(event.state.path):
        return _("This trainee belongs to another state.")
    if enrollment.program_id != event.program_id:
        return _("This trainee is enrolled in another program.")
    if enrollment.status not in OPEN_ENROLLMENT_STATUSES:
        return _("This enrollment is closed.")
    if EventAttendance.objects.filter(event=event, enrollment=enrollment).exists():
        return _("This trainee already has a place.")
    return _("This trainee cannot be placed on this training.")


@transaction.atomic
def event_add_attendee(*, actor, event, enrollment) -> EventAttendance:
    """Give an enrollment from one of the state's affiliates a place at the event."""
    event = (
        TrainingEvent.objects.select_for_update(of=("self",))
        .select_related("program", "state")
        .get(pk=event.pk)
    )
    _require_event_authority(actor, event.state)
    _refuse_if_cancelled(
        event, "enrollment", _("This training is cancelled. It takes no more trainees.")
    )
    if not permissions.event_attendee_choices(event).filter(pk=enrollment.pk).exists():
        raise DomainError({"enrollment": _why_not_an_attendee(event, enrollment)})
    if event.attendances.count() >= event.capacity:
        raise DomainError({"enrollment": _("The event is full.")})
    attendance = EventAttendance.objects.create(
        event=event, enrollment=enrollment, recorded_by=actor
    )
    event_notices.tell_placed(event, enrollment.person)
    return attendance


@transaction.atomic
def attendance_record(*, actor, attendance, attended: bool) -> EventAttendance:
    """Record whether the person came; attending can make an enrollment ready to assess."""
    attendance = (
        EventAttendance.objects.select_for_update()
        .select_related("event__state", "enrollment")
        .get(pk=attendance.pk)
    )
    _require_event_authority(actor, attendance.event.state)
    _refuse_if_cancelled(
        attendance.event,
        "__all__",
        _("This training is cancelled, so attendance cannot be recorded."),
    )
    attendance.status = AttendanceStatus.ATTENDED if attended else AttendanceStatus.ABSENT
    attendance.recorded_by = actor
    attendance.save(update_fields=["status", "recorded_by", "updated_at"])
    attendance.enrollment = enrollment_refresh(actor=actor, enrollment=attendance.enrollment)
    return attendance
