"""The oversight journey, driven through what people see: roles, labels and visible text.

National staff open /oversight/ and land on the national dashboard with a row per state;
they follow Ohio's open-concerns number to the list behind it (as many rows as the number
said), download that list as CSV, sort the dashboard, and read both charts' numbers in their
tables. The Texas trainer opening /oversight/ lands on Texas and sees only its affiliate; the
Ohio dashboard is a 404 for them. axe-core checks every page, charts included.
"""

import csv
import io
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.certification.oversight.conftest import build_world
from tests.e2e.signing_in import enter_code_if_asked
from tests.factories import PASSWORD


def sign_in(page: Page, site_url, email):
    page.goto(site_url("/accounts/login/"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, email)
    expect(page.get_by_role("heading", level=1, name="Welcome", exact=False)).to_be_visible()


def sign_out(page: Page):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()


def test_national_staff_follow_a_number_to_its_list_and_a_trainer_sees_only_their_state(
    page: Page, site_url, check_axe
):
    world = build_world()

    sign_in(page, site_url, world.staff["national"].email)
    page.goto(site_url("/oversight/"))
    expect(
        page.get_by_role("heading", level=1, name="Oversight: National Peer Support Alliance")
    ).to_be_visible()
    table = page.get_by_role("table", name="States of National Peer Support Alliance")
    expect(table.get_by_role("rowheader", name="Peer Support Ohio")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Peer Support Texas")).to_be_visible()
    expect(page.get_by_role("img", name="Open concerns by category")).to_be_visible()
    check_axe(page)

    # Both charts' numbers, as tables.
    for summary in page.get_by_text("Show these numbers as a table").all():
        summary.click()
    expect(page.get_by_role("table", name="Open concerns by category")).to_be_visible()
    expect(page.get_by_role("table", name="Certifications issued per month")).to_be_visible()
    check_axe(page)

    # Sorting by open concerns, biggest first.
    table.get_by_role("link", name="Open concerns", exact=True).click()
    header = page.get_by_role("columnheader", name="Open concerns", exact=True)
    expect(header).to_have_attribute("aria-sort", "descending")
    check_axe(page)

    # Ohio has 2 open concerns; the number leads to the list of those 2.
    page.get_by_role("link", name="2 · Open concerns, Peer Support Ohio").click()
    expect(
        page.get_by_role("heading", level=1, name="Open concerns in Peer Support Ohio")
    ).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("2 records")
    expect(main.get_by_role("row")).to_have_count(3)  # the header and two concerns
    expect(main).to_contain_text("Cara Singh")
    expect(main).to_contain_text("Ana Ruiz")
    expect(main).not_to_contain_text("Jo Adams")  # Texas
    check_axe(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this list (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == f"oversight-{world.nodes['ohio'].slug}-concerns.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text())))
    assert rows[0][:2] == ["Reference", "Facilitator"]
    assert sorted(row[1] for row in rows[1:]) == ["Ana Ruiz", "Cara Singh"]

    # The breadcrumb leads back up to the state's dashboard, then down to an affiliate.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Peer Support Ohio"
    ).click()
    expect(
        page.get_by_role("heading", level=1, name="Oversight: Peer Support Ohio")
    ).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Cleveland Peer Support", exact=True).click()
    expect(
        page.get_by_role("heading", level=1, name="Oversight: Cleveland Peer Support")
    ).to_be_visible()
    expect(page.get_by_role("rowheader", name="Ana Ruiz")).to_be_visible()
    expect(page.get_by_role("link", name="Download the roster (PDF)")).to_be_visible()
    check_axe(page)
    sign_out(page)

    # The Texas trainer lands on Texas and sees nothing of Ohio.
    sign_in(page, site_url, world.staff["texas"].email)
    page.goto(site_url("/oversight/"))
    expect(
        page.get_by_role("heading", level=1, name="Oversight: Peer Support Texas")
    ).to_be_visible()
    main = page.get_by_role("main")
    expect(main.get_by_role("rowheader", name="Austin Peer Support")).to_be_visible()
    expect(main).not_to_contain_text("Ohio")
    expect(main).not_to_contain_text("Cleveland")
    check_axe(page)
    response = page.goto(site_url(f"/oversight/{world.nodes['ohio'].slug}/"))
    assert response.status == 404
    expect(page.get_by_role("heading", level=1, name="We could not find that page")).to_be_visible()
