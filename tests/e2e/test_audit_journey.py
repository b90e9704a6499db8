"""The audit trail, driven through what people see.

Someone without an account reports a concern and asks to stay confidential. The Ohio trainer
opens it and sees who reported it. National staff, in their own browser, open "Sensitive
reads" in the Wagtail admin: both reads are there, by the trainer, and the list filters by
kind. axe-core checks every page.
"""

from playwright.sync_api import expect
from wagtail.models import Page as WagtailPage

from certification.models import Role
from certification.services.certificates import certification_issue
from certification.services.fidelity.concerns import concern_report
from curriculum.models import ProgramPage, TrainingIndexPage
from tests.certification.conftest import enroll
from tests.e2e.signing_in import sign_in
from tests.factories import UserFactory, grant, make_affiliate, make_national, make_state

# Wagtail's own admin markup (not Trellis's templates) fails this rule on listing pages: the
# filter drawer's list scrolls without taking focus. See tests/e2e/test_training_journeys.py.
WAGTAIL_ADMIN_KNOWN_VIOLATIONS = ("scrollable-region-focusable",)
TRANSITIONS_DONE = """() => document.getAnimations().every(
    (animation) => !(animation instanceof CSSTransition) || animation.playState !== "running"
)"""


def set_up():
    national = make_national()
    ohio = make_state("OH", "Peer Support Ohio", national)
    cleveland = make_affiliate("OH-CLE", ohio, "Cleveland Peer Support")
    trainer = UserFactory(full_name="Tomas Alvarez", email="trainer@example.org")
    grant(trainer, ohio, Role.STATE_TRAINER)
    staff = UserFactory(full_name="Nadia Brooks", email="nadia@example.org")
    grant(staff, national, Role.NATIONAL_STAFF)
    index = TrainingIndexPage(title="Training", slug="training")
    WagtailPage.objects.get(depth=2).add_child(instance=index)
    program = ProgramPage(title="Peer Mentor", slug="peer-mentor", validity_months=24)
    index.add_child(instance=program)
    facilitator = UserFactory(full_name="Frank Hollis", email="frank@example.org")
    certification = certification_issue(
        actor=trainer, enrollment=enroll(facilitator, program, cleveland)
    )
    concern = concern_report(
        actor=None,
        certification=certification,
        category="boundaries",
        what_happened="Met a group member alone after the group.",
        happened_on=None,
        setting="group",
        reporter_is_confidential=True,
        reporter_name="Rae Quinn",
        reporter_email="rae@example.org",
    )
    return trainer, staff, concern


def test_national_staff_see_who_read_a_confidential_report(
    page, open_another_browser, site_url, check_axe
):
    trainer, staff, concern = set_up()

    page.goto(site_url("/"))
    sign_in(page, trainer.email)
    page.goto(site_url(f"/fidelity/concerns/{concern.reference}/"))
    reporter = page.get_by_role("region", name="Reported by")
    expect(reporter).to_contain_text("Rae Quinn")
    # The report came through the public form: its timeline entry says so, not "by" anyone.
    expect(page.get_by_role("list").filter(has_text="Received")).to_contain_text(
        "through the public form"
    )
    check_axe(page)

    admin = open_another_browser()

    def check_admin_axe():
        admin.wait_for_function(TRANSITIONS_DONE)
        check_axe(admin, ignore_rules=WAGTAIL_ADMIN_KNOWN_VIOLATIONS)

    admin.goto(site_url("/"))
    sign_in(admin, staff.email)
    admin.goto(site_url("/admin/"))
    sidebar = admin.get_by_role("navigation", name="Main menu")
    sidebar.get_by_role("link", name="Sensitive reads").click()
    expect(admin.get_by_role("heading", level=1, name="Sensitive reads")).to_be_visible()
    rows = admin.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="Concern opened")).to_contain_text("Tomas Alvarez")
    expect(rows.filter(has_text="Confidential reporter seen")).to_contain_text(concern.reference)
    check_admin_axe()

    admin.goto(site_url("/admin/sensitive_reads/?kind=confidential_reporter"))
    expect(rows.filter(has_text="Confidential reporter seen")).to_have_count(1)
    expect(rows.filter(has_text="Concern opened")).to_have_count(0)
    check_admin_axe()
