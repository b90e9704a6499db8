"""An invited person with no account signs up from the invitation and lands on it; the
coordinator sends an invitation again and withdraws one.

Only labels and visible text are used; the URLs opened directly are the home page and the
links in emails. axe-core checks every page the people land on.
"""

from django.core.management import call_command
from playwright.sync_api import Page, expect

from .test_accounts_journey import sign_in_with_form

DEMO_PASSWORD = "trellis-demo-2026"
NEWCOMER = "newcomer@example.org"
SECOND = "second@example.org"


def invite(page: Page, check_axe, email):
    page.get_by_label("Email address of the person to invite").fill(email)
    page.get_by_label("Program").select_option(label="Peer Mentor")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text(f"Invitation sent to {email}.")).to_be_visible()
    check_axe(page)


def test_invited_person_signs_up_and_lands_on_the_invitation(
    page: Page,
    site_url,
    settings,
    live_server,
    check_axe,
    read_link_from_email,
    open_another_browser,
):
    """Proves: the invitation link works signed out and says to create an account; the
    sign-up form has the invited address filled in; confirming the email in the same browser
    signs the person in on the invitation, ready to accept; a coordinator can send an
    invitation again (not twice within minutes) and withdraw one, whose link then says so."""
    call_command("seed_demo", verbosity=0)
    settings.SITE_URL = live_server.url  # the links in emails point at this test's server

    # The demo coordinator invites two people from the affiliate's enrollments page.
    page.goto(site_url("/"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    sign_in_with_form(page, check_axe, "coordinator@trellis.test", DEMO_PASSWORD)
    page.get_by_role("link", name="Cleveland Peer Support").first.click()
    page.get_by_role("link", name="Enrollments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enrollments in Cleveland Peer Support"
    )
    check_axe(page)
    invite(page, check_axe, NEWCOMER)
    invite(page, check_axe, SECOND)

    # The newcomer opens the emailed link in a browser of their own, with no account yet.
    newcomer = open_another_browser()
    newcomer.goto(read_link_from_email(NEWCOMER, "/enroll/invitations/"))
    expect(newcomer.get_by_role("heading", level=1, name="Invitation to train")).to_be_visible()
    expect(
        newcomer.get_by_role("heading", name="Create an account to accept this invitation")
    ).to_be_visible()
    expect(newcomer.get_by_role("link", name="Sign in to accept")).to_be_visible()
    check_axe(newcomer)
    newcomer.get_by_role("main").get_by_role("link", name="Create an account").click()

    expect(newcomer.get_by_role("heading", level=1, name="Create an account")).to_be_visible()
    expect(newcomer.get_by_label("Email")).to_have_value(NEWCOMER)
    check_axe(newcomer)
    newcomer.get_by_label("Full name").fill("Nina Brooks-Hale")
    newcomer.get_by_role("textbox", name="Password", exact=True).fill("a-long-new-password-77")
    newcomer.get_by_label("Password (again)").fill("a-long-new-password-77")
    newcomer.get_by_role("button", name="Create an account").click()

    expect(
        newcomer.get_by_role("heading", level=1, name="Confirm your email address")
    ).to_be_visible()
    check_axe(newcomer)

    # The confirmation link, opened in the same browser, ends on the invitation.
    newcomer.goto(read_link_from_email(NEWCOMER, "/accounts/confirm-email/"))
    expect(
        newcomer.get_by_role("heading", level=1, name="Confirm your email address")
    ).to_be_visible()
    expect(newcomer.get_by_role("main")).to_contain_text(NEWCOMER)
    check_axe(newcomer)
    newcomer.get_by_role("button", name="Confirm").click()

    expect(newcomer.get_by_role("heading", level=1, name="Invitation to train")).to_be_visible()
    expect(newcomer.get_by_role("status")).to_contain_text("confirmed")
    check_axe(newcomer)
    newcomer.get_by_role("button", name="Accept and enroll").click()
    expect(
        newcomer.get_by_text("You are enrolled in Peer Mentor with Cleveland Peer Support.")
    ).to_be_visible()
    check_axe(newcomer)

    # The coordinator sends the second invitation again (too soon: told to wait), then
    # withdraws it.
    page.reload()
    expect(page.get_by_text(NEWCOMER)).to_have_count(0)  # accepted: no longer waiting
    page.get_by_role("button", name=f"Send again to {SECOND}").click()
    expect(page.get_by_role("status")).to_contain_text("You can send it again in 5 minutes.")
    check_axe(page)
    page.get_by_role("button", name=f"Withdraw the invitation to {SECOND}").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"The invitation to {SECOND} is withdrawn. Its link no longer works."
    )
    expect(page.get_by_role("button", name=f"Withdraw the invitation to {SECOND}")).to_have_count(0)
    check_axe(page)

    # The withdrawn link says so, and offers nothing to accept.
    second = open_another_browser()
    second.goto(read_link_from_email(SECOND, "/enroll/invitations/"))
    expect(
        second.get_by_text("This invitation was withdrawn. Ask your coordinator.")
    ).to_be_visible()
    expect(second.get_by_text("Create an account to accept this invitation")).to_have_count(0)
    expect(second.get_by_role("button", name="Accept and enroll")).to_have_count(0)
    check_axe(second)
