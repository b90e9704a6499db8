"""A new person reaches a certificate guided only by the dashboard (issue 9, "Done means").

From the home page of a fresh `seed_demo`, Jordan Ellis creates an account, confirms it from
the email, and then follows only the current step of the dashboard's checklist: enroll in
Support Group Facilitator with Cleveland Peer Support, pass each module's knowledge check,
sign the code of conduct, and learn to ask for a place at a training. In a second browser
the demo trainer (Tomas Alvarez, Ohio) schedules a training running today, gives Jordan a
place (Jordan's checklist shows it) and records that Jordan attended; Jordan's checklist
then waits for the assessment. The trainer opens Jordan's enrollment from the roster, scores
every competency at its "ready at" level, decides "Ready" and confirms. Jordan's path is then
complete: the dashboard drops the checklist and the trainee cards for the certificate (active,
valid through its date), and that card's link opens it.

Only labels and visible text are used; the URLs opened directly are the home page and the
link in the confirmation email. axe-core checks every page the two people land on.
"""

import datetime
import io
import re

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from certification.models import Certification
from curriculum.content import CORE_MODULES
from tests.e2e.signing_in import enter_code_if_asked

from .confirming import confirm_action
from .test_training_journeys import answer_with_mouse, expect_passed, right_answers

DEMO_PASSWORD = "trellis-demo-2026"
TRAINER = "trainer@trellis.test"
NAME = "Jordan Ellis"
EMAIL = "jordan.ellis@example.org"
PASSWORD = "a-long-new-password-77"
PROGRAM = "Support Group Facilitator"
AFFILIATE = "Cleveland Peer Support"
PATH_NAME = f"{PROGRAM} with {AFFILIATE}"
EVENT_TITLE = "Facilitator training in Cleveland"
MODULES = {module["title"]: module for module in CORE_MODULES}
STEPS = 6  # enrolled, modules, code of conduct, training, assessment, certificate


# --- steps ---------------------------------------------------------------------------------


def main_nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Main")


def open_dashboard(page: Page, check_axe):
    main_nav(page).get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Welcome, "))).to_be_visible()
    check_axe(page)


def checklist(page: Page) -> Locator:
    """Jordan's one checklist on the dashboard."""
    return page.get_by_role("region", name="Your next steps").get_by_role("region", name=PATH_NAME)


def step(path: Locator, title) -> Locator:
    return path.get_by_role("listitem").filter(has=path.page.get_by_text(title, exact=True))


def expect_progress(path: Locator, done):
    expect(path.get_by_role("progressbar", name=f"{done} of {STEPS} steps done")).to_be_visible()


def current_step_link(path: Locator) -> Locator:
    """The one link of the step marked as the person's next step."""
    return path.locator("[aria-current=step]").get_by_role("link")


def pass_knowledge_check(page: Page, check_axe, title):
    """On a module's page: go to its knowledge check and answer every question right."""
    module = MODULES[title]
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Go to the knowledge check").first.click()
    expect(page.get_by_role("heading", level=1, name=f"Knowledge check: {title}")).to_be_visible()
    check_axe(page)
    answer_with_mouse(page, module, right_answers)
    expect_passed(page, module)
    check_axe(page)


def score_at_ready_level(page: Page):
    """Score each competency exactly at its "ready at" level (the lowest score that counts)."""
    groups = page.get_by_role("group", name=re.compile(r"\(ready at \d or more\)"))
    expect(groups.first).to_be_visible()
    for index in range(groups.count()):
        group = groups.nth(index)
        legend = group.locator("legend").inner_text()
        threshold = re.search(r"ready at (\d) or more", legend).group(1)
        group.get_by_label(re.compile(rf"^{threshold} · ")).check()


def affiliate_label(select: Locator) -> str:
    """The visible label of the affiliate's option (it also names the state)."""
    (label,) = [text for text in select.locator("option").all_inner_texts() if AFFILIATE in text]
    return label.strip()


def take_current_module(page: Page, path: Locator, check_axe):
    """Follow the checklist's "Start with <module>" and pass that module's check."""
    link = current_step_link(path)
    expect(link).to_have_text(re.compile(r"^Start with "))
    title = link.inner_text().removeprefix("Start with ")
    link.click()
    pass_knowledge_check(page, check_axe, title)


# --- the journey ---------------------------------------------------------------------------


