"""The site works under its Content-Security-Policy, in Chromium, with axe on every page.

Trellis's pages have no script of their own and no inline style: what moves on a page is
done by the stylesheets (the public report form shows one way of naming the facilitator at a
time, progress bars fill, charts draw their bars in the site's colors, tables open under a
chart) and by plain forms (a knowledge check, a concern report, a confirmation). Each of those
is used here as the right demo person, and the test fails on any message the browser logs
about the Content-Security-Policy or the Permissions-Policy, and on any script error.

A canary at the end puts an inline style on a page on purpose and expects the browser to
refuse it and say so: the watch would notice a real violation.

Staff pages are opened with a session made by Django's test client (`staff_page`); trainees
and facilitators sign in through the sign-in page.
"""

import io
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page, expect

from certification.models import Certification, Concern
from curriculum.content import DOCUMENTATION
from curriculum.models import ModulePage

from .test_training_journeys import answer_with_mouse, expect_passed, right_answers

DEMO_PASSWORD = "trellis-demo-2026"
SIGN_IN = re.compile(r"^sign in$", re.IGNORECASE)
PROGRAM = "Support Group Facilitator"
POLICY_MESSAGE = re.compile(r"Content.Security.Policy|Permissions.Policy", re.IGNORECASE)
# Logged by the page itself (an init script, outside the page's policy) for every violation,
# in case the browser's own message changes wording.
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => {
    const what = `${event.violatedDirective} ${event.blockedURI}`;
    console.error(`Content-Security-Policy violation: ${what}`);
});"""


def watch(page: Page) -> list:
    """Every policy message and script error the page logs, from now on."""
    problems = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}")
            if POLICY_MESSAGE.search(message.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: script error {error}"))
    return problems


def open_page(page: Page, url):
    response = page.goto(url)
    assert response is not None and response.ok, url
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, policy
    return response


def sign_in(page: Page, email):
    page.get_by_role("navigation", name="Main").get_by_role("link", name=SIGN_IN).click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=SIGN_IN).click()


def sign_out(page: Page):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()


def staff_page(new_context, live_server, email) -> Page:
    """A browser signed in as a demo staff member, by a session Django's test client made."""
    client = Client()
    client.force_login(get_user_model().objects.get(email__iexact=email))
    context = new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def fill_ratio(bar) -> float:
    """How much of its track a progress bar's fill covers, as drawn."""
    return bar.evaluate(
        """track => track.querySelector("rect").getBoundingClientRect().width
            / track.getBoundingClientRect().width"""
    )


