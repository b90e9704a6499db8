"""Two-factor sign-in, driven through what people see.

A coordinator without an authenticator signs in, is sent to set one up, cannot open a staff
page meanwhile, sets up an authenticator app (the test computes the code from the key shown on
the page, as the app would), keeps the recovery codes, signs out and signs in again with a
code. A trainee turns two-factor sign-in on from the profile, sees their recent sign-ins (the
phone's with its code) and where they are signed in, and signs out of the session on another
browser. axe-core checks every page.
"""

import re

from playwright.sync_api import Page, expect

from certification.models import Role
from lms.demo_mfa import current_code
from tests.e2e.signing_in import SIGN_IN, sign_in
from tests.factories import PASSWORD, UserFactory, grant, make_affiliate, make_national, make_state


def main_nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def sign_out(page: Page):
    main_nav(page).get_by_role("button", name="Sign out").click()
    expect(main_nav(page).get_by_role("link", name=SIGN_IN)).to_be_visible()


def confirm_password(page: Page, check_axe):
    expect(page.get_by_role("heading", level=1, name="Confirm it is you")).to_be_visible()
    check_axe(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def set_up_authenticator_app(page: Page, check_axe):
    """On the set-up page: read the key as a person would type it into their app, then enter
    the code the app shows. Ends on the recovery codes."""
    expect(page.get_by_role("heading", level=1, name="Set up an authenticator app")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    check_axe(page)
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(current_code(secret)[0])
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1, name="Recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Unused recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    check_axe(page)


def test_a_coordinator_sets_up_two_factor_sign_in_before_reaching_staff_pages(
    page: Page, site_url, check_axe
):
    ohio = make_state("OH", "Peer Support Ohio", make_national())
    cleveland = make_affiliate("OH-CLE", ohio, "Cleveland Peer Support")
    carla = UserFactory(email="carla@example.org", full_name="Carla Reyes")
    grant(carla, cleveland, Role.AFFILIATE_COORDINATOR, authenticator=False)

    page.goto(site_url("/"))
    sign_in(page, carla.email, check_axe=check_axe)
    # Sent to set it up, told why, starting with the password again.
    expect(page.get_by_text("needs two-factor sign-in")).to_be_visible()
    confirm_password(page, check_axe)
    expect(page.get_by_role("heading", level=1, name="Set up an authenticator app")).to_be_visible()

    # No staff page opens meanwhile; the profile does.
    page.goto(site_url("/fidelity/concerns/"))
    expect(page.get_by_role("heading", level=1, name="Set up an authenticator app")).to_be_visible()
    expect(page.get_by_role("heading", name="Fidelity concerns")).to_have_count(0)
    page.goto(site_url("/profile/"))
    expect(page.get_by_role("heading", level=1, name="Your profile")).to_be_visible()

    page.goto(site_url("/accounts/2fa/totp/activate/"))
    set_up_authenticator_app(page, check_axe)
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("^Welcome"))).to_be_visible()
    main_nav(page).get_by_role("link", name="Concerns").click()
    expect(page.get_by_role("heading", level=1, name="Fidelity concerns")).to_be_visible()
    check_axe(page)

    # Next time: password, then the code from the app.
    sign_out(page)
    main_nav(page).get_by_role("link", name=SIGN_IN).click()
    page.get_by_label("Email").fill(carla.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=SIGN_IN).click()
    expect(page.get_by_role("heading", level=1, name="Enter your sign-in code")).to_be_visible()
    check_axe(page)
    right = current_code(secret_of(carla))[0]
    page.get_by_label("Code").fill(f"{(int(right) + 1) % 1_000_000:06d}")
    page.get_by_role("button", name=SIGN_IN).click()
    expect(page.get_by_text("Incorrect code")).to_be_visible()
    check_axe(page)
    page.get_by_label("Code").fill(current_code(secret_of(carla))[0])
    page.get_by_role("button", name=SIGN_IN).click()
    expect(page.get_by_role("heading", level=1, name=re.compile("^Welcome"))).to_be_visible()


def secret_of(user):
    from lms.demo_mfa import authenticator_secret

    return authenticator_secret(user)


def test_a_trainee_turns_two_factor_on_and_signs_out_another_session(
    page: Page, site_url, check_axe, open_another_browser
):
    tina = UserFactory(email="tina@example.org", full_name="Tina Walker")
    page.goto(site_url("/"))
    sign_in(page, tina.email, check_axe=check_axe)
    expect(page.get_by_role("heading", level=1, name="Welcome, Tina")).to_be_visible()

    main_nav(page).get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1, name="Two-factor sign-in")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Set up an authenticator app").click()
    confirm_password(page, check_axe)
    set_up_authenticator_app(page, check_axe)

    # The same person on a phone: their sign-in now asks for a code.
    phone = open_another_browser()
    phone.goto(site_url("/"))
    sign_in(phone, tina.email, check_axe=check_axe)
    expect(phone.get_by_role("heading", level=1, name="Welcome, Tina")).to_be_visible()

    # The profile lists both sign-ins, the phone's with its code, newest first.
    page.goto(site_url("/profile/"))
    past = page.get_by_role("list", name="Recent sign-ins").get_by_role("listitem")
    expect(past).to_have_count(2)
    expect(past.first).to_contain_text("Signed in with a two-factor code")
    expect(past.last).to_contain_text("from 127.0.0.1")
    check_axe(page)
    page.get_by_role("link", name="Where you are signed in").click()
    expect(page.get_by_role("heading", level=1, name="Where you are signed in")).to_be_visible()
    check_axe(page)
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)  # the header and two sign-ins
    expect(page.get_by_role("table")).to_contain_text("This browser")
    expect(page.get_by_role("table")).to_contain_text("127.0.0.1")
    page.get_by_role("button", name="Sign out of other sessions").click()
    expect(rows).to_have_count(2)
    check_axe(page)

    phone.goto(site_url("/profile/"))
    expect(phone.get_by_role("heading", level=1, name=SIGN_IN)).to_be_visible()
