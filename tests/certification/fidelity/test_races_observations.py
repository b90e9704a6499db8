"""Observations recorded at the same moment, on PostgreSQL.

The observation form carries no submission token: two observers watching the same session
may each record what they saw, and both records are kept, each with its own improvement plan
for the facilitator. What the two share is the program's checklist: a program without one is
scored on the default checklist, written down the first time anyone asks for it, so the
first two observers at once must find one checklist, not two copies of it.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from certification.models import (
    DEFAULT_OBSERVATION_ITEMS,
    FidelityObservation,
    ImprovementPlan,
    ObservationChecklistItem,
)
from certification.services.fidelity.observations import checklist_for, observation_record
from tests.certification.conftest import postgresql_only
from tests.certification.races import at_once, errors, held_up

race = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def record(actor, program, affiliate, facilitator, score):
    """An observer scores every item of the checklist they are shown (the form's first
    step reads it), the first item at `score` and the rest at 4."""
    today = timezone.localdate()
    items = checklist_for(program)
    scores = {item.pk: 4 for item in items}
    scores[items[0].pk] = score
    return observation_record(
        actor=actor,
        program=program,
        affiliate=affiliate,
        observed_on=today,
        session_kind="group",
        facilitators=[facilitator],
        scores=scores,
        notes="Watched the Tuesday group.",
        plan_actions="Keep to the group agreement when members share advice.",
        plan_due_on=today + datetime.timedelta(days=60),
    )


@race
@postgresql_only
def test_two_observers_recording_at_once_both_keep_their_record_and_plan(
    certification, program, cleveland, facilitator, cleveland_coordinator, ohio_trainer
):
    checklist_for(program)
    mail.outbox.clear()
    outcomes = at_once(
        *(
            lambda actor=actor: record(actor, program, cleveland, facilitator, score=2)
            for actor in (cleveland_coordinator, ohio_trainer)
        )
    )
    assert errors(outcomes) == []
    observations = FidelityObservation.objects.filter(facilitators=facilitator)
    assert {o.observer for o in observations} == {cleveland_coordinator, ohio_trainer}
    for observation in observations:
        assert observation.items_below_threshold == 1
        (plan,) = ImprovementPlan.objects.filter(observation=observation)
        assert plan.facilitator == facilitator
    assert len([m for m in mail.outbox if m.subject.endswith("Your improvement plan")]) == 2


@race
@postgresql_only
def test_the_first_two_observations_of_a_program_at_once_share_one_checklist(
    monkeypatch, certification, program, cleveland, facilitator, cleveland_coordinator, ohio_trainer
):
    assert not ObservationChecklistItem.objects.filter(program=program).exists()
    # Writing the default checklist pauses, so the second observer arrives meanwhile.
    held_up(monkeypatch, ObservationChecklistItem.objects, "bulk_create")
    outcomes = at_once(
        *(
            lambda actor=actor: record(actor, program, cleveland, facilitator, score=4)
            for actor in (cleveland_coordinator, ohio_trainer)
        )
    )
    assert errors(outcomes) == []
    items = ObservationChecklistItem.objects.filter(program=program)
    assert sorted(item.name for item in items) == sorted(
        name for name, _text in DEFAULT_OBSERVATION_ITEMS
    )
    assert FidelityObservation.objects.filter(program=program).count() == 2
