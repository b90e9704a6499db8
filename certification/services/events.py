"""State training events: creating them, placing trainees on them, recording attendance."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions
from ..errors import DomainError
from ..models import (
    OPEN_ENROLLMENT_STATUSES,
    AttendanceStatus,
    EventAttendance,
    OrganizationKind,
    TrainingEvent,
)
from .readiness import enrollment_refresh


def _require_event_authority(actor, state):
    if not permissions.can_run_training_events(actor, state):
        raise PermissionDenied(_("Only trainers of this state run its training events."))


@transaction.atomic
def event_create(
    *, actor, program, state, title, starts_at, ends_at, format, location, capacity, trainers=()
) -> TrainingEvent:
    """A trainer schedules a training for one program in their state."""
    if state.kind != OrganizationKind.STATE:
        raise DomainError({"state": _("Training events belong to a state organization.")})
    _require_event_authority(actor, state)
    if ends_at <= starts_at:
        raise DomainError({"ends_at": _("The end must be after the start.")})
    if capacity < 1:
        raise DomainError({"capacity": _("An event needs at least one place.")})
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
    trainers = list(trainers)
    co_trainers = [t for t in trainers if permissions.can_run_training_events(t, state)]
    if len(co_trainers) != len(trainers):
        raise DomainError({"trainers": _("Every co-trainer must be a trainer of this state.")})
    event.trainers.set({actor, *co_trainers})
    return event


@transaction.atomic
def event_add_attendee(*, actor, event, enrollment) -> EventAttendance:
    """Give an enrollment from one of the state's affiliates a place at the event."""
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    _require_event_authority(actor, event.state)
    if not enrollment.affiliate.path.startswith(event.state.path):
        raise DomainError({"enrollment": _("This trainee belongs to another state.")})
    if enrollment.program_id != event.program_id:
        raise DomainError({"enrollment": _("This trainee is enrolled in another program.")})
    if enrollment.status not in OPEN_ENROLLMENT_STATUSES:
        raise DomainError({"enrollment": _("This enrollment is closed.")})
    if EventAttendance.objects.filter(event=event, enrollment=enrollment).exists():
        raise DomainError({"enrollment": _("This trainee already has a place.")})
    if event.attendances.count() >= event.capacity:
        raise DomainError({"enrollment": _("The event is full.")})
    return EventAttendance.objects.create(event=event, enrollment=enrollment, recorded_by=actor)


@transaction.atomic
def attendance_record(*, actor, attendance, attended: bool) -> EventAttendance:
    """Record whether the person came; attending can make an enrollment ready to assess."""
    attendance = (
        EventAttendance.objects.select_for_update()
        .select_related("event__state", "enrollment")
        .get(pk=attendance.pk)
    )
    _require_event_authority(actor, attendance.event.state)
    attendance.status = AttendanceStatus.ATTENDED if attended else AttendanceStatus.ABSENT
    attendance.recorded_by = actor
    attendance.save(update_fields=["status", "recorded_by", "updated_at"])
    attendance.enrollment = enrollment_refresh(enrollment=attendance.enrollment)
    return attendance
