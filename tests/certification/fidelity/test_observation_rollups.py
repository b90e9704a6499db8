"""Observation roll-ups: the latest score, the average and the count per facilitator and per
affiliate, in one query each however many there are."""

import datetime
from decimal import Decimal

import pytest

from certification.models import FidelityObservation, SessionKind
from certification.permissions import observations_visible_to
from certification.selectors.observations import (
    observation_rollup_for_affiliates,
    observation_rollup_for_people,
)
from curriculum.models import ProgramPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 10)


def observe(*, affiliate, program, observer, people, average, days_ago=0):
    observation = FidelityObservation.objects.create(
        program=program,
        affiliate=affiliate,
        observer=observer,
        observed_on=DAY - datetime.timedelta(days=days_ago),
        session_kind=SessionKind.GROUP,
        scores=[{"item": "Keeps boundaries", "threshold": 3, "score": 3}],
        average_score=Decimal(average),
    )
    observation.facilitators.set(people)
    return observation


@pytest.fixture
def other_program(program):
    other = ProgramPage(title="Support Group Facilitator", slug="sgf", validity_months=24)
    program.get_parent().add_child(instance=other)
    return other


@pytest.fixture
def history(program, other_program, cleveland, dayton, facilitator, cleveland_coordinator):
    """Frank: 4.00 (oldest), 2.50, then 3.75 (latest) in Peer Mentor at Cleveland, and 5.00
    in another program; Gail led the 2.50 session with him; Dayton has one 3.00."""
    gail = UserFactory(full_name="Gail Sato")
    observe(
        affiliate=cleveland,
        program=program,
        observer=cleveland_coordinator,
        people=[facilitator],
        average="4.00",
        days_ago=30,
    )
    observe(
        affiliate=cleveland,
        program=program,
        observer=cleveland_coordinator,
        people=[facilitator, gail],
        average="2.50",
        days_ago=10,
    )
    observe(
        affiliate=cleveland,
        program=program,
        observer=cleveland_coordinator,
        people=[facilitator],
        average="3.75",
        days_ago=1,
    )
    observe(
        affiliate=cleveland,
        program=other_program,
        observer=cleveland_coordinator,
        people=[facilitator],
        average="5.00",
        days_ago=20,
    )
    dan = UserFactory(full_name="Dan Ruiz")
    observe(
        affiliate=dayton,
        program=program,
        observer=cleveland_coordinator,
        people=[dan],
        average="3.00",
        days_ago=5,
    )
    return {"gail": gail, "dan": dan}


def test_people_rollup_latest_average_and_count(history, facilitator, program):
    gail = history["gail"]
    rollup = observation_rollup_for_people([facilitator.pk, gail.pk], program=program)
    assert rollup[facilitator.pk] == {
        "latest": Decimal("3.75"),
        "average": Decimal("3.42"),  # (4 + 2.5 + 3.75) / 3
        "count": 3,
    }
    assert rollup[gail.pk] == {"latest": Decimal("2.50"), "average": Decimal("2.50"), "count": 1}


def test_people_rollup_every_program_by_default(history, facilitator):
    rollup = observation_rollup_for_people([facilitator.pk])
    assert rollup[facilitator.pk]["count"] == 4
    assert rollup[facilitator.pk]["latest"] == Decimal("3.75")
    assert rollup[facilitator.pk]["average"] == Decimal("3.81")  # 15.25 / 4


def test_program_given_by_id(history, facilitator, other_program):
    rollup = observation_rollup_for_people([facilitator.pk], program=other_program.pk)
    assert rollup[facilitator.pk] == {
        "latest": Decimal("5.00"),
        "average": Decimal("5.00"),
        "count": 1,
    }


def test_never_observed_reads_empty(history, outsider):
    rollup = observation_rollup_for_people([outsider.pk])
    assert rollup[outsider.pk] == {"latest": None, "average": None, "count": 0}
    assert rollup[123456] == {"latest": None, "average": None, "count": 0}
    assert 123456 not in rollup


def test_people_ids_as_a_queryset(history, facilitator, django_user_model):
    ids = django_user_model.objects.filter(full_name__startswith="Frank").values("pk")
    rollup = observation_rollup_for_people(ids)
    assert rollup[facilitator.pk]["count"] == 4


def test_affiliate_rollup(history, cleveland, dayton, austin, program):
    rollup = observation_rollup_for_affiliates(
        [cleveland.pk, dayton.pk, austin.pk], program=program
    )
    assert rollup[cleveland.pk] == {
        "latest": Decimal("3.75"),
        "average": Decimal("3.42"),
        "count": 3,
    }
    assert rollup[dayton.pk] == {"latest": Decimal("3.00"), "average": Decimal("3.00"), "count": 1}
    assert rollup[austin.pk] == {"latest": None, "average": None, "count": 0}
    assert observation_rollup_for_affiliates([cleveland.pk])[cleveland.pk]["count"] == 4


def test_latest_breaks_a_tie_on_the_same_day_by_the_later_record(
    program, cleveland, facilitator, cleveland_coordinator
):
    for average in ("2.00", "4.50"):
        observe(
            affiliate=cleveland,
            program=program,
            observer=cleveland_coordinator,
            people=[facilitator],
            average=average,
        )
    assert observation_rollup_for_people([facilitator.pk])[facilitator.pk]["latest"] == Decimal(
        "4.50"
    )
    assert observation_rollup_for_affiliates([cleveland.pk])[cleveland.pk]["latest"] == Decimal(
        "4.50"
    )


def test_within_counts_only_what_the_viewer_may_see(
    history, program, facilitator, dayton, dayton_coordinator, cleveland_coordinator
):
    # Frank also led a session at Dayton: Cleveland's coordinator does not see it.
    observe(
        affiliate=dayton,
        program=program,
        observer=dayton_coordinator,
        people=[facilitator],
        average="1.00",
        days_ago=0,
    )
    visible = observations_visible_to(cleveland_coordinator)
    assert (
        observation_rollup_for_people([facilitator.pk], within=visible)[facilitator.pk]["count"]
        == 4
    )
    assert observation_rollup_for_people([facilitator.pk])[facilitator.pk]["count"] == 5
    assert observation_rollup_for_affiliates([dayton.pk], within=visible)[dayton.pk]["count"] == 0


@pytest.mark.parametrize("size", [2, 40])
def test_one_query_each_whatever_the_number(
    size, program, cleveland, cleveland_coordinator, django_assert_num_queries
):
    people = [UserFactory() for _ in range(size)]
    for index, person in enumerate(people):
        observe(
            affiliate=cleveland,
            program=program,
            observer=cleveland_coordinator,
            people=[person],
            average="3.00",
            days_ago=index,
        )
    with django_assert_num_queries(1):
        rollup = observation_rollup_for_people([person.pk for person in people], program=program)
    assert len(rollup) == size
    with django_assert_num_queries(1):
        observation_rollup_for_affiliates([cleveland.pk], program=program)
    with django_assert_num_queries(1):
        observation_rollup_for_people(
            [person.pk for person in people],
            within=observations_visible_to(cleveland_coordinator),
        )
