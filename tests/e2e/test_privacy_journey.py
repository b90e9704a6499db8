"""A person's data is theirs, in the browser: a certified trainee signs in, downloads their
data from the profile (a ZIP with their JSON and PDFs), then closes their account with their
password. They are signed out, cannot sign in again, and the public check of their
certificate number says "no longer valid" without their name. axe-core checks every page.
"""

import io
import json
import re
import zipfile
from pathlib import Path

from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.e2e.test_certificate_journey import PROGRAM, set_up_certified_facilitator
from tests.factories import PASSWORD

SIGN_IN = re.compile(r"^sign in$", re.I)


def sign_in(page: Page, check_axe, email):
    page.get_by_role("navigation", name="Main").get_by_role("link", name=SIGN_IN).click()
    expect(page.get_by_role("heading", level=1, name=SIGN_IN)).to_be_visible()
    check_axe(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=SIGN_IN).click()


def test_a_trainee_downloads_their_data_then_closes_their_account(
    page: Page, site_url, live_server, settings, check_axe
):
    settings.SITE_URL = live_server.url
    cache.clear()  # verification lookup counters from earlier tests
    facilitator, _trainer, certification = set_up_certified_facilitator()

    page.goto(site_url("/"))
    sign_in(page, check_axe, facilitator.email)
    expect(page.get_by_role("heading", level=1, name="Welcome, Dana")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", level=1, name="Your profile")).to_be_visible()
    check_axe(page)

    # The download arrives: a ZIP with the JSON and the certificate as a PDF.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.startswith("trellis-my-data-")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    data = json.loads(archive.read("my-data.json"))
    assert data["profile"]["email"] == "dana@example.org"
    assert data["certifications"][0]["number"] == certification.display_number
    pdf_name = f"certificates/certificate-{certification.file_name_number}.pdf"
    assert archive.read(pdf_name).startswith(b"%PDF-")

    # Closing restates what happens and asks for the password; a wrong one changes nothing.
    page.get_by_role("link", name="Close my account").click()
    expect(page.get_by_role("heading", level=1, name="Close your account?")).to_be_visible()
    expect(page.get_by_text("Certificates end: their status becomes")).to_be_visible()
    check_axe(page)
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Yes, close my account").click()
    expect(page.get_by_text("That is not your password")).to_be_visible()
    check_axe(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Yes, close my account").click()

    # Signed out, on a page that says so.
    expect(page.get_by_role("heading", level=1, name="Your account is closed")).to_be_visible()
    check_axe(page)
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name=SIGN_IN)).to_be_visible()

    # Signing in again fails.
    sign_in(page, check_axe, "dana@example.org")
    expect(page.get_by_role("heading", level=1, name=SIGN_IN)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("not correct")
    check_axe(page)

    # The certificate number stays verifiable: no longer valid, and no name.
    page.goto(site_url(f"/verify/{certification.number}/"))
    expect(page.get_by_role("heading", level=2, name="Status: No longer valid")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text(PROGRAM)
    expect(main).not_to_contain_text("Dana Okafor")
    check_axe(page)
