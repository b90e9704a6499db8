"""Account journeys, driven only through what a person sees: roles, labels and visible text.

The only URLs opened directly are the home page and the link in the confirmation email.
axe-core checks every page the person lands on (serious and critical violations fail).
Run with `uv run pytest tests/e2e` (see tests/e2e/conftest.py for how it is wired).
"""

import io
import re

from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.signing_in import enter_code_if_asked
from tests.factories import UserFactory

from .confirming import confirm_action

DEMO_PASSWORD = "trellis-demo-2026"
TRAINER_EMAIL = "trainer@trellis.test"


def open_home_page(page: Page, site_url, check_axe):
    page.goto(site_url("/"))
    expect(page.get_by_role("heading", level=1, name="Trellis")).to_be_visible()
    check_axe(page)


def sign_in(page: Page, check_axe, email, password):
    """From any page: follow "Sign in" in the main navigation and sign in with email."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    sign_in_with_form(page, check_axe, email, password)


def sign_in_with_form(page: Page, check_axe, email, password):
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    check_axe(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    enter_code_if_asked(page, email, check_axe)


def test_new_person_signs_up_confirms_email_and_reaches_dashboard(
    page: Page, site_url, check_axe, read_link_from_email
):
    """A newcomer can create an account on their own and get to their dashboard.

    Proves: the home page leads to sign-up; the sign-up form (with the Trellis fields full
    name and preferred language) creates an account; mandatory verification holds the person
    at "confirm your email address" and sends a working confirmation link; confirming takes a
    click (not a GET) and, in the browser that signed up, signs the person in; the dashboard
    greets the person by first name and tells them they have no home affiliate yet. The
    account pages use the site's words ("Create an account", "Sign in").
    """
    open_home_page(page, site_url, check_axe)

    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1, name="Create an account")).to_be_visible()
    check_axe(page)
    page.get_by_label("Full name").fill("Dana Okafor")
    page.get_by_label("Email").fill("dana@example.org")
    # The label reads "Password *"; the accessible name leaves out the aria-hidden "*".
    page.get_by_role("textbox", name="Password", exact=True).fill("a-long-new-password-77")
    page.get_by_label("Password (again)").fill("a-long-new-password-77")
    expect(page.get_by_label("Preferred language")).to_have_value("en")
    page.get_by_role("button", name="Create an account").click()

    expect(page.get_by_role("heading", level=1, name="Confirm your email address")).to_be_visible()
    check_axe(page)

    page.goto(read_link_from_email("dana@example.org", "/accounts/confirm-email/"))
    expect(page.get_by_role("heading", level=1, name="Confirm your email address")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("dana@example.org")
    check_axe(page)
    page.get_by_role("button", name="Confirm").click()

    # Confirming in the browser that signed up signs the person in
    # (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION; allauth checks the pending sign-up in the session).
    expect(page.get_by_role("status")).to_contain_text("confirmed")

    expect(page.get_by_role("heading", level=1, name="Welcome, Dana")).to_be_visible()
    expect(page.get_by_text("You have not chosen a home affiliate yet")).to_be_visible()
    expect(page.get_by_role("link", name="Choose your home affiliate")).to_be_visible()
    check_axe(page)


def test_state_trainer_signs_in_and_sees_their_state(page: Page, site_url, check_axe):
    """A state trainer sees their role and can walk down to the affiliates of their state.

    Proves: the demo data (`seed_demo`) gives a working sign-in; the dashboard names the role
    and the organization it is held on; the organization link opens the state's page, which
    lists its affiliates.
    """
    call_command("seed_demo", stdout=io.StringIO())

    open_home_page(page, site_url, check_axe)
    sign_in(page, check_axe, TRAINER_EMAIL, DEMO_PASSWORD)

    expect(page.get_by_role("heading", level=1, name="Welcome, Tomas")).to_be_visible()
    roles = page.get_by_role("region", name="Your roles")
    expect(roles.get_by_role("heading", level=3)).to_have_text(
        re.compile(r"State trainer\s*·\s*Peer Support Ohio")
    )
    check_axe(page)

    roles.get_by_role("link", name="Peer Support Ohio").click()
    expect(page.get_by_role("heading", level=1, name="Peer Support Ohio")).to_be_visible()
    affiliates = page.get_by_role("region", name="Affiliates")
    for name in ("Cleveland Peer Support", "Columbus Family Network", "Cincinnati Peer Alliance"):
        expect(affiliates.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_text("Austin Peer Support")).to_have_count(0)
    check_axe(page)


def test_state_trainer_makes_a_new_person_affiliate_coordinator(page: Page, site_url, check_axe):
    """A state trainer appoints an affiliate coordinator from the affiliate's page.

    Proves: the "Give someone a role" form is offered to a state trainer on an affiliate of
    their state; giving the role by email address confirms it in words and the person then
    appears in the table of role holders; removing it goes through the confirmation page
    ("Go back" changes nothing, "Yes, remove the role" removes it).
    """
    call_command("seed_demo", stdout=io.StringIO())
    UserFactory(full_name="Carmen Lopez", email="carmen@example.org")

    open_home_page(page, site_url, check_axe)
    sign_in(page, check_axe, TRAINER_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Welcome, Tomas")).to_be_visible()
    check_axe(page)
    page.get_by_role("region", name="Your roles").get_by_role(
        "link", name="Peer Support Ohio"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Peer Support Ohio")).to_be_visible()
    check_axe(page)
    page.get_by_role("region", name="Affiliates").get_by_role(
        "link", name="Columbus Family Network"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Columbus Family Network")).to_be_visible()
    check_axe(page)

    expect(page.get_by_text("No one holds a role on this organization itself yet.")).to_be_visible()

    form = page.get_by_role("region", name="Give someone a role")
    form.get_by_label("Email address of the person").fill("carmen@example.org")
    form.get_by_label("Role").select_option(label="Affiliate coordinator")
    form.get_by_role("button", name="Give role").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Carmen Lopez is now Affiliate coordinator of Columbus Family Network."
    )
    holders = page.get_by_role("table", name="Role holders of Columbus Family Network")
    row = holders.get_by_role("row").filter(has_text="Carmen Lopez")
    expect(row).to_contain_text("carmen@example.org")
    expect(row).to_contain_text("Affiliate coordinator")
    expect(row.get_by_role("button", name="Remove role from Carmen Lopez")).to_be_visible()
    check_axe(page)

    # Removing the role is confirmed first: "Go back" changes nothing, "Yes" removes it.
    row.get_by_role("button", name="Remove role from Carmen Lopez").click()
    expect(page.get_by_role("heading", level=1, name="Remove Carmen Lopez's role?")).to_be_focused()
    check_axe(page)
    page.get_by_role("link", name="Go back").click()
    expect(row.get_by_role("button", name="Remove role from Carmen Lopez")).to_be_visible()
    row.get_by_role("button", name="Remove role from Carmen Lopez").click()
    confirm_action(
        page,
        check_axe,
        "Remove Carmen Lopez's role?",
        "Yes, remove the role",
        "Carmen Lopez will no longer be Affiliate coordinator of Columbus Family Network",
        "No one is emailed.",
    )
    expect(page.get_by_role("status")).to_contain_text(
        "Carmen Lopez no longer holds the role Affiliate coordinator here."
    )
    expect(page.get_by_text("No one holds a role on this organization itself yet.")).to_be_visible()
    check_axe(page)
