"""A concern reported without a certificate number, driven through what people see.

From the home page of a fresh `seed_demo`, a visitor without an account follows the footer's
"Report a concern", says they do not know the certificate number and describes the facilitator
instead (name, program, affiliate, group). They get a reference; later they look up the status
with the reference and their email (a wrong email first gets one answer that does not say which
half was wrong). The demo state trainer finds the report in the concern list, sees it is not
linked yet, and links it to Felix Moreno's certificate from the matching names offered. The
reporter's status page shows the status and nothing of the review. axe-core checks every page.
"""

import io
import re

from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Page, expect

from certification.models import Certification, Concern, ConcernAction
from lms.management.commands.seed_demo import DEMO_PASSWORD, FACILITATOR_EMAIL
from tests.e2e.signing_in import enter_code_if_asked

TRAINER_EMAIL = "trainer@trellis.test"
REPORTER_EMAIL = "pat.doe@example.org"
WHAT_HAPPENED = "He told a member to stop her blood pressure pills and try a diet instead."
PLACE = "Tuesday group at the Main Street library"
SIGN_IN = re.compile(r"^sign in$", re.IGNORECASE)


def follow_footer_report_link(page: Page, site_url, check_axe):
    page.goto(site_url("/"))
    check_axe(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Report a concern").click()
    expect(
        page.get_by_role("heading", level=1, name="Report a concern about a facilitator")
    ).to_be_visible()
    check_axe(page)


def test_visitor_reports_without_a_number_and_the_trainer_links_it(
    page: Page, new_context, site_url, check_axe
):
    cache.clear()  # rate-limit counters from earlier tests
    call_command("seed_demo", stdout=io.StringIO())
    certification = Certification.objects.select_related("person", "program").get(
        person__email=FACILITATOR_EMAIL
    )
    program = certification.program.title

    # A group member without an account reports Felix by name, program and affiliate.
    visitor = new_context().new_page()
    follow_footer_report_link(visitor, site_url, check_axe)
    visitor.get_by_role("radio", name="No, I will describe the facilitator").check()
    expect(visitor.get_by_label("Certificate number (if you know it)")).to_be_hidden()
    visitor.get_by_label("Facilitator's name").fill("Felix M.")
    visitor.get_by_label("Program", exact=True).select_option(label=program)
    visitor.get_by_label("Local affiliate that runs the group or class").select_option(
        label="Cleveland Peer Support"
    )
    visitor.get_by_label("Group or place (optional)").fill(PLACE)
    visitor.get_by_role("radio", name="Medical advice or scope").check()
    visitor.get_by_label("What happened?").fill(WHAT_HAPPENED)
    visitor.get_by_role("radio", name="A support group").check()
    visitor.get_by_label("Your email (optional)").fill(REPORTER_EMAIL)
    check_axe(visitor)
    visitor.get_by_role("button", name="Send report").click()

    expect(
        visitor.get_by_role("heading", level=1, name="Thank you. Your report was sent.")
    ).to_be_visible()
    concern = Concern.objects.get(subject_name="Felix M.")
    reference = concern.reference
    expect(visitor.get_by_role("main")).to_contain_text(f"Your reference is {reference}.")
    expect(visitor.get_by_role("heading", level=2, name="Status: Received")).to_be_visible()
    check_axe(visitor)
    assert concern.certification is None and concern.affiliate.short_code == "OH-CLE"

    # Later, the visitor looks up the status by reference and email.
    follow_footer_report_link(visitor, site_url, check_axe)
    visitor.get_by_role("link", name="Check the status of your report").click()
    expect(
        visitor.get_by_role("heading", level=1, name="Check the status of your report")
    ).to_be_visible()
    check_axe(visitor)
    visitor.get_by_label("Reference").fill(reference.lower())
    visitor.get_by_label("Your email").fill("someone.else@example.org")
    visitor.get_by_role("button", name="Check status").click()
    expect(visitor.get_by_role("alert")).to_contain_text(
        "We could not find a report with that reference and email."
    )
    check_axe(visitor)
    visitor.get_by_label("Your email").fill(REPORTER_EMAIL.upper())
    visitor.get_by_role("button", name="Check status").click()
    expect(visitor.get_by_role("heading", level=1, name=f"Report {reference}")).to_be_visible()
    expect(visitor.get_by_role("heading", level=2, name="Status: Received")).to_be_visible()
    check_axe(visitor)

    # The demo state trainer finds it in the concern list and links it to Felix's certificate.
    page.goto(site_url("/"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name=SIGN_IN).click()
    check_axe(page)
    page.get_by_label("Email").fill(TRAINER_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=SIGN_IN).click()
    enter_code_if_asked(page, TRAINER_EMAIL, check_axe)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_axe(page)
    page.get_by_role("main").get_by_role("link", name="Concerns", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Fidelity concerns")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        f"Not linked yet: reported as Felix M., {PLACE}"
    )
    check_axe(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1, name=f"Concern {reference}")).to_be_visible()
    expect(page.get_by_role("region", name="Facts")).to_contain_text("Not linked yet")
    expect(page.get_by_role("region", name="Suspend pending review")).to_have_count(0)
    check_axe(page)
    link = page.get_by_role("region", name="Link to a certificate")
    expect(link).to_contain_text(certification.display_number)
    link.get_by_role("button", name="Link to Felix Moreno's certificate").click()
    expect(page.get_by_role("status")).to_contain_text("The concern is linked to the certificate.")
    facts = page.get_by_role("region", name="Facts")
    expect(facts).to_contain_text("Felix Moreno")
    expect(facts).to_contain_text(certification.display_number)
    expect(page.get_by_role("region", name="Link to a certificate")).to_have_count(0)
    expect(page.get_by_role("region", name="Timeline")).to_contain_text("Linked to a certificate")
    check_axe(page)
    concern.refresh_from_db()
    assert concern.certification == certification
    assert concern.events.filter(action=ConcernAction.LINKED).count() == 1

    # The reporter's status page shows the status, and nothing of the review or the link.
    visitor.reload()
    expect(visitor.get_by_role("heading", level=2, name="Status: Received")).to_be_visible()
    main = visitor.get_by_role("main")
    for secret in ("Felix Moreno", certification.display_number, "Tomas Alvarez"):
        expect(main).not_to_contain_text(secret)
    check_axe(visitor)
