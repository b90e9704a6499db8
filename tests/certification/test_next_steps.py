"""A trainee's next steps: one ordered checklist per enrollment, at every stage of the path
from enrolling to the certificate, in a number of queries that does not grow."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from certification.models import (
    AttendanceStatus,
    Enrollment,
    EnrollmentStatus,
    EventAttendance,
    EventFormat,
    ReadinessAssessment,
    ReadinessDecision,
    TrainingEvent,
)
from certification.selectors.next_steps import CURRENT, DONE, LATER, is_trainee, next_steps_for
from certification.services.certificates import certification_issue
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.enrollments import enrollment_create
from certification.services.readiness import enrollment_refresh
from curriculum import services as curriculum_services
from curriculum.models import ProgramPage, TrainingIndexPage
from tests.curriculum.conftest import ALL_RIGHT, make_module
from tests.factories import UserFactory

KEYS = ["enrolled", "modules", "conduct", "training", "assessment", "certificate"]


@pytest.fixture
def sgf(db):
    home = Page.objects.get(depth=2)
    index = TrainingIndexPage(title="Training", slug="training")
    home.add_child(instance=index)
    program = ProgramPage(title="Support Group Facilitator", slug="sgf", validity_months=24)
    index.add_child(instance=program)
    return {
        "index": index,
        "program": program,
        "boundaries": make_module(program, "boundaries"),
        "privacy": make_module(program, "privacy"),
    }


@pytest.fixture
def enrollment(sgf, tree, trainee):
    return enrollment_create(
        actor=trainee, person=trainee, program=sgf["program"], affiliate=tree["cleveland"]
    )


def pass_module(person, module):
    curriculum_services.knowledge_check_submit(
        actor=person, module=module, answers=ALL_RIGHT, submission_token=uuid.uuid4()
    )


def publish_code(staff, program):
    code = conduct_draft(actor=staff, program=program, title="SGF code", text="I refer on.")
    return conduct_publish(actor=staff, code=code)


def make_event(trainer, program, state, *, days=14, **fields):
    starts = timezone.now() + datetime.timedelta(days=days)
    return TrainingEvent.objects.create(
        program=program,
        state=state,
        title=fields.pop("title", "SGF training"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        format=fields.pop("format", EventFormat.IN_PERSON),
        location=fields.pop("location", "12 Main Street, Cleveland"),
        created_by=trainer,
        **fields,
    )


def steps_of(person):
    [checklist] = next_steps_for(person)
    return checklist, {step.key: step for step in checklist.steps}


def states(checklist):
    return [step.state for step in checklist.steps]


def all_done_up_to_training(person, sgf, staff, trainer, tree, enrollment):
    pass_module(person, sgf["boundaries"])
    pass_module(person, sgf["privacy"])
    code = publish_code(staff, sgf["program"])
    conduct_sign(actor=person, code=code, typed_name=person.full_name, agreed=True)
    event = make_event(trainer, sgf["program"], tree["ohio"], days=-2)
    EventAttendance.objects.create(
        event=event, enrollment=enrollment, recorded_by=trainer, status=AttendanceStatus.ATTENDED
    )
    enrollment_refresh(actor=trainer, enrollment=enrollment)
    return event


def assess(enrollment, assessor, decision, status, **fields):
    assessment = ReadinessAssessment.objects.create(
        enrollment=enrollment, assessor=assessor, scores=[], decision=decision, **fields
    )
    Enrollment.objects.filter(pk=enrollment.pk).update(status=status)
    return assessment


# --- every stage ---------------------------------------------------------------------------


def test_a_brand_new_account_has_no_checklist_and_is_a_trainee(trainee):
    assert next_steps_for(trainee) == []
    assert is_trainee(trainee, [], has_roles=False)
    assert not is_trainee(trainee, [], has_roles=True)


def test_just_enrolled_points_at_the_first_module_and_says_the_code_is_missing(
    enrollment, trainee, sgf
):
    checklist, steps = steps_of(trainee)
    assert [step.key for step in checklist.steps] == KEYS
    assert states(checklist) == [DONE, CURRENT, LATER, LATER, LATER, LATER]
    assert steps["enrolled"].url == reverse("certification:enrollment_detail", args=[enrollment.pk])
    assert "Cleveland Peer Support" in steps["enrolled"].detail
    assert steps["modules"].detail == "0 of 2 required modules passed."
    assert steps["modules"].page.pk == sgf["boundaries"].pk
    assert steps["modules"].link_text == "Start with Boundaries"
    assert steps["conduct"].detail == (
        "Your program has not published its code of conduct yet. You will be emailed when it does."
    )
    assert steps["conduct"].url == reverse("certification:conduct_detail", args=["sgf"])
    assert steps["training"].detail == "Ask your coordinator for a place at a training."
    assert steps["certificate"].url == ""
    assert checklist.done_count == 1 and checklist.percent == 17
    assert is_trainee(trainee, [checklist], has_roles=False)


def test_midway_links_the_next_module_to_continue(enrollment, trainee, sgf):
    pass_module(trainee, sgf["boundaries"])
    curriculum_services.section_visit(actor=trainee, module=sgf["privacy"], number=1)
    checklist, steps = steps_of(trainee)
    assert steps["modules"].detail == "1 of 2 required modules passed."
    assert steps["modules"].page.pk == sgf["privacy"].pk
    assert steps["modules"].link_text == "Continue with Privacy"
    assert checklist.current.key == "modules"


def test_modules_done_then_the_code_to_sign_is_current(enrollment, trainee, sgf, national_staff):
    pass_module(trainee, sgf["boundaries"])
    pass_module(trainee, sgf["privacy"])
    publish_code(national_staff, sgf["program"])
    checklist, steps = steps_of(trainee)
    assert states(checklist)[:3] == [DONE, DONE, CURRENT]
    assert steps["conduct"].link_text == "Read and sign the code of conduct"
    assert steps["conduct"].detail == "Read version 1 and sign it with your name."


def test_placed_on_a_training_shows_when_where_and_how(
    enrollment, trainee, sgf, national_staff, ohio_trainer, tree
):
    pass_module(trainee, sgf["boundaries"])
    pass_module(trainee, sgf["privacy"])
    code = publish_code(national_staff, sgf["program"])
    conduct_sign(actor=trainee, code=code, typed_name=trainee.full_name, agreed=True)
    cancelled = make_event(ohio_trainer, sgf["program"], tree["ohio"], days=3, title="Old one")
    EventAttendance.objects.create(event=cancelled, enrollment=enrollment, recorded_by=ohio_trainer)
    TrainingEvent.objects.filter(pk=cancelled.pk).update(
        cancelled_at=timezone.now(), cancelled_by=ohio_trainer, cancel_reason="Snow."
    )
    checklist, steps = steps_of(trainee)
    assert steps["training"].detail == "Ask your coordinator for a place at a training."
    assert "A training you had a place at was cancelled." in steps["training"].notes

    event = make_event(
        ohio_trainer,
        sgf["program"],
        tree["ohio"],
        format=EventFormat.VIDEO,
        location="https://meet.example.org/sgf-training",
    )
    EventAttendance.objects.create(event=event, enrollment=enrollment, recorded_by=ohio_trainer)
    checklist, steps = steps_of(trainee)
    assert states(checklist) == [DONE, DONE, DONE, CURRENT, LATER, LATER]
    training = steps["training"]
    assert training.event == event
    assert "SGF training" in training.detail
    assert "Video call" in training.detail
    assert "https://meet.example.org/sgf-training" in training.detail
    assert timezone.localtime(event.starts_at).strftime("%B") in training.detail


def test_attended_and_ready_waits_for_the_assessment(
    enrollment, trainee, sgf, national_staff, ohio_trainer, tree
):
    all_done_up_to_training(trainee, sgf, national_staff, ohio_trainer, tree, enrollment)
    enrollment.refresh_from_db()
    checklist, steps = steps_of(trainee)
    assert states(checklist) == [DONE, DONE, DONE, DONE, CURRENT, LATER]
    assert steps["training"].detail.startswith("You attended SGF training")
    assert steps["assessment"].detail == (
        "Every step above is done. A state trainer of your state assesses you."
    )
    assert steps["assessment"].url == reverse(
        "certification:enrollment_detail", args=[enrollment.pk]
    )


def test_not_yet_ready_gives_reasons_recommendations_and_the_return_date(
    enrollment, trainee, sgf, national_staff, ohio_trainer, tree
):
    all_done_up_to_training(trainee, sgf, national_staff, ohio_trainer, tree, enrollment)
    assess(
        enrollment,
        ohio_trainer,
        ReadinessDecision.NOT_YET_READY,
        EnrollmentStatus.NOT_YET_READY,
        reasons="Gave advice about a medicine during role play.",
        recommendations="Take the scope module again.",
        may_return_on=datetime.date(2031, 3, 1),
    )
    checklist, steps = steps_of(trainee)
    assert states(checklist) == [DONE, DONE, DONE, DONE, CURRENT, LATER]
    notes = steps["assessment"].notes
    assert steps["assessment"].detail == "Not yet ready."
    assert "Why: Gave advice about a medicine during role play." in notes
    assert "What to work on: Take the scope module again." in notes
    assert "You may enroll again from March 1, 2031." in notes
    assert steps["assessment"].link_text == "Read your assessment"
    assert is_trainee(trainee, [checklist], has_roles=False)


def test_referred_says_to_what_role(enrollment, trainee, ohio_trainer):
    assess(
        enrollment,
        ohio_trainer,
        ReadinessDecision.REFER,
        EnrollmentStatus.REFERRED,
        suggested_role="Group greeter",
    )
    checklist, steps = steps_of(trainee)
    assert steps["assessment"].state == CURRENT
    assert steps["modules"].state == LATER  # the path ended at the assessment
    assert steps["assessment"].detail == "Referred to another role."
    assert any("Group greeter" in note for note in steps["assessment"].notes)


def test_certified_links_the_certificate(
    enrollment, trainee, sgf, national_staff, ohio_trainer, tree
):
    all_done_up_to_training(trainee, sgf, national_staff, ohio_trainer, tree, enrollment)
    assess(enrollment, ohio_trainer, ReadinessDecision.READY, EnrollmentStatus.CERTIFIED)
    enrollment.refresh_from_db()
    certification = certification_issue(actor=ohio_trainer, enrollment=enrollment)
    checklist, steps = steps_of(trainee)
    assert checklist.complete and checklist.percent == 100
    assert steps["certificate"].url == reverse("certification:my_certificates")
    assert certification.display_number in steps["certificate"].detail
    assert "valid through" in steps["certificate"].detail
    # Certified and nothing else under way: no longer a trainee.
    assert not is_trainee(trainee, [checklist], has_roles=False)


def test_withdrawn_enrollments_are_left_out_and_open_ones_come_first(
    enrollment, trainee, sgf, tree
):
    Enrollment.objects.filter(pk=enrollment.pk).update(status=EnrollmentStatus.WITHDRAWN)
    assert next_steps_for(trainee) == []
    again = enrollment_create(
        actor=trainee, person=trainee, program=sgf["program"], affiliate=tree["columbus"]
    )
    [checklist] = next_steps_for(trainee)
    assert checklist.enrollment == again


@pytest.mark.parametrize("count", [1, 6])
def test_query_budget_does_not_grow_with_enrollments(
    sgf, tree, national_staff, ohio_trainer, django_assert_max_num_queries, count
):
    person = UserFactory()
    publish_code(national_staff, sgf["program"])
    for n in range(count):
        program = ProgramPage(title=f"Program {n}", slug=f"program-{n}")
        sgf["index"].add_child(instance=program)
        make_module(program, f"module-{n}")
        made = enrollment_create(
            actor=person, person=person, program=program, affiliate=tree["cleveland"]
        )
        event = make_event(ohio_trainer, program, tree["ohio"])
        EventAttendance.objects.create(event=event, enrollment=made, recorded_by=ohio_trainer)
    with django_assert_max_num_queries(9):
        checklists = next_steps_for(person)
    assert len(checklists) == count
