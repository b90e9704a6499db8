"""State training events, for the trainers who run them: the list, scheduling, changing and
cancelling a training, and one event's roster with places and attendance.

Events are fetched only through `selectors` (scoped by `training_events_visible_to`), so an
event of another state is a 404, never a glimpse.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from curriculum.models import ProgramPage

from .. import permissions
from ..forms.events import AddAttendeeForm, EventCancelForm, EventForm, StateChoiceForm
from ..models import AttendanceStatus, EnrollmentStatus
from ..selectors.events import (
    event_attendance_for,
    event_attendances,
    my_event_states,
    my_training_events,
    training_event_for,
)
from ..services.events import (
    attendance_record,
    event_add_attendee,
    event_cancel,
    event_create,
    event_update,
)
from .common.form_errors import add_service_errors


def _require_event_runner(user):
    """The states where the person runs trainings; a 403 for everyone else."""
    states = list(my_event_states(user))
    if not states:
        raise PermissionDenied
    return states


@login_required
def event_list(request):
    """Upcoming and past events in the person's states, and where to schedule a new one."""
    states = _require_event_runner(request.user)
    upcoming, past = my_training_events(request.user)
    return render(
        request,
        "certification/events/event_list.html",
        {"states": states, "upcoming": upcoming, "past": past},
    )


