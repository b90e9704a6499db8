"""Demo data for the trainee path: the published codes of conduct, and one trainee at each
stage worth showing, so every demo login lands on a realistic dashboard.

- every program has its first code of conduct, published by national staff (the text is in
  `certification.content.conduct`);
- Maya Patel is midway: enrolled in Support Group Facilitator in Cleveland, two of the four
  modules passed;
- Robin Hayes has done everything online (all four modules, the code signed) and has a place
  at an upcoming Ohio training run by the demo trainer. Attendance is recorded only after the
  training, so the enrollment is still "in training" and the dashboard's next step is that
  training, with its date, time and place.

Each function creates only what is missing, through the same services the site uses.
"""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from certification.content import CODES_OF_CONDUCT
from certification.models import (
    CodeOfConduct,
    Enrollment,
    EventFormat,
    Organization,
    TrainingEvent,
)
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.enrollments import enrollment_create
from certification.services.events import event_add_attendee, event_create
from curriculum.grading import TRUE_FALSE, snapshot_questions
from curriculum.models import ModuleProgress, ProgramPage
from curriculum.selectors import live_modules
from curriculum.services import knowledge_check_submit

# (email, full name, modules passed, code signed and placed on a training)
MIDWAY = ("midway@trellis.test", "Maya Patel", 2, False)
READY = ("ready@trellis.test", "Robin Hayes", 4, True)
STAGE_PEOPLE = [MIDWAY, READY]
STAGE_PROGRAM = "support-group-facilitator"
DEMO_EVENT_TITLE = "Support Group Facilitator training, Cleveland"
DEMO_EVENT_PLACE = "Cleveland Peer Support, 2500 Euclid Avenue, Room 204, Cleveland, OH 44115"


def seed_codes_of_conduct(national_staff) -> int:
    """Publish the first code of conduct of every program that has none yet; a program whose
    staff already drafted or published one is left alone. Returns how many were published."""
    published = 0
    for program in ProgramPage.objects.live().filter(slug__in=CODES_OF_CONDUCT):
        if CodeOfConduct.objects.filter(program=program).exists():
            continue
        content = CODES_OF_CONDUCT[program.slug]
        code = conduct_draft(
            actor=national_staff, program=program, title=content["title"], text=content["text"]
        )
        conduct_publish(actor=national_staff, code=code)
        published += 1
    return published


def sign_current_code(person, program) -> None:
    """The person signs the program's current code of conduct (once; signing again returns
    the first signature). The demo facilitator has signed, so the daily sweep never
    suspends him for an unsigned code."""
    code = CodeOfConduct.objects.current_for(program)
    if code is not None:
        conduct_sign(actor=person, code=code, typed_name=person.full_name, agreed=True)


def _right_answers(module) -> dict:
    answers = {}
    for question in snapshot_questions(module.questions):
        if question["type"] == TRUE_FALSE:
            answers[question["id"]] = "true" if question["answer"] else "false"
        else:
            answers[question["id"]] = [
                str(index) for index, option in enumerate(question["options"]) if option["correct"]
            ]
    return answers


def _pass_modules(person, program, count):
    passed = set(
        ModuleProgress.objects.filter(learner=person, passed_at__isnull=False).values_list(
            "module_id", flat=True
        )
    )
    for module in live_modules(program)[:count]:
        if module.canonical_id in passed:
            continue
        knowledge_check_submit(
            actor=person,
            module=module,
            answers=_right_answers(module),
            submission_token=uuid.uuid4(),
        )


def _upcoming_training(trainer, program, state):
    """The demo's upcoming Ohio training (two weeks from now, 9 to 4), made once."""
    existing = (
        TrainingEvent.objects.filter(
            program=program,
            state=state,
            title=DEMO_EVENT_TITLE,
            cancelled_at__isnull=True,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    if existing is not None:
        return existing
    day = timezone.localdate() + datetime.timedelta(days=14)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return event_create(
        actor=trainer,
        program=program,
        state=state,
        title=DEMO_EVENT_TITLE,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=7),
        format=EventFormat.IN_PERSON,
        location=DEMO_EVENT_PLACE,
        capacity=20,
    )


def seed_trainee_stages(*, trainer) -> None:
    """Maya midway and Robin ready for their training (see the module docstring)."""
    User = get_user_model()
    program = ProgramPage.objects.live().get(slug=STAGE_PROGRAM)
    cleveland = Organization.objects.get(short_code="OH-CLE")
    for email, _name, modules, to_training in STAGE_PEOPLE:
        person = User.objects.get(email__iexact=email)
        enrollment = Enrollment.objects.filter(person=person, program=program).first()
        if enrollment is None:
            enrollment = enrollment_create(
                actor=person, person=person, program=program, affiliate=cleveland
            )
        _pass_modules(person, program, modules)
        if not to_training:
            continue
        sign_current_code(person, program)
        enrollment.refresh_from_db()
        if enrollment.is_open and not enrollment.attendances.exists():
            event = _upcoming_training(trainer, program, Organization.objects.get(short_code="OH"))
            event_add_attendee(actor=trainer, event=event, enrollment=enrollment)
