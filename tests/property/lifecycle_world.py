"""The small world the lifecycle state machine acts in, and who rightly acts in it.

A national organization, two states with two affiliates each, one program (one required
module, a published code of conduct, the default rubric, a training in each state), a person
for every role, five trainees (two of them already certified) and a bystander with no role.

`rightful_*` say, independently of `certification/permissions/`, who should be able to take
each step: the machine asserts that nobody else ever succeeds, and that the rightful are never
refused for lack of authority. `snapshot` reads every row a lifecycle service may write, so a
refused call can be shown to have changed nothing.
"""

import datetime
import uuid
import zoneinfo
from dataclasses import dataclass

import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from certification.dates import add_months
from certification.models import (
    CaseEvent,
    Certification,
    CertificationEvent,
    CodeOfConduct,
    ConcernEvent,
    ConductSignature,
    DecertificationCase,
    Enrollment,
    EventAttendance,
    ExpiryReminder,
    HistoryEntry,
    ImprovementPlan,
    Membership,
    ReadinessAssessment,
    ReadinessDecision,
    RenewalRequest,
    Role,
)
from certification.models import Concern as ConcernModel
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.enrollments import enrollment_create
from certification.services.events import attendance_record, event_add_attendee, event_create
from certification.services.readiness import readiness_assess, rubric_for
from curriculum.models import KnowledgeCheckAttempt, ModuleProgress, ProgramPage, TrainingIndexPage
from curriculum.services import knowledge_check_submit
from lms.models import AccountClosure
from tests.curriculum.conftest import ALL_RIGHT, make_module
from tests.factories import UserFactory, grant, make_affiliate, make_national, make_state

from .lifecycle_world_in_progress import in_progress

EASTERN = zoneinfo.ZoneInfo("America/New_York")
# Every example starts on Monday, March 4, 2030, the clock standing still until a rule moves it.
START = datetime.datetime(2030, 3, 4, 9, 0, tzinfo=EASTERN)
BUILT = START - datetime.timedelta(days=1)

STATE_OF = {"cleveland": "ohio", "columbus": "ohio", "austin": "texas", "houston": "texas"}
AFFILIATES = tuple(STATE_OF)

# Who holds which role where: (role, organization key).
ROLES = {
    "national": (Role.NATIONAL_STAFF, "national"),
    "national2": (Role.NATIONAL_STAFF, "national"),
    "ohio_trainer": (Role.STATE_TRAINER, "ohio"),
    "texas_trainer": (Role.STATE_TRAINER, "texas"),
    "cleveland_coord": (Role.AFFILIATE_COORDINATOR, "cleveland"),
    "columbus_coord": (Role.AFFILIATE_COORDINATOR, "columbus"),
    "austin_coord": (Role.AFFILIATE_COORDINATOR, "austin"),
    "houston_coord": (Role.AFFILIATE_COORDINATOR, "houston"),
}
# Trainees and where they train (see `build_world` for how far each has come); the bystander
# never holds a role.
TRAINEES = {
    "ann": "cleveland",
    "ben": "austin",
    "cal": "columbus",
    "dee": "houston",
    "eve": "cleveland",
    "fay": "columbus",
    "gus": "houston",
    "hal": "austin",
    "ivy": "cleveland",
}
PEOPLE = (*ROLES, *TRAINEES, "bystander")


@dataclass
class World:
    orgs: dict  # key → Organization
    org_keys: dict  # Organization pk → key
    program: ProgramPage
    module: object
    events: dict  # state key → TrainingEvent
    people: dict  # key → user pk
    keys: dict  # user pk → key
    competencies: list


