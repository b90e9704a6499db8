"""Calendar invitations for training events, as iCalendar (.ics) files.

A trainee placed on a state training gets the training as a calendar invitation they can add
to any calendar (phone, Outlook, Google); when the training moves or is cancelled, a new file
with the same UID and a higher SEQUENCE replaces or removes the copy they saved (RFC 5545,
with the REQUEST and CANCEL methods of RFC 5546).

Building the file is a pure function from data to bytes, like PDF rendering: no database, no
clock, no settings, so tests parse the bytes back and check what a calendar would read.
"""

import datetime
from dataclasses import dataclass, field
from email.utils import parseaddr
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vCalAddress, vText

PRODUCT_ID = "-//Trellis//Training events//EN"
MIMETYPE = "text/calendar"


class Method:
    """What the file asks of the calendar: add or update the training, or remove it."""

    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class CalendarEntry:
    """One training as a calendar sees it.

    `uid` stays the same for the life of the event and `sequence` grows with every change
    sent, so a calendar replaces the older copy instead of adding a second one.
    """

    uid: str
    sequence: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str
    description: str
    organizer: str  # "Name <address>", as in DEFAULT_FROM_EMAIL
    attendees: tuple[tuple[str, str], ...] = field(default=())  # (name, email) pairs


def event_uid(event_id: int, site_url: str) -> str:
    """The calendar UID of a training event: stable, and unique to this site."""
    host = urlsplit(site_url).hostname or "trellis.localhost"
    return f"training-event-{event_id}@{host}"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        raise ValueError("Calendar times must be time-zone aware.")
    return moment.astimezone(datetime.UTC)


def _address(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def invitation_ics(entry: CalendarEntry, *, method: str, stamp: datetime.datetime) -> bytes:
    """The .ics file for `entry`: REQUEST adds or updates it, CANCEL removes it.

    Times are written in UTC, which every calendar reads the same way and shows in the
    reader's own time zone. `stamp` is when the file was made (DTSTAMP).
    """
    if method not in (Method.REQUEST, Method.CANCEL):
        raise ValueError(f"Unknown calendar method: {method}")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", _utc(stamp))
    event.add("dtstart", _utc(entry.starts_at))
    event.add("dtend", _utc(entry.ends_at))
    event.add("summary", entry.summary)
    event.add("location", entry.location)
    event.add("description", entry.description)
    event.add("status", "CANCELLED" if method == Method.CANCEL else "CONFIRMED")
    name, email = parseaddr(entry.organizer)
    event.add("organizer", _address(name, email or entry.organizer))
    for attendee_name, attendee_email in entry.attendees:
        attendee = _address(attendee_name, attendee_email)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()
