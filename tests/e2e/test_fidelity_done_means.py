"""Issue 5's "done means", through the site alone, one role at a time.

A Cleveland coordinator reports a concern about a facilitator from their dashboard; the Ohio
trainer triages it and resolves it by opening a decertification case; the facilitator finds
the notice on their dashboard and responds; the trainer decides to decertify; the facilitator
appeals; national staff uphold the decision. Public verification then says "Decertified" and
nothing more, and the state and national oversight dashboards show the facilitator no longer
active. axe-core checks every page visited, the dashboards and their charts included.
"""

import re

from django.core.cache import cache
from playwright.sync_api import Page, expect
from wagtail.models import Page as WagtailPage

from certification.models import Role
from certification.services.certificates import certification_issue
from curriculum.models import ProgramPage, TrainingIndexPage
from tests.certification.conftest import enroll
from tests.e2e.signing_in import enter_code_if_asked
from tests.factories import PASSWORD, UserFactory, grant, make_affiliate, make_national, make_state

from .confirming import confirm_action

PROGRAM = "Support Group Facilitator"
WHAT_HAPPENED = "Told a group member to stop taking her heart medicine (Saffron-1207)."
ALLEGATION = "Gave medical advice in a support group: told a member to stop a medicine."
RESPONSE = "I only said what worked for me. I did not mean it as advice."
REASONS = "Advice to stop a medicine puts a member at risk (Cobalt-4410)."
APPEAL = "I have learned from this and ask for another chance."
APPEAL_REASONS = "The decision followed the process and the record (Juniper-2290)."


def set_up():
    """The tree, one person per role, and Frank's active certificate in Cleveland."""
    national_org = make_national()
    ohio = make_state("OH", "Peer Support Ohio", national_org)
    cleveland = make_affiliate("OH-CLE", ohio, "Cleveland Peer Support")
    make_state("TX", "Peer Support Texas", national_org)
    people = {
        "national": UserFactory(full_name="Nadia Brooks", email="nadia@example.org"),
        "trainer": UserFactory(full_name="Tomas Alvarez", email="tomas@example.org"),
        "coordinator": UserFactory(full_name="Carla Reyes", email="carla@example.org"),
        "facilitator": UserFactory(full_name="Frank Hollis", email="frank@example.org"),
    }
    grant(people["national"], national_org, Role.NATIONAL_STAFF)
    grant(people["trainer"], ohio, Role.STATE_TRAINER)
    grant(people["coordinator"], cleveland, Role.AFFILIATE_COORDINATOR)
    index = TrainingIndexPage(title="Training", slug="training")
    WagtailPage.objects.get(depth=2).add_child(instance=index)
    program = ProgramPage(title=PROGRAM, slug="support-group-facilitator", validity_months=24)
    index.add_child(instance=program)
    certification = certification_issue(
        actor=people["trainer"], enrollment=enroll(people["facilitator"], program, cleveland)
    )
    return people, certification


def sign_in(page: Page, site_url, check_axe, person):
    page.goto(site_url("/"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, person.email, check_axe)
    first = person.full_name.split()[0]
    expect(page.get_by_role("heading", level=1, name=f"Welcome, {first}")).to_be_visible()
    check_axe(page)


def sign_out(page: Page):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()


def open_case_from_dashboard(page: Page, check_axe, case_link_name):
    page.get_by_role("link", name="Decertification cases").click()
    expect(page.get_by_role("heading", level=1, name="Decertification cases")).to_be_visible()
    check_axe(page)
    page.get_by_role("main").get_by_role("link", name=case_link_name).click()
    expect(page.get_by_role("heading", level=1, name="Decertification case", exact=False))
    check_axe(page)


def ohio_row(page: Page):
    table = page.get_by_role("table", name="States of National Peer Support Alliance")
    return table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Peer Support Ohio")
    )


