"""Every action that changes someone's standing, confirmed in the browser (issue 9, item 5).

From the home page of a fresh `seed_demo`, the Ohio trainer (Tomas Alvarez) suspends,
reinstates and transfers Felix Moreno's certificate, suspends it at once for the demo's
concern once triaged as urgent, certifies a trainee although one competency is scored below
its "ready at" level (the rubric asks for the reason first) and decides Felix's
decertification case; national staff (Nadia Brooks) decide the appeal, remove a role, and are
refused when they try to remove the last national staff role holder. Every action shows the
one confirmation page: its heading has focus, it says what will happen and who is emailed,
and only "Yes, …" changes anything. Only labels and visible text are used; axe runs on every
page.
"""

import datetime
import io
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from certification.models import (
    Certification,
    CertificationStatus,
    CodeOfConduct,
    Concern,
    DecertificationCase,
    Organization,
    ReadinessAssessment,
    SystemCause,
)
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.events import attendance_record, event_add_attendee, event_create
from certification.services.fidelity.cases import case_appeal, case_open, case_respond
from certification.services.readiness import enrollment_refresh
from curriculum.models import ModuleProgress
from curriculum.selectors import program_progress
from tests.certification.conftest import enroll
from tests.e2e.signing_in import enter_code_if_asked
from tests.factories import UserFactory

from .confirming import confirm_action

User = get_user_model()
DEMO_PASSWORD = "trellis-demo-2026"
TRAINER = "trainer@trellis.test"
NATIONAL = "national@trellis.test"
FACILITATOR = "facilitator@trellis.test"
BELOW_REASON = "Led two supervised groups since the training; the role play was the only gap."


def sign_in(page: Page, check_axe, email):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    check_axe(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("^Sign in$", re.IGNORECASE)).click()
    enter_code_if_asked(page, email, check_axe)
    expect(page.get_by_role("heading", level=1, name=re.compile("^Welcome"))).to_be_visible()
    check_axe(page)


def sign_out(page: Page, check_axe):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    check_axe(page)


def a_trainee_ready_for_assessment(program, affiliate, trainer):
    """Rosa Diaz, enrolled in Cleveland with every prerequisite met: modules passed, the code
    signed, a state training attended (arranged through the services)."""
    rosa = UserFactory(full_name="Rosa Diaz", email="rosa@example.org")
    enrollment = enroll(rosa, program, affiliate)
    for status in program_progress(rosa, program).required:
        ModuleProgress.objects.create(learner=rosa, module=status.module, passed_at=timezone.now())
    code = CodeOfConduct.objects.current_for(program)
    if code is None:
        code = conduct_publish(
            actor=None,
            system_cause=SystemCause.SETUP,
            code=conduct_draft(
                actor=None, program=program, title="Code", text="I keep what members share."
            ),
        )
    conduct_sign(actor=rosa, code=code, typed_name=rosa.full_name, agreed=True)
    start = timezone.now() - datetime.timedelta(days=2)
    event = event_create(
        actor=trainer,
        program=program,
        state=affiliate.get_parent(),
        title="Winter training in Cleveland",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        format="in_person",
        location="Cleveland library",
        capacity=10,
    )
    place = event_add_attendee(actor=trainer, event=event, enrollment=enrollment)
    attendance_record(actor=trainer, attendance=place, attended=True)
    return enrollment_refresh(actor=trainer, enrollment=enrollment)


def open_certificate(page: Page, site_url, check_axe, display):
    page.goto(site_url("/certificates/"))
    oversee = page.get_by_role("region", name="Certificates you oversee")
    oversee.get_by_label("Certificate number").fill(display)
    oversee.get_by_role("button", name="Open certificate").click()
    expect(page.get_by_role("heading", level=1, name=f"Certificate {display}")).to_be_visible()
    check_axe(page)


