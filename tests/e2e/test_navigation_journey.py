"""Role-aware navigation (issue 9, item 4), driven only through what a person sees.

From a fresh `seed_demo`, each demo login signs in from the home page and finds in the header
exactly the parts of the site their role uses: national staff the events, oversight, concerns,
cases and the admin; the state trainer the same without the admin; the coordinator oversight,
concerns and cases; the trainee their training; the certified facilitator their training and
certificates (and cases, if one is open about them). Every link opens, marks itself as the
current section, and passes axe. At 320 px the header wraps without sideways scrolling and
every link stays a comfortable target.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from certification.models import DecertificationCase
from tests.e2e.signing_in import enter_code_if_asked

DEMO_PASSWORD = "trellis-demo-2026"
STAFF = ["Dashboard", "Oversight", "Concerns", "Cases", "Profile"]
WITH_EVENTS = ["Dashboard", "Events", "Oversight", "Concerns", "Cases", "Profile"]
ROLES = {
    "national@trellis.test": [
        "Dashboard",
        "Events",
        "Oversight",
        "Concerns",
        "Cases",
        "Admin",
        "Profile",
    ],
    "trainer@trellis.test": WITH_EVENTS,
    "coordinator@trellis.test": STAFF,
    "trainee@trellis.test": ["Dashboard", "My training", "Profile"],
    "facilitator@trellis.test": ["Dashboard", "My training", "My certificates", "Profile"],
}
# The first heading of each section's page.
HEADINGS = {
    "Dashboard": re.compile(r"^Welcome, "),
    "My training": "My training",
    "My certificates": "My certificates",
    "Events": "Training events",
    "Oversight": re.compile(r"^Oversight: "),
    "Concerns": "Fidelity concerns",
    "Cases": "Decertification cases",
    "Profile": "Your profile",
}
# Wagtail's admin markup is Wagtail's own; its dashboard is checked with the rules that the
# editor pages leave out in the training journeys (see test_training_journeys.py).
WAGTAIL_ADMIN_KNOWN_VIOLATIONS = (
    "aria-input-field-name",
    "label",
    "scrollable-region-focusable",
)

SIGN_IN = re.compile(r"^sign in$", re.I)


def main_nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def sign_in(page: Page, email):
    main_nav(page).get_by_role("link", name=SIGN_IN).click()
    expect(page.get_by_role("heading", level=1, name=SIGN_IN)).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=SIGN_IN).click()
    enter_code_if_asked(page, email)
    expect(main_nav(page).get_by_role("link", name="Dashboard")).to_be_visible()


def header_labels(page: Page):
    return [text.strip() for text in main_nav(page).get_by_role("link").all_inner_texts()]


def open_section(page: Page, label, check_axe):
    """Follow one header link: the page opens (200), says where it is, and passes axe."""
    link = main_nav(page).get_by_role("link", name=label, exact=True)
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.status == 200, (label, page.url)
    if label == "Admin":
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        check_axe(page, ignore_rules=WAGTAIL_ADMIN_KNOWN_VIOLATIONS)
        page.go_back()
        return
    expect(page.get_by_role("heading", level=1, name=HEADINGS[label]).first).to_be_visible()
    expect(main_nav(page).get_by_role("link", name=label, exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    check_axe(page)


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    felix_has_case = DecertificationCase.objects.filter(
        certification__person__email="facilitator@trellis.test"
    ).exists()
    roles = {email: list(labels) for email, labels in ROLES.items()}
    if felix_has_case:
        roles["facilitator@trellis.test"].insert(-1, "Cases")
    return roles


def test_each_demo_login_finds_what_their_role_uses(
    page: Page, open_another_browser, site_url, check_axe, demo
):
    """Proves: the header offers each role its own sections, in a fixed order, and each one
    opens, is marked as current, and passes axe."""
    browser_page = page
    for email, expected in demo.items():
        browser_page.goto(site_url("/"))
        sign_in(browser_page, email)
        assert header_labels(browser_page) == expected, email
        for label in expected:
            open_section(browser_page, label, check_axe)
        browser_page = open_another_browser()


def test_the_header_fits_a_320_pixel_screen(page: Page, site_url, check_axe, demo):
    """Proves: with the most links (national staff), the header wraps at 320 px: no sideways
    scrolling, and every link and the sign-out button at least 24 × 24 px."""
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(site_url("/"))
    sign_in(page, "national@trellis.test")
    assert header_labels(page) == demo["national@trellis.test"]
    no_sideways_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_sideways_scroll
    targets = main_nav(page).get_by_role("link").all() + [
        main_nav(page).get_by_role("button", name="Sign out")
    ]
    for target in targets:
        box = target.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (target.inner_text(), box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (target.inner_text(), box)
    check_axe(page)