@login_required
def event_create_view(request):
    """Schedule a training in one of the person's states (`?state=<slug>`)."""
    states = _require_event_runner(request.user)
    slug = request.GET.get("state")
    if not slug and len(states) == 1:
        slug = states[0].slug
    if not slug:
        chooser = StateChoiceForm(states=my_event_states(request.user))
        return render(request, "certification/events/event_choose_state.html", {"form": chooser})
    state = next((state for state in states if state.slug == slug), None)
    if state is None:
        raise Http404

    form = EventForm(
        request.POST or None,
        programs=ProgramPage.objects.live().order_by("title"),
        co_trainers=permissions.event_co_trainer_choices(state).exclude(pk=request.user.pk),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                event = event_create(
                    actor=request.user,
                    program=data["program"],
                    state=state,
                    title=data["title"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    format=data["format"],
                    location=data["location"],
                    capacity=data["capacity"],
                    trainers=list(data["trainers"]),
                )
            except ValidationError as error:
                add_service_errors(form, error, EventForm.SERVICE_FIELDS)
            else:
                messages.success(
                    request,
                    _("%(title)s is scheduled. Add trainees below.") % {"title": event.title},
                )
                return redirect("certification:event_detail", event_id=event.pk)
        status = 400
    return render(
        request,
        "certification/events/event_form.html",
        {"form": form, "state": state},
        status=status,
    )


def _event_page(request, event, *, add_form=None, status=200):
    attendances = list(event_attendances(event))
    has_ended = event.ends_at <= timezone.now()
    # Cancelled and past trainings take no more trainees: they are not offered a place.
    takes_attendees = not event.is_cancelled and not has_ended
    is_full = len(attendances) >= event.capacity
    has_candidates = False
    if takes_attendees and not is_full:
        candidates = permissions.event_attendee_choices(event)
        has_candidates = candidates.exists()
        if add_form is None and has_candidates:
            add_form = AddAttendeeForm(candidates=candidates)
    return render(
        request,
        "certification/events/event_detail.html",
        {
            "event": event,
            "attendances": attendances,
            "places_taken": len(attendances),
            "is_full": is_full,
            "has_ended": has_ended,
            "takes_attendees": takes_attendees,
            "add_form": add_form if takes_attendees and not is_full else None,
            "has_candidates": has_candidates,
        },
        status=status,
    )


@login_required
def event_detail(request, event_id):
    """One event: its details, the roster with attendance, and adding a trainee."""
    return _event_page(request, training_event_for(request.user, event_id))


def _emailed_count(event) -> int:
    """How many people hear of a change or cancellation: those placed on a training that
    has not ended yet (see `event_notices`)."""
    if event.ends_at <= timezone.now():
        return 0
    return event.attendances.filter(status=AttendanceStatus.REGISTERED).count()


def _changed_message(event, before_sequence) -> str:
    if event.sequence == before_sequence:
        return _("Saved. No one was emailed: the time, place and format did not change.")
    placed = _emailed_count(event)
    if not placed:
        return _("Saved.")
    return ngettext(
        "Saved. The %(count)s person placed on it is emailed the new details.",
        "Saved. The %(count)s people placed on it are emailed the new details.",
        placed,
    ) % {"count": placed}


@login_required
def event_edit_view(request, event_id):
    """Change a training's title, times, format, place, places or co-trainers."""
    event = training_event_for(request.user, event_id)
    if event.is_cancelled:
        messages.error(request, _("This training is cancelled. It cannot be changed."))
        return redirect("certification:event_detail", event_id=event.pk)
    co_trainers = permissions.event_co_trainer_choices(event.state).exclude(pk=event.created_by_id)
    current = [trainer.pk for trainer in event.trainers.all() if trainer.pk != event.created_by_id]
    form = EventForm(
        request.POST or None,
        co_trainers=co_trainers,
        initial=EventForm.initial_for(event, current),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            before_sequence = event.sequence
            try:
                event = event_update(
                    actor=request.user,
                    event=event,
                    title=data["title"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    format=data["format"],
                    location=data["location"],
                    capacity=data["capacity"],
                    trainers=list(data["trainers"]),
                )
            except ValidationError as error:
                add_service_errors(form, error, EventForm.SERVICE_FIELDS)
            else:
                messages.success(request, _changed_message(event, before_sequence))
                return redirect("certification:event_detail", event_id=event.pk)
        status = 400
    return render(
        request,
        "certification/events/event_form.html",
        {"form": form, "state": event.state, "event": event},
        status=status,
    )


@login_required
def event_cancel_view(request, event_id):
    """Cancel a training, after saying what will happen and asking why."""
    event = training_event_for(request.user, event_id)
    if event.is_cancelled:
        messages.error(request, _("This training is already cancelled."))
        return redirect("certification:event_detail", event_id=event.pk)
    placed = event.attendances.filter(status=AttendanceStatus.REGISTERED).count()
    emailed = _emailed_count(event)
    form = EventCancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                event_cancel(actor=request.user, event=event, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                text = _("The training is cancelled.")
                if emailed:
                    text = ngettext(
                        "The training is cancelled. %(count)s person is emailed the reason.",
                        "The training is cancelled. %(count)s people are emailed the reason.",
                        emailed,
                    ) % {"count": emailed}
                messages.success(request, text)
                return redirect("certification:event_detail", event_id=event.pk)
        status = 400
    return render(
        request,
        "certification/events/event_cancel.html",
        {"form": form, "event": event, "placed": placed, "emailed": emailed},
        status=status,
    )


@login_required
@require_POST
def event_add_attendee_view(request, event_id):
    """Give a trainee a place on the event."""
    event = training_event_for(request.user, event_id)
    form = AddAttendeeForm(request.POST, candidates=permissions.event_attendee_choices(event))
    if form.is_valid():
        enrollment = form.cleaned_data["enrollment"]
        try:
            event_add_attendee(actor=request.user, event=event, enrollment=enrollment)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(person)s has a place on this training. They are emailed the details "
                    "with a calendar invitation."
                )
                % {"person": enrollment.person.full_name},
            )
            return redirect("certification:event_detail", event_id=event.pk)
    return _event_page(request, event, add_form=form, status=400)


@login_required
@require_POST
def attendance_record_view(request, event_id, attendance_id):
    """Record that a trainee attended the event, or did not."""
    event = training_event_for(request.user, event_id)
    attendance = event_attendance_for(event, attendance_id)
    attended = request.POST.get("attended") == "yes"
    try:
        attendance = attendance_record(actor=request.user, attendance=attendance, attended=attended)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # The service may have moved the enrollment on; read its status as it is now.
        enrollment = attendance.enrollment
        enrollment.refresh_from_db(fields=["status"])
        person = enrollment.person.full_name
        if not attended:
            text = _("%(person)s: did not attend.") % {"person": person}
        elif enrollment.status == EnrollmentStatus.READY_FOR_ASSESSMENT:
            text = _("%(person)s attended. Every prerequisite is met: ready for assessment.") % {
                "person": person
            }
        else:
            text = _("%(person)s attended.") % {"person": person}
        messages.success(request, text)
    return redirect("certification:event_detail", event_id=event.pk)
