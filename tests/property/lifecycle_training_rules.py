"""The lifecycle state machine's training rules: a new code of conduct, passing the module,
signing, enrolling, a place at a training, attendance and the readiness assessment.

A mixin of `LifecycleMachine` (test_lifecycle_state_machine.py), which provides `attempt`,
`pick`, `act_as` and `reason`.
"""

import uuid

from django.db.models import Exists, OuterRef
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from certification.models import (
    OPEN_ENROLLMENT_STATUSES,
    AttendanceStatus,
    CodeOfConduct,
    Enrollment,
    EnrollmentStatus,
    EventAttendance,
)
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.enrollments import enrollment_create
from certification.services.events import attendance_record, event_add_attendee
from certification.services.readiness import readiness_assess
from curriculum.models import KnowledgeCheckAttempt
from curriculum.services import knowledge_check_submit
from tests.curriculum.conftest import ALL_RIGHT, ONE_RIGHT

from .lifecycle_strategies import ALT, FOCUS, INDEX, LEARNERS, WHO
from .lifecycle_world import (
    AFFILIATES,
    PEOPLE,
    STATE_OF,
    national_staff,
    staff_over,
    trainers_of_state,
    trainers_over,
)


class TrainingRules:
    @precondition(lambda self: not self.new_code)
    @rule(who=st.sampled_from(PEOPLE))
    def publish_code(self, who):
        """Anyone tries to publish a new version; only national staff may (and once an
        example: every holder and trainee must sign it again, so more would leave little
        else to happen)."""
        actor, key = self.act_as(who, national_staff(), 0)
        if actor is None:
            return
        program = self.world.program

        def publish():
            text = f"Be kind ({self.reason('version')})."
            draft = conduct_draft(actor=actor, program=program, title="Code", text=text)
            return conduct_publish(actor=actor, code=draft)

        self.new_code = self.attempt("publish_code", key, key in national_staff(), publish)

    @rule(person=LEARNERS, right=FOCUS, again=st.booleans())
    def pass_module(self, person, right, again):
        """A learner submits the knowledge check (right most of the time); `again`, the
        last one to submit tries once more, which the one-a-day limit may refuse."""
        latest = KnowledgeCheckAttempt.objects.order_by("-pk").first()
        if again and latest is not None:
            person = self.world.keys.get(latest.learner_id, person)
        actor = self.people[person]
        if actor.closed_at is None:
            self.serial += 1
            token = uuid.UUID(int=self.serial)
            answers = ALL_RIGHT if right else ONE_RIGHT
            self.attempt(
                "pass_module",
                person,
                True,
                lambda: knowledge_check_submit(
                    actor=actor, module=self.world.module, answers=answers, submission_token=token
                ),
            )

    @rule(person=LEARNERS, own_name=FOCUS, agreed=FOCUS)
    def sign_code(self, person, own_name, agreed):
        actor = self.people[person]
        if actor.closed_at is None:
            code = CodeOfConduct.objects.current_for(self.world.program.pk)
            typed = actor.full_name if own_name else "Somebody Else"
            self.attempt(
                "sign_code",
                person,
                True,
                lambda: conduct_sign(actor=actor, code=code, typed_name=typed, agreed=agreed),
            )

    @rule(person=LEARNERS, affiliate=st.sampled_from(AFFILIATES), who=WHO, alt=ALT)
    def enroll(self, person, affiliate, who, alt):
        rightful = [person, *staff_over(affiliate)]
        actor, key = self.act_as(who, rightful, alt)
        if actor is not None:
            self.attempt(
                "enroll",
                key,
                key in rightful,
                lambda: enrollment_create(
                    actor=actor,
                    person=self.people[person],
                    program=self.world.program,
                    affiliate=self.world.orgs[affiliate],
                ),
            )

    def _enrollments(self):
        placed = EventAttendance.objects.filter(enrollment=OuterRef("pk"))
        return list(Enrollment.objects.annotate(placed=Exists(placed)).order_by("pk"))

    @rule(index=INDEX, focused=FOCUS, same_state=FOCUS, who=WHO, alt=ALT)
    def place_on_training(self, index, focused, same_state, who, alt):
        enrollment = self.pick(
            self._enrollments(),
            index,
            focused and (lambda e: e.status in OPEN_ENROLLMENT_STATUSES and not e.placed),
        )
        home = STATE_OF[self.affiliate_of(enrollment)]
        state = home if same_state else {"ohio": "texas", "texas": "ohio"}[home]
        rightful = trainers_of_state(state)
        actor, key = self.act_as(who, rightful, alt)
        if actor is not None:
            event_ = self.world.events[state]
            self.attempt(
                "place_on_training",
                key,
                key in rightful,
                lambda: event_add_attendee(actor=actor, event=event_, enrollment=enrollment),
            )

    @precondition(lambda self: self.facts["attendances"])
    @rule(index=INDEX, focused=FOCUS, attended=FOCUS, who=WHO, alt=ALT)
    def record_attendance(self, index, focused, attended, who, alt):
        attendances = list(EventAttendance.objects.select_related("event").order_by("pk"))
        attendance = self.pick(
            attendances, index, focused and (lambda a: a.status == AttendanceStatus.REGISTERED)
        )
        rightful = trainers_of_state(self.world.org_keys[attendance.event.state_id])
        actor, key = self.act_as(who, rightful, alt)
        if actor is not None:
            self.attempt(
                "record_attendance",
                key,
                key in rightful,
                lambda: attendance_record(actor=actor, attendance=attendance, attended=attended),
            )

    @rule(
        index=INDEX,
        focused=FOCUS,
        decision=st.sampled_from(("ready", "ready", "not_yet_ready", "refer")),
        low=st.sampled_from((False, False, False, True)),
        who=WHO,
        alt=ALT,
    )
    def assess(self, index, focused, decision, low, who, alt):
        enrollment = self.pick(
            self._enrollments(),
            index,
            focused and (lambda e: e.status == EnrollmentStatus.READY_FOR_ASSESSMENT),
        )
        rightful = trainers_over(self.affiliate_of(enrollment))
        actor, key = self.act_as(who, rightful, alt)
        if actor is not None:
            scores = {c.pk: 1 if low else 4 for c in self.world.competencies}
            self.attempt(
                "assess",
                key,
                key in rightful,
                lambda: readiness_assess(
                    actor=actor,
                    enrollment=enrollment,
                    scores=scores,
                    decision=decision,
                    reasons=self.reason("not yet"),
                    suggested_role="Group co-lead" if decision == "refer" else "",
                ),
            )
