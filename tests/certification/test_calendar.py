"""Calendar invitations: the .ics file a trainee gets is read back the way a calendar reads it."""

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from certification.calendar import CalendarEntry, Method, event_uid, invitation_ics

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
STAMP = datetime.datetime(2031, 9, 1, 12, 0, tzinfo=datetime.UTC)


def entry(**overrides):
    values = {
        "uid": "training-event-7@trellis.example.org",
        "sequence": 3,
        "starts_at": datetime.datetime(2031, 10, 4, 9, 0, tzinfo=NEW_YORK),
        "ends_at": datetime.datetime(2031, 10, 4, 16, 30, tzinfo=NEW_YORK),
        "summary": "Fall training; Columbus, Ohio",
        "location": "Columbus Metropolitan Library, 96 S Grant Ave",
        "description": "Format: In person\nPlace: Columbus Metropolitan Library",
        "organizer": "Trellis <no-reply@trellis.example.org>",
        "attendees": (("Tina Walker", "tina@example.org"),),
    }
    values.update(overrides)
    return CalendarEntry(**values)


def parse(data: bytes):
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_an_invitation_is_a_request_with_times_in_utc():
    data = invitation_ics(entry(), method=Method.REQUEST, stamp=STAMP)
    calendar, event = parse(data)

    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert str(event["UID"]) == "training-event-7@trellis.example.org"
    assert event["SEQUENCE"] == 3
    assert event["STATUS"] == "CONFIRMED"
    # 9:00 in New York in October (EDT, UTC-4) is 13:00 UTC, written with a Z.
    assert b"DTSTART:20311004T130000Z" in data
    assert b"DTEND:20311004T203000Z" in data
    assert event.decoded("DTSTART") == datetime.datetime(2031, 10, 4, 13, 0, tzinfo=datetime.UTC)
    assert event.decoded("DTSTAMP") == STAMP
    # Commas and semicolons are escaped in the file and read back as written.
    assert str(event["SUMMARY"]) == "Fall training; Columbus, Ohio"
    assert str(event["LOCATION"]) == "Columbus Metropolitan Library, 96 S Grant Ave"
    assert str(event["DESCRIPTION"]) == "Format: In person\nPlace: Columbus Metropolitan Library"


def test_the_organizer_is_the_sites_from_address_and_the_trainee_attends():
    _, event = parse(invitation_ics(entry(), method=Method.REQUEST, stamp=STAMP))
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:no-reply@trellis.example.org"
    assert organizer.params["CN"] == "Trellis"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:tina@example.org"
    assert attendee.params["CN"] == "Tina Walker"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"


def test_a_cancellation_keeps_the_uid_and_says_cancelled():
    first = invitation_ics(entry(sequence=0), method=Method.REQUEST, stamp=STAMP)
    cancel = invitation_ics(entry(sequence=1), method=Method.CANCEL, stamp=STAMP)
    calendar, event = parse(cancel)
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == str(parse(first)[1]["UID"])


def test_long_lines_are_folded_and_read_back_whole():
    link = "https://meet.example.org/j/" + "8" * 120 + "?pwd=" + "x" * 40
    data = invitation_ics(
        entry(location=link, description=f"How to join: {link}"),
        method=Method.REQUEST,
        stamp=STAMP,
    )
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    _, event = parse(data)
    assert str(event["LOCATION"]) == link
    assert str(event["DESCRIPTION"]) == f"How to join: {link}"


def test_the_same_data_gives_the_same_bytes():
    assert invitation_ics(entry(), method=Method.REQUEST, stamp=STAMP) == invitation_ics(
        entry(), method=Method.REQUEST, stamp=STAMP
    )


def test_naive_times_and_unknown_methods_are_refused():
    with pytest.raises(ValueError, match="time-zone aware"):
        invitation_ics(
            entry(starts_at=datetime.datetime(2031, 10, 4, 9, 0)),
            method=Method.REQUEST,
            stamp=STAMP,
        )
    with pytest.raises(ValueError, match="Unknown calendar method"):
        invitation_ics(entry(), method="PUBLISH", stamp=STAMP)


def test_the_uid_names_the_event_and_the_sites_host():
    assert event_uid(42, "https://trellis.example.org") == "training-event-42@trellis.example.org"
    assert event_uid(42, "http://127.0.0.1:8000") == "training-event-42@127.0.0.1"
