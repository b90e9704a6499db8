"""Prerequisites, events and the readiness decision, through the services."""

import datetime
import threading
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from certification.models import (
    Certification,
    EnrollmentStatus,
    HistoryAction,
    HistoryEntry,
    ReadinessAssessment,
    RubricCompetency,
)
from certification.selectors.readiness import prerequisites
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.events import attendance_record, event_add_attendee, event_create
from certification.services.readiness import readiness_assess, rubric_for
from curriculum import services as curriculum_services
from tests.curriculum.conftest import ALL_RIGHT, make_module
from tests.factories import UserFactory, grant

from .conftest import enroll, postgresql_only


@pytest.fixture
def setup(tree, program, national_staff, ohio_trainer):
    module = make_module(program, "boundaries")
    code = conduct_publish(
        actor=national_staff,
        code=conduct_draft(actor=national_staff, program=program, title="Code", text="Be kind."),
    )
    start = timezone.now() + datetime.timedelta(days=3)
    event = event_create(
        actor=ohio_trainer,
        program=program,
        state=tree["ohio"],
        title="Ohio spring training",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        format="in_person",
        location="Columbus library",
        capacity=2,
    )
    return {"module": module, "code": code, "event": event}


def prepare(person, program, affiliate, setup, trainer, *, attend=True):
    """An enrollment with every prerequisite met through the real services."""
    enrollment = enroll(person, program, affiliate)
    curriculum_services.knowledge_check_submit(
        actor=person, module=setup["module"], answers=ALL_RIGHT, submission_token=uuid.uuid4()
    )
    conduct_sign(actor=person, code=setup["code"], typed_name=person.full_name, agreed=True)
    place = event_add_attendee(actor=trainer, event=setup["event"], enrollment=enrollment)
    if attend:
        attendance_record(actor=trainer, attendance=place, attended=True)
    enrollment.refresh_from_db()
    return enrollment


def all_scores(program, score=3):
    return {c.pk: score for c in rubric_for(program)}


def test_enrollment_becomes_ready_when_all_three_prerequisites_are_met(
    tree, program, setup, ohio_trainer, trainee
):
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer, attend=False)
    assert prerequisites(enrollment) == {"modules": True, "conduct": True, "event": False}
    assert enrollment.status == EnrollmentStatus.IN_TRAINING
    attendance_record(actor=ohio_trainer, attendance=enrollment.attendances.get(), attended=True)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.READY_FOR_ASSESSMENT


def test_default_rubric(program):
    names = [c.name for c in rubric_for(program)]
    assert names[0] == "Keeps boundaries" and len(names) == 6
    assert RubricCompetency.objects.filter(program=program).count() == 6
    rubric_for(program)
    assert RubricCompetency.objects.filter(program=program).count() == 6


def test_ready_issues_a_certification(tree, program, setup, ohio_trainer, trainee):
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer)
    readiness_assess(
        actor=ohio_trainer, enrollment=enrollment, scores=all_scores(program), decision="ready"
    )
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.CERTIFIED
    certification = Certification.objects.get(person=trainee)
    assert certification.status == "active"
    with pytest.raises(ValidationError, match="already decided"):
        readiness_assess(
            actor=ohio_trainer, enrollment=enrollment, scores=all_scores(program), decision="ready"
        )


def test_not_yet_ready_tells_trainee_and_coordinator(
    tree,
    program,
    setup,
    ohio_trainer,
    cleveland_coordinator,
    trainee,
    django_capture_on_commit_callbacks,
):
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = readiness_assess(
            actor=ohio_trainer,
            enrollment=enrollment,
            scores=all_scores(program, 2),
            decision="not_yet_ready",
            reasons="Gave advice about medicines during role play.",
            recommendations="Take the class again next year.",
        )
    assert assessment.may_return_on >= timezone.localdate() + datetime.timedelta(days=364)
    message = mail.outbox[-1]
    assert set(message.to) == {trainee.email, cleveland_coordinator.email}
    assert "Take the class again next year." in message.body
    assert "Gave advice about medicines" in message.body
    assert not Certification.objects.exists()


