"""Oversight pages: who sees which node, filters, sorting, pagination, CSV, the roster PDF,
and the query budget of the national dashboard (2 states or 50 states and 600 affiliates)."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from certification.models import (
    Certification,
    CertificationStatus,
    Organization,
    OrganizationKind,
)
from certification.models.certificates import new_certification_number
from certification.views.oversight.exports import csv_cell

from .conftest import INJECTION_NAME, days, enroll

pytestmark = pytest.mark.django_db


def dashboard(node, **query):
    return reverse("certification:oversight_dashboard", args=[node.slug]), query


def get(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(f"certification:{name}", args=args), query)


def row_names(response):
    """Names in the row headers of the dashboard's body, in order."""
    body = response.content.decode()
    tbody = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<th scope="row">(.*?)<br>', tbody, re.S)
    ]


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.content.decode())))


# --- where /oversight/ leads, and who sees what ---------------------------------------------


@pytest.mark.parametrize(
    ("who", "where"), [("national", "national"), ("ohio", "ohio"), ("cleveland", "cleveland")]
)
def test_oversight_home_leads_to_the_highest_node_a_person_oversees(client, world, who, where):
    response = get(client, world.staff[who], "oversight_home")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "certification:oversight_dashboard", args=[world.nodes[where].slug]
    )


def test_oversight_home_refuses_kindly_someone_without_a_role(client, world):
    response = get(client, world.staff["outsider"], "oversight_home")
    assert response.status_code == 403
    assert b"Oversight dashboards are for program staff" in response.content
    client.logout()
    response = client.get(reverse("certification:oversight_home"))
    assert response.status_code == 302 and "login" in response["Location"]


def _every_page(node, column="active"):
    slug = node.slug
    pages = [
        ("oversight_dashboard", slug),
        ("oversight_csv", slug),
        ("oversight_list", slug, column),
        ("oversight_list_csv", slug, column),
    ]
    if node.kind == OrganizationKind.AFFILIATE:
        pages.append(("oversight_roster_pdf", slug))
    return pages


@pytest.mark.parametrize(
    ("who", "allowed", "refused"),
    [
        ("cleveland", ["cleveland"], ["columbus", "austin", "ohio", "texas", "national"]),
        ("ohio", ["ohio", "cleveland", "columbus"], ["texas", "austin", "national"]),
        ("texas", ["texas", "austin"], ["ohio", "cleveland", "columbus", "national"]),
        ("national", ["national", "ohio", "texas", "cleveland", "columbus", "austin"], []),
        ("outsider", [], ["national", "ohio", "cleveland"]),
    ],
)
def test_each_role_sees_its_own_part_of_the_tree_and_nothing_else(
    client, world, who, allowed, refused
):
    client.force_login(world.staff[who])
    for key in allowed:
        for name, *args in _every_page(world.nodes[key]):
            response = client.get(reverse(f"certification:{name}", args=args))
            assert response.status_code == 200, (who, name, key)
    for key in refused:
        for name, *args in _every_page(world.nodes[key]):
            response = client.get(reverse(f"certification:{name}", args=args))
            assert response.status_code == 404, (who, name, key)


def test_a_coordinator_never_sees_another_affiliate_on_any_page(client, world):
    response = get(
        client, world.staff["cleveland"], "oversight_dashboard", "cleveland-peer-support"
    )
    response = get(
        client, world.staff["cleveland"], "oversight_dashboard", world.nodes["cleveland"].slug
    )
    content = response.content.decode()
    assert "Ana Ruiz" in content
    for outsider in ("Hal Kim", "Ivy Chen", "Jo Adams", "Columbus Family Network", "Austin"):
        assert outsider not in content
    # The breadcrumb shows only what the coordinator may see: no state, no national link.
    assert reverse("certification:oversight_dashboard", args=[world.nodes["ohio"].slug]) not in (
        content
    )
    # A person from another affiliate cannot be named through ?person=.
    hal = world.people["hal"]
    response = get(
        client,
        world.staff["cleveland"],
        "oversight_list",
        world.nodes["cleveland"].slug,
        "active",
        person=hal.pk,
    )
    assert response.status_code == 404