def test_a_trainer_and_national_staff_confirm_every_standing_action(
    page: Page, site_url, check_axe
):
    call_command("seed_demo", stdout=io.StringIO())
    certification = Certification.objects.select_related("program", "affiliate").get(
        person__email=FACILITATOR
    )
    display = certification.display_number
    trainer = User.objects.get(email=TRAINER)
    rosa = a_trainee_ready_for_assessment(certification.program, certification.affiliate, trainer)

    page.goto(site_url("/"))
    check_axe(page)
    sign_in(page, check_axe, TRAINER)

    # Suspend: the first press only asks; "Go back" returns to the filled form.
    open_certificate(page, site_url, check_axe, display)
    suspend = page.get_by_role("region", name="Suspend")
    suspend.get_by_label("Reason").fill("Missed two supervision meetings in a row.")
    suspend.get_by_role("button", name="Suspend certificate").click()
    expect(
        page.get_by_role("heading", level=1, name="Suspend Felix Moreno's certificate?")
    ).to_be_focused()
    check_axe(page)
    page.get_by_role("button", name="Go back").click()
    expect(page.get_by_role("region", name="Suspend").get_by_label("Reason")).to_have_value(
        "Missed two supervision meetings in a row."
    )
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE
    check_axe(page)
    page.get_by_role("region", name="Suspend").get_by_role(
        "button", name="Suspend certificate"
    ).click()
    confirm_action(
        page,
        check_axe,
        "Suspend Felix Moreno's certificate?",
        "Yes, suspend the certificate",
        f"Felix Moreno's Support Group Facilitator certificate {display} will be suspended",
        "Felix Moreno is emailed the reason.",
    )
    expect(page.get_by_role("status")).to_contain_text("The certificate is suspended.")
    check_axe(page)

    # Reinstate.
    reinstate = page.get_by_role("region", name="Reinstate")
    reinstate.get_by_label("Reason").fill("Back at supervision; plan agreed.")
    reinstate.get_by_role("button", name="Reinstate certificate").click()
    confirm_action(
        page,
        check_axe,
        "Reinstate Felix Moreno's certificate?",
        "Yes, reinstate the certificate",
        "will be active again",
    )
    expect(page.get_by_role("status")).to_contain_text("The certificate is active again.")
    check_axe(page)

    # Transfer within Ohio; no decertify anywhere on the page.
    expect(page.get_by_role("button", name=re.compile("Decertify"))).to_have_count(0)
    transfer = page.get_by_role("region", name="Transfer to another affiliate")
    transfer.get_by_label("New affiliate").select_option(label="Columbus Family Network (OH-COL)")
    transfer.get_by_role("button", name="Transfer certificate").click()
    confirm_action(
        page,
        check_axe,
        "Transfer Felix Moreno's certificate?",
        "Yes, transfer the certificate",
        "will move from Cleveland Peer Support to Columbus Family Network",
        "No one is emailed.",
    )
    expect(page.get_by_role("status")).to_contain_text(
        "The certificate now belongs to Columbus Family Network."
    )
    check_axe(page)

    # The demo's concern, triaged as urgent, suspends the certificate at once.
    concern = Concern.objects.get(certification=certification)
    page.goto(site_url(f"/fidelity/concerns/{concern.reference}/"))
    check_axe(page)
    triage = page.get_by_role("region", name="Triage")
    triage.get_by_role("group", name=re.compile("^How serious is it")).get_by_label(
        "Urgent"
    ).check()
    triage.get_by_label("Owner").select_option(label="Tomas Alvarez")
    triage.get_by_role("button", name="Save triage").click()
    expect(page.get_by_role("status")).to_contain_text("The concern is triaged.")
    check_axe(page)
    suspend = page.get_by_role("region", name="Suspend pending review")
    suspend.get_by_label("Reason").fill("A member's doctor called about the advice.")
    suspend.get_by_role("button", name="Suspend certificate now").click()
    confirm_action(
        page,
        check_axe,
        "Suspend Felix Moreno's certificate now?",
        "Yes, suspend the certificate",
        f"while concern {concern.reference} is reviewed",
    )
    expect(page.get_by_role("status")).to_contain_text("suspended while the review goes on")
    check_axe(page)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED

    # Readiness: "ready" with a competency below its level asks for the reason first.
    page.goto(site_url(f"/enrollments/{rosa.pk}/"))
    expect(page.get_by_role("heading", level=1, name=re.compile("^Rosa Diaz in"))).to_be_visible()
    check_axe(page)
    groups = page.get_by_role("group", name=re.compile(r"\(ready at \d or more\)"))
    for index in range(groups.count()):
        groups.nth(index).get_by_label("3 · Shown consistently").check()
    groups.nth(0).get_by_label("2 · Emerging").check()
    page.get_by_role("group", name="Decision").get_by_label("Ready", exact=True).check()
    page.get_by_role("button", name="Record the assessment").click()
    why = page.get_by_label(re.compile("Ready although a score is below"))
    expect(why).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text(re.compile("Scored below its “ready at” level"))).to_be_visible()
    check_axe(page)
    why.fill(BELOW_REASON)
    page.get_by_role("button", name="Record the assessment").click()
    confirm_action(
        page,
        check_axe,
        "Certify Rosa Diaz?",
        "Yes, certify the trainee",
        "Rosa Diaz will be certified in Support Group Facilitator",
        "scored below the “ready at” level",
        "Rosa Diaz is emailed the certificate number.",
    )
    expect(page.get_by_role("status")).to_contain_text("Certified. Certificate number")
    expect(page.get_by_role("region", name="Readiness assessments")).to_contain_text(BELOW_REASON)
    check_axe(page)
    assert ReadinessAssessment.objects.get(enrollment=rosa).threshold_override == BELOW_REASON

    # The case: opened from the concern, answered by Felix; the trainer decides to decertify.
    concern.refresh_from_db()
    case = case_open(actor=trainer, concern=concern, allegation="Advised a member on medicines.")
    case_respond(actor=certification.person, case=case, response="I only shared my story.")
    page.goto(site_url(f"/fidelity/cases/{case.pk}/"))
    check_axe(page)
    decide = page.get_by_role("region", name="Decide this case")
    decide.get_by_role("radio", name="Decertify").check()
    decide.get_by_label("Reasons").fill("Medical advice again after coaching.")
    decide.get_by_role("button", name="Record decision").click()
    confirm_action(
        page,
        check_axe,
        "Decide to decertify Felix Moreno?",
        "Yes, decide to decertify",
        "will be decertified when the decision is final",
        "Felix Moreno is emailed the decision and your reasons now",
    )
    expect(page.get_by_role("status")).to_contain_text("The decision is recorded.")
    check_axe(page)
    sign_out(page, check_axe)

    # Felix appeals; national staff decide the appeal.
    case_appeal(actor=certification.person, case=case, appeal="Please hear me out.")
    sign_in(page, check_axe, NATIONAL)
    page.goto(site_url(f"/fidelity/cases/{case.pk}/"))
    check_axe(page)
    appeal = page.get_by_role("region", name="Decide the appeal")
    appeal.get_by_role("radio", name="Uphold the decision").check()
    appeal.get_by_label("Reasons").fill("The record supports the decision.")
    appeal.get_by_role("button", name="Record appeal decision").click()
    confirm_action(
        page,
        check_axe,
        "Uphold the decision to decertify Felix Moreno?",
        "Yes, uphold the decision",
        "This is final",
        "the coordinators of Columbus Family Network are emailed the final outcome",
    )
    expect(page.get_by_role("status")).to_contain_text("The appeal is decided")
    check_axe(page)
    case.refresh_from_db()
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.DECERTIFIED
    assert DecertificationCase.objects.get(pk=case.pk).status == "closed"

    # Role revoke: the last national staff member stays; a state trainer's role goes.
    national = Organization.objects.get(kind="national")
    page.goto(site_url(f"/organizations/{national.slug}/"))
    expect(page.get_by_text("Nadia Brooks is the only national staff member left.")).to_be_visible()
    expect(page.get_by_role("button", name="Remove role from Nadia Brooks")).to_have_count(0)
    check_axe(page)
    ohio = certification.issuing_state
    page.goto(site_url(f"/organizations/{ohio.slug}/"))
    check_axe(page)
    page.get_by_role("button", name="Remove role from Tomas Alvarez").click()
    confirm_action(
        page,
        check_axe,
        "Remove Tomas Alvarez's role?",
        "Yes, remove the role",
        "Tomas Alvarez will no longer be State trainer of Peer Support Ohio",
    )
    expect(page.get_by_role("status")).to_contain_text(
        "Tomas Alvarez no longer holds the role State trainer here."
    )
    check_axe(page)
