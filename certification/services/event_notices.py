"""What trainees placed on a state training are told, and the calendar file that goes with it.

A trainee hears of their training three ways: when they get a place (an invitation), when the
time, place or format changes (an update that replaces the copy in their calendar), and when
the training is cancelled (a cancellation that removes it, with the trainer's reason). Each
person gets an email of their own, so nobody sees who else is coming. Emails leave through
`tasks.notify` once the change commits; trainings that have already ended send nothing.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..calendar import MIMETYPE, CalendarEntry, Method, event_uid, invitation_ics
from ..models import AttendanceStatus, EventFormat
from ..tasks import notify

ICS_FILENAME = "training.ics"


def _trainer_names(event) -> list[str]:
    return sorted(trainer.full_name or trainer.email for trainer in event.trainers.all())


def _how_to_get_there(event) -> str:
    if event.format == EventFormat.IN_PERSON:
        return _("Place: %(location)s") % {"location": event.location}
    return _("How to join: %(location)s") % {"location": event.location}


def _description(event, *, reason="") -> str:
    lines = []
    if reason:
        lines += [_("This training is cancelled: %(reason)s") % {"reason": reason}, ""]
    lines += [
        _("%(program)s training with %(state)s.")
        % {"program": event.program.title, "state": event.state.name},
        _("Format: %(format)s") % {"format": event.get_format_display()},
        _how_to_get_there(event),
    ]
    trainers = _trainer_names(event)
    if trainers:
        lines.append(_("Trainers: %(names)s") % {"names": ", ".join(trainers)})
    lines.append(_("Your next steps: %(url)s") % {"url": settings.SITE_URL + reverse("dashboard")})
    return "\n".join(lines)


def calendar_file(event, person, *, method=Method.REQUEST, reason="") -> tuple[str, str, str]:
    """The training as an email attachment for one person: (filename, text, mimetype)."""
    entry = CalendarEntry(
        uid=event_uid(event.pk, settings.SITE_URL),
        sequence=event.sequence,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        location=event.location,
        description=_description(event, reason=reason),
        organizer=settings.DEFAULT_FROM_EMAIL,
        attendees=((person.full_name, person.email),),
    )
    content = invitation_ics(entry, method=method, stamp=timezone.now()).decode("utf-8")
    return ICS_FILENAME, content, f"{MIMETYPE}; method={method}"


def placed_people(event):
    """Who is placed on the training and still to come: the registered attendances."""
    return [
        attendance.enrollment.person
        for attendance in event.attendances.filter(status=AttendanceStatus.REGISTERED)
        .select_related("enrollment__person")
        .order_by("pk")
    ]


def _context(event, person, **extra) -> dict:
    return {
        "person_name": person.full_name,
        "title": event.title,
        "program": event.program.title,
        "state": event.state.name,
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at),
        "format": event.get_format_display(),
        "location": event.location,
        "in_person": event.format == EventFormat.IN_PERSON,
        "trainers": ", ".join(_trainer_names(event)),
        "dashboard_path": reverse("dashboard"),
        **extra,
    }


def _still_to_come(event) -> bool:
    return event.ends_at > timezone.now()


def tell_placed(event, person):
    """A trainee got a place: the training's details and its calendar invitation."""
    if not _still_to_come(event):
        return
    notify(
        to=[person.email],
        subject=_("Your place at %(title)s") % {"title": event.title},
        template="certification/email/event_placed.txt",
        context=_context(event, person),
        attachments=[calendar_file(event, person)],
    )


def tell_changed(event, before: dict):
    """The time, place or format changed: everyone placed gets the new details, what they
    were before (`before` holds the old values of what changed), and an updated invitation
    that replaces the one in their calendar."""
    if not _still_to_come(event):
        return 0
    was = {}
    if "starts_at" in before or "ends_at" in before:
        was["was_starts_at"] = timezone.localtime(before.get("starts_at", event.starts_at))
        was["was_ends_at"] = timezone.localtime(before.get("ends_at", event.ends_at))
    if "format" in before:
        was["was_format"] = EventFormat(before["format"]).label
    if "location" in before:
        was["was_location"] = before["location"]
    people = placed_people(event)
    for person in people:
        notify(
            to=[person.email],
            subject=_("Changed: %(title)s") % {"title": event.title},
            template="certification/email/event_changed.txt",
            context=_context(event, person, **was),
            attachments=[calendar_file(event, person)],
        )
    return len(people)


def tell_cancelled(event, people):
    """The training is cancelled: everyone who was placed hears why, with a cancellation
    that removes it from their calendar."""
    if not _still_to_come(event):
        return 0
    for person in people:
        notify(
            to=[person.email],
            subject=_("Cancelled: %(title)s") % {"title": event.title},
            template="certification/email/event_cancelled.txt",
            context=_context(event, person, reason=event.cancel_reason),
            attachments=[
                calendar_file(event, person, method=Method.CANCEL, reason=event.cancel_reason)
            ],
        )
    return len(people)
