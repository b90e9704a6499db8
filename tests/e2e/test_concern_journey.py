"""The concern journey, driven through what people see: roles, labels and visible text.

A visitor without an account reports a concern by certificate number, with a file, asking to
stay confidential; they get a reference and a status page that says "Received". The Cleveland
coordinator finds it in the list and opens it: the reporter is hidden from them. The Ohio
trainer triages it (urgent, with an owner), starts the review, adds a note and resolves it with
coaching and an improvement plan. The public status page then says "Resolved", and nothing of
the notes, the outcome or the plan. axe-core checks every page visited.
"""

import datetime
import re

from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect
from wagtail.models import Page as WagtailPage

from certification.models import Concern, ImprovementPlan, Role
from certification.services.certificates import certification_issue
from curriculum.models import ProgramPage, TrainingIndexPage
from tests.certification.conftest import enroll
from tests.e2e.confirming import confirm_action
from tests.e2e.signing_in import enter_code_if_asked
from tests.factories import PASSWORD, UserFactory, grant, make_affiliate, make_national, make_state

PROGRAM = "Support Group Facilitator"
WHAT_HAPPENED = "Gave a group member her home phone number and met her alone."
NOTE = "Marigold-5521: called the group co-leader, who saw it too."
PLAN = "Retake the Boundaries module and co-lead two groups with a mentor."
SUMMARY = "Heron-8803: boundaries slipped; coaching agreed."


def set_up():
    """Ohio with Cleveland, its coordinator and trainer, and a certified facilitator."""
    ohio = make_state("OH", "Peer Support Ohio", make_national())
    cleveland = make_affiliate("OH-CLE", ohio, "Cleveland Peer Support")
    trainer = UserFactory(full_name="Tomas Alvarez", email="trainer@example.org")
    grant(trainer, ohio, Role.STATE_TRAINER)
    coordinator = UserFactory(full_name="Carla Reyes", email="carla@example.org")
    grant(coordinator, cleveland, Role.AFFILIATE_COORDINATOR)
    index = TrainingIndexPage(title="Training", slug="training")
    WagtailPage.objects.get(depth=2).add_child(instance=index)
    program = ProgramPage(title=PROGRAM, slug="support-group-facilitator", validity_months=24)
    index.add_child(instance=program)
    facilitator = UserFactory(full_name="Frank Hollis", email="frank@example.org")
    certification = certification_issue(
        actor=trainer, enrollment=enroll(facilitator, program, cleveland)
    )
    return coordinator, trainer, certification


