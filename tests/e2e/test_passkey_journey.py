"""Security keys (WebAuthn) as the second factor, in Chromium, under the site's policy.

A state trainer without a second factor signs in, is sent to set one up, and adds a security
key from the two-factor page of their profile instead of an authenticator app. The key is
Chromium's virtual authenticator, driven through the DevTools protocol: it answers the
browser's WebAuthn calls as a real key would (a platform key with user verification, the way
a phone or laptop keeps a passkey). The trainer keeps the recovery codes, reaches the events
page, signs out, signs in with the password and then the key, and reaches it again. Removing
the key, after confirming with the key itself, sends them back to set up a second factor.

WebAuthn needs a relying-party ID that is a domain: the live server is reached at
`localhost` (pytest-django's default), which browsers and python-fido2 treat as a secure
origin, so allauth's origin check runs as in production; no setting loosens it.

axe-core checks every page; the test fails on any Content-Security-Policy message or script
error the browser logs (the same watch as `test_csp_journey`).
"""

import re

from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from certification.models import Role
from tests.e2e.signing_in import sign_in
from tests.e2e.test_csp_journey import watch
from tests.factories import PASSWORD, UserFactory, grant, make_national, make_state

# A passkey on the person's own phone or laptop: resident, with user verification (a PIN or
# a fingerprint) that succeeds.
VIRTUAL_KEY = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


def plug_in_a_security_key(page: Page):
    """Chromium's virtual authenticator for this page; returns (DevTools session, its id)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_KEY})
    return cdp, added["authenticatorId"]


def credentials_on_the_key(cdp, key_id):
    return cdp.send("WebAuthn.getCredentials", {"authenticatorId": key_id})["credentials"]


def main_nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def heading(page: Page, name):
    return page.get_by_role("heading", level=1, name=name)


def test_a_trainer_adds_a_security_key_and_signs_in_with_it(page: Page, site_url, check_axe):
    problems = watch(page)
    cdp, key_id = plug_in_a_security_key(page)
    ohio = make_state("OH", "Peer Support Ohio", make_national())
    tomas = UserFactory(email="tomas@example.org", full_name="Tomas Alvarez")
    grant(tomas, ohio, Role.STATE_TRAINER, authenticator=False)
    assert re.match(r"^http://localhost:\d+$", site_url("")), site_url("")

    # Signed in with the password only: sent to set up a second factor, starting with the
    # password again.
    page.goto(site_url("/"))
    sign_in(page, tomas.email, check_axe=check_axe)
    expect(page.get_by_text("Set up an authenticator app or a security key")).to_be_visible()
    expect(heading(page, "Confirm it is you")).to_be_visible()
    check_axe(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(heading(page, "Set up an authenticator app")).to_be_visible()

    # The profile's two-factor page offers a security key.
    main_nav(page).get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(heading(page, "Two-factor sign-in")).to_be_visible()
    keys = page.get_by_role("region", name="Security keys")
    expect(keys).to_contain_text("No security key is added.")
    check_axe(page)
    keys.get_by_role("link", name="Add a security key").click()
    expect(heading(page, "Add a security key")).to_be_visible()
    check_axe(page)
    page.get_by_label("Name").fill("Office laptop")
    page.get_by_role("button", name="Add the security key").click()

    # The key made a credential for this site; recovery codes come with it.
    expect(heading(page, "Recovery codes")).to_be_visible()
    expect(page.get_by_text("Security key added.")).to_be_visible()
    check_axe(page)
    assert len(credentials_on_the_key(cdp, key_id)) == 1
    stored = Authenticator.objects.get(user=tomas, type=Authenticator.Type.WEBAUTHN)
    assert stored.wrap().name == "Office laptop"
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(heading(page, "Welcome, Tomas")).to_be_visible()
    main_nav(page).get_by_role("link", name="Events").click()
    expect(heading(page, "Training events")).to_be_visible()
    check_axe(page)

    # The same key cannot be added twice; the page says so rather than nothing happening.
    page.goto(site_url("/accounts/2fa/webauthn/add/"))
    page.get_by_role("button", name="Add the security key").click()
    expect(page.get_by_role("alert")).to_have_text(
        "This security key is already added to your account."
    )
    check_axe(page)
    assert len(credentials_on_the_key(cdp, key_id)) == 1

    # Next time: the password, then the key.
    main_nav(page).get_by_role("button", name="Sign out").click()
    sign_in(page, tomas.email)
    expect(heading(page, "Use your security key")).to_be_visible()
    check_axe(page)
    assert "/events/" not in page.url
    page.get_by_role("button", name="Use my security key").click()
    expect(heading(page, "Welcome, Tomas")).to_be_visible()
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    main_nav(page).get_by_role("link", name="Events").click()
    expect(heading(page, "Training events")).to_be_visible()

    # Removing the key asks to confirm it is him (with the key), then sends him back to set
    # up a second factor before any staff page.
    main_nav(page).get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Two-factor sign-in").click()
    keys = page.get_by_role("region", name="Security keys")
    expect(keys.get_by_role("listitem")).to_contain_text("Office laptop")
    check_axe(page)
    keys.get_by_role("link", name="Remove Office laptop").click()
    expect(heading(page, "Confirm it is you")).to_be_visible()
    page.get_by_role("link", name="Use a security key").click()
    expect(heading(page, "Confirm it is you")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Use my security key").click()
    expect(heading(page, "Remove a security key")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("Security key removed.")).to_be_visible()
    expect(heading(page, "Security keys")).to_be_visible()
    check_axe(page)
    assert not Authenticator.objects.filter(user=tomas).exists()
    page.goto(site_url("/events/"))
    expect(page.get_by_text("Set up an authenticator app or a security key")).to_be_visible()
    expect(heading(page, "Training events")).to_have_count(0)

    assert problems == [], "\n".join(problems)
