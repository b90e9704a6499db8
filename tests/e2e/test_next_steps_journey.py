"""Next steps from the dashboard, from the home page of a fresh demo, through what people see.

The midway demo trainee signs in and is led by the dashboard's checklist to the next module
and to the code of conduct; the ready trainee sees their training's date and place; national
staff see no missing-code warning while every program has a code, and see one (with the way
to the admin) once a program without a code is added. axe-core checks every page visited.
"""

import io

from django.core.management import call_command
from playwright.sync_api import Page, expect

from curriculum.content import DOCUMENTATION, SCOPE
from curriculum.models import ProgramPage, TrainingIndexPage
from tests.e2e.signing_in import enter_code_if_asked

from .test_training_journeys import (
    TRANSITIONS_DONE,
    WAGTAIL_ADMIN_KNOWN_VIOLATIONS,
    answer_with_mouse,
    expect_passed,
    right_answers,
)

DEMO_PASSWORD = "trellis-demo-2026"
PROGRAM = "Support Group Facilitator"
PATH_NAME = f"{PROGRAM} with Cleveland Peer Support"


def sign_in(page: Page, check_axe, email):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    check_axe(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_code_if_asked(page, email, check_axe)


def sign_out(page: Page):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()


def open_dashboard(page: Page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()


def test_midway_trainee_follows_next_steps_and_staff_see_missing_codes(
    page: Page, site_url, check_axe
):
    call_command("seed_demo", stdout=io.StringIO())

    # Maya, midway, from the home page to her dashboard.
    page.goto(site_url("/"))
    check_axe(page)
    sign_in(page, check_axe, "midway@trellis.test")
    expect(page.get_by_role("heading", level=1, name="Welcome, Maya")).to_be_visible()
    steps = page.get_by_role("region", name="Your next steps")
    path = steps.get_by_role("region", name=PATH_NAME)
    expect(path).to_contain_text("2 of 4 required modules passed.")
    expect(path.get_by_role("listitem").filter(has_text="Online modules")).to_contain_text(
        "your next step"
    )
    expect(path.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "17")
    expect(path).to_contain_text("Ask your coordinator for a place at a training.")
    expect(page.get_by_text("You take part as a trainee")).to_be_visible()
    check_axe(page)

    # The current step links straight to the next module.
    path.get_by_role("link", name="Start with Documentation").click()
    expect(page.get_by_role("heading", level=1, name="Documentation")).to_be_visible()
    check_axe(page)

    # She passes its knowledge check; "Next module" leads on to the last one.
    page.get_by_role("link", name="Go to the knowledge check").click()
    answer_with_mouse(page, DOCUMENTATION, right_answers)
    expect_passed(page, DOCUMENTATION)
    check_axe(page)
    page.get_by_role("link", name=f"Next module: {SCOPE['title']}").click()
    expect(page.get_by_role("heading", level=1, name=SCOPE["title"])).to_be_visible()
    check_axe(page)

    # Back on the dashboard, the count moved on and the code of conduct is one link away.
    open_dashboard(page)
    path = page.get_by_role("region", name=PATH_NAME)
    expect(path).to_contain_text("3 of 4 required modules passed.")
    path.get_by_role("link", name="Read and sign the code of conduct").click()
    expect(page.get_by_role("heading", level=1, name=f"{PROGRAM} code of conduct")).to_be_visible()
    expect(page.get_by_role("article", name="Full text")).to_contain_text(
        "I never give medical advice."
    )
    check_axe(page)

    # My training lists only the program she is enrolled in.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My training").click()
    expect(page.get_by_role("heading", level=1, name="My training")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=PROGRAM)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Peer Mentor")).to_have_count(0)
    check_axe(page)
    sign_out(page)

    # Robin, done online, sees the training they are placed on: date, time and place.
    sign_in(page, check_axe, "ready@trellis.test")
    path = page.get_by_role("region", name=PATH_NAME)
    expect(path).to_contain_text("You have a place at Support Group Facilitator training")
    expect(path).to_contain_text("2500 Euclid Avenue")
    expect(path).to_contain_text("4 of 4 required modules passed.")
    check_axe(page)
    sign_out(page)

    # National staff: every demo program has a code, so no warning.
    sign_in(page, check_axe, "national@trellis.test")
    expect(page.get_by_role("heading", level=1, name="Welcome, Nadia")).to_be_visible()
    expect(page.get_by_text("has no code of conduct", exact=False)).to_have_count(0)
    expect(page.get_by_role("region", name="Your next steps")).to_have_count(0)
    check_axe(page)

    # An editor adds a program and has not written its code yet: the dashboard says so.
    index = TrainingIndexPage.objects.get()
    index.add_child(instance=ProgramPage(title="Class Leader", slug="class-leader"))
    page.reload()
    warning = page.get_by_role("region", name="Programs without a code of conduct")
    expect(warning).to_contain_text(
        "Class Leader has no code of conduct: trainees cannot be assessed."
    )
    check_axe(page)
    warning.get_by_role("link", name="Publish a code of conduct in the admin").click()
    expect(page.get_by_role("combobox", name="Program")).to_contain_text("Class Leader")
    page.wait_for_function(TRANSITIONS_DONE)
    check_axe(page, ignore_rules=WAGTAIL_ADMIN_KNOWN_VIOLATIONS)