def test_refer_needs_a_role_and_not_yet_ready_needs_reasons(
    tree, program, setup, ohio_trainer, trainee
):
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer)
    with pytest.raises(ValidationError, match="Say why"):
        readiness_assess(
            actor=ohio_trainer,
            enrollment=enrollment,
            scores=all_scores(program),
            decision="not_yet_ready",
        )
    with pytest.raises(ValidationError, match="Suggest the role"):
        readiness_assess(
            actor=ohio_trainer, enrollment=enrollment, scores=all_scores(program), decision="refer"
        )
    readiness_assess(
        actor=ohio_trainer,
        enrollment=enrollment,
        scores=all_scores(program),
        decision="refer",
        suggested_role="Helping at events",
    )
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.REFERRED


def test_every_competency_must_be_scored_1_to_4(tree, program, setup, ohio_trainer, trainee):
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer)
    scores = all_scores(program)
    scores[next(iter(scores))] = 5
    with pytest.raises(ValidationError, match="from 1 to 4"):
        readiness_assess(actor=ohio_trainer, enrollment=enrollment, scores=scores, decision="ready")
    assert not ReadinessAssessment.objects.exists()


def test_missing_prerequisites_and_the_national_override(
    tree, program, setup, ohio_trainer, national_staff, trainee
):
    enrollment = enroll(trainee, program, tree["cleveland"])
    with pytest.raises(ValidationError, match="Missing: every required module passed"):
        readiness_assess(
            actor=ohio_trainer, enrollment=enrollment, scores=all_scores(program), decision="ready"
        )
    with pytest.raises(PermissionDenied):
        readiness_assess(
            actor=ohio_trainer,
            enrollment=enrollment,
            scores=all_scores(program),
            decision="ready",
            override_reason="Trained under the old program.",
        )
    readiness_assess(
        actor=national_staff,
        enrollment=enrollment,
        scores=all_scores(program),
        decision="ready",
        override_reason="Trained under the old program.",
    )
    assessment = ReadinessAssessment.objects.get()
    assert assessment.prerequisite_override == "Trained under the old program."
    entry = HistoryEntry.objects.get(action=HistoryAction.ASSESSED)
    assert entry.details["missing"] == ["modules", "conduct", "event"]


def test_assessment_authority(tree, program, setup, ohio_trainer, cleveland_coordinator, trainee):
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer)
    texas_trainer = UserFactory()
    grant(texas_trainer, tree["texas"], "state_trainer")
    for actor in (cleveland_coordinator, texas_trainer, trainee):
        with pytest.raises(PermissionDenied):
            readiness_assess(
                actor=actor, enrollment=enrollment, scores=all_scores(program), decision="ready"
            )


