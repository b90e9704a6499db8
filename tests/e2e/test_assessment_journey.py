"""The state training and readiness journey, driven through what people see: roles, labels
and visible text.

Two Cleveland trainees have passed the program's module and signed its code of conduct. The
Ohio trainer schedules a training, gives both trainees a place, records that they attended,
certifies the first and finds the second not yet ready (with reasons and a recommendation);
the second trainee then reads the decision on their enrollment page. axe-core checks every
page visited (serious and critical violations fail).
"""

import datetime
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from wagtail.models import Page as WagtailPage

from certification.models import Certification, EnrollmentStatus, Role, SystemCause
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from curriculum.models import ModuleProgress, ProgramPage, TrainingIndexPage
from tests.certification.conftest import enroll
from tests.curriculum.conftest import make_module
from tests.e2e.signing_in import enter_code_if_asked
from tests.factories import PASSWORD, UserFactory, grant, make_affiliate, make_national, make_state

from .confirming import confirm_action

PROGRAM = "Peer Mentor"
EVENT_TITLE = "Spring training in Cleveland"
RECOMMENDATION = "Take the class again next year"


def set_up_ohio():
    """Ohio with a trainer, a Cleveland coordinator and two prepared Cleveland trainees."""
    ohio = make_state("OH", "Peer Support Ohio", make_national())
    cleveland = make_affiliate("OH-CLE", ohio, "Cleveland Peer Support")
    trainer = UserFactory(full_name="Tomas Alvarez", email="trainer@example.org")
    grant(trainer, ohio, Role.STATE_TRAINER)
    coordinator = UserFactory(full_name="Carla Reyes", email="carla@example.org")
    grant(coordinator, cleveland, Role.AFFILIATE_COORDINATOR)

    index = TrainingIndexPage(title="Training", slug="training")
    WagtailPage.objects.get(depth=2).add_child(instance=index)
    program = ProgramPage(title=PROGRAM, slug="peer-mentor", validity_months=24)
    index.add_child(instance=program)
    module = make_module(program, "boundaries", title="Boundaries")
    code = conduct_publish(
        actor=None,
        system_cause=SystemCause.SETUP,
        code=conduct_draft(
            actor=None,
            program=program,
            title="Peer Mentor code of conduct",
            text="I keep what members share private. I do not give medical advice.",
        ),
    )

    enrollments = []
    for name, email in (("Tina Walker", "tina@example.org"), ("Marcus Lee", "marcus@example.org")):
        person = UserFactory(full_name=name, email=email)
        ModuleProgress.objects.create(learner=person, module=module, passed_at=timezone.now())
        conduct_sign(actor=person, code=code, typed_name=name, agreed=True)
        enrollments.append(enroll(person, program, cleveland))
    return {"trainer": trainer, "coordinator": coordinator, "enrollments": enrollments}


# The outermost elements that stick out to the right of the viewport, for the message.
WIDER_THAN_VIEWPORT = """() => [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter((el) => el.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""))
    .slice(0, 5)"""


# --- steps ---------------------------------------------------------------------------------


def sign_in(page: Page, check_axe, email):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Sign In")).to_be_visible()
    check_axe(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, email, check_axe)


def sign_out(page: Page, check_axe):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
    ).to_be_visible()
    check_axe(page)