def test_a_state_trainer_sees_their_affiliates_and_a_breadcrumb_up_to_their_state(client, world):
    response = get(client, world.staff["ohio"], "oversight_dashboard", world.nodes["ohio"].slug)
    assert row_names(response) == ["Cleveland Peer Support", "Columbus Family Network"]
    assert "Peer Support Texas" not in response.content.decode()
    response = get(
        client, world.staff["ohio"], "oversight_dashboard", world.nodes["cleveland"].slug
    )
    content = response.content.decode()
    ohio_link = reverse("certification:oversight_dashboard", args=[world.nodes["ohio"].slug])
    national_link = reverse(
        "certification:oversight_dashboard", args=[world.nodes["national"].slug]
    )
    assert ohio_link in content and national_link not in content


def test_national_staff_see_every_state_with_links_to_the_lists(client, world):
    response = get(
        client, world.staff["national"], "oversight_dashboard", world.nodes["national"].slug
    )
    assert row_names(response) == ["Peer Support Ohio", "Peer Support Texas"]
    content = response.content.decode()
    for column in ("active", "in_training", "ready", "expiring", "suspended", "concerns"):
        href = reverse("certification:oversight_list", args=[world.nodes["ohio"].slug, column])
        assert f'href="{href}"' in content
    # Two accessible charts, drawn inline, each with a text alternative and a data table.
    assert content.count('role="img"') == 2
    assert 'aria-labelledby="certs-chart-title certs-chart-desc"' in content
    assert 'aria-labelledby="concerns-chart-title concerns-chart-desc"' in content
    assert content.count("<details") == 2
    assert "oversight.css" in content
    assert "http://" not in content.split("<main", 1)[1].replace("http://www.w3.org/2000/svg", "")


# --- filters, sorting, pagination -----------------------------------------------------------


def test_program_filter_changes_the_numbers_and_follows_the_links(client, world):
    mentor = world.programs["mentor"]
    response = get(
        client,
        world.staff["ohio"],
        "oversight_dashboard",
        world.nodes["ohio"].slug,
        program=mentor.pk,
    )
    content = response.content.decode()
    list_href = reverse(
        "certification:oversight_list", args=[world.nodes["cleveland"].slug, "active"]
    )
    assert f'href="{list_href}?program={mentor.pk}"' in content
    listed = get(
        client,
        world.staff["ohio"],
        "oversight_list",
        world.nodes["cleveland"].slug,
        "in_training",
        program=mentor.pk,
    )
    assert "Eli Brown" in listed.content.decode()
    assert "Ben Okafor" not in listed.content.decode()  # in training for the other program


def test_an_unknown_program_is_an_error_on_the_form_not_a_crash(client, world):
    response = get(
        client, world.staff["ohio"], "oversight_dashboard", world.nodes["ohio"].slug, program=999999
    )
    assert response.status_code == 200
    assert b"field--error" in response.content
    assert row_names(response) == ["Cleveland Peer Support", "Columbus Family Network"]


def test_status_filter_keeps_rows_with_something_in_that_column(client, world):
    slug = world.nodes["cleveland"].slug
    response = get(client, world.staff["cleveland"], "oversight_dashboard", slug, status="concerns")
    assert row_names(response) == ["Ana Ruiz", "Cara Singh"]
    response = get(client, world.staff["cleveland"], "oversight_dashboard", slug, status="ready")
    assert row_names(response) == ["Fay Moore"]
    listed = get(
        client, world.staff["cleveland"], "oversight_list", slug, "suspended", status="on_leave"
    )
    assert "Dev Patel" in listed.content.decode() and "Cara Singh" not in listed.content.decode()


def test_sorting_by_a_column_with_aria_sort(client, world):
    slug = world.nodes["cleveland"].slug
    response = get(client, world.staff["cleveland"], "oversight_dashboard", slug)
    content = response.content.decode()
    assert re.search(r'aria-sort="ascending"><a href="\?sort=-name">Person', content)
    assert content.count("aria-sort=") == 1
    # A number column sorts biggest first on the first click.
    assert 'href="?sort=-concerns"' in content
    response = get(client, world.staff["cleveland"], "oversight_dashboard", slug, sort="-oldest")
    assert row_names(response)[:2] == ["Cara Singh", "Ana Ruiz"]
    content = response.content.decode()
    assert re.search(r'aria-sort="descending"><a href="\?sort=oldest">Oldest', content)
    response = get(client, world.staff["cleveland"], "oversight_dashboard", slug, sort="-name")
    assert row_names(response)[0] == "Lia Ortiz"
    response = get(client, world.staff["cleveland"], "oversight_dashboard", slug, sort="drop table")
    assert row_names(response)[0] == "Ana Ruiz"


