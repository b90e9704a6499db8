"""Trainees learn about their training, driven through what people see.

From a fresh `seed_demo`, the demo trainer (Tomas Alvarez, Ohio) schedules a training, gives
a Cleveland trainee a place, moves the training by an hour and then cancels it with a reason.
After each step the trainee's email in the outbox carries a calendar file (.ics) read back
here: an invitation, an update with a higher sequence, a cancellation. axe-core checks every
page visited.
"""

import datetime
import io
import re

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from certification.models import Organization, TrainingEvent
from curriculum.models import ProgramPage
from tests.certification.conftest import enroll
from tests.e2e.signing_in import enter_code_if_asked
from tests.factories import UserFactory

TRAINER = "trainer@trellis.test"
DEMO_PASSWORD = "trellis-demo-2026"
TRAINEE = "riley.rivera@example.org"
TITLE = "Summer training in Cleveland"
REASON = "The library closed the meeting room for repairs."


def sign_in(page: Page, check_axe, email):
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile(r"^sign in$", re.I)
    ).click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile(r"^sign in$", re.I))
    ).to_be_visible()
    check_axe(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile(r"^sign in$", re.I)).click()
    enter_code_if_asked(page, email, check_axe)


def open_training_events(page: Page):
    page.get_by_role("link", name=re.compile(r"^(training )?events$", re.I)).first.click()
    expect(page.get_by_role("heading", level=1, name="Training events")).to_be_visible()


def calendars_sent_to(address):
    """The (METHOD, SEQUENCE, DTSTART) of each calendar file emailed to `address`, in order."""
    found = []
    for message in mail.outbox:
        if message.to != [address]:
            continue
        for filename, content, mimetype in message.attachments:
            assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
            calendar = Calendar.from_ical(content)
            (vevent,) = calendar.walk("VEVENT")
            found.append((str(calendar["METHOD"]), vevent["SEQUENCE"], vevent.decoded("DTSTART")))
    return found


def test_trainer_places_a_trainee_then_moves_and_cancels_the_training(
    page: Page, site_url, check_axe
):
    """Proves: placing a trainee emails them a calendar invitation; changing the time emails
    an update with the same training and a higher sequence; cancelling asks for a reason,
    restates who will be emailed, keeps the training (shown as cancelled, with who and why)
    and emails a calendar cancellation."""
    call_command("seed_demo", stdout=io.StringIO())
    program = ProgramPage.objects.live().order_by("path").first()
    cleveland = Organization.objects.get(short_code="OH-CLE")
    enroll(UserFactory(full_name="Riley Rivera", email=TRAINEE), program, cleveland)
    mail.outbox.clear()

    page.goto(site_url("/"))
    check_axe(page)
    sign_in(page, check_axe, TRAINER)
    expect(page.get_by_role("heading", level=1, name=re.compile("Tomas"))).to_be_visible()
    check_axe(page)

    # Schedule a training a week from now.
    open_training_events(page)
    check_axe(page)
    page.get_by_role("link", name="Schedule a training").first.click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile("^Schedule a training"))
    ).to_be_visible()
    check_axe(page)
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_role("combobox", name="Program", exact=True).select_option(label=program.title)
    page.get_by_role("textbox", name="Title", exact=True).fill(TITLE)
    page.get_by_label("Start date").fill(day.isoformat())
    page.get_by_label("Start time").fill("09:00")
    page.get_by_label("End date").fill(day.isoformat())
    page.get_by_label("End time").fill("16:00")
    page.get_by_role("group", name="Format").get_by_label("In person").check()
    page.get_by_label("Place or call details").fill("Cleveland Public Library, 325 Superior Ave")
    page.get_by_role("spinbutton", name="Places", exact=True).fill("12")
    page.get_by_role("button", name="Schedule the training").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    check_axe(page)

    # Give Riley a place: the email carries an invitation.
    add = page.get_by_role("region", name="Add a trainee")
    add.get_by_label("Trainee").select_option(label=f"Riley Rivera · {cleveland.name}")
    add.get_by_role("button", name="Add to the training").click()
    expect(page.get_by_role("status")).to_contain_text("Riley Rivera has a place on this training.")
    expect(page.get_by_text("1 of 12 places taken")).to_be_visible()
    check_axe(page)
    event = TrainingEvent.objects.get(title=TITLE)
    first_start = event.starts_at.astimezone(datetime.UTC)
    assert calendars_sent_to(TRAINEE) == [("REQUEST", 0, first_start)]
    (placed,) = [m for m in mail.outbox if m.to == [TRAINEE]]
    assert placed.subject == f"[Trellis] Your place at {TITLE}"
    assert "Cleveland Public Library, 325 Superior Ave" in placed.body

    # Move it an hour later: Riley gets an update of the same training.
    page.get_by_role("link", name="Change the training").click()
    expect(page.get_by_role("heading", level=1, name=f"Change {TITLE}")).to_be_visible()
    expect(page.get_by_label("Start time")).to_have_value("09:00")
    check_axe(page)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("17:00")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Saved. The 1 person placed on it is emailed the new details."
    )
    expect(page.get_by_text("10:00 AM")).to_be_visible()
    check_axe(page)
    moved = first_start + datetime.timedelta(hours=1)
    assert calendars_sent_to(TRAINEE) == [("REQUEST", 0, first_start), ("REQUEST", 1, moved)]

    # Cancel it: the page says what will happen and asks why.
    page.get_by_role("link", name="Cancel the training").click()
    expect(page.get_by_role("heading", level=1, name=f"Cancel {TITLE}?")).to_be_visible()
    date = f"{day:%A}, {day:%B} {day.day}, {day.year}"
    expect(
        page.get_by_text(
            f"The training on {date} will be cancelled; the 1 person placed on it will be emailed."
        )
    ).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Yes, cancel the training").click()
    reason = page.get_by_label("Why is the training cancelled?")
    expect(reason).to_have_attribute("aria-invalid", "true")
    check_axe(page)
    reason.fill(REASON)
    page.get_by_role("button", name="Yes, cancel the training").click()

    expect(page.get_by_role("status")).to_contain_text(
        "The training is cancelled. 1 person is emailed the reason."
    )
    expect(page.get_by_role("heading", level=1, name=f"{TITLE} Cancelled")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Cancelled on .* by Tomas Alvarez$"))).to_be_visible()
    expect(page.get_by_text(REASON)).to_be_visible()
    roster = page.get_by_role("table", name=f"Attendees of {TITLE}")
    expect(roster).to_contain_text("Riley Rivera")
    expect(page.get_by_role("link", name="Change the training")).to_have_count(0)
    expect(page.get_by_role("region", name="Add a trainee")).to_have_count(0)
    check_axe(page)
    assert calendars_sent_to(TRAINEE) == [
        ("REQUEST", 0, first_start),
        ("REQUEST", 1, moved),
        ("CANCEL", 2, moved),
    ]
    cancelled = [m for m in mail.outbox if m.to == [TRAINEE]][-1]
    assert REASON in cancelled.body

    # The list keeps it, marked cancelled, with the reason.
    open_training_events(page)
    card = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=TITLE))
    expect(card).to_contain_text("Cancelled")
    expect(card).to_contain_text(REASON)
    check_axe(page)
