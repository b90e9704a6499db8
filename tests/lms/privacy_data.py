"""One person's records of every kind Trellis keeps, for the privacy tests (download, closing).

Rows are written directly, as the services would leave them, so these tests depend only on
the shape of the data, not on each lifecycle's rules. Every free text carries the person's
`tag`, so a test can tell whose data appears where.
"""

import datetime

from django.utils import timezone

from certification.models import (
    AttendanceStatus,
    CaseDecision,
    CaseEvent,
    CaseStatus,
    Certification,
    CertificationAction,
    CertificationEvent,
    CodeOfConduct,
    Concern,
    ConcernAction,
    ConcernCategory,
    ConcernEvent,
    ConcernSetting,
    ConductSignature,
    DecertificationCase,
    Enrollment,
    EventAttendance,
    FidelityObservation,
    HistoryAction,
    HistoryEntry,
    ImprovementPlan,
    ReadinessAssessment,
    RenewalRequest,
    TrainingEvent,
)
from curriculum.models import KnowledgeCheckAttempt, ModuleProgress
from tests.certification.conftest import enroll
from tests.curriculum.conftest import make_module
from tests.factories import decertification_case


def published_code(program, staff):
    code = CodeOfConduct.objects.filter(program=program).first()
    if code is None:
        code = CodeOfConduct.objects.create(
            program=program,
            version=1,
            title="Code of conduct",
            text="I keep what members share private.",
            published_at=timezone.now(),
            published_by=staff,
            text_sha256="a" * 64,
        )
    return code


def fill_every_kind(person, *, program, affiliate, state, staff, tag):
    """Give `person` one record of every kind (two calls give two of each)."""
    now = timezone.now()
    today = timezone.localdate()
    module = make_module(program, f"module-{tag.lower()}-{now.timestamp():.0f}", sections=2)
    enrollment = Enrollment.objects.filter(person=person, program=program).first() or enroll(
        person, program, affiliate
    )
    ModuleProgress.objects.create(
        learner=person, module=module, scenario_responses={"s": f"SCENARIO-{tag}"}
    )
    KnowledgeCheckAttempt.objects.create(
        learner=person,
        module=module,
        questions=[{"id": "q", "prompt": f"QUESTION-{tag}"}],
        answers={"q": "1"},
        results={"q": True},
        score=100,
        pass_mark=80,
        passed=True,
    )
    code = published_code(program, staff)
    ConductSignature.objects.get_or_create(
        person=person,
        code=code,
        defaults={
            "typed_name": f"TYPED-{tag}",
            "text_sha256": code.text_sha256,
            "signed_at": now,
            "ip_address": "203.0.113.9",
            "user_agent": f"BROWSER-{tag}",
        },
    )
    certification = Certification.objects.filter(person=person, program=program).first()
    if certification is None:
        certification = Certification.objects.create(
            person=person,
            program=program,
            enrollment=enrollment,
            affiliate=affiliate,
            issuing_state=state,
            issued_on=today,
            expires_on=today + datetime.timedelta(days=730),
        )
        CertificationEvent.objects.create(
            certification=certification,
            action=CertificationAction.ISSUE,
            to_status="active",
            actor=staff,
        )
    RenewalRequest.objects.create(
        certification=certification,
        requested_by=person,
        status="declined",
        decided_by=staff,
        decided_at=now,
        reason=f"RENEWAL-REASON-{tag}",
    )
    event = TrainingEvent.objects.create(
        program=program,
        state=state,
        title=f"EVENT-{tag}",
        starts_at=now,
        ends_at=now + datetime.timedelta(hours=3),
        format="in_person",
        location=f"PLACE-{tag}",
        created_by=staff,
    )
    EventAttendance.objects.create(
        event=event, enrollment=enrollment, status=AttendanceStatus.ATTENDED, recorded_by=staff
    )
    ReadinessAssessment.objects.create(
        enrollment=enrollment,
        assessor=staff,
        scores=[{"name": "Listening", "threshold": 3, "score": 4}],
        notes=f"STAFF-ONLY-NOTE-{tag}",
        decision="ready",
        recommendations=f"RECOMMENDATION-{tag}",
    )
    observation = FidelityObservation.objects.create(
        program=program,
        affiliate=affiliate,
        observer=staff,
        observed_on=today,
        session_kind="group",
        scores=[{"name": "Keeps boundaries", "threshold": 3, "score": 5}],
        average_score=5,
        notes=f"OBSERVATION-{tag}",
    )
    observation.facilitators.add(person)
    reported = Concern.objects.create(
        subject_name="Someone Else",
        affiliate=affiliate,
        program=program,
        reporter=person,
        reporter_name=f"REPORTER-NAME-{tag}",
        reporter_email=f"reporter-{tag.lower()}@example.org",
        reporter_phone="555-0100",
        category=ConcernCategory.BOUNDARIES,
        what_happened=f"REPORTED-WORDS-{tag}",
        setting=ConcernSetting.GROUP,
    )
    ConcernEvent.objects.create(
        concern=reported, action=ConcernAction.NOTE, actor=staff, text=f"REVIEWER-NOTE-{tag}"
    )
    case = decertification_case(
        certification, decided_by=staff, may_reenroll_on=today + datetime.timedelta(days=365)
    )
    CaseEvent.objects.create(case=case, action="opened", actor=staff, text=case.allegation)
    # The case is over and the certificate kept: an open case would stop an account closing.
    DecertificationCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, final_decision=CaseDecision.KEEP, closed_at=timezone.now()
    )
    ImprovementPlan.objects.create(
        facilitator=person,
        affiliate=affiliate,
        observation=observation,
        actions=f"PLAN-{tag}",
        due_on=today,
        created_by=staff,
    )
    HistoryEntry.objects.create(action=HistoryAction.ENROLLED, actor=staff, subject=person)
    return {"certification": certification, "enrollment": enrollment, "reported": reported}
