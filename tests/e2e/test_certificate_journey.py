"""The certificate journey, driven through what people see: roles, labels and visible text.

A certified facilitator signs in, opens My certificates and downloads the certificate PDF. An
anonymous visitor verifies it twice: by typing its number on "Verify a certificate" and by
opening the address its QR code encodes. The Ohio trainer finds the certificate by number,
suspends it with a reason and later reinstates it; the public page shows "Suspended" and then
"Active", and never the reason. axe-core checks every page visited (serious and critical
violations fail).
"""

import io
from pathlib import Path

from django.core.cache import cache
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from wagtail.models import Page as WagtailPage

from certification.models import Role
from certification.services.certificates import certification_issue
from certification.views.verification import verification_url
from curriculum.models import ProgramPage, TrainingIndexPage
from tests.certification.conftest import enroll
from tests.e2e.signing_in import enter_code_if_asked
from tests.factories import PASSWORD, UserFactory, grant, make_affiliate, make_national, make_state

from .confirming import confirm_action

PROGRAM = "Support Group Facilitator"
REASON = "Quince-4412: gave medication advice in a group"


def set_up_certified_facilitator():
    """Ohio, its trainer, and a Cleveland facilitator with an active certification."""
    ohio = make_state("OH", "Peer Support Ohio", make_national())
    cleveland = make_affiliate("OH-CLE", ohio, "Cleveland Peer Support")
    trainer = UserFactory(full_name="Tomas Alvarez", email="trainer@example.org")
    grant(trainer, ohio, Role.STATE_TRAINER)
    index = TrainingIndexPage(title="Training", slug="training")
    WagtailPage.objects.get(depth=2).add_child(instance=index)
    program = ProgramPage(title=PROGRAM, slug="support-group-facilitator", validity_months=24)
    index.add_child(instance=program)
    facilitator = UserFactory(full_name="Dana Okafor", email="dana@example.org")
    certification = certification_issue(
        actor=trainer, enrollment=enroll(facilitator, program, cleveland)
    )
    return facilitator, trainer, certification


def sign_in(page: Page, check_axe, email):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Sign In")).to_be_visible()
    check_axe(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, email, check_axe)


def sign_out(page: Page):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()


def open_my_certificates(page: Page, check_axe, first_name):
    expect(page.get_by_role("heading", level=1, name=f"Welcome, {first_name}")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Your certificates").click()
    expect(page.get_by_role("heading", level=1, name="My certificates")).to_be_visible()
    check_axe(page)


def expect_public_status(page: Page, check_axe, url, status):
    page.goto(url)
    expect(page.get_by_role("heading", level=2, name=f"Status: {status}")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Dana Okafor")
    expect(main).to_contain_text(PROGRAM)
    expect(main).not_to_contain_text("Quince-4412")
    expect(main).not_to_contain_text("dana@example.org")
    expect(main).not_to_contain_text("Tomas Alvarez")
    check_axe(page)


def test_certificate_is_downloaded_verified_suspended_and_reinstated(
    page: Page, new_context, site_url, live_server, settings, check_axe
):
    # The PDF's QR code points at the site's own address: here, the live server.
    settings.SITE_URL = live_server.url
    cache.clear()  # lookup counters from earlier tests
    facilitator, trainer, certification = set_up_certified_facilitator()
    number, display = certification.number, certification.display_number
    qr_url = verification_url(number)
    assert qr_url == f"{live_server.url}/verify/{number}/"

    # The facilitator downloads the certificate.
    page.goto(site_url("/"))
    sign_in(page, check_axe, facilitator.email)
    open_my_certificates(page, check_axe, "Dana")
    card = page.get_by_role("article", name=PROGRAM)
    expect(card).to_contain_text(display)
    expect(card.get_by_text("Active", exact=True)).to_be_visible()
    with page.expect_download() as download_info:
        card.get_by_role("link", name="Download certificate (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"certificate-{certification.file_name_number}.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert display in text and "Dana Okafor" in text and PROGRAM in text
    assert qr_url in text  # printed under the QR code, which encodes the same address
    sign_out(page)

    # Anyone verifies it: by typing the number, and through the QR code's address.
    visitor = new_context().new_page()
    visitor.goto(site_url("/"))
    visitor.get_by_role("contentinfo").get_by_role("link", name="Verify a certificate").click()
    expect(visitor.get_by_role("heading", level=1, name="Verify a certificate")).to_be_visible()
    check_axe(visitor)
    visitor.get_by_label("Certificate number").fill(f" {display.lower()} ")
    visitor.get_by_role("button", name="Verify").click()
    expect(visitor.get_by_role("heading", level=1, name=f"Certificate {display}")).to_be_visible()
    expect(visitor.get_by_role("heading", level=2, name="Status: Active")).to_be_visible()
    check_axe(visitor)
    expect_public_status(visitor, check_axe, qr_url, "Active")

    # The Ohio trainer finds the certificate by number and suspends it with a reason.
    sign_in(page, check_axe, trainer.email)
    expect(page.get_by_role("heading", level=1, name="Welcome, Tomas")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Find a certificate by number").click()
    oversee = page.get_by_role("region", name="Certificates you oversee")
    oversee.get_by_label("Certificate number").fill(display)
    oversee.get_by_role("button", name="Open certificate").click()
    expect(page.get_by_role("heading", level=1, name=f"Certificate {display}")).to_be_visible()
    check_axe(page)
    suspend = page.get_by_role("region", name="Suspend")
    suspend.get_by_label("Reason").fill(REASON)
    suspend.get_by_role("button", name="Suspend certificate").click()
    confirm_action(
        page,
        check_axe,
        "Suspend Dana Okafor's certificate?",
        "Yes, suspend the certificate",
        "Dana Okafor is emailed the reason.",
    )
    expect(page.get_by_role("status")).to_contain_text("The certificate is suspended.")
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text(REASON)
    expect(history).to_contain_text("by Tomas Alvarez")
    check_axe(page)

    expect_public_status(visitor, check_axe, qr_url, "Suspended")

    # The trainer reinstates it; the public page is Active again, still without a reason.
    reinstate = page.get_by_role("region", name="Reinstate")
    reinstate.get_by_label("Reason").fill("Completed the scope-of-practice refresher")
    reinstate.get_by_role("button", name="Reinstate certificate").click()
    confirm_action(
        page,
        check_axe,
        "Reinstate Dana Okafor's certificate?",
        "Yes, reinstate the certificate",
        "will be active again",
    )
    expect(page.get_by_role("status")).to_contain_text("The certificate is active again.")
    expect(page.get_by_role("region", name="Suspend")).to_be_visible()
    check_axe(page)

    expect_public_status(visitor, check_axe, qr_url, "Active")
