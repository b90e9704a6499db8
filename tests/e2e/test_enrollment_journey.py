"""Enrollment and the code of conduct, as a coordinator and trainees use them in a browser.

Setup comes from the demo data plus a published code of conduct; everything after that is
what the people see and click. axe-core checks every page they land on.
"""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from certification.models import CodeOfConduct
from certification.services.conduct import conduct_draft, conduct_publish
from curriculum.models import ProgramPage
from tests.factories import UserFactory

from .test_accounts_journey import sign_in_with_form

DEMO_PASSWORD = "trellis-demo-2026"
CONDUCT_TEXT = (
    "I keep what members share private, within the limits I was taught.\n\n"
    "I share my own experience and never give medical advice."
)


def publish_code_of_conduct():
    staff = get_user_model().objects.get(email="national@trellis.test")
    program = ProgramPage.objects.get(slug="peer-mentor")
    return conduct_publish(
        actor=staff,
        code=conduct_draft(
            actor=staff, program=program, title="Peer Mentor code of conduct", text=CONDUCT_TEXT
        ),
    )


def sign_in_at(page, site_url, check_axe, path, email, password):
    page.goto(site_url(path))
    sign_in_with_form(page, check_axe, email, password)


def test_coordinator_invites_and_the_trainee_enrolls_and_signs(
    page: Page, site_url, check_axe, read_link_from_email, open_another_browser
):
    """A coordinator invites someone by email; they accept, sign the code of conduct in full
    (typed name and explicit agreement, a wrong name refused) and download the signed copy."""
    call_command("seed_demo", verbosity=0)
    publish_code_of_conduct()
    person = UserFactory(email="rosa@example.org", full_name="Rosa Delgado")

    # The coordinator, from their dashboard to the affiliate's enrollments.
    sign_in_at(page, site_url, check_axe, "/dashboard/", "coordinator@trellis.test", DEMO_PASSWORD)
    page.get_by_role("link", name="Cleveland Peer Support").first.click()
    page.get_by_role("link", name="Enrollments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enrollments in Cleveland Peer Support"
    )
    check_axe(page)
    page.get_by_label("Email address of the person to invite").fill("rosa@example.org")
    page.get_by_label("Program").select_option(label="Peer Mentor")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to rosa@example.org.")).to_be_visible()
    check_axe(page)

    # The invited person follows the link in the email.
    trainee_page = open_another_browser()
    link = read_link_from_email("rosa@example.org", "/enroll/invitations/")
    trainee_page.goto(
        link.replace("http://testserver", site_url("")).replace(
            "http://127.0.0.1:8000", site_url("")
        )
    )
    # Signed out, the invitation asks them to create an account or sign in, then returns.
    expect(trainee_page.get_by_role("heading", level=1, name="Invitation to train")).to_be_visible()
    check_axe(trainee_page)
    trainee_page.get_by_role("link", name="Sign in to accept").click()
    sign_in_with_form(trainee_page, check_axe, person.email, "a-long-test-password-42")
    expect(trainee_page.get_by_role("heading", level=1, name="Invitation to train")).to_be_visible()
    check_axe(trainee_page)
    trainee_page.get_by_role("button", name="Accept and enroll").click()
    expect(
        trainee_page.get_by_text("You are enrolled in Peer Mentor with Cleveland Peer Support.")
    ).to_be_visible()
    expect(trainee_page.get_by_role("cell", name="In training")).to_be_visible()
    check_axe(trainee_page)

    # The dashboard asks for the code of conduct; signing shows the full text first.
    trainee_page.get_by_role("link", name="Dashboard").click()
    trainee_page.get_by_role("link", name="Peer Mentor code of conduct").click()
    expect(trainee_page.get_by_text("never give medical advice")).to_be_visible()
    check_axe(trainee_page)
    trainee_page.get_by_label("Type your full name to sign").fill("Someone Else")
    trainee_page.get_by_label("I have read this code of conduct and I agree to follow it.").check()
    trainee_page.get_by_role("button", name="Sign the code of conduct").click()
    expect(trainee_page.get_by_text("exactly as it is on your account")).to_be_visible()
    check_axe(trainee_page)
    trainee_page.get_by_label("Type your full name to sign").fill("rosa delgado")
    trainee_page.get_by_label("I have read this code of conduct and I agree to follow it.").check()
    trainee_page.get_by_role("button", name="Sign the code of conduct").click()
    expect(trainee_page.get_by_text("You signed this version on")).to_be_visible()
    check_axe(trainee_page)

    with trainee_page.expect_download() as download_info:
        trainee_page.get_by_role("link", name="Download your signed copy (PDF)").click()
    with open(download_info.value.path(), "rb") as downloaded:
        content = downloaded.read()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "rosa delgado" in text
    assert "never give medical advice" in text
    # The demo seeds version 1; the version published above is the one signed.
    current = CodeOfConduct.objects.current_for(ProgramPage.objects.get(slug="peer-mentor"))
    assert current.version == 2
    assert current.signatures.count() == 1

    # Back on the coordinator's page, the new trainee is listed.
    page.reload()
    expect(page.get_by_role("cell", name="Rosa Delgado")).to_be_visible()


def test_trainee_enrolls_on_their_own(page: Page, site_url, check_axe):
    """A trainee picks a program and their affiliate; enrolling twice is refused clearly."""
    call_command("seed_demo", verbosity=0)
    sign_in_at(page, site_url, check_axe, "/dashboard/", "trainee@trellis.test", DEMO_PASSWORD)
    page.get_by_role("link", name="Your enrollments").click()
    expect(page.get_by_text("You are not enrolled in a program yet.")).to_be_visible()
    check_axe(page)
    page.get_by_role("combobox", name="Program").select_option(label="Support Group Facilitator")
    page.get_by_role("button", name="Enroll", exact=True).click()
    expect(page.get_by_text("You are enrolled in Support Group Facilitator.")).to_be_visible()
    check_axe(page)
    page.get_by_role("combobox", name="Program").select_option(label="Support Group Facilitator")
    page.get_by_role("button", name="Enroll", exact=True).click()
    expect(page.get_by_text("already enrolled in Support Group Facilitator")).to_be_visible()
    check_axe(page)
