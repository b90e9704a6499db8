"""The signed-in dashboard points each person at the fidelity work that is theirs: a case
waiting for their answer, their open improvement plans, the oversight pages for reviewers,
and the way to report a concern for everyone."""

import datetime

from django.urls import reverse
from django.utils import timezone

from certification.models import FidelityObservation, ImprovementPlan, SessionKind

from .test_case_services import OPENED, at, issue_on_fixed_date, open_case


def test_a_facilitator_with_an_open_case_is_told_to_respond(
    client, facilitator, program, cleveland, ohio_trainer
):
    certification = issue_on_fixed_date(facilitator, program, cleveland)
    case = open_case(certification, ohio_trainer)
    with at(OPENED):
        client.force_login(facilitator)
        content = client.get(reverse("dashboard")).content.decode()
    assert "A decertification case needs your answer" in content
    assert f'href="/fidelity/cases/{case.pk}/"' in content
    assert "Respond by" in content
    # A facilitator is no reviewer: no oversight section.
    assert "Oversight dashboard" not in content


def test_open_improvement_plans_are_counted_for_their_facilitator(
    client, certification, cleveland, cleveland_coordinator
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
    ImprovementPlan.objects.create(
        facilitator=certification.person,
        affiliate=cleveland,
        observation=observation,
        actions="Co-lead two sessions with a mentor.",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        created_by=cleveland_coordinator,
    )
    client.force_login(certification.person)
    content = client.get(reverse("dashboard")).content.decode()
    assert "You have one improvement plan to work on." in content
    assert reverse("certification:plan_list") in content


def test_reviewers_are_pointed_at_oversight_and_everyone_at_reporting(
    client, cleveland_coordinator, outsider
):
    client.force_login(cleveland_coordinator)
    content = client.get(reverse("dashboard")).content.decode()
    for name in ("oversight_home", "concern_list", "case_list", "observation_list"):
        assert reverse(f"certification:{name}") in content
    assert reverse("certification:concern_new") in content

    client.force_login(outsider)
    content = client.get(reverse("dashboard")).content.decode()
    assert reverse("certification:concern_new") in content
    assert f'href="{reverse("certification:concern_list")}"' not in content
    assert "improvement plan" not in content
