"""Phones: at 375 px wide, every page with a table of people and actions fits the screen.

Tables whose rows carry buttons or links to act on (a training's roster, role holders,
enrollments) stack their rows as cards on narrow screens; long links and email addresses
wrap. Each page here is checked at a 375 px viewport: the page itself never scrolls sideways,
the buttons are visible and work, and axe-core finds no serious violation.
"""

import datetime
import io
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from certification.models import Organization, Role
from certification.services.events import event_add_attendee, event_create
from curriculum.models import ProgramPage
from tests.certification.conftest import enroll
from tests.e2e.signing_in import enter_code_if_asked
from tests.factories import PASSWORD, UserFactory, grant

PHONE = {"width": 375, "height": 812}
TRAINER = "trainer@trellis.test"
DEMO_PASSWORD = "trellis-demo-2026"
TITLE = "Video training for the Cleveland cohort"
LONG_LINK = "https://meet.example.org/j/81234567890?pwd=" + "Zm9yLXBlZXItc3VwcG9ydA" * 4
LONG_EMAIL = "alexandra.montgomery-villanueva.coordinator@clevelandpeersupport.example.org"

# The outermost elements that stick out to the right of the viewport, for the message.
WIDER_THAN_VIEWPORT = """() => [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter((el) => el.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""))
    .slice(0, 5)"""


def fits_the_phone(page: Page):
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, (
        f"{page.url} is {width}px wide at {inner}px: {page.evaluate(WIDER_THAN_VIEWPORT)}"
    )


def sign_in(page: Page, check_axe, email, password):
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile(r"^sign in$", re.I)
    ).click()
    check_axe(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile(r"^sign in$", re.I)).click()
    enter_code_if_asked(page, email, check_axe)


def set_up():
    """The demo, plus a video training in Ohio with three Cleveland trainees placed on it and
    a coordinator whose email address is very long."""
    call_command("seed_demo", stdout=io.StringIO())
    program = ProgramPage.objects.live().order_by("path").first()
    ohio = Organization.objects.get(short_code="OH")
    cleveland = Organization.objects.get(short_code="OH-CLE")
    trainer = get_user_model().objects.get(email=TRAINER)
    grant(
        UserFactory(full_name="Alexandra Montgomery", email=LONG_EMAIL),
        cleveland,
        Role.AFFILIATE_COORDINATOR,
    )
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=5)
    event = event_create(
        actor=trainer,
        program=program,
        state=ohio,
        title=TITLE,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        format="video",
        location=f"Join the call at {LONG_LINK}",
        capacity=10,
    )
    names = ("Riley Rivera", "Bartholomew Featherstonehaugh-Worthington", "Sam Lee")
    for index, name in enumerate(names):
        person = UserFactory(full_name=name, email=f"trainee{index}@example.org")
        event_add_attendee(
            actor=trainer, event=event, enrollment=enroll(person, program, cleveland)
        )
    return {"event": event, "cleveland": cleveland}


def test_a_trainer_records_attendance_on_a_phone(page: Page, site_url, check_axe):
    """Proves: at 375 px the roster is a stack of cards whose "Attended" and "Did not attend"
    buttons are on screen and work; long joining links and email addresses wrap; the event
    list, organization page (role holders) and enrollments never scroll sideways."""
    world = set_up()
    page.set_viewport_size(PHONE)
    page.goto(site_url("/"))
    check_axe(page)
    sign_in(page, check_axe, TRAINER, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1, name=re.compile("Tomas"))).to_be_visible()
    check_axe(page)
    fits_the_phone(page)

    page.goto(site_url("/events/"))
    expect(page.get_by_role("heading", level=1, name="Training events")).to_be_visible()
    check_axe(page)
    fits_the_phone(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_text(LONG_LINK)).to_be_visible()
    check_axe(page)
    fits_the_phone(page)

    roster = page.get_by_role("table", name=f"Attendees of {TITLE}")
    for name in ("Bartholomew Featherstonehaugh-Worthington", "Riley Rivera", "Sam Lee"):
        row = roster.get_by_role("row").filter(has_text=name)
        for label in ("Attended", "Did not attend"):
            button = row.get_by_role("button", name=label)
            expect(button).to_be_visible()
            box = button.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, label, box)
            assert box["height"] >= 24 and box["width"] >= 24
    row = roster.get_by_role("row").filter(has_text="Riley Rivera")
    row.get_by_role("button", name="Attended").click()
    expect(page.get_by_role("status")).to_contain_text("Riley Rivera attended.")
    expect(roster.get_by_role("row").filter(has_text="Riley Rivera")).to_contain_text("Attended")
    row = roster.get_by_role("row").filter(has_text="Sam Lee")
    row.get_by_role("button", name="Did not attend").click()
    expect(page.get_by_role("status")).to_contain_text("Sam Lee: did not attend.")
    check_axe(page)
    fits_the_phone(page)

    cleveland = world["cleveland"]
    page.goto(site_url(f"/organizations/{cleveland.slug}/"))
    expect(page.get_by_role("heading", level=1, name=cleveland.name)).to_be_visible()
    holders = page.get_by_role("table", name=f"Role holders of {cleveland.name}")
    expect(holders).to_contain_text(LONG_EMAIL)
    check_axe(page)
    fits_the_phone(page)

    page.get_by_role("link", name="Enrollments").first.click()
    expect(
        page.get_by_role("heading", level=1, name=f"Enrollments in {cleveland.name}")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Bartholomew Featherstonehaugh-Worthington")
    ).to_be_visible()
    check_axe(page)
    fits_the_phone(page)


def test_a_trainee_reads_their_enrollments_on_a_phone(page: Page, site_url, check_axe):
    """Proves: a trainee's own enrollments page fits 375 px, its table stacked as cards."""
    set_up()
    page.set_viewport_size(PHONE)
    page.goto(site_url("/"))
    sign_in(page, check_axe, "trainee0@example.org", PASSWORD)
    expect(page.get_by_role("heading", level=1, name=re.compile("Riley"))).to_be_visible()
    check_axe(page)
    fits_the_phone(page)
    page.goto(site_url("/enroll/"))
    table = page.get_by_role("table", name="Your enrollments")
    expect(table).to_contain_text("Cleveland Peer Support")
    check_axe(page)
    fits_the_phone(page)