def test_interactive_pages_work_under_the_content_security_policy(
    page: Page, site_url, check_axe, new_context, live_server
):
    call_command("seed_demo", stdout=io.StringIO())
    problems = watch(page)

    # The public report form: the stylesheet shows one way of naming the facilitator.
    open_page(page, site_url("/report/"))
    page.get_by_role("radio", name="No, I will describe the facilitator").check()
    expect(page.get_by_label("Certificate number (if you know it)")).to_be_hidden()
    expect(page.get_by_label("Facilitator's name")).to_be_visible()
    page.get_by_role("radio", name="Yes, I have the number").check()
    expect(page.get_by_label("Certificate number (if you know it)")).to_be_visible()
    expect(page.get_by_label("Facilitator's name")).to_be_hidden()
    check_axe(page)

    # Maya, midway: her progress bar is drawn as full as it says; a knowledge check works.
    open_page(page, site_url("/"))
    sign_in(page, "midway@trellis.test")
    expect(page.get_by_role("heading", level=1, name="Welcome, Maya")).to_be_visible()
    bar = page.get_by_role("region", name=f"{PROGRAM} with Cleveland Peer Support").get_by_role(
        "progressbar"
    )
    expect(bar).to_have_attribute("aria-valuenow", "17")
    assert abs(fill_ratio(bar) - 0.17) < 0.02
    check_axe(page)
    page.get_by_role("link", name="Start with Documentation").click()
    page.get_by_role("link", name="Go to the knowledge check").click()
    check_axe(page)
    answer_with_mouse(page, DOCUMENTATION, right_answers)
    expect_passed(page, DOCUMENTATION)
    check_axe(page)
    sign_out(page)

    # Felix, a facilitator, reports a concern signed in; a double click files one report.
    sign_in(page, "facilitator@trellis.test")
    expect(page.get_by_role("heading", level=1, name="Welcome, Felix")).to_be_visible()
    open_page(page, site_url("/fidelity/concerns/new/?describe=1"))
    page.get_by_label("Facilitator's name").fill("Dana K.")
    page.get_by_label("Program", exact=True).select_option(label=PROGRAM)
    page.get_by_label("Local affiliate that runs the group or class").select_option(
        label="Cleveland Peer Support"
    )
    page.get_by_role("radio", name="Privacy").check()
    page.get_by_label("What happened?").fill("Talked about a member's diagnosis in the lobby.")
    page.get_by_role("radio", name="A support group").check()
    check_axe(page)
    page.get_by_role("button", name="Send report").dblclick()
    expect(
        page.get_by_role("heading", level=1, name="Thank you. Your report was sent.")
    ).to_be_visible()
    check_axe(page)
    assert Concern.objects.filter(reporter__email="facilitator@trellis.test").count() == 1
    sign_out(page)

    # National staff: the oversight charts draw in the stylesheet's colors and open as tables.
    staff = staff_page(new_context, live_server, "national@trellis.test")
    staff_problems = watch(staff)
    open_page(staff, site_url("/oversight/"))
    chart = staff.get_by_role("img", name="Open concerns by category")
    expect(chart).to_be_visible()
    fill = chart.locator("rect.chart__bar--concerns").first.evaluate(
        "bar => getComputedStyle(bar).fill"
    )
    assert fill == "rgb(29, 78, 216)", fill
    figure = staff.get_by_role("figure", name="Open concerns by category")
    figure.get_by_text("Show these numbers as a table").click()
    expect(staff.get_by_role("table", name="Open concerns by category")).to_be_visible()
    check_axe(staff)

    # A confirmation page: it restates the effect, and "Go back" keeps what was typed.
    felix = Certification.objects.get(person__email="facilitator@trellis.test")
    open_page(staff, site_url(f"/certificates/{felix.number}/"))
    suspend = staff.get_by_role("region", name="Suspend")
    suspend.get_by_label("Reason").fill("Missed two supervision meetings in a row.")
    suspend.get_by_role("button", name="Suspend certificate").click()
    expect(
        staff.get_by_role("heading", level=1, name="Suspend Felix Moreno's certificate?")
    ).to_be_visible()
    check_axe(staff)
    staff.get_by_role("button", name="Go back").click()
    expect(staff.get_by_role("region", name="Suspend").get_by_label("Reason")).to_have_value(
        "Missed two supervision meetings in a row."
    )

    # The Wagtail admin has its own, relaxed policy (inline scripts and styles): it works.
    response = staff.goto(site_url("/admin/"))
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    expect(staff.get_by_role("heading", level=1)).to_be_visible()
    module = ModulePage.objects.filter(title=DOCUMENTATION["title"], alias_of=None).first()
    staff.goto(site_url(f"/admin/pages/{module.pk}/edit/"))
    expect(staff.get_by_role("button", name=re.compile("^Save draft"))).to_be_visible()
    expect(staff.get_by_text("Knowledge check").first).to_be_attached()
    staff.wait_for_load_state("networkidle")

    assert problems == [], "\n".join(problems)
    assert staff_problems == [], "\n".join(staff_problems)

    # The canary: an inline style is refused, and the watch hears of it.
    open_page(page, site_url("/"))
    page.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML(
            "beforeend", '<p id="canary" style="color: rgb(255, 0, 0)">canary</p>')"""
    )
    expect(page.locator("#canary")).not_to_have_css("color", "rgb(255, 0, 0)")
    for _ in range(20):
        if problems:
            break
        page.wait_for_timeout(100)
    assert any("style" in problem for problem in problems), problems
