"""Recording a fidelity observation: the checklist, the scores snapshot, the improvement plans
an item under its threshold leads to, the refusals, and who may observe where."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from certification.errors import DomainError
from certification.models import (
    DEFAULT_OBSERVATION_ITEMS,
    FidelityObservation,
    HistoryAction,
    HistoryEntry,
    ImprovementPlan,
    ObservationChecklistItem,
    PlanStatus,
    SessionKind,
)
from certification.services.certificates import certification_suspend
from certification.services.fidelity.observations import (
    certified_facilitators,
    checklist_for,
    checklist_item_add,
    checklist_item_change,
    observation_record,
)
from tests.certification.conftest import issue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def scores_for(program, default=4, **by_position):
    """A score for every checklist item in use; `low=n` puts the first item at n."""
    items = checklist_for(program)
    scores = {item.pk: default for item in items}
    if "low" in by_position:
        scores[items[0].pk] = by_position["low"]
    return scores


def record(actor, program, affiliate, facilitators=(), **overrides):
    arguments = {
        "actor": actor,
        "program": program,
        "affiliate": affiliate,
        "observed_on": TODAY(),
        "session_kind": SessionKind.GROUP,
        "facilitators": facilitators,
        "scores": scores_for(program),
        "notes": "Warm welcome; ran ten minutes over.",
    }
    arguments.update(overrides)
    return observation_record(**arguments)


def due():
    return TODAY() + datetime.timedelta(days=30)


# --- the checklist -------------------------------------------------------------------------


def test_a_program_without_a_checklist_gets_the_default_once(program):
    items = checklist_for(program)
    assert [item.name for item in items] == [name for name, _ in DEFAULT_OBSERVATION_ITEMS]
    assert all(item.threshold == 3 for item in items)
    checklist_for(program)
    assert ObservationChecklistItem.objects.filter(program=program).count() == len(items)


def test_items_out_of_use_are_not_on_the_checklist(program, national_staff):
    first = checklist_for(program)[0]
    checklist_item_change(actor=national_staff, item=first, is_active=False)
    assert first.pk not in [item.pk for item in checklist_for(program)]


# --- recording -----------------------------------------------------------------------------


def test_all_fine_records_the_snapshot_and_no_plan(
    program,
    cleveland,
    certification,
    facilitator,
    cleveland_coordinator,
    django_capture_on_commit_callbacks,
):
    scores = scores_for(program, default=4)
    scores[checklist_for(program)[1].pk] = 3  # exactly at threshold is fine
    with django_capture_on_commit_callbacks(execute=True):
        observation = record(
            cleveland_coordinator, program, cleveland, [facilitator], scores=scores
        )
    assert observation.observer == cleveland_coordinator
    assert list(observation.facilitators.all()) == [facilitator]
    assert observation.items_below_threshold == 0
    assert observation.average_score == Decimal("3.83")  # 23 / 6
    assert observation.scores[0] == {
        "item": "Follows the session plan",
        "item_id": checklist_for(program)[0].pk,
        "threshold": 3,
        "score": 4,
    }
    assert len(observation.scores) == len(DEFAULT_OBSERVATION_ITEMS)
    assert not ImprovementPlan.objects.exists()
    assert mail.outbox == []


def test_an_item_under_threshold_gives_every_facilitator_a_plan(
    program,
    cleveland,
    certification,
    facilitator,
    cleveland_coordinator,
    django_capture_on_commit_callbacks,
):
    cohost = UserFactory(full_name="Gail Sato")
    issue(cohost, program, cleveland)
    with django_capture_on_commit_callbacks(execute=True):
        observation = record(
            cleveland_coordinator,
            program,
            cleveland,
            [facilitator, cohost],
            scores=scores_for(program, low=2),
            plan_actions="Co-lead two sessions with a mentor; review the privacy script.",
            plan_due_on=due(),
        )
    assert observation.items_below_threshold == 1
    plans = ImprovementPlan.objects.filter(observation=observation).order_by(
        "facilitator__full_name"
    )
    assert [plan.facilitator for plan in plans] == [facilitator, cohost]
    for plan in plans:
        assert plan.affiliate == cleveland
        assert plan.status == PlanStatus.OPEN
        assert plan.due_on == due()
        assert plan.created_by == cleveland_coordinator
        assert plan.concern is None
    emails = [m for m in mail.outbox if m.subject.endswith("Your improvement plan")]
    assert sorted(m.to[0] for m in emails) == sorted([facilitator.email, cohost.email])
    assert f"/fidelity/plans/{plans[0].pk}/" in next(
        m.body for m in emails if m.to == [plans[0].facilitator.email]
    )


def test_under_threshold_without_a_plan_is_refused_at_the_plan_fields(
    program, cleveland, certification, facilitator, cleveland_coordinator
):
    with pytest.raises(DomainError) as refused:
        record(
            cleveland_coordinator,
            program,
            cleveland,
            [facilitator],
            scores=scores_for(program, low=1),
        )
    assert set(refused.value.message_dict) == {"plan_actions", "plan_due_on"}
    assert (
        "One item is under its threshold (Follows the session plan)"
        in (refused.value.message_dict["plan_actions"][0])
    )
    assert not FidelityObservation.objects.exists()


def test_the_plan_date_is_in_the_future(
    program, cleveland, certification, facilitator, cleveland_coordinator
):
    with pytest.raises(DomainError) as refused:
        record(
            cleveland_coordinator,
            program,
            cleveland,
            [facilitator],
            scores=scores_for(program, low=1),
            plan_actions="Shadow a mentor.",
            plan_due_on=TODAY(),
        )
    assert "future" in refused.value.message_dict["plan_due_on"][0]


def test_plan_fields_are_ignored_when_everything_is_fine(
    program, cleveland, certification, facilitator, cleveland_coordinator
):
    record(
        cleveland_coordinator,
        program,
        cleveland,
        [facilitator],
        plan_actions="Nothing needed.",
        plan_due_on=due(),
    )
    assert not ImprovementPlan.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"observed_on": "tomorrow"}, "observed_on"),
        ({"session_kind": "webinar"}, "session_kind"),
        ({"facilitators": []}, "facilitators"),
    ],
)
def test_refusals_at_their_field(
    change, field, program, cleveland, certification, facilitator, cleveland_coordinator
):
    if change.get("observed_on") == "tomorrow":
        change = {"observed_on": TODAY() + datetime.timedelta(days=1)}
    with pytest.raises(DomainError) as refused:
        record(
            cleveland_coordinator, program, cleveland, **{"facilitators": [facilitator], **change}
        )
    assert field in refused.value.message_dict


def test_every_item_is_scored(
    program, cleveland, certification, facilitator, cleveland_coordinator
):
    scores = scores_for(program)
    scores.pop(checklist_for(program)[-1].pk)
    with pytest.raises(DomainError) as refused:
        record(cleveland_coordinator, program, cleveland, [facilitator], scores=scores)
    assert "Keeps boundaries" in refused.value.message_dict["scores"][0]


@pytest.mark.parametrize("bad", [0, 6])
def test_scores_run_from_1_to_5(
    bad, program, cleveland, certification, facilitator, cleveland_coordinator
):
    with pytest.raises(DomainError) as refused:
        record(
            cleveland_coordinator,
            program,
            cleveland,
            [facilitator],
            scores=scores_for(program, low=bad),
        )
    assert "1 to 5" in refused.value.message_dict["scores"][0]


def test_scores_for_items_not_on_the_checklist_are_refused(
    program, cleveland, certification, facilitator, cleveland_coordinator
):
    scores = {**scores_for(program), 999999: 3}
    with pytest.raises(DomainError):
        record(cleveland_coordinator, program, cleveland, [facilitator], scores=scores)


def test_an_item_out_of_use_is_not_scored(
    program, cleveland, certification, facilitator, cleveland_coordinator, national_staff
):
    retired = checklist_for(program)[0]
    checklist_item_change(actor=national_staff, item=retired, is_active=False)
    observation = record(cleveland_coordinator, program, cleveland, [facilitator])
    assert retired.name not in [entry["item"] for entry in observation.scores]


def test_only_facilitators_with_an_active_certification(
    program, cleveland, certification, facilitator, cleveland_coordinator, ohio_trainer, outsider
):
    with pytest.raises(DomainError) as refused:
        record(cleveland_coordinator, program, cleveland, [outsider])
    assert "Olive Marsh" in refused.value.message_dict["facilitators"][0]
    certification_suspend(actor=ohio_trainer, certification=certification, reason="Review.")
    with pytest.raises(DomainError):
        record(cleveland_coordinator, program, cleveland, [facilitator])


def test_the_observer_cannot_observe_themselves(
    program, cleveland, ohio_trainer, facilitator, certification
):
    issue(ohio_trainer, program, cleveland)
    with pytest.raises(DomainError) as refused:
        record(ohio_trainer, program, cleveland, [ohio_trainer, facilitator])
    assert "you led" in refused.value.message_dict["facilitators"][0]


def test_certified_facilitators_are_those_active_at_the_affiliate(
    program, cleveland, dayton, certification, facilitator
):
    elsewhere = UserFactory(full_name="Dora Klein")
    issue(elsewhere, program, dayton)
    assert list(certified_facilitators(program, cleveland)) == [facilitator]
    assert set(certified_facilitators(program)) == {facilitator, elsewhere}


# --- who may observe where -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("observer", "allowed"),
    [
        ("cleveland_coordinator", True),
        ("dayton_coordinator", False),
        ("ohio_trainer", True),
        ("texas_trainer", False),
        ("national_staff", True),
        ("facilitator", False),
        ("outsider", False),
    ],
)
def test_who_may_record_at_cleveland(
    observer, allowed, request, program, cleveland, certification, facilitator
):
    actor = request.getfixturevalue(observer)
    if allowed:
        observation = record(actor, program, cleveland, [facilitator])
        assert observation.observer == actor
    else:
        with pytest.raises(PermissionDenied):
            record(actor, program, cleveland, [facilitator])
        assert not FidelityObservation.objects.exists()


def test_a_state_is_not_an_affiliate(program, ohio, certification, facilitator, ohio_trainer):
    with pytest.raises(PermissionDenied):
        record(ohio_trainer, program, ohio, [facilitator])


# --- the checklist, edited by national staff ----------------------------------------------


def test_national_staff_add_an_item_after_the_default_checklist(program, national_staff):
    item = checklist_item_add(
        actor=national_staff, program=program, name="  Ends on time ", threshold=4
    )
    assert item.name == "Ends on time"
    names = [entry.name for entry in checklist_for(program)]
    assert names[-1] == "Ends on time"
    assert len(names) == len(DEFAULT_OBSERVATION_ITEMS) + 1


@pytest.mark.parametrize("person", ["ohio_trainer", "cleveland_coordinator", "outsider"])
def test_only_national_staff_change_the_checklist(person, request, program):
    actor = request.getfixturevalue(person)
    with pytest.raises(PermissionDenied):
        checklist_item_add(actor=actor, program=program, name="Ends on time")
    with pytest.raises(PermissionDenied):
        checklist_item_change(actor=actor, item=checklist_for(program)[0], threshold=2)


@pytest.mark.parametrize(("field", "value"), [("name", " "), ("threshold", 0), ("threshold", 6)])
def test_item_rules(field, value, program, national_staff):
    with pytest.raises(DomainError) as refused:
        checklist_item_change(
            actor=national_staff, item=checklist_for(program)[0], **{field: value}
        )
    assert field in refused.value.message_dict


def test_the_last_item_in_use_stays_in_use(program, national_staff):
    items = checklist_for(program)
    for item in items[:-1]:
        checklist_item_change(actor=national_staff, item=item, is_active=False)
    with pytest.raises(DomainError) as refused:
        checklist_item_change(actor=national_staff, item=items[-1], is_active=False)
    assert "is_active" in refused.value.message_dict


def test_changing_an_item_keeps_observations_as_they_were(
    program, cleveland, certification, facilitator, cleveland_coordinator, national_staff
):
    observation = record(cleveland_coordinator, program, cleveland, [facilitator])
    item = checklist_for(program)[0]
    checklist_item_change(actor=national_staff, item=item, name="Follows the plan", threshold=5)
    observation.refresh_from_db()
    assert observation.scores[0]["item"] == "Follows the session plan"
    assert observation.scores[0]["threshold"] == 3


def test_unknown_fields_are_refused(program, national_staff):
    with pytest.raises(DomainError):
        checklist_item_change(actor=national_staff, item=checklist_for(program)[0], program=None)


def test_checklist_changes_are_kept_in_the_national_history(program, national_staff, tree):
    item = checklist_item_add(actor=national_staff, program=program, name="Ends on time")
    checklist_item_change(actor=national_staff, item=item, threshold=4)
    checklist_item_change(actor=national_staff, item=item, threshold=4)  # no change, no row
    added, changed = HistoryEntry.objects.filter(
        action__in=[HistoryAction.CHECKLIST_ITEM_ADDED, HistoryAction.CHECKLIST_ITEM_CHANGED]
    ).order_by("id")
    assert (added.action, added.actor, added.organization) == (
        HistoryAction.CHECKLIST_ITEM_ADDED,
        national_staff,
        tree["national"],
    )
    assert added.details["name"] == "Ends on time" and added.details["threshold"] == 3
    assert changed.details["changed"] == {"threshold": [3, 4]}