def _add_people(world, count):
    cleveland, mentor = world.nodes["cleveland"], world.programs["mentor"]
    User = get_user_model()
    people = User.objects.bulk_create(
        User(email=f"extra{i}@example.org", full_name=f"Zed Extra {i:03}") for i in range(count)
    )
    for person in people:
        enroll(person, mentor, cleveland)
    return people


def test_pagination_of_the_dashboard_and_of_a_list(client, world):
    _add_people(world, 53)  # 8 + 53 = 61 people at Cleveland, 2 + 53 in training
    slug = world.nodes["cleveland"].slug
    user = world.staff["cleveland"]
    first = get(client, user, "oversight_dashboard", slug)
    assert len(row_names(first)) == 50
    assert b"Page 1 of 2" in first.content
    assert b'href="?page=2"' in first.content
    second = get(client, user, "oversight_dashboard", slug, page=2)
    assert len(row_names(second)) == 11
    assert row_names(first)[0] == "Ana Ruiz" and row_names(second)[-1] == "Zed Extra 052"
    # Sorting is kept across pages.
    sorted_second = get(client, user, "oversight_dashboard", slug, sort="-name", page=2)
    assert row_names(sorted_second)[-1] == "Ana Ruiz"
    listed = get(client, user, "oversight_list", slug, "in_training")
    assert listed.content.decode().count("<tr>") == 1 + 50  # header row and 50 rows
    assert b"55 records" in listed.content
    listed = get(client, user, "oversight_list", slug, "in_training", page=2)
    assert listed.content.decode().count("<tr>") == 1 + 5
    # Every page of the list is in its CSV.
    rows = read_csv(get(client, user, "oversight_list_csv", slug, "in_training"))
    assert len(rows) == 1 + 55


def test_roster_queries_do_not_grow_with_people(client, world):
    slug = world.nodes["cleveland"].slug
    user = world.staff["cleveland"]
    get(client, user, "oversight_dashboard", slug)
    with CaptureQueriesContext(connection) as few:
        get(client, user, "oversight_dashboard", slug)
    _add_people(world, 80)
    get(client, user, "oversight_dashboard", slug)  # the header, worked out again, is cached
    with CaptureQueriesContext(connection) as many:
        get(client, user, "oversight_dashboard", slug)
    assert len(many) == len(few)


# --- CSV and PDF ----------------------------------------------------------------------------


def test_dashboard_csv_has_every_row_and_number(client, world):
    response = get(client, world.staff["national"], "oversight_csv", world.nodes["national"].slug)
    assert response["Content-Disposition"] == (
        f'attachment; filename="oversight-{world.nodes["national"].slug}.csv"'
    )
    rows = read_csv(response)
    assert rows[0][:3] == ["State", "Code", "Active facilitators"]
    assert rows[0][5:7] == ["Not yet ready", "Referred to another role"]
    assert rows[1] == [
        "Peer Support Ohio",
        "OH",
        *("3", "3", "1", "1", "1", "2", "2", "2"),
        "40",
        "3.00",
    ]
    assert rows[2] == [
        "Peer Support Texas",
        "TX",
        *("2", "0", "0", "1", "0", "0", "0", "1"),
        "5",
        "",
    ]
    # ?format=csv on the dashboard gives the same file.
    same = get(
        client,
        world.staff["national"],
        "oversight_dashboard",
        world.nodes["national"].slug,
        format="csv",
    )
    assert read_csv(same) == rows


