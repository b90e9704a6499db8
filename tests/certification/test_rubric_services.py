"""Readiness rubrics changed through services: national staff only, the default rubric written
before the first addition, new competencies last, at least one competency in use per program,
and a history row with what changed (before and after) for every addition and change."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from certification.models import (
    DEFAULT_COMPETENCIES,
    HistoryAction,
    HistoryEntry,
    Role,
    RubricCompetency,
)
from certification.services.readiness import (
    rubric_competency_add,
    rubric_competency_change,
    rubric_for,
)
from tests.factories import UserFactory, grant


@pytest.fixture
def texas_trainer(tree):
    user = UserFactory()
    grant(user, tree["texas"], Role.STATE_TRAINER)
    return user


def _add(actor, program, **kwargs):
    fields = {"name": "Ends a group on time", "description": "Keeps to time.", "threshold": 2}
    return rubric_competency_add(actor=actor, program=program, **{**fields, **kwargs})


def test_adding_writes_the_default_rubric_first_and_goes_last(program, national_staff):
    competency = _add(national_staff, program)
    names = [c.name for c in rubric_for(program)]
    assert names == [name for name, _text in DEFAULT_COMPETENCIES] + ["Ends a group on time"]
    assert competency.sort_order == len(DEFAULT_COMPETENCIES)
    assert (competency.threshold, competency.description) == (2, "Keeps to time.")
    entry = HistoryEntry.objects.get(action=HistoryAction.RUBRIC_COMPETENCY_ADDED)
    assert entry.actor == national_staff
    assert entry.organization.kind == "national"
    assert entry.details == {
        "program_id": program.pk,
        "program": "Peer Mentor",
        "competency_id": competency.pk,
        "default_list_written": True,
        "name": "Ends a group on time",
        "description": "Keeps to time.",
        "threshold": 2,
        "sort_order": len(DEFAULT_COMPETENCIES),
        "is_active": True,
    }


def test_a_second_addition_keeps_the_rubric_and_takes_a_position(program, national_staff):
    _add(national_staff, program)
    second = _add(national_staff, program, name="Closes a group well", sort_order=1)
    assert second.sort_order == 1
    assert RubricCompetency.objects.filter(program=program).count() == 8
    entries = HistoryEntry.objects.filter(action=HistoryAction.RUBRIC_COMPETENCY_ADDED)
    assert [e.details["default_list_written"] for e in entries.order_by("id")] == [True, False]


@pytest.mark.parametrize(
    "who", ["ohio_trainer", "texas_trainer", "cleveland_coordinator", "trainee"]
)
def test_only_national_staff_add_or_change(program, request, who):
    person = request.getfixturevalue(who)
    competency = rubric_for(program)[0]
    with pytest.raises(PermissionDenied):
        _add(person, program)
    with pytest.raises(PermissionDenied):
        rubric_competency_change(actor=person, competency=competency, name="Changed")
    with pytest.raises(PermissionDenied):
        rubric_competency_change(actor=None, competency=competency, name="Changed")
    competency.refresh_from_db()
    assert competency.name == DEFAULT_COMPETENCIES[0][0]
    assert not HistoryEntry.objects.filter(
        action__in=[
            HistoryAction.RUBRIC_COMPETENCY_ADDED,
            HistoryAction.RUBRIC_COMPETENCY_CHANGED,
        ]
    ).exists()
    assert RubricCompetency.objects.filter(program=program).count() == len(DEFAULT_COMPETENCIES)


def test_a_change_records_before_and_after(program, national_staff):
    competency = rubric_for(program)[0]
    changed = rubric_competency_change(
        actor=national_staff,
        competency=competency,
        name="Keeps clear boundaries",
        threshold=4,
        description=competency.description,  # unchanged: not in the record
    )
    assert (changed.name, changed.threshold) == ("Keeps clear boundaries", 4)
    competency.refresh_from_db()
    assert competency.name == "Keeps clear boundaries"
    entry = HistoryEntry.objects.get(action=HistoryAction.RUBRIC_COMPETENCY_CHANGED)
    assert entry.actor == national_staff
    assert entry.details["competency_id"] == competency.pk
    assert entry.details["program"] == "Peer Mentor"
    assert entry.details["changed"] == {
        "name": ["Keeps boundaries", "Keeps clear boundaries"],
        "threshold": [3, 4],
    }


def test_a_change_that_changes_nothing_writes_no_history(program, national_staff):
    competency = rubric_for(program)[0]
    rubric_competency_change(actor=national_staff, competency=competency, name=competency.name)
    assert not HistoryEntry.objects.filter(action=HistoryAction.RUBRIC_COMPETENCY_CHANGED).exists()


def test_an_empty_position_moves_the_competency_last(program, national_staff):
    first = rubric_for(program)[0]
    rubric_competency_change(actor=national_staff, competency=first, sort_order=None)
    assert rubric_for(program)[-1] == first
    first.refresh_from_db()
    assert first.sort_order == len(DEFAULT_COMPETENCIES)


def test_taking_out_of_use_keeps_the_competency(program, national_staff):
    competency = rubric_for(program)[0]
    rubric_competency_change(actor=national_staff, competency=competency, is_active=False)
    assert competency not in rubric_for(program)
    assert RubricCompetency.objects.filter(pk=competency.pk, is_active=False).exists()
    entry = HistoryEntry.objects.get(action=HistoryAction.RUBRIC_COMPETENCY_CHANGED)
    assert entry.details["changed"] == {"is_active": [True, False]}


def test_the_last_competency_in_use_stays_in_use(program, national_staff):
    competencies = rubric_for(program)
    for competency in competencies[1:]:
        rubric_competency_change(actor=national_staff, competency=competency, is_active=False)
    last = competencies[0]
    with pytest.raises(ValidationError) as refused:
        rubric_competency_change(actor=national_staff, competency=last, is_active=False)
    assert "at least one competency in use" in refused.value.message_dict["is_active"][0]
    last.refresh_from_db()
    assert last.is_active
    # Back in use, one other may then be taken out.
    rubric_competency_change(actor=national_staff, competency=competencies[1], is_active=True)
    rubric_competency_change(actor=national_staff, competency=last, is_active=False)


@pytest.mark.parametrize(
    "fields, field",
    [({"name": "  "}, "name"), ({"threshold": 5}, "threshold"), ({"threshold": 0}, "threshold")],
)
def test_field_rules_hold_outside_the_form(program, national_staff, fields, field):
    competency = rubric_for(program)[0]
    with pytest.raises(ValidationError) as refused:
        rubric_competency_change(actor=national_staff, competency=competency, **fields)
    assert field in refused.value.message_dict
    with pytest.raises(ValidationError):
        _add(national_staff, program, **fields)


def test_unknown_fields_are_refused(program, national_staff):
    competency = rubric_for(program)[0]
    with pytest.raises(ValidationError, match="cannot be changed here: program"):
        rubric_competency_change(actor=national_staff, competency=competency, program=None)
