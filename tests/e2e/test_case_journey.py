"""A decertification case, with due process, in the browser.

An open case is set up through the services (a concern about a Cleveland facilitator, the
Ohio trainer opens the case). The facilitator follows the notice's link, reads what is
alleged and responds; the Ohio trainer decides to decertify with reasons (the certificate is
suspended while the appeal window runs); the facilitator appeals; national staff upholds the
decision, which is final. Public verification then shows "Decertified" and nothing of the
reasons. Each person reaches the case through the link in the email they were sent; axe-core
checks every page.
"""

import re

from django.core.cache import cache
from playwright.sync_api import Page, expect

from certification.models import Concern, Role
from certification.services.fidelity.cases import case_open
from tests.factories import UserFactory, grant, make_national

from .confirming import confirm_action
from .test_certificate_journey import set_up_certified_facilitator, sign_in, sign_out

ALLEGATION = "Advised a group member to stop their medication (Quince-7781)."
RESPONSE = "I shared my own experience and said to ask their doctor."
REASONS = "Medical advice given twice after coaching (Marigold-5512)."
APPEAL = "I have since completed the scope refresher; please reconsider."
APPEAL_REASONS = "The record shows repeated advice (Juniper-2290)."


def open_a_case():
    facilitator, trainer, certification = set_up_certified_facilitator()
    national = UserFactory(full_name="Nadia Brooks", email="nadia@example.org")
    grant(national, make_national(), Role.NATIONAL_STAFF)
    concern = Concern.objects.create(
        certification=certification,
        subject=facilitator,
        affiliate=certification.affiliate,
        program=certification.program,
        category="medical_advice",
        what_happened="Told a member to stop a medication.",
        setting="group",
        status="under_review",
        severity="high",
        owner=trainer,
    )
    case = case_open(actor=trainer, concern=concern, allegation=ALLEGATION)
    return facilitator, trainer, national, certification, case


def open_from_email(page: Page, check_axe, read_link_from_email, email, case):
    link = read_link_from_email(email, path_contains="/fidelity/cases/")
    page.goto(link)
    expect(
        page.get_by_role("heading", level=1, name=f"Decertification case {case.pk}")
    ).to_be_visible()
    check_axe(page)


def test_case_from_notice_to_final_appeal_decision(
    page: Page, new_context, site_url, live_server, settings, check_axe, read_link_from_email
):
    settings.SITE_URL = live_server.url  # links in emails lead to the live server
    cache.clear()
    facilitator, trainer, national, certification, case = open_a_case()

    # The facilitator follows the notice, reads the allegation and responds.
    page.goto(site_url("/"))
    sign_in(page, check_axe, facilitator.email)
    open_from_email(page, check_axe, read_link_from_email, facilitator.email, case)
    notice = page.get_by_role("region", name="Notice: what is alleged and why")
    expect(notice).to_contain_text(ALLEGATION)
    expect(page.get_by_role("main")).to_contain_text("30 days left")
    respond = page.get_by_role("region", name="Respond to the notice")
    respond.get_by_label("Your response").fill(RESPONSE)
    respond.get_by_role("button", name="Send response").click()
    expect(page.get_by_role("status")).to_contain_text("Your response is sent.")
    expect(page.get_by_role("region", name="The facilitator's response")).to_contain_text(RESPONSE)
    check_axe(page)
    sign_out(page)

    # The Ohio trainer, told of the response, decides to decertify with reasons.
    sign_in(page, check_axe, trainer.email)
    open_from_email(page, check_axe, read_link_from_email, trainer.email, case)
    expect(page.get_by_role("region", name="The facilitator's response")).to_contain_text(RESPONSE)
    decide = page.get_by_role("region", name="Decide this case")
    decide.get_by_role("radio", name="Decertify").check()
    decide.get_by_label("Reasons").fill(REASONS)
    expect(decide.get_by_label("May enroll again from")).not_to_have_value("")
    decide.get_by_role("button", name="Record decision").click()
    confirm_action(
        page,
        check_axe,
        re.compile(r"^Decide to decertify "),
        "Yes, decide to decertify",
        "Until then the certificate is suspended.",
    )
    expect(page.get_by_role("status")).to_contain_text("The facilitator may appeal by")
    expect(page.get_by_role("region", name="Decision", exact=True)).to_contain_text(REASONS)
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("by Tomas Alvarez")
    check_axe(page)
    sign_out(page)
    certification.refresh_from_db()
    assert certification.status == "suspended"

    # The facilitator reads the decision and appeals within the window.
    sign_in(page, check_axe, facilitator.email)
    open_from_email(page, check_axe, read_link_from_email, facilitator.email, case)
    expect(page.get_by_role("region", name="Decision", exact=True)).to_contain_text(REASONS)
    appeal = page.get_by_role("region", name="Appeal the decision")
    appeal.get_by_label("Your appeal").fill(APPEAL)
    appeal.get_by_role("button", name="Send appeal").click()
    expect(page.get_by_role("status")).to_contain_text("Your appeal is sent.")
    check_axe(page)
    sign_out(page)

    # National staff decide the appeal: upheld, final.
    sign_in(page, check_axe, national.email)
    open_from_email(page, check_axe, read_link_from_email, national.email, case)
    expect(page.get_by_role("region", name="Appeal", exact=True)).to_contain_text(APPEAL)
    decide_appeal = page.get_by_role("region", name="Decide the appeal")
    decide_appeal.get_by_role("radio", name="Uphold the decision").check()
    decide_appeal.get_by_label("Reasons").fill(APPEAL_REASONS)
    decide_appeal.get_by_role("button", name="Record appeal decision").click()
    confirm_action(
        page,
        check_axe,
        re.compile(r"^Uphold the decision to decertify "),
        "Yes, uphold the decision",
        "This is final",
    )
    expect(page.get_by_role("status")).to_contain_text("the decision is upheld")
    expect(page.get_by_role("region", name="Outcome")).to_contain_text(
        "Final decision: decertified"
    )
    expect(page.get_by_role("region", name="Timeline")).to_contain_text("Closed; outcome applied")
    check_axe(page)

    # Anyone verifying the certificate sees only the resulting status.
    visitor = new_context().new_page()
    visitor.goto(site_url(f"/verify/{certification.number}/"))
    expect(visitor.get_by_role("heading", level=2, name="Status: Decertified")).to_be_visible()
    main = visitor.get_by_role("main")
    for private in ("Quince-7781", "Marigold-5512", "Juniper-2290", "appeal", "case"):
        expect(main).not_to_contain_text(private)
    check_axe(visitor)