def open_training_events(page: Page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    page.get_by_role("region", name="Your roles").get_by_role(
        "link", name="Training events"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Training events")).to_be_visible()


def fits_320_px(page: Page):
    """At 320 px wide nothing makes the page itself scroll sideways (tables scroll alone)."""
    page.set_viewport_size({"width": 320, "height": 900})
    width = page.evaluate("document.documentElement.scrollWidth")
    too_wide = page.evaluate(WIDER_THAN_VIEWPORT)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert width <= 320, f"{page.url} is {width}px wide at a 320px viewport: {too_wide}"


def roster_row(page: Page, name) -> Locator:
    roster = page.get_by_role("table", name=f"Attendees of {EVENT_TITLE}")
    return roster.get_by_role("row").filter(has_text=name)


def score_every_competency(page: Page, label):
    groups = page.get_by_role("group", name=re.compile(r"\(ready at \d or more\)"))
    expect(groups).to_have_count(6)
    for index in range(groups.count()):
        groups.nth(index).get_by_label(label).check()


# --- the journey ---------------------------------------------------------------------------


def test_trainer_runs_a_training_and_assesses_two_trainees(page: Page, site_url, check_axe):
    """Proves: a state trainer reaches "Training events" from the dashboard; schedules a
    training with date and time inputs and a format chosen from a radio group; gives two
    trainees their places from the list of open enrollments (the places count follows);
    recording attendance makes each fully prepared trainee ready for assessment; the rubric
    is a radio group per competency; "Ready" certifies with the certificate number shown;
    "Not yet ready" needs reasons, emails the trainee and their coordinator, and the trainee
    then reads the decision and the recommendation on their own enrollment page.
    """
    people = set_up_ohio()
    tina, marcus = people["enrollments"]

    page.goto(site_url("/"))
    expect(page.get_by_role("heading", level=1, name="Trellis")).to_be_visible()
    check_axe(page)
    sign_in(page, check_axe, "trainer@example.org")
    expect(page.get_by_role("heading", level=1, name="Welcome, Tomas")).to_be_visible()
    check_axe(page)

    # The events page, empty, leads to scheduling.
    open_training_events(page)
    expect(page.get_by_text("No training is scheduled yet.")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Schedule a training").click()

    expect(
        page.get_by_role("heading", level=1, name="Schedule a training in Peer Support Ohio")
    ).to_be_visible()
    check_axe(page)
    fits_320_px(page)
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_role("combobox", name="Program", exact=True).select_option(label=PROGRAM)
    page.get_by_role("textbox", name="Title", exact=True).fill(EVENT_TITLE)
    page.get_by_label("Start date").fill(day.isoformat())
    page.get_by_label("Start time").fill("09:00")
    page.get_by_label("End date").fill(day.isoformat())
    page.get_by_label("End time").fill("16:30")
    page.get_by_role("group", name="Format").get_by_label("In person").check()
    page.get_by_label("Place or call details").fill("Cleveland Public Library, 325 Superior Ave")
    page.get_by_role("spinbutton", name="Places", exact=True).fill("20")
    page.get_by_role("button", name="Schedule the training").click()

    # The event page: details, an empty roster, and the trainees waiting for a place.
    expect(page.get_by_role("heading", level=1, name=EVENT_TITLE)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"{EVENT_TITLE} is scheduled.")
    expect(page.get_by_text("0 of 20 places taken")).to_be_visible()
    expect(page.get_by_text("No one has a place yet.")).to_be_visible()
    check_axe(page)

    add = page.get_by_role("region", name="Add a trainee")
    for name in ("Tina Walker", "Marcus Lee"):
        add.get_by_label("Trainee").select_option(label=f"{name} · Cleveland Peer Support")
        add.get_by_role("button", name="Add to the training").click()
        expect(page.get_by_role("status")).to_contain_text(f"{name} has a place on this training.")
        add = page.get_by_role("region", name="Add a trainee")
    expect(page.get_by_text("2 of 20 places taken")).to_be_visible()
    expect(add).to_contain_text("No trainee is waiting for a place.")
    check_axe(page)

    for name in ("Tina Walker", "Marcus Lee"):
        roster_row(page, name).get_by_role("button", name="Attended").click()
        expect(page.get_by_role("status")).to_contain_text(
            f"{name} attended. Every prerequisite is met: ready for assessment."
        )
        expect(roster_row(page, name)).to_contain_text("Attended")
    check_axe(page)
    fits_320_px(page)

    # Tina: ready, certified.
    roster_row(page, "Tina Walker").get_by_role("link", name="Tina Walker").click()
    expect(page.get_by_role("heading", level=1, name=f"Tina Walker in {PROGRAM}")).to_be_visible()
    expect(page.get_by_text("Ready for assessment", exact=True)).to_be_visible()
    checklist = page.get_by_role("region", name="Prerequisites for assessment")
    expect(checklist.get_by_text("not met yet")).to_have_count(0)
    check_axe(page)
    fits_320_px(page)
    score_every_competency(page, "3 · Shown consistently")
    page.get_by_role("group", name="Decision").get_by_label("Ready", exact=True).check()
    page.get_by_role("button", name="Record the assessment").click()
    confirm_action(
        page,
        check_axe,
        "Certify Tina Walker?",
        "Yes, certify the trainee",
        "Tina Walker will be certified in",
        "Tina Walker is emailed the certificate number.",
    )

    expect(page.get_by_role("status")).to_contain_text("Certified. Certificate number")
    certification = Certification.objects.get(enrollment=tina)
    expect(page.get_by_role("status")).to_contain_text(
        f"Certified. Certificate number {certification.display_number}"
    )
    expect(page.get_by_role("heading", level=3, name=re.compile(r"^Ready · "))).to_be_visible()
    expect(page.get_by_role("region", name="Assess readiness")).to_have_count(0)
    check_axe(page)

    # Marcus: not yet ready, with reasons and a recommendation.
    open_training_events(page)
    upcoming = page.get_by_role("region", name="Upcoming")
    expect(upcoming).to_contain_text("2 of 20 places taken")
    check_axe(page)
    upcoming.get_by_role("link", name=EVENT_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=EVENT_TITLE)).to_be_visible()
    roster_row(page, "Marcus Lee").get_by_role("link", name="Marcus Lee").click()
    expect(page.get_by_role("heading", level=1, name=f"Marcus Lee in {PROGRAM}")).to_be_visible()
    check_axe(page)
    score_every_competency(page, "2 · Emerging")
    page.get_by_role("group", name="Decision").get_by_label("Not yet ready").check()
    # Forgetting the reasons is caught at the field.
    page.get_by_role("button", name="Record the assessment").click()
    reasons = page.get_by_label("Reasons")
    expect(reasons).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Say why the trainee is not ready yet.")).to_be_visible()
    check_axe(page)
    reasons.fill("Gave medical advice in two of the role plays.")
    page.get_by_label("Recommendations").fill(RECOMMENDATION)
    page.get_by_role("button", name="Record the assessment").click()
    confirm_action(
        page,
        check_axe,
        "Record Marcus Lee as not yet ready?",
        "Yes, record not yet ready",
        "Marcus Lee and the coordinators of",
    )

    expect(page.get_by_role("status")).to_contain_text("Recorded: not yet ready.")
    expect(page.get_by_text("Not yet ready", exact=True)).to_be_visible()
    check_axe(page)
    marcus.refresh_from_db()
    assert marcus.status == EnrollmentStatus.NOT_YET_READY
    outcome = [m for m in mail.outbox if m.subject == f"[Trellis] Training outcome: {PROGRAM}"]
    assert len(outcome) == 1
    assert set(outcome[0].to) == {"marcus@example.org", "carla@example.org"}

    # Marcus reads the decision on his own enrollment page.
    sign_out(page, check_axe)
    sign_in(page, check_axe, "marcus@example.org")
    expect(page.get_by_role("heading", level=1, name="Welcome, Marcus")).to_be_visible()
    check_axe(page)
    # Trainees have no "Training events".
    expect(page.get_by_role("link", name="Training events")).to_have_count(0)
    page.goto(site_url(f"/enrollments/{marcus.pk}/"))
    expect(
        page.get_by_role("heading", level=1, name=f"Your enrollment in {PROGRAM}")
    ).to_be_visible()
    decision = page.get_by_role("article").filter(
        has=page.get_by_role("heading", level=3, name=re.compile(r"^Not yet ready · "))
    )
    expect(decision).to_contain_text("Gave medical advice in two of the role plays.")
    expect(decision).to_contain_text(RECOMMENDATION)
    expect(decision).to_contain_text("Tomas Alvarez")
    expect(decision).to_contain_text("May return from")
    expect(page.get_by_role("region", name="Assess readiness")).to_have_count(0)
    check_axe(page)
    fits_320_px(page)
