"""The fidelity observation journey, driven through what people see: roles, labels and text.

The Cleveland coordinator observes a support group led by a certified facilitator and scores
"Protects privacy" under its threshold. Recording it without a plan is refused with a message
at the plan fields; with a plan it is recorded. The facilitator follows the link in the email
they get, reads the plan and finds it among "My improvement plans". The coordinator then
follows the plan up as met, and the facilitator sees the result. axe-core checks every page
visited (serious and critical violations fail).
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect
from wagtail.models import Page as WagtailPage

from certification.models import (
    DEFAULT_OBSERVATION_ITEMS,
    ImprovementPlan,
    PlanStatus,
    Role,
    SystemCause,
)
from certification.services.certificates import certification_issue
from curriculum.models import ProgramPage, TrainingIndexPage
from tests.certification.conftest import enroll
from tests.e2e.signing_in import enter_code_if_asked
from tests.factories import PASSWORD, UserFactory, grant, make_affiliate, make_national, make_state

PROGRAM = "Support Group Facilitator"
LOW_ITEM = "Protects privacy"
PLAN = "Reread the privacy script and open the next two groups with it."


def set_up():
    """Ohio → Cleveland, its coordinator, and a facilitator certified there."""
    ohio = make_state("OH", "Peer Support Ohio", make_national())
    cleveland = make_affiliate("OH-CLE", ohio, "Cleveland Peer Support")
    coordinator = UserFactory(full_name="Carla Reyes", email="carla@example.org")
    grant(coordinator, cleveland, Role.AFFILIATE_COORDINATOR)
    index = TrainingIndexPage(title="Training", slug="training")
    WagtailPage.objects.get(depth=2).add_child(instance=index)
    program = ProgramPage(title=PROGRAM, slug="support-group-facilitator", validity_months=24)
    index.add_child(instance=program)
    facilitator = UserFactory(full_name="Dana Okafor", email="dana@example.org")
    certification_issue(
        actor=None,
        system_cause=SystemCause.SETUP,
        enrollment=enroll(facilitator, program, cleveland),
    )
    return coordinator, facilitator


def sign_in(page: Page, check_axe, email, first_name):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Sign In")).to_be_visible()
    check_axe(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, email, check_axe)
    expect(page.get_by_role("heading", level=1, name=f"Welcome, {first_name}")).to_be_visible()


def score(page: Page, item: str, value: str):
    group = page.get_by_role("group", name=re.compile(rf"^{re.escape(item)} \(fine at"))
    group.get_by_label(value).check()


def test_an_observation_under_threshold_leads_to_a_plan_that_is_followed_up(
    page: Page,
    open_another_browser,
    site_url,
    live_server,
    settings,
    check_axe,
    read_link_from_email,
):
    settings.SITE_URL = live_server.url  # the email's link points here
    coordinator, facilitator = set_up()

    # The coordinator opens the observations and records one.
    page.goto(site_url("/"))
    sign_in(page, check_axe, coordinator.email, "Carla")
    page.goto(site_url("/fidelity/observations/"))
    expect(page.get_by_role("heading", level=1, name="Fidelity observations")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Record an observation").click()
    expect(page.get_by_role("heading", level=1, name="Record an observation")).to_be_visible()
    check_axe(page)

    page.get_by_role("group", name="Session").get_by_label("Support group").check()
    page.get_by_role("group", name="Who led the session").get_by_label("Dana Okafor").check()
    for name, _description in DEFAULT_OBSERVATION_ITEMS:
        score(page, name, "2 · Seldom" if name == LOW_ITEM else "4 · Mostly")
    page.get_by_role("textbox", name="Notes").fill(
        "Warm welcome; a member's diagnosis was repeated aloud."
    )
    page.get_by_role("button", name="Record the observation").click()

    # One item under its threshold: a plan is needed, and the page says so at its fields.
    expect(page.get_by_role("alert")).to_contain_text("Please correct the fields marked below.")
    plan_region = page.get_by_role("region", name="Improvement plan")
    expect(plan_region).to_contain_text(
        f"One item is under its threshold ({LOW_ITEM}): say what the facilitator will do."
    )
    check_axe(page)
    plan_region.get_by_label("Improvement plan: what the facilitator will do").fill(PLAN)
    due = timezone.localdate() + datetime.timedelta(days=30)
    plan_region.get_by_label("Improvement plan: follow up by").fill(due.isoformat())
    page.get_by_role("button", name="Record the observation").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Observation recorded. The facilitator has an improvement plan."
    )
    expect(
        page.get_by_role("heading", level=1, name=re.compile("^Observation: Support group"))
    ).to_be_visible()
    scores = page.get_by_role("region", name="Scores")
    expect(scores.get_by_role("row", name=re.compile(LOW_ITEM))).to_contain_text("Under threshold")
    expect(page.get_by_role("main")).to_contain_text("1 item under threshold")
    check_axe(page)
    plan = ImprovementPlan.objects.get()

    # The facilitator follows the link in the email and reads the plan.
    dana = open_another_browser()
    link = read_link_from_email(facilitator.email, "/fidelity/plans/")
    assert link == f"{live_server.url}/fidelity/plans/{plan.pk}/"
    dana.goto(site_url("/"))
    sign_in(dana, check_axe, facilitator.email, "Dana")
    dana.goto(link)
    expect(dana.get_by_role("heading", level=1, name="Your improvement plan")).to_be_visible()
    expect(dana.get_by_role("region", name="What to do")).to_contain_text(PLAN)
    expect(dana.get_by_role("button", name="Record the follow-up")).to_have_count(0)
    check_axe(dana)
    dana.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Improvement plans"
    ).click()
    mine = dana.get_by_role("region", name="My improvement plans")
    expect(mine).to_contain_text("Open")
    check_axe(dana)

    # The coordinator follows the plan up as met.
    page.get_by_role("region", name="Improvement plans").get_by_role(
        "link", name="Plan for Dana Okafor"
    ).click()
    expect(
        page.get_by_role("heading", level=1, name="Improvement plan for Dana Okafor")
    ).to_be_visible()
    check_axe(page)
    follow_up = page.get_by_role("region", name="Record the follow-up")
    follow_up.get_by_role("group", name="Was the plan met?").get_by_label("Met", exact=True).check()
    follow_up.get_by_label("What the follow-up found").fill(
        "Observed again: the privacy reminder opened both groups."
    )
    follow_up.get_by_role("button", name="Record the follow-up").click()
    expect(page.get_by_role("status")).to_contain_text("Follow-up recorded.")
    expect(page.get_by_role("region", name="Follow-up")).to_contain_text("Followed up: met")
    check_axe(page)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.MET

    # The facilitator sees the result.
    dana.reload()
    expect(dana.get_by_role("region", name="My improvement plans")).to_contain_text(
        "Followed up: met"
    )
    check_axe(dana)
