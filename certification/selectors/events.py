"""Reads about training events: the trainer's events, a training's attendees and who may be
placed on it."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .. import permissions


def my_event_states(user):
    """The state organizations where the person runs trainings, by name."""
    return permissions.event_states(user).order_by("name")


def my_training_events(user):
    """The events in the person's states, upcoming ones first (soonest first), then past
    ones (latest first), each with its program, state and number of places taken."""

    events = list(
        permissions.training_events_visible_to(user)
        .select_related("program", "state", "cancelled_by")
        .annotate(places_taken=Count("attendances"))
        .order_by("starts_at", "pk")
    )
    now = timezone.now()
    upcoming = [event for event in events if event.ends_at >= now]
    past = [event for event in events if event.ends_at < now]
    past.reverse()
    return upcoming, past


def training_event_for(user, event_id: int):
    """One event the person may run, with its program, state and trainers, or 404."""
    from django.contrib.auth import get_user_model
    from django.db.models import Prefetch

    return get_object_or_404(
        permissions.training_events_visible_to(user)
        .select_related("program", "state", "created_by", "cancelled_by")
        .prefetch_related(
            Prefetch("trainers", queryset=get_user_model().objects.order_by("full_name"))
        ),
        pk=event_id,
    )


def event_attendances(event):
    """The places on an event, with each trainee and affiliate, by name (one query)."""
    from ..models import EventAttendance

    return (
        EventAttendance.objects.filter(event=event)
        .select_related("enrollment__person", "enrollment__affiliate")
        .order_by("enrollment__person__full_name", "pk")
    )


def event_attendance_for(event, attendance_id: int):
    """One place on this event, or 404."""
    from ..models import EventAttendance

    return get_object_or_404(EventAttendance.objects.filter(event=event), pk=attendance_id)


def event_enrollment_candidates(event):
    """Who a trainer may add to the event (`permissions.event_attendee_choices`)."""
    return permissions.event_attendee_choices(event)