def test_events_belong_to_a_state_and_are_run_by_its_trainers(
    tree, program, setup, ohio_trainer, cleveland_coordinator, trainee
):
    start = timezone.now()
    with pytest.raises(PermissionDenied):
        event_create(
            actor=cleveland_coordinator,
            program=program,
            state=tree["ohio"],
            title="x",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            format="phone",
            location="call",
            capacity=5,
        )
    with pytest.raises(ValidationError, match="end must be after"):
        event_create(
            actor=ohio_trainer,
            program=program,
            state=tree["ohio"],
            title="x",
            starts_at=start,
            ends_at=start,
            format="phone",
            location="call",
            capacity=5,
        )
    texas = enroll(UserFactory(), program, tree["austin"])
    with pytest.raises(ValidationError, match="another state"):
        event_add_attendee(actor=ohio_trainer, event=setup["event"], enrollment=texas)
    first = enroll(UserFactory(), program, tree["cleveland"])
    event_add_attendee(actor=ohio_trainer, event=setup["event"], enrollment=first)
    with pytest.raises(ValidationError, match="already has a place"):
        event_add_attendee(actor=ohio_trainer, event=setup["event"], enrollment=first)
    event_add_attendee(
        actor=ohio_trainer,
        event=setup["event"],
        enrollment=enroll(trainee, program, tree["columbus"]),
    )
    with pytest.raises(ValidationError, match="full"):
        event_add_attendee(
            actor=ohio_trainer,
            event=setup["event"],
            enrollment=enroll(UserFactory(), program, tree["cleveland"]),
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_two_trainers_certifying_at_once_make_one_certification(
    tree, program, setup, ohio_trainer, national_staff, trainee
):
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer)
    scores = all_scores(program)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(actor):
        try:
            barrier.wait()
            readiness_assess(actor=actor, enrollment=enrollment, scores=scores, decision="ready")
            outcomes.append("issued")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(a,)) for a in (ohio_trainer, national_staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "issued"
    assert "already decided" in sorted(outcomes)[0]
    assert Certification.objects.filter(person=trainee).count() == 1


def test_a_trainer_never_assesses_their_own_enrollment(tree, program, setup, ohio_trainer):
    enrollment = prepare(ohio_trainer, program, tree["cleveland"], setup, ohio_trainer)
    with pytest.raises(PermissionDenied):
        readiness_assess(
            actor=ohio_trainer, enrollment=enrollment, scores=all_scores(program), decision="ready"
        )


def test_an_empty_rubric_is_refused(tree, program, setup, ohio_trainer, trainee):
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer)
    rubric_for(program)
    RubricCompetency.objects.filter(program=program).update(is_active=False)
    with pytest.raises(ValidationError, match="no competency in use"):
        readiness_assess(actor=ohio_trainer, enrollment=enrollment, scores={}, decision="ready")


# --- the rubric is enforced ------------------------------------------------------------------


def _one_below(program):
    """Every competency at 3 except the first, at 2 (below its "ready at" level of 3)."""
    competencies = rubric_for(program)
    scores = {c.pk: 3 for c in competencies}
    scores[competencies[0].pk] = 2
    return competencies[0], scores


def test_ready_below_a_threshold_is_refused_without_a_reason(
    tree, program, setup, ohio_trainer, trainee
):
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer)
    low, scores = _one_below(program)
    assert low.threshold == 3
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            readiness_assess(
                actor=ohio_trainer,
                enrollment=enrollment,
                scores=scores,
                decision="ready",
                threshold_override=blank,
            )
        assert set(refused.value.message_dict) == {"threshold_override"}
        assert low.name in refused.value.message_dict["threshold_override"][0]
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.READY_FOR_ASSESSMENT
    assert not ReadinessAssessment.objects.exists()
    assert not Certification.objects.exists()


def test_ready_below_a_threshold_with_a_reason_is_stored_in_the_history(
    tree, program, setup, ohio_trainer, trainee
):
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer)
    low, scores = _one_below(program)
    reason = "Shadowed two groups since the training; the gap was the role play only."
    assessment = readiness_assess(
        actor=ohio_trainer,
        enrollment=enrollment,
        scores=scores,
        decision="ready",
        threshold_override=f"  {reason} ",
    )
    assert assessment.threshold_override == reason
    entry = HistoryEntry.objects.get(action=HistoryAction.ASSESSED, subject=trainee)
    assert entry.details["threshold_override"] == reason
    assert entry.details["below_threshold"] == [low.name]
    assert Certification.objects.get(person=trainee).status == "active"


def test_the_threshold_reason_is_kept_only_when_it_overrides_something(
    tree, program, setup, ohio_trainer, trainee
):
    """A reason given with every score at its level, or with another decision, overrides
    nothing and is not stored as an override."""
    enrollment = prepare(trainee, program, tree["cleveland"], setup, ohio_trainer)
    _low, scores = _one_below(program)
    assessment = readiness_assess(
        actor=ohio_trainer,
        enrollment=enrollment,
        scores=scores,
        decision="not_yet_ready",
        reasons="Role play showed advice about medicines.",
        threshold_override="Not needed",
    )
    assert assessment.threshold_override == ""
    entry = HistoryEntry.objects.get(action=HistoryAction.ASSESSED, subject=trainee)
    assert entry.details["threshold_override"] == ""
