"""Dashboard numbers for a small tree, and every number equal to the list it links to."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from certification.models import ConcernStatus
from certification.selectors import oversight

from .conftest import COLUMNS, EXPECTED

pytestmark = pytest.mark.django_db

LEVELS = ("national", "ohio", "texas", "cleveland", "columbus", "austin")


def rows_by_name(table):
    return {row.name: row for row in table.rows}


@pytest.mark.parametrize("node", ["national", "ohio"])
def test_organization_rows_have_the_expected_numbers(world, node):
    table = oversight.oversight_table(world.staff["national"], world.nodes[node])
    rows = rows_by_name(table)
    assert set(rows) == set(EXPECTED[node])
    for name, numbers in EXPECTED[node].items():
        assert rows[name].counts == numbers, name


def test_national_rows_fold_affiliates_into_states(world):
    table = oversight.oversight_table(world.staff["national"], world.nodes["national"])
    assert table.row_kind == "state"
    ohio, texas = (
        rows_by_name(table)["Peer Support Ohio"],
        rows_by_name(table)["Peer Support Texas"],
    )
    assert ohio.oldest_concern_days == 40  # Cara's triaged concern; Gus's resolved one is out
    assert texas.oldest_concern_days == 5
    # Ohio's latest observation is Columbus's, ten days ago (not Cleveland's higher score).
    assert ohio.latest_score == Decimal("3.00")
    assert texas.latest_score is None
    assert table.totals.counts == {
        "active": 5,
        "in_training": 3,
        "ready": 1,
        "not_yet_ready": 2,
        "referred": 1,
        "expiring": 2,
        "suspended": 2,
        "concerns": 3,
    }
    assert table.totals.oldest_concern_days == 40
    assert table.totals.latest_score == Decimal("3.00")


def test_affiliate_rows_are_the_people_on_its_roster(world):
    table = oversight.oversight_table(world.staff["cleveland"], world.nodes["cleveland"])
    assert table.row_kind == "person"
    rows = rows_by_name(table)
    # Everyone with an enrollment or a certification here, whatever its status.
    assert set(rows) == {
        "Ana Ruiz",
        "Ben Okafor",
        "Cara Singh",
        "Dev Patel",
        "Eli Brown",
        "Fay Moore",
        "Gus Young",
        "Lia Ortiz",
    }
    assert rows["Ana Ruiz"].counts == dict(zip(COLUMNS, (1, 0, 0, 0, 0, 1, 0, 1), strict=True))
    assert rows["Lia Ortiz"].counts["not_yet_ready"] == 1
    assert rows["Eli Brown"].counts["in_training"] == 1
    assert rows["Eli Brown"].counts["not_yet_ready"] == 0  # back in training since
    assert rows["Ana Ruiz"].oldest_concern_days == 10
    assert rows["Ana Ruiz"].latest_score == Decimal("4.25")  # her latest session
    assert rows["Ben Okafor"].latest_score == Decimal("3.50")  # the one he led
    assert rows["Cara Singh"].counts["suspended"] == 1
    assert rows["Dev Patel"].counts["suspended"] == 1  # on leave
    assert rows["Gus Young"].counts == dict.fromkeys(COLUMNS, 0)  # expired, concern resolved
    assert rows["Gus Young"].latest_score is None


def test_program_filter_counts_only_that_program(world):
    mentor = world.programs["mentor"]
    table = oversight.oversight_table(world.staff["national"], world.nodes["ohio"], program=mentor)
    rows = rows_by_name(table)
    assert rows["Cleveland Peer Support"].counts == dict(
        zip(COLUMNS, (2, 1, 1, 1, 0, 1, 1, 2), strict=True)
    )
    assert rows["Columbus Family Network"].counts == dict.fromkeys(COLUMNS, 0)
    assert rows["Columbus Family Network"].latest_score is None  # its session was the other program
    assert rows["Cleveland Peer Support"].latest_score == Decimal("4.25")


def _every_number(user, node, program=None):
    """(what, number on the dashboard, length of the list it links to) for every number."""
    table = oversight.oversight_table(user, node, program=program)
    for column in COLUMNS:
        listed = oversight.oversight_list(user, node, column, program=program)
        yield f"{node} total {column}", table.totals.counts[column], listed.count()
    for row in table.rows:
        for column in COLUMNS:
            if table.row_kind == "person":
                listed = oversight.oversight_list(
                    user, node, column, program=program, person=row.person
                )
            else:
                listed = oversight.oversight_list(user, row.organization, column, program=program)
            yield f"{node} {row.name} {column}", row.counts[column], listed.count()
        # The score is that of the first (latest) observation in the list behind it.
        if table.row_kind == "person":
            observations = oversight.oversight_list(
                user, node, "observations", program=program, person=row.person
            )
        else:
            observations = oversight.oversight_list(
                user, row.organization, "observations", program=program
            )
        first = observations.first()
        yield f"{node} {row.name} score", row.latest_score, first and first.average_score


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("program_key", [None, "mentor", "group"])
def test_every_dashboard_number_equals_the_list_it_links_to(world, level, program_key):
    program = world.programs[program_key] if program_key else None
    checked = 0
    for what, number, listed in _every_number(world.staff["national"], world.nodes[level], program):
        assert number == listed, what
        checked += 1
    assert checked >= len(COLUMNS)


def test_numbers_equal_lists_for_a_coordinator_and_a_trainer_too(world):
    for user, level in (
        (world.staff["cleveland"], "cleveland"),
        (world.staff["ohio"], "ohio"),
        (world.staff["ohio"], "columbus"),
        (world.staff["texas"], "texas"),
    ):
        for what, number, listed in _every_number(user, world.nodes[level]):
            assert number == listed, what


def test_a_concern_about_the_viewer_is_neither_counted_nor_listed(world):
    """A coordinator who is also a facilitator never sees a concern about themselves."""
    from .conftest import certify, concern

    coordinator = world.staff["cleveland"]
    own = certify(coordinator, world.programs["group"], world.nodes["cleveland"])
    concern(own, world.staff["ohio"], ConcernStatus.RECEIVED, age=3)
    table = oversight.oversight_table(coordinator, world.nodes["cleveland"])
    assert table.totals.counts["concerns"] == 2
    listed = oversight.oversight_list(coordinator, world.nodes["cleveland"], "concerns")
    assert coordinator.pk not in {c.subject_id for c in listed}
    national = oversight.oversight_table(world.staff["national"], world.nodes["cleveland"])
    assert national.totals.counts["concerns"] == 3


def test_list_status_narrows_a_column_of_several_statuses(world):
    user, ohio = world.staff["ohio"], world.nodes["ohio"]
    on_leave = oversight.oversight_list(user, ohio, "suspended", status="on_leave")
    assert [c.person.full_name for c in on_leave] == ["Dev Patel"]
    triaged = oversight.oversight_list(user, ohio, "concerns", status="triaged")
    assert [c.subject.full_name for c in triaged] == ["Cara Singh"]
    # A status that does not belong to the column is ignored, not an empty list.
    assert oversight.oversight_list(user, ohio, "suspended", status="resolved").count() == 2


def test_lists_hold_what_the_column_says(world):
    user, national = world.staff["national"], world.nodes["national"]
    expiring = oversight.oversight_list(user, national, "expiring")
    assert [c.person.full_name for c in expiring] == ["Ana Ruiz", "Hal Kim"]  # soonest first
    concerns = oversight.oversight_list(user, national, "concerns")
    assert [c.subject.full_name for c in concerns] == ["Cara Singh", "Ana Ruiz", "Jo Adams"]
    not_yet_ready = oversight.oversight_list(user, national, "not_yet_ready")
    assert [e.person.full_name for e in not_yet_ready] == ["Lia Ortiz", "Nia Shaw"]
    referred = oversight.oversight_list(user, national, "referred")
    assert [(e.person.full_name, e.status) for e in referred] == [("Max Grant", "referred")]
    with pytest.raises(KeyError):
        oversight.oversight_list(user, national, "nonsense")


def test_expiring_counts_up_to_90_days_inclusive(world):
    from .conftest import certify

    today = timezone.localdate()
    person = world.people["eli"]
    cert = certify(person, world.programs["group"], world.nodes["cleveland"], expires_in=90)
    assert cert.expires_on == today + datetime.timedelta(days=90)
    table = oversight.oversight_table(world.staff["ohio"], world.nodes["cleveland"])
    assert rows_by_name(table)["Eli Brown"].counts["expiring"] == 1
    cert.expires_on = today + datetime.timedelta(days=91)
    cert.save()
    table = oversight.oversight_table(world.staff["ohio"], world.nodes["cleveland"])
    assert rows_by_name(table)["Eli Brown"].counts["expiring"] == 0


def test_filter_and_sort_rows(world):
    table = oversight.oversight_table(world.staff["cleveland"], world.nodes["cleveland"])
    with_concerns = oversight.filter_rows(table.rows, "concerns")
    assert [row.name for row in with_concerns] == ["Ana Ruiz", "Cara Singh"]
    assert len(oversight.filter_rows(table.rows, "")) == 8
    not_yet_ready = oversight.filter_rows(table.rows, "not_yet_ready")
    assert [row.name for row in not_yet_ready] == ["Lia Ortiz"]
    by_oldest = oversight.sort_rows(table.rows, "-oldest")
    assert [row.name for row in by_oldest[:2]] == ["Cara Singh", "Ana Ruiz"]
    by_score = oversight.sort_rows(table.rows, "score")
    assert [row.name for row in by_score[:2]] == ["Ben Okafor", "Ana Ruiz"]
    assert all(row.latest_score is None for row in by_score[2:])  # never observed: last
    by_score_desc = oversight.sort_rows(table.rows, "-score")
    assert [row.name for row in by_score_desc[:2]] == ["Ana Ruiz", "Ben Okafor"]
    assert by_score_desc[-1].latest_score is None
    names = [row.name for row in oversight.sort_rows(table.rows, "-name")]
    assert names == sorted(names, reverse=True)
    assert oversight.sort_rows(table.rows, "bogus") == oversight.sort_rows(table.rows, "name")


def test_chart_data(world):
    user, national = world.staff["national"], world.nodes["national"]
    months = oversight.certification_months(user, national)
    assert len(months["issued"]) == len(months["expiring"]) == 12
    this_month = timezone.localdate().replace(day=1)
    assert months["expiring"][0][0] == this_month
    assert months["issued"][-1][0] == this_month
    # Issued in the last 12 months: all nine but Jo's (400 days ago) and Gus's (800).
    assert sum(count for _month, count in months["issued"]) == 7
    # Active and expiring within 12 months: Ana (30 days) and Hal (80 days).
    assert sum(count for _month, count in months["expiring"]) == 2
    categories = oversight.open_concerns_by_category(user, national)
    counts = {value: count for value, _label, count in categories}
    assert counts["boundaries"] == counts["privacy"] == counts["medical_advice"] == 1
    assert sum(counts.values()) == 3
    texas = oversight.open_concerns_by_category(world.staff["texas"], world.nodes["texas"])
    assert sum(count for _v, _l, count in texas) == 1