def build_world() -> World:
    """Build the world once per test, through the services and with the clock moving as it
    would; each example then runs in a savepoint over it.

    Hal was certified 25 months before the examples start (his certificate has expired), Ann
    and Gus 22 and 21 months before (their renewal windows are open), Ben, Fay and Ivy a
    month before; Cal has done everything but the training,
    Dee has not signed the code of conduct, Eve has not started. Then work is left in progress
    at every stage (`lifecycle_world_in_progress`), so each example reaches any step quickly.
    """
    with time_machine.travel(_months_before(25), tick=False):
        orgs = _tree()
        people = {}
        for key in PEOPLE:
            people[key] = UserFactory(full_name=f"{key.replace('_', ' ').title()} Person")
        for key, (role, org) in ROLES.items():
            grant(people[key], orgs[org], role)
        program, module, code = _program(people["national"])
        setup = {"program": program, "module": module, "code": code, "orgs": orgs}
        _certify(people, setup, "hal")
    with time_machine.travel(_months_before(22), tick=False):
        _certify(people, setup, "ann")
    with time_machine.travel(_months_before(21), tick=False):
        _certify(people, setup, "gus")
    with time_machine.travel(_months_before(1), tick=False):
        for key in ("ben", "fay", "ivy"):
            _certify(people, setup, key)
    with time_machine.travel(BUILT, tick=False):
        enrollments = {key: _train(people, setup, key, sign=key == "cal") for key in ("cal", "dee")}
        events = {state: _event(people, setup, state, START) for state in ("ohio", "texas")}
        in_progress(people, program, enrollments["cal"], events["ohio"])
        return World(
            orgs=orgs,
            org_keys={org.pk: key for key, org in orgs.items()},
            program=program,
            module=module,
            events=events,
            people={key: person.pk for key, person in people.items()},
            keys={person.pk: key for key, person in people.items()},
            competencies=rubric_for(program),
        )


def _months_before(months) -> datetime.datetime:
    return datetime.datetime.combine(add_months(BUILT.date(), -months), BUILT.timetz())


def _tree() -> dict:
    national = make_national()
    ohio = make_state("OH", "Peer Support Ohio", national)
    texas = make_state("TX", "Peer Support Texas", national)
    return {
        "national": national,
        "ohio": ohio,
        "texas": texas,
        "cleveland": make_affiliate("OH-CLE", ohio, "Cleveland Peer Support"),
        "columbus": make_affiliate("OH-COL", ohio, "Columbus Family Network"),
        "austin": make_affiliate("TX-AUS", texas, "Austin Peer Support"),
        "houston": make_affiliate("TX-HOU", texas, "Houston Family Network"),
    }


def _program(staff):
    """A live program, certificates valid 24 months, one required module, a published code of
    conduct and the default rubric."""
    home = Page.objects.get(depth=2)
    index = TrainingIndexPage(title="Training", slug="training")
    home.add_child(instance=index)
    program = ProgramPage(title="Peer Mentor", slug="peer-mentor", validity_months=24)
    index.add_child(instance=program)
    module = make_module(program, "boundaries", max_attempts=1)
    code = conduct_publish(
        actor=staff,
        code=conduct_draft(actor=staff, program=program, title="Code", text="Be kind."),
    )
    return program, module, code


def _event(people, setup, state, day):
    """A training in `state` ten days after `day`, run by the state's trainer."""
    starts_at = day + datetime.timedelta(days=10)
    return event_create(
        actor=people[f"{state}_trainer"],
        program=setup["program"],
        state=setup["orgs"][state],
        title=f"{state.title()} training",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=6),
        format="in_person",
        location="Library",
        capacity=50,
    )


def _train(people, setup, key, *, sign=True):
    """`key` enrolls and passes the module, and signs the code of conduct if `sign`."""
    person = people[key]
    affiliate = setup["orgs"][TRAINEES[key]]
    enrollment = enrollment_create(
        actor=person, person=person, program=setup["program"], affiliate=affiliate
    )
    knowledge_check_submit(
        actor=person,
        module=setup["module"],
        answers=ALL_RIGHT,
        submission_token=uuid.UUID(int=person.pk),
    )
    if sign:
        conduct_sign(actor=person, code=setup["code"], typed_name=person.full_name, agreed=True)
    return enrollment


