"""The fidelity permission matrix: who may see and act on concerns, cases, observations and
plans, and whether each single-object check agrees with its list filter."""

import datetime

import pytest
from django.utils import timezone

from certification import permissions
from certification.models import (
    Concern,
    ConcernCategory,
    ConcernSetting,
    DecertificationCase,
    FidelityObservation,
    ImprovementPlan,
    SessionKind,
)

ROLES = (
    "facilitator",
    "cleveland_coordinator",
    "dayton_coordinator",
    "ohio_trainer",
    "texas_trainer",
    "national_staff",
    "outsider",
)


@pytest.fixture
def people(request):
    return {name: request.getfixturevalue(name) for name in ROLES}


@pytest.fixture
def concern(certification, outsider):
    return Concern.objects.create(
        certification=certification,
        subject=certification.person,
        affiliate=certification.affiliate,
        program=certification.program,
        reporter=outsider,
        reporter_is_confidential=True,
        category=ConcernCategory.BOUNDARIES,
        what_happened="Lent money to a group member.",
        setting=ConcernSetting.GROUP,
    )


def _matrix(people, check):
    return {name for name, user in people.items() if check(user)}


def test_concern_is_seen_by_reviewers_of_its_affiliate_and_never_by_its_subject(people, concern):
    reviewers = {"cleveland_coordinator", "ohio_trainer", "national_staff"}
    assert _matrix(people, lambda u: permissions.can_view_concern(u, concern)) == reviewers
    assert (
        _matrix(people, lambda u: permissions.concerns_visible_to(u).filter(pk=concern.pk).exists())
        == reviewers
    )
    assert _matrix(people, lambda u: permissions.can_add_concern_note(u, concern)) == reviewers


def test_only_trainers_of_the_state_and_national_staff_manage_a_concern(people, concern):
    assert _matrix(people, lambda u: permissions.can_manage_concern(u, concern)) == {
        "ohio_trainer",
        "national_staff",
    }


def test_a_confidential_reporter_is_known_to_state_and_national_and_to_themselves(people, concern):
    assert _matrix(people, lambda u: permissions.can_see_reporter(u, concern)) == {
        "ohio_trainer",
        "national_staff",
        "outsider",  # the reporter
    }


def test_an_open_reporter_is_known_to_every_reviewer(people, concern):
    concern.reporter_is_confidential = False
    assert _matrix(people, lambda u: permissions.can_see_reporter(u, concern)) == {
        "cleveland_coordinator",
        "ohio_trainer",
        "national_staff",
        "outsider",
    }


def test_the_reporter_follows_only_their_own_reports(people, concern):
    assert _matrix(
        people, lambda u: permissions.concerns_reported_by(u).filter(pk=concern.pk).exists()
    ) == {"outsider"}


def test_a_case_is_seen_by_its_subject_and_reviewers_and_decided_by_trainers(
    people, concern, ohio_trainer
):
    case = DecertificationCase.objects.create(
        concern=concern,
        certification=concern.certification,
        allegation="Lent money to a group member, twice.",
        opened_by=ohio_trainer,
        response_due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    viewers = {"facilitator", "cleveland_coordinator", "ohio_trainer", "national_staff"}
    assert _matrix(people, lambda u: permissions.can_view_case(u, case)) == viewers
    assert (
        _matrix(people, lambda u: permissions.cases_visible_to(u).filter(pk=case.pk).exists())
        == viewers
    )
    assert _matrix(people, lambda u: permissions.is_case_subject(u, case)) == {"facilitator"}
    assert _matrix(people, lambda u: permissions.can_decide_case(u, case)) == {
        "ohio_trainer",
        "national_staff",
    }
    # National staff hear the appeal, unless they made the first decision themselves.
    assert _matrix(people, lambda u: permissions.can_decide_appeal(u, case)) == {"national_staff"}
    case.decided_by = people["national_staff"]
    assert _matrix(people, lambda u: permissions.can_decide_appeal(u, case)) == set()


def test_observations_and_plans_are_seen_by_reviewers_and_the_people_observed(
    people, certification, cleveland, cleveland_coordinator
):
    observation = FidelityObservation.objects.create(
        program=certification.program,
        affiliate=cleveland,
        observer=cleveland_coordinator,
        observed_on=timezone.localdate(),
        session_kind=SessionKind.GROUP,
        scores=[{"item": "Keeps boundaries", "threshold": 3, "score": 2}],
        average_score=2,
        items_below_threshold=1,
    )
    observation.facilitators.add(certification.person)
    plan = ImprovementPlan.objects.create(
        facilitator=certification.person,
        affiliate=cleveland,
        observation=observation,
        actions="Co-lead two sessions with a mentor.",
        due_on=timezone.localdate() + datetime.timedelta(days=60),
        created_by=cleveland_coordinator,
    )
    seen = {"facilitator", "cleveland_coordinator", "ohio_trainer", "national_staff"}
    assert _matrix(people, lambda u: permissions.can_view_observation(u, observation)) == seen
    assert (
        _matrix(
            people,
            lambda u: permissions.observations_visible_to(u).filter(pk=observation.pk).exists(),
        )
        == seen
    )
    assert _matrix(people, lambda u: permissions.can_view_improvement_plan(u, plan)) == seen
    assert (
        _matrix(
            people,
            lambda u: permissions.improvement_plans_visible_to(u).filter(pk=plan.pk).exists(),
        )
        == seen
    )
    assert _matrix(people, lambda u: permissions.can_follow_up_improvement_plan(u, plan)) == {
        "cleveland_coordinator",
        "ohio_trainer",
        "national_staff",
    }
    assert _matrix(people, lambda u: permissions.can_record_observation(u, cleveland)) == {
        "cleveland_coordinator",
        "ohio_trainer",
        "national_staff",
    }


def test_oversight_follows_the_tree(people, ohio, cleveland, texas):
    assert _matrix(people, lambda u: permissions.can_view_oversight(u, ohio)) == {
        "ohio_trainer",
        "national_staff",
    }
    assert _matrix(people, lambda u: permissions.can_view_oversight(u, cleveland)) == {
        "cleveland_coordinator",
        "ohio_trainer",
        "national_staff",
    }
    assert _matrix(people, lambda u: permissions.can_view_oversight(u, texas)) == {
        "texas_trainer",
        "national_staff",
    }