def test_list_csv_has_the_records_and_guards_against_formulas(client, world):
    slug = world.nodes["austin"].slug
    rows = read_csv(get(client, world.staff["austin"], "oversight_list_csv", slug, "active"))
    assert rows[0][:4] == ["Person", "Email", "Program", "Certificate number"]
    names = [row[0] for row in rows[1:]]
    assert f"'{INJECTION_NAME}" in names and "Jo Adams" in names
    assert INJECTION_NAME not in names
    roster = read_csv(get(client, world.staff["austin"], "oversight_csv", slug))
    assert f"'{INJECTION_NAME}" in [row[0] for row in roster]
    concerns = read_csv(
        get(
            client,
            world.staff["national"],
            "oversight_list_csv",
            world.nodes["national"].slug,
            "concerns",
        )
    )
    assert [row[1] for row in concerns[1:]] == ["Cara Singh", "Ana Ruiz", "Jo Adams"]
    assert "reporter" not in " ".join(concerns[0]).lower()  # never who reported it


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("Ana", "Ana"),
        (None, ""),
        (3, "3"),
        (days(0), days(0).isoformat()),
    ],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_roster_pdf_lists_the_people_of_the_affiliate(client, world):
    response = get(
        client, world.staff["cleveland"], "oversight_roster_pdf", world.nodes["cleveland"].slug
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for name in ("Cleveland Peer Support", "Ana Ruiz", "Ben Okafor", "Fay Moore", "Gus Young"):
        assert name in text
    assert "Hal Kim" not in text
    ana = Certification.objects.get(person=world.people["ana"])
    assert ana.display_number in text
    # A state has no roster PDF: its dashboard is the roster of its affiliates.
    response = get(client, world.staff["ohio"], "oversight_roster_pdf", world.nodes["ohio"].slug)
    assert response.status_code == 404


# --- the query budget -----------------------------------------------------------------------


def bulk_states(national, states, affiliates):
    """Add `states` states and `affiliates` affiliates under them, with one active
    certification at each affiliate, without treebeard's one-node-at-a-time inserts."""
    existing = Organization.objects.filter(depth=2).count()
    state_nodes = Organization.objects.bulk_create(
        Organization(
            kind=OrganizationKind.STATE,
            name=f"Bulk State {step:03}",
            short_code=f"BS{step:03}",
            slug=f"bulk-state-{step:03}",
            path=Organization._get_path(national.path, 2, existing + step),
            depth=2,
            numchild=0,
        )
        for step in range(1, states + 1)
    )
    Organization.objects.filter(pk=national.pk).update(numchild=existing + states)
    state_nodes = list(Organization.objects.filter(slug__startswith="bulk-state-").order_by("path"))
    per_state = {state.pk: 0 for state in state_nodes}
    new_affiliates = []
    for index in range(affiliates):
        state = state_nodes[index % len(state_nodes)]
        per_state[state.pk] += 1
        new_affiliates.append(
            Organization(
                kind=OrganizationKind.AFFILIATE,
                name=f"Bulk Affiliate {index:04}",
                short_code=f"BA{index:04}",
                slug=f"bulk-affiliate-{index:04}",
                path=Organization._get_path(state.path, 3, per_state[state.pk]),
                depth=3,
                numchild=0,
            )
        )
    Organization.objects.bulk_create(new_affiliates)
    for state in state_nodes:
        Organization.objects.filter(pk=state.pk).update(numchild=per_state[state.pk])
    affiliate_nodes = list(Organization.objects.filter(slug__startswith="bulk-affiliate-"))
    states_by_path = {state.path: state for state in state_nodes}
    User = get_user_model()
    people = User.objects.bulk_create(
        User(email=f"bulk{i}@example.org", full_name=f"Bulk Person {i:04}")
        for i in range(len(affiliate_nodes))
    )
    program = Certification.objects.values_list("program_id", flat=True).first()
    Certification.objects.bulk_create(
        Certification(
            number=new_certification_number(),
            person=person,
            program_id=program,
            affiliate=affiliate,
            issuing_state=states_by_path[affiliate.path[:8]],
            status=CertificationStatus.ACTIVE,
            issued_on=days(-10),
            expires_on=days(400),
        )
        for person, affiliate in zip(people, affiliate_nodes, strict=True)
    )


def test_national_dashboard_costs_the_same_queries_for_2_or_50_states(
    client, world, django_assert_max_num_queries
):
    national = world.nodes["national"]
    user = world.staff["national"]
    url = reverse("certification:oversight_dashboard", args=[national.slug])
    client.force_login(user)
    client.get(url)  # warm caches (content types, the session)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url, {"program": world.programs["mentor"].pk})
    assert response.status_code == 200

    bulk_states(national, states=48, affiliates=597)
    assert Organization.objects.filter(kind=OrganizationKind.STATE).count() == 50
    assert Organization.objects.filter(kind=OrganizationKind.AFFILIATE).count() == 600
    national.refresh_from_db()

    with django_assert_max_num_queries(25), CaptureQueriesContext(connection) as large:
        response = client.get(url, {"program": world.programs["mentor"].pk})
    assert response.status_code == 200
    assert len(large) == len(small), (len(small), len(large))
    print(f"\nnational dashboard: {len(small)} queries with 2 states, {len(large)} with 50/600")
    content = response.content.decode()
    assert "Bulk State 048" in content
    # 597 affiliates over 48 states: 12 or 13 each, one active certification at each.
    with CaptureQueriesContext(connection) as csv_queries:
        rows = read_csv(client.get(reverse("certification:oversight_csv", args=[national.slug])))
    assert len(rows) == 1 + 50
    bulk = [row for row in rows if row[0].startswith("Bulk State")]
    assert sum(int(row[2]) for row in bulk) == 597
    assert {int(row[2]) for row in bulk} == {12, 13}
    assert len(csv_queries) <= 25


def test_list_rows_link_to_the_records_own_pages(client, world):
    from certification.models import Concern

    slug = world.nodes["ohio"].slug
    content = get(client, world.staff["ohio"], "oversight_list", slug, "concerns").content.decode()
    for concern in Concern.objects.filter(affiliate__path__startswith=world.nodes["ohio"].path):
        if concern.is_open:
            href = reverse("certification:concern_detail", args=[concern.reference])
            assert f'href="{href}"' in content
    content = get(client, world.staff["ohio"], "oversight_list", slug, "active").content.decode()
    ana = Certification.objects.get(person=world.people["ana"])
    assert reverse("certification:certificate_detail", args=[ana.number]) in content
    content = get(
        client, world.staff["ohio"], "oversight_list", slug, "observations"
    ).content.decode()
    observation = world.observations["col"]
    assert reverse("certification:observation_detail", args=[observation.pk]) in content
    assert "Hal Kim" in content


def test_a_long_roster_repeats_its_header_on_every_page():
    import datetime

    from certification.pdf import ROSTER_ROWS_PER_PAGE, roster_pdf

    labels = ["Active facilitators", "In training"]
    rows = [
        {
            "name": f"Person {i:03}",
            "email": f"p{i}@example.org",
            "certifications": [
                {
                    "program": "Peer Mentor",
                    "number": f"ABCD-EFGH-{i:03}",
                    "status": "Active",
                    "valid_through": datetime.date(2027, 1, 2),
                }
            ],
            "enrollments": [],
            "numbers": [1, 0],
            "oldest_concern_days": None,
            "latest_score": None,
        }
        for i in range(120)
    ]
    content = roster_pdf(
        organization_name="Cleveland Peer Support",
        state_name="Peer Support Ohio",
        program_title="Peer Mentor",
        printed_on=datetime.date(2026, 1, 5),
        rows=rows,
        totals={**rows[0], "name": "All", "numbers": [120, 0]},
        column_labels=labels,
    )
    pages = PdfReader(io.BytesIO(content)).pages
    assert len(pages) >= 2
    assert "Person Certifications Training" in pages[0].extract_text()
    for page in pages[1:]:  # the header row starts every following page
        assert page.extract_text().startswith("Person Certifications Training")
    text = "".join(page.extract_text() for page in pages)
    assert "Person 000" in text and "Person 119" in text and "ABCD-EFGH-119" in text
    # One short table per page (no table spanning the whole roster): each person once, at
    # most ROSTER_ROWS_PER_PAGE a page, and the totals once, at the end.
    per_page = [page.extract_text().count("@example.org") for page in pages]
    assert sum(per_page) == 120 and max(per_page) <= ROSTER_ROWS_PER_PAGE
    assert [("All of Cleveland" in page.extract_text()) for page in pages][-1]
    assert sum("All of Cleveland" in page.extract_text() for page in pages) == 1