def _certify(people, setup, key):
    """`key` trains, attends a training of their state and is assessed ready (certified)."""
    enrollment = _train(people, setup, key)
    state = STATE_OF[TRAINEES[key]]
    trainer = people[f"{state}_trainer"]
    place = event_add_attendee(
        actor=trainer, event=_event(people, setup, state, timezone.now()), enrollment=enrollment
    )
    attendance_record(actor=trainer, attendance=place, attended=True)
    readiness_assess(
        actor=trainer,
        enrollment=enrollment,
        scores={competency.pk: 4 for competency in rubric_for(setup["program"])},
        decision=ReadinessDecision.READY,
    )


def load_people(world) -> dict:
    """Fresh user rows for every key (closing an account changes them)."""
    by_pk = get_user_model().objects.in_bulk(list(world.people.values()))
    return {key: by_pk[pk] for key, pk in world.people.items()}


# --- who rightly acts --------------------------------------------------------------------


def national_staff() -> list[str]:
    return [key for key, (role, _) in ROLES.items() if role == Role.NATIONAL_STAFF]


def trainers_over(affiliate: str) -> list[str]:
    """National staff and the trainer of the affiliate's state: certificates, events,
    assessments, concerns' decisions, cases."""
    return [
        key
        for key, (role, org) in ROLES.items()
        if role == Role.NATIONAL_STAFF
        or (role == Role.STATE_TRAINER and org == STATE_OF[affiliate])
    ]


def trainers_of_state(state: str) -> list[str]:
    return [
        key
        for key, (role, org) in ROLES.items()
        if role == Role.NATIONAL_STAFF or (role == Role.STATE_TRAINER and org == state)
    ]


def staff_over(affiliate: str) -> list[str]:
    """Everyone who manages enrollments and reviews concerns at the affiliate: its
    coordinators too."""
    coordinators = [
        key
        for key, (role, org) in ROLES.items()
        if role == Role.AFFILIATE_COORDINATOR and org == affiliate
    ]
    return [*trainers_over(affiliate), *coordinators]


def states_of(affiliates) -> set[str]:
    return {STATE_OF[affiliate] for affiliate in affiliates}


# --- what a refusal must leave alone -------------------------------------------------------

# Rows a service may change in place: read whole. History and attempts are only ever added
# to (append-only), so their count and newest id say whether anything was written.
CHANGING_MODELS = (
    Certification,
    RenewalRequest,
    Enrollment,
    EventAttendance,
    CodeOfConduct,
    ConductSignature,
    ConcernModel,
    DecertificationCase,
    ImprovementPlan,
    Membership,
    ModuleProgress,
)
GROWING_MODELS = (
    CertificationEvent,
    ExpiryReminder,
    ReadinessAssessment,
    ConcernEvent,
    CaseEvent,
    HistoryEntry,
    KnowledgeCheckAttempt,
    AccountClosure,
)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _pk(model) -> str:
    return connection.ops.quote_name(model._meta.pk.column)


def sizes(models) -> dict:
    """How many rows each table holds and its newest id, in one query."""
    sql = " UNION ALL ".join(
        f"SELECT '{model.__name__}', COUNT(*), MAX({_pk(model)}) FROM {_table(model)}"
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {name: (count, newest or 0) for name, count, newest in cursor.fetchall()}


def snapshot() -> dict:
    """Every row a lifecycle service may write, and the people's own rows (raw SQL: this
    runs around every call, and the ORM would cost more than the services)."""
    rows = sizes(GROWING_MODELS)
    User = get_user_model()
    people = ", ".join(
        connection.ops.quote_name(User._meta.get_field(name).column)
        for name in ("id", "email", "full_name", "is_active", "closed_at")
    )
    with connection.cursor() as cursor:
        for model in CHANGING_MODELS:
            cursor.execute(f"SELECT * FROM {_table(model)} ORDER BY {_pk(model)}")
            rows[model.__name__] = cursor.fetchall()
        cursor.execute(f"SELECT {people} FROM {_table(User)} ORDER BY {_pk(User)}")
        rows["User"] = cursor.fetchall()
    return rows


def differences(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]