def test_concern_to_final_decertification_through_the_site(
    page: Page, new_context, site_url, check_axe
):
    cache.clear()
    people, certification = set_up()
    facilitator = people["facilitator"]

    # National staff see Frank counted as an active facilitator in Ohio, before anything.
    sign_in(page, site_url, check_axe, people["national"])
    page.get_by_role("link", name="Oversight dashboard").click()
    expect(page.get_by_role("img", name="Open concerns by category")).to_be_visible()
    check_axe(page)
    expect(
        page.get_by_role("link", name="1 · Active facilitators, Peer Support Ohio")
    ).to_be_visible()
    sign_out(page)

    # 1. The Cleveland coordinator reports a concern, finding Frank by name.
    sign_in(page, site_url, check_axe, people["coordinator"])
    page.get_by_role("region", name="Report a concern").get_by_role(
        "link", name="Report a concern"
    ).click()
    check_axe(page)
    page.get_by_label("Facilitator's name").fill("hollis")
    page.get_by_role("button", name="Find facilitator").click()
    page.get_by_role("link", name="Report a concern about Frank Hollis").click()
    check_axe(page)
    page.get_by_role("radio", name="Medical advice or scope").check()
    page.get_by_label("What happened?").fill(WHAT_HAPPENED)
    page.get_by_role("radio", name="A support group").check()
    page.get_by_role("button", name="Send report").click()
    expect(
        page.get_by_role("heading", level=1, name="Thank you. Your report was sent.")
    ).to_be_visible()
    reference = page.get_by_role("main").inner_text().split("Your reference is ")[1].split(".")[0]
    check_axe(page)
    sign_out(page)

    # 2. The Ohio trainer triages it and opens a case.
    sign_in(page, site_url, check_axe, people["trainer"])
    page.get_by_role("main").get_by_role("link", name="Concerns", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Fidelity concerns")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("main")).to_contain_text(WHAT_HAPPENED)
    triage = page.get_by_role("region", name="Triage")
    triage.get_by_role("radio", name="High").check()
    triage.get_by_label("Owner").select_option(label="Tomas Alvarez")
    triage.get_by_role("button", name="Save triage").click()
    expect(page.get_by_role("status")).to_contain_text("The concern is triaged.")
    page.get_by_role("region", name="Start the review").get_by_role(
        "button", name="Start review"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("The review has started.")
    resolve = page.get_by_role("region", name="Resolve")
    resolve.get_by_role("radio", name="Decertification case").check()
    resolve.get_by_label("Summary of the review").fill("Open a case: advice to stop a medicine.")
    resolve.get_by_label("What is alleged, and why").fill(ALLEGATION)
    resolve.get_by_role("button", name="Resolve concern").click()
    confirm_action(
        page,
        check_axe,
        re.compile("^Resolve concern"),
        "Yes, resolve the concern",
        "A decertification case opens",
    )
    expect(page.get_by_role("status")).to_contain_text("The concern is resolved.")
    check_axe(page)
    sign_out(page)

    # 3. Frank sees the notice on his dashboard and responds.
    sign_in(page, site_url, check_axe, facilitator)
    notices = page.get_by_role("region", name="A decertification case needs your answer")
    notices.get_by_role("link", name="read the notice and respond", exact=False).click()
    expect(page.get_by_role("region", name="Notice: what is alleged and why")).to_contain_text(
        ALLEGATION
    )
    expect(page.get_by_role("main")).not_to_contain_text("Carla Reyes")  # the reporter
    check_axe(page)
    respond = page.get_by_role("region", name="Respond to the notice")
    respond.get_by_label("Your response").fill(RESPONSE)
    respond.get_by_role("button", name="Send response").click()
    expect(page.get_by_role("status")).to_contain_text("Your response is sent.")
    check_axe(page)
    sign_out(page)

    # 4. The trainer decides to decertify.
    sign_in(page, site_url, check_axe, people["trainer"])
    open_case_from_dashboard(page, check_axe, "Case ")
    expect(page.get_by_role("region", name="The facilitator's response")).to_contain_text(RESPONSE)
    decide = page.get_by_role("region", name="Decide this case")
    decide.get_by_role("radio", name="Decertify").check()
    decide.get_by_label("Reasons").fill(REASONS)
    decide.get_by_role("button", name="Record decision").click()
    confirm_action(
        page,
        check_axe,
        re.compile(r"^Decide to decertify "),
        "Yes, decide to decertify",
        "will be decertified when the decision is final",
    )
    expect(page.get_by_role("status")).to_contain_text("The facilitator may appeal by")
    check_axe(page)
    sign_out(page)

    # 5. Frank appeals from his dashboard.
    sign_in(page, site_url, check_axe, facilitator)
    notices = page.get_by_role("region", name="A decertification case needs your answer")
    notices.get_by_role("link", name="you may appeal", exact=False).click()
    expect(page.get_by_role("region", name="Decision", exact=True)).to_contain_text(REASONS)
    appeal = page.get_by_role("region", name="Appeal the decision")
    appeal.get_by_label("Your appeal").fill(APPEAL)
    appeal.get_by_role("button", name="Send appeal").click()
    expect(page.get_by_role("status")).to_contain_text("Your appeal is sent.")
    check_axe(page)
    sign_out(page)

    # 6. National staff uphold the decision; it is final, with every step in the history.
    sign_in(page, site_url, check_axe, people["national"])
    open_case_from_dashboard(page, check_axe, "Case ")
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
    expect(page.get_by_role("region", name="Outcome")).to_contain_text(
        "Final decision: decertified"
    )
    timeline = page.get_by_role("region", name="Timeline")
    for step in ("Notice sent", "Facilitator responded", "Decided", "Appealed", "Appeal decided"):
        expect(timeline).to_contain_text(step)
    expect(timeline).to_contain_text("Closed; outcome applied")
    check_axe(page)

    # The national dashboard shows the change: Frank is no longer active in Ohio.
    page.goto(site_url("/oversight/"))
    expect(
        page.get_by_role("link", name="0 · Active facilitators, Peer Support Ohio")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="0 · Suspended or on leave, Peer Support Ohio")
    ).to_be_visible()
    check_axe(page)
    sign_out(page)

    # So does the state dashboard the trainer sees.
    sign_in(page, site_url, check_axe, people["trainer"])
    page.get_by_role("link", name="Oversight dashboard").click()
    expect(
        page.get_by_role("heading", level=1, name="Oversight: Peer Support Ohio")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="0 · Active facilitators, Cleveland Peer Support")
    ).to_be_visible()
    check_axe(page)

    # 7. Anyone verifying the certificate sees "Decertified" and nothing of why.
    visitor = new_context().new_page()
    visitor.goto(site_url("/verify/"))
    visitor.get_by_label("Certificate number").fill(certification.display_number)
    visitor.get_by_role("button", name="Verify").click()
    expect(visitor.get_by_role("heading", level=2, name="Status: Decertified")).to_be_visible()
    main = visitor.get_by_role("main")
    for private in ("Saffron-1207", "Cobalt-4410", "Juniper-2290", "medicine", "appeal"):
        expect(main).not_to_contain_text(private)
    check_axe(visitor)