def sign_in(page: Page, check_axe, site_url, email):
    page.goto(site_url("/"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Sign In")).to_be_visible()
    check_axe(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, email, check_axe)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()


def test_concern_reported_publicly_is_reviewed_and_resolved(
    page: Page, new_context, site_url, check_axe
):
    cache.clear()  # rate-limit counters from earlier tests
    coordinator, trainer, certification = set_up()

    # A visitor without an account reports a concern by certificate number.
    visitor = new_context().new_page()
    visitor.goto(site_url("/report/"))
    expect(
        visitor.get_by_role("heading", level=1, name="Report a concern about a facilitator")
    ).to_be_visible()
    check_axe(visitor)
    visitor.get_by_label("Certificate number").fill(certification.display_number.lower())
    visitor.get_by_role("radio", name="Boundaries").check()
    visitor.get_by_label("What happened?").fill(WHAT_HAPPENED)
    visitor.get_by_label("When did it happen?").fill("2025-01-10")
    visitor.get_by_role("radio", name="A support group").check()
    visitor.get_by_label("Files (optional)").set_input_files(
        files=[{"name": "what-i-saw.txt", "mimeType": "text/plain", "buffer": b"My notes."}]
    )
    visitor.get_by_label("Your name (optional)").fill("Pat Doe")
    visitor.get_by_label("Your email (optional)").fill("pat@example.org")
    visitor.get_by_label("Keep my name confidential").check()
    visitor.get_by_role("button", name="Send report").click()

    expect(
        visitor.get_by_role("heading", level=1, name="Thank you. Your report was sent.")
    ).to_be_visible()
    concern = Concern.objects.get()
    reference = concern.reference
    expect(visitor.get_by_role("main")).to_contain_text(f"Your reference is {reference}.")
    expect(visitor.get_by_role("heading", level=2, name="Status: Received")).to_be_visible()
    check_axe(visitor)
    status_url = visitor.url.split("?")[0]
    assert status_url.endswith(f"/report/status/{concern.status_token}/")
    assert concern.attachments.get().original_name == "what-i-saw.txt"

    # The Cleveland coordinator sees it in the list; the reporter is hidden from them.
    sign_in(page, check_axe, site_url, coordinator.email)
    page.goto(site_url("/fidelity/concerns/"))
    expect(page.get_by_role("heading", level=1, name="Fidelity concerns")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1, name=f"Concern {reference}")).to_be_visible()
    reporter = page.get_by_role("region", name="Reported by")
    expect(reporter).to_contain_text("Confidential reporter")
    expect(page.get_by_role("main")).not_to_contain_text("Pat Doe")
    expect(page.get_by_role("main")).not_to_contain_text("pat@example.org")
    expect(page.get_by_role("region", name="Files")).to_contain_text("what-i-saw.txt")
    expect(page.get_by_role("region", name="Triage")).to_have_count(0)
    check_axe(page)
    sign_out(page)

    # The Ohio trainer triages it, starts the review, adds a note and resolves it.
    sign_in(page, check_axe, site_url, trainer.email)
    page.goto(site_url(f"/fidelity/concerns/{reference}/"))
    expect(page.get_by_role("region", name="Reported by")).to_contain_text("Pat Doe")
    check_axe(page)
    triage = page.get_by_role("region", name="Triage")
    triage.get_by_role("radio", name="Urgent").check()
    triage.get_by_label("Owner").select_option(label="Tomas Alvarez")
    triage.get_by_role("button", name="Save triage").click()
    expect(page.get_by_role("status")).to_contain_text("The concern is triaged.")
    check_axe(page)

    page.get_by_role("region", name="Start the review").get_by_role(
        "button", name="Start review"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("The review has started.")

    note = page.get_by_role("region", name="Add a note or a contact")
    note.get_by_label("Text").fill(NOTE)
    note.get_by_role("button", name="Add to timeline").click()
    expect(page.get_by_role("region", name="Timeline")).to_contain_text(NOTE)
    check_axe(page)

    resolve = page.get_by_role("region", name="Resolve")
    resolve.get_by_role("radio", name="Coaching with an improvement plan").check()
    resolve.get_by_label("Summary of the review").fill(SUMMARY)
    resolve.get_by_label("Improvement plan: what the facilitator will do").fill(PLAN)
    due = timezone.localdate() + datetime.timedelta(days=30)
    resolve.get_by_label("Improvement plan: follow up by").fill(due.isoformat())
    resolve.get_by_role("button", name="Resolve concern").click()
    confirm_action(
        page,
        check_axe,
        re.compile("^Resolve concern"),
        "Yes, resolve the concern",
        "is given the improvement plan",
    )
    expect(page.get_by_role("status")).to_contain_text("The concern is resolved.")
    expect(page.get_by_role("region", name="Improvement plan")).to_contain_text(PLAN)
    check_axe(page)
    plan = ImprovementPlan.objects.get()
    assert plan.concern_id == concern.pk and plan.due_on == due

    # The reporter's status page says "Resolved", and nothing of the review.
    visitor.goto(status_url)
    expect(visitor.get_by_role("heading", level=2, name="Status: Resolved")).to_be_visible()
    main = visitor.get_by_role("main")
    for secret in (NOTE, SUMMARY, PLAN, "Tomas Alvarez", "Frank Hollis", "Coaching"):
        expect(main).not_to_contain_text(secret)
    check_axe(visitor)
