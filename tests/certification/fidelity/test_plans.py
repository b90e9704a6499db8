"""Improvement plans: following one up (met or not met, with what it found), who may, who
sees which plan, and the plan pages; plus the observation checklist in the Wagtail admin."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.errors import DomainError
from certification.models import (
    FidelityObservation,
    ObservationChecklistItem,
    PlanStatus,
    SessionKind,
)
from certification.services.fidelity.observations import checklist_for
from certification.services.fidelity.plans import (
    improvement_plan_create,
    improvement_plan_follow_up,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def observation_at(affiliate, program, observer, people):
    observation = FidelityObservation.objects.create(
        program=program,
        affiliate=affiliate,
        observer=observer,
        observed_on=timezone.localdate(),
        session_kind=SessionKind.GROUP,
        scores=[{"item": "Protects privacy", "threshold": 3, "score": 2}],
        average_score=Decimal("2.00"),
        items_below_threshold=1,
    )
    observation.facilitators.set(people)
    return observation


def plan_for(person, affiliate, program, observer, days=30):
    return improvement_plan_create(
        actor=observer,
        facilitator=person,
        affiliate=affiliate,
        actions="Review the privacy script before each group.",
        due_on=timezone.localdate() + datetime.timedelta(days=days),
        observation=observation_at(affiliate, program, observer, [person]),
    )


@pytest.fixture
def plan(program, cleveland, certification, facilitator, cleveland_coordinator):
    return plan_for(facilitator, cleveland, program, cleveland_coordinator)


# --- the follow-up service ------------------------------------------------------------------


@pytest.mark.parametrize(("met", "status"), [(True, PlanStatus.MET), (False, PlanStatus.NOT_MET)])
def test_follow_up_records_the_result(met, status, plan, cleveland_coordinator):
    done = improvement_plan_follow_up(
        actor=cleveland_coordinator, plan=plan, met=met, result="  Observed again in May.  "
    )
    assert done.status == status
    assert done.follow_up_result == "Observed again in May."
    assert done.followed_up_on == timezone.localdate()
    assert done.followed_up_by == cleveland_coordinator


def test_a_result_is_needed(plan, cleveland_coordinator):
    with pytest.raises(DomainError) as refused:
        improvement_plan_follow_up(actor=cleveland_coordinator, plan=plan, met=True, result=" ")
    assert "result" in refused.value.message_dict


def test_a_plan_is_followed_up_once(plan, cleveland_coordinator, ohio_trainer):
    improvement_plan_follow_up(actor=cleveland_coordinator, plan=plan, met=True, result="Fine.")
    with pytest.raises(DomainError):
        improvement_plan_follow_up(actor=ohio_trainer, plan=plan, met=False, result="Not fine.")


@pytest.mark.parametrize(
    ("person", "allowed"),
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
def test_who_may_follow_up(person, allowed, request, plan):
    actor = request.getfixturevalue(person)
    if allowed:
        assert improvement_plan_follow_up(actor=actor, plan=plan, met=True, result="Fine.")
    else:
        with pytest.raises(PermissionDenied):
            improvement_plan_follow_up(actor=actor, plan=plan, met=True, result="Fine.")


def test_a_plan_is_set_only_by_reviewers_of_the_affiliate(
    program, cleveland, certification, facilitator, cleveland_coordinator, dayton_coordinator
):
    observation = observation_at(cleveland, program, cleveland_coordinator, [facilitator])
    with pytest.raises(PermissionDenied):
        improvement_plan_create(
            actor=dayton_coordinator,
            facilitator=facilitator,
            affiliate=cleveland,
            actions="Shadow a mentor.",
            due_on=timezone.localdate() + datetime.timedelta(days=5),
            observation=observation,
        )


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("facilitator", 200),
        ("cleveland_coordinator", 200),
        ("dayton_coordinator", 404),
        ("ohio_trainer", 200),
        ("texas_trainer", 404),
        ("national_staff", 200),
        ("outsider", 404),
    ],
)
def test_who_sees_a_plan(viewer, status, request, client, plan):
    client.force_login(request.getfixturevalue(viewer))
    assert client.get(reverse("certification:plan_detail", args=[plan.pk])).status_code == status
    listed = (
        reverse("certification:plan_detail", args=[plan.pk])
        in client.get(reverse("certification:plan_list")).content.decode()
    )
    assert listed == (status == 200)


def test_the_facilitator_reads_their_plan_without_a_follow_up_form(client, plan, facilitator):
    client.force_login(facilitator)
    listing = client.get(reverse("certification:plan_list")).content.decode()
    assert "My improvement plans" in listing
    page = client.get(reverse("certification:plan_detail", args=[plan.pk])).content.decode()
    assert "Your improvement plan" in page
    assert "Review the privacy script before each group." in page
    assert "Record the follow-up" not in page
    response = client.post(
        reverse("certification:plan_detail", args=[plan.pk]), {"met": "yes", "result": "Done."}
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.OPEN


def test_a_coordinator_follows_up_on_the_page(client, plan, cleveland_coordinator, facilitator):
    client.force_login(cleveland_coordinator)
    url = reverse("certification:plan_detail", args=[plan.pk])
    page = client.get(url).content.decode()
    assert "Record the follow-up" in page
    assert "Was the plan met?" in page
    response = client.post(url, {"met": "no", "result": ""})
    assert "Say what the follow-up found." in response.content.decode()
    response = client.post(url, {"met": "no", "result": "Still shares members' stories."})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.NOT_MET
    page = client.get(url).content.decode()
    assert "Follow-up recorded." in page
    assert "Followed up: not met" in page
    assert "Still shares members&#x27; stories." in page
    assert "Record the follow-up" not in page
    client.force_login(facilitator)
    assert "Followed up: not met" in client.get(url).content.decode()


def test_open_plans_come_first(
    client, program, cleveland, certification, facilitator, cleveland_coordinator
):
    soon = plan_for(facilitator, cleveland, program, cleveland_coordinator, days=5)
    later = plan_for(facilitator, cleveland, program, cleveland_coordinator, days=40)
    improvement_plan_follow_up(actor=cleveland_coordinator, plan=soon, met=True, result="Done.")
    client.force_login(facilitator)
    response = client.get(reverse("certification:plan_list"))
    assert [p.pk for p in response.context["mine"]] == [later.pk, soon.pk]
    client.force_login(cleveland_coordinator)
    response = client.get(reverse("certification:plan_list"))
    assert [p.pk for p in response.context["page"].object_list] == [later.pk, soon.pk]
    assert "Plans at the affiliates you review" in response.content.decode()


def test_staff_without_plans_get_an_empty_state(client, cleveland, ohio_trainer):
    client.force_login(ohio_trainer)
    page = client.get(reverse("certification:plan_list")).content.decode()
    assert "No improvement plans yet." in page
    assert "My improvement plans" not in page


def test_the_plan_list_costs_the_same_with_more_plans(
    client, program, cleveland, certification, facilitator, cleveland_coordinator
):
    plan_for(facilitator, cleveland, program, cleveland_coordinator)
    client.force_login(cleveland_coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("certification:plan_list"))
    for _ in range(6):
        plan_for(UserFactory(), cleveland, program, cleveland_coordinator)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("certification:plan_list"))
    assert len(response.context["page"].object_list) == 7
    assert len(many) == len(few)


# --- the checklist in the Wagtail admin -----------------------------------------------------


def test_national_staff_add_a_checklist_item_in_the_admin(client, program, national_staff):
    client.force_login(national_staff)
    assert client.get(reverse("observation_checklist_items:index")).status_code == 200
    response = client.post(
        reverse("observation_checklist_items:add"),
        {
            "program": program.pk,
            "name": "Ends on time",
            "description": "Closes the group at the agreed time.",
            "threshold": "4",
            "sort_order": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    item = ObservationChecklistItem.objects.get(name="Ends on time")
    assert item.threshold == 4
    # The default checklist was written first, so the new item extends it.
    assert [entry.name for entry in checklist_for(program)][-1] == "Ends on time"
    assert len(checklist_for(program)) == 7


def test_national_staff_take_an_item_out_of_use_in_the_admin(client, program, national_staff):
    item = checklist_for(program)[0]
    client.force_login(national_staff)
    response = client.post(
        reverse("observation_checklist_items:edit", args=[item.pk]),
        {
            "name": item.name,
            "description": item.description,
            "threshold": "3",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_active is False
    assert client.get(
        reverse("observation_checklist_items:delete", args=[item.pk])
    ).status_code in (
        302,
        403,
        404,
    )
    assert ObservationChecklistItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("person", ["cleveland_coordinator", "ohio_trainer"])
def test_others_cannot_reach_the_checklist_admin(person, request, client, program):
    client.force_login(request.getfixturevalue(person))
    response = client.get(reverse("observation_checklist_items:index"))
    assert response.status_code in (302, 403)
    response = client.post(
        reverse("observation_checklist_items:add"),
        {"program": program.pk, "name": "Sneaky", "threshold": "1", "is_active": "on"},
    )
    assert response.status_code in (302, 403)
    assert not ObservationChecklistItem.objects.filter(name="Sneaky").exists()