def test_new_person_signs_up_and_reaches_a_certificate_by_the_dashboards_next_steps(
    page: Page, site_url, check_axe, read_link_from_email, open_another_browser
):
    """Proves: from nothing but the home page, the dashboard's current step always links to
    where the next thing is done, its progress moves as each step is done ("n of 6 steps",
    "n of 4 required modules"), a person not yet placed is told to ask for a place, and
    training plus a trainer's confirmed "Ready" end in an active certificate the dashboard
    links to. The trainer reaches everything through the pages (Events, the roster)."""
    call_command("seed_demo", stdout=io.StringIO())

    # --- Jordan creates an account from the home page.
    page.goto(site_url("/"))
    expect(page.get_by_role("heading", level=1, name="Trellis")).to_be_visible()
    check_axe(page)
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1, name="Create an account")).to_be_visible()
    check_axe(page)
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_role("heading", level=1, name="Confirm your email address")).to_be_visible()
    check_axe(page)

    page.goto(read_link_from_email(EMAIL, "/accounts/confirm-email/"))
    expect(page.get_by_role("heading", level=1, name="Confirm your email address")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Confirm").click()

    # --- The dashboard's first step: enroll.
    expect(page.get_by_role("heading", level=1, name="Welcome, Jordan")).to_be_visible()
    check_axe(page)
    steps = page.get_by_role("region", name="Your next steps")
    expect(steps).to_contain_text("You are not enrolled in a program yet.")
    steps.get_by_role("link", name="Start: enroll in a program").click()
    expect(page.get_by_role("heading", level=1, name="Your enrollments")).to_be_visible()
    check_axe(page)
    form = page.get_by_role("region", name="Enroll in a program")
    form.get_by_role("combobox", name="Program").select_option(label=PROGRAM)
    affiliate = form.get_by_role("combobox", name="Affiliate")
    affiliate.select_option(label=affiliate_label(affiliate))
    form.get_by_role("button", name="Enroll").click()
    expect(page.get_by_role("status")).to_contain_text(f"You are enrolled in {PROGRAM}.")
    check_axe(page)

    # --- Modules: the checklist names the next one; progress moves after each pass.
    open_dashboard(page, check_axe)
    path = checklist(page)
    expect_progress(path, 1)
    expect(path).to_contain_text("0 of 4 required modules passed.")
    expect(step(path, "Online modules")).to_contain_text("your next step")
    expect(path).to_contain_text("Ask your coordinator for a place at a training.")

    # Module 1 from the dashboard's link, then back to the dashboard: the count moved on.
    take_current_module(page, path, check_axe)
    open_dashboard(page, check_axe)
    path = checklist(page)
    expect(path).to_contain_text("1 of 4 required modules passed.")
    expect_progress(path, 1)

    # Module 2 from the dashboard's link; its result leads on to module 3 ("Next module").
    take_current_module(page, path, check_axe)
    following = page.get_by_role("link", name=re.compile(r"^Next module: "))
    third = following.inner_text().removeprefix("Next module: ")
    following.click()
    pass_knowledge_check(page, check_axe, third)

    # Back on the dashboard: 3 of 4, and the current step names the last module.
    open_dashboard(page, check_axe)
    path = checklist(page)
    expect(path).to_contain_text("3 of 4 required modules passed.")
    take_current_module(page, path, check_axe)

    # The last result page has no next module: it leads back to the next steps.
    page.get_by_role("link", name="Every module is passed: see your next steps").click()
    expect(page.get_by_role("heading", level=1, name="Welcome, Jordan")).to_be_visible()
    check_axe(page)
    path = checklist(page)
    expect(path).to_contain_text("4 of 4 required modules passed.")
    expect_progress(path, 2)
    expect(step(path, "Online modules")).to_contain_text("(done)")

    # --- The code of conduct.
    expect(step(path, "Code of conduct")).to_contain_text("your next step")
    current_step_link(path).click()
    expect(page.get_by_role("heading", level=1, name=f"{PROGRAM} code of conduct")).to_be_visible()
    check_axe(page)
    page.get_by_label("Type your full name to sign").fill(NAME)
    page.get_by_label("I have read this code of conduct and I agree to follow it.").check()
    page.get_by_role("button", name="Sign the code of conduct").click()
    expect(
        page.get_by_role("status").filter(has_text="Thank you. You signed the code of conduct.")
    ).to_be_visible()
    check_axe(page)

    # --- Not placed on a training yet: the checklist says whom to ask.
    open_dashboard(page, check_axe)
    path = checklist(page)
    expect_progress(path, 3)
    training = step(path, "A state training")
    expect(training).to_contain_text("your next step")
    expect(training).to_contain_text("Ask your coordinator for a place at a training.")

    # --- The demo trainer, in a browser of their own, runs the training.
    trainer = open_another_browser()
    trainer.goto(site_url("/"))
    check_axe(trainer)
    main_nav(trainer).get_by_role("link", name="Sign in").click()
    expect(trainer.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    check_axe(trainer)
    trainer.get_by_label("Email").fill(TRAINER)
    trainer.get_by_label("Password").fill(DEMO_PASSWORD)
    trainer.get_by_role("button", name="Sign in").click()
    enter_code_if_asked(trainer, TRAINER, check_axe)
    expect(trainer.get_by_role("heading", level=1, name="Welcome, Tomas")).to_be_visible()
    check_axe(trainer)

    main_nav(trainer).get_by_role("link", name="Events").click()
    expect(trainer.get_by_role("heading", level=1, name="Training events")).to_be_visible()
    check_axe(trainer)
    trainer.get_by_role("link", name="Schedule a training").first.click()
    expect(
        trainer.get_by_role("heading", level=1, name=re.compile("^Schedule a training"))
    ).to_be_visible()
    check_axe(trainer)
    # The training runs today: it began an hour ago and ends in three hours (a training
    # that has ended takes no more trainees).
    now = timezone.localtime().replace(second=0, microsecond=0)
    starts, ends = now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=3)
    trainer.get_by_role("combobox", name="Program", exact=True).select_option(label=PROGRAM)
    trainer.get_by_role("textbox", name="Title", exact=True).fill(EVENT_TITLE)
    trainer.get_by_label("Start date").fill(starts.date().isoformat())
    trainer.get_by_label("Start time").fill(f"{starts:%H:%M}")
    trainer.get_by_label("End date").fill(ends.date().isoformat())
    trainer.get_by_label("End time").fill(f"{ends:%H:%M}")
    trainer.get_by_role("group", name="Format").get_by_label("In person").check()
    trainer.get_by_label("Place or call details").fill("Cleveland Public Library, 325 Superior Ave")
    trainer.get_by_role("spinbutton", name="Places", exact=True).fill("12")
    trainer.get_by_role("button", name="Schedule the training").click()
    expect(trainer.get_by_role("heading", level=1, name=EVENT_TITLE)).to_be_visible()
    check_axe(trainer)

    add = trainer.get_by_role("region", name="Add a trainee")
    add.get_by_label("Trainee").select_option(label=f"{NAME} · {AFFILIATE}")
    add.get_by_role("button", name="Add to the training").click()
    expect(trainer.get_by_role("status")).to_contain_text(f"{NAME} has a place on this training.")
    check_axe(trainer)

    # Jordan's checklist shows the place: the training, its day and where it is.
    page.reload()
    training = step(checklist(page), "A state training")
    expect(training).to_contain_text(f"You have a place at {EVENT_TITLE}")
    expect(training).to_contain_text("325 Superior Ave")
    check_axe(page)

    roster = trainer.get_by_role("table", name=f"Attendees of {EVENT_TITLE}")
    row = roster.get_by_role("row").filter(has_text=NAME)
    row.get_by_role("button", name="Attended").click()
    expect(trainer.get_by_role("status")).to_contain_text(
        f"{NAME} attended. Every prerequisite is met: ready for assessment."
    )
    check_axe(trainer)

    # --- Jordan: the training is done, the assessment comes next.
    page.reload()
    path = checklist(page)
    expect_progress(path, 4)
    expect(step(path, "A state training")).to_contain_text("(done)")
    expect(step(path, "A state training")).to_contain_text(f"You attended {EVENT_TITLE}")
    assessment = step(path, "Readiness assessment")
    expect(assessment).to_contain_text("your next step")
    expect(assessment).to_contain_text("A state trainer of your state assesses you.")
    check_axe(page)
    current_step_link(path).click()
    expect(
        page.get_by_role("heading", level=1, name=f"Your enrollment in {PROGRAM}")
    ).to_be_visible()
    expect(page.get_by_text("Ready for assessment", exact=True)).to_be_visible()
    expect(
        page.get_by_role("region", name="Prerequisites for assessment").get_by_text("not met yet")
    ).to_have_count(0)
    check_axe(page)

    # --- The trainer assesses Jordan from the roster and confirms "Ready".
    roster.get_by_role("link", name=NAME).click()
    expect(trainer.get_by_role("heading", level=1, name=f"{NAME} in {PROGRAM}")).to_be_visible()
    check_axe(trainer)
    score_at_ready_level(trainer)
    trainer.get_by_role("group", name="Decision").get_by_label("Ready", exact=True).check()
    trainer.get_by_role("button", name="Record the assessment").click()
    confirm_action(
        trainer,
        check_axe,
        f"Certify {NAME}?",
        "Yes, certify the trainee",
        f"{NAME} will be certified in {PROGRAM}",
        f"{NAME} is emailed the certificate number.",
    )
    certification = Certification.objects.get(person__email=EMAIL)
    expect(trainer.get_by_role("status")).to_contain_text(
        f"Certified. Certificate number {certification.display_number}"
    )
    check_axe(trainer)

    # --- Jordan's path is complete: the dashboard shows the certificate, not the checklist.
    open_dashboard(page, check_axe)
    expect(page.get_by_role("region", name="Your next steps")).to_have_count(0)
    expect(page.get_by_text("You take part as a facilitator.")).to_be_visible()
    valid_through = f"{certification.expires_on:%B} {certification.expires_on.day}, " + str(
        certification.expires_on.year
    )
    mine = page.get_by_role("region", name="Your certificates")
    expect(mine).to_contain_text(PROGRAM)
    expect(mine).to_contain_text(certification.display_number)
    expect(mine).to_contain_text("Active")
    expect(mine).to_contain_text(f"valid through {valid_through}")
    mine.get_by_role("link", name="Your certificates").click()
    expect(page.get_by_role("heading", level=1, name="My certificates")).to_be_visible()
    card = page.get_by_role("article", name=PROGRAM)
    expect(card).to_contain_text(certification.display_number)
    expect(card).to_contain_text("Active")
    expect(card).to_contain_text(valid_through)
    check_axe(page)
