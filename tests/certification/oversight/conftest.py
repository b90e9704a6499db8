"""A small oversight world, built directly in the database (no other helper's services):

National → Ohio (Cleveland, Columbus) and Texas (Austin), two programs, people in every
column, concerns in every open status (and a resolved one that must not count), and
observations at two affiliates. `EXPECTED` below is what each dashboard must show.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import Page

from certification.models import (
    Certification,
    CertificationStatus,
    Concern,
    ConcernCategory,
    ConcernOutcome,
    ConcernSetting,
    ConcernSeverity,
    ConcernStatus,
    Enrollment,
    EnrollmentStatus,
    FidelityObservation,
    Role,
)
from curriculum.models import ProgramPage, TrainingIndexPage
from tests.factories import UserFactory, grant, make_affiliate, make_national, make_state

S = CertificationStatus
INJECTION_NAME = '=HYPERLINK("http://evil.example","x")'


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def make_programs():
    index = TrainingIndexPage(title="Training", slug="training")
    Page.objects.get(depth=2).add_child(instance=index)
    mentor = ProgramPage(title="Peer Mentor", slug="peer-mentor", validity_months=24)
    index.add_child(instance=mentor)
    facilitator = ProgramPage(
        title="Support Group Facilitator", slug="support-group-facilitator", validity_months=24
    )
    index.add_child(instance=facilitator)
    return mentor, facilitator


def certify(person, program, affiliate, status=S.ACTIVE, expires_in=700, issued_ago=30):
    return Certification.objects.create(
        person=person,
        program=program,
        affiliate=affiliate,
        issuing_state=affiliate.get_parent(),
        status=status,
        issued_on=days(-issued_ago),
        expires_on=days(expires_in),
        leave_started_on=days(-5) if status == S.ON_LEAVE else None,
    )


def enroll(person, program, affiliate, status=EnrollmentStatus.IN_TRAINING, ago=0):
    now = timezone.now() - datetime.timedelta(days=ago)
    return Enrollment.objects.create(
        person=person,
        program=program,
        affiliate=affiliate,
        status=status,
        enrolled_at=now,
        status_changed_at=now,
    )


def concern(certification, owner, status=ConcernStatus.RECEIVED, age=1, category="boundaries"):
    extra = {}
    if status != ConcernStatus.RECEIVED:
        extra.update(severity=ConcernSeverity.MEDIUM, owner=owner)
    if status == ConcernStatus.RESOLVED:
        extra.update(outcome=ConcernOutcome.NO_ACTION, resolved_at=timezone.now())
    return Concern.objects.create(
        certification=certification,
        subject=certification.person,
        affiliate=certification.affiliate,
        program=certification.program,
        category=category,
        what_happened="Gave a member a ride home and lent money.",
        setting=ConcernSetting.GROUP,
        status=status,
        received_at=timezone.now() - datetime.timedelta(days=age),
        **extra,
    )


def observe(program, affiliate, observer, facilitators, score, ago):
    observation = FidelityObservation.objects.create(
        program=program,
        affiliate=affiliate,
        observer=observer,
        observed_on=days(-ago),
        session_kind="group",
        scores=[{"name": "Keeps boundaries", "threshold": 3, "score": 4}],
        average_score=Decimal(score),
    )
    observation.facilitators.set(facilitators)
    return observation


@dataclass
class World:
    nodes: dict
    staff: dict
    people: dict
    programs: dict
    observations: dict = field(default_factory=dict)


def build_world() -> World:
    national = make_national()
    ohio = make_state("OH", "Peer Support Ohio", national)
    texas = make_state("TX", "Peer Support Texas", national)
    nodes = {
        "national": national,
        "ohio": ohio,
        "texas": texas,
        "cleveland": make_affiliate("OH-CLE", ohio, "Cleveland Peer Support"),
        "columbus": make_affiliate("OH-COL", ohio, "Columbus Family Network"),
        "austin": make_affiliate("TX-AUS", texas, "Austin Peer Support"),
    }
    staff = {
        "national": UserFactory(full_name="Nadia Brooks", email="nadia@example.org"),
        "ohio": UserFactory(full_name="Tomas Alvarez", email="tomas@example.org"),
        "texas": UserFactory(full_name="Rosa Medina", email="rosa@example.org"),
        "cleveland": UserFactory(full_name="Carla Reyes", email="carla@example.org"),
        "austin": UserFactory(full_name="Andre Fox", email="andre@example.org"),
        "outsider": UserFactory(full_name="Oscar Lee", email="oscar@example.org"),
    }
    grant(staff["national"], national, Role.NATIONAL_STAFF)
    grant(staff["ohio"], ohio, Role.STATE_TRAINER)
    grant(staff["texas"], texas, Role.STATE_TRAINER)
    grant(staff["cleveland"], nodes["cleveland"], Role.AFFILIATE_COORDINATOR)
    grant(staff["austin"], nodes["austin"], Role.AFFILIATE_COORDINATOR)

    mentor, group = make_programs()
    names = {
        "ana": "Ana Ruiz",
        "ben": "Ben Okafor",
        "cara": "Cara Singh",
        "dev": "Dev Patel",
        "eli": "Eli Brown",
        "fay": "Fay Moore",
        "gus": "Gus Young",
        "hal": "Hal Kim",
        "ivy": "Ivy Chen",
        "jo": "Jo Adams",
        "kim": "Kim Diaz",
        "lia": "Lia Ortiz",
        "max": "Max Grant",
        "nia": "Nia Shaw",
        "eve": INJECTION_NAME,
    }
    people = {
        key: UserFactory(full_name=name, email=f"{key}@example.org") for key, name in names.items()
    }
    cle, col, aus = nodes["cleveland"], nodes["columbus"], nodes["austin"]
    owner = staff["ohio"]

    ana = certify(people["ana"], mentor, cle, expires_in=30)  # active, expiring
    certify(people["ben"], mentor, cle)  # active
    enroll(people["ben"], group, cle)  # in training (other program)
    cara = certify(people["cara"], mentor, cle, status=S.SUSPENDED)
    certify(people["dev"], group, cle, status=S.ON_LEAVE)
    enroll(people["eli"], mentor, cle)  # in training
    # not yet ready a year ago, and back in training since: counted in training only
    enroll(people["eli"], mentor, cle, status=EnrollmentStatus.NOT_YET_READY, ago=365)
    enroll(people["lia"], mentor, cle, status=EnrollmentStatus.NOT_YET_READY)
    enroll(people["max"], group, col, status=EnrollmentStatus.REFERRED)
    enroll(people["nia"], mentor, aus, status=EnrollmentStatus.NOT_YET_READY)
    enroll(people["fay"], mentor, cle, status=EnrollmentStatus.READY_FOR_ASSESSMENT)
    gus = certify(people["gus"], mentor, cle, status=S.EXPIRED, expires_in=-10, issued_ago=800)
    hal = certify(people["hal"], group, col, expires_in=80)  # active, expiring
    enroll(people["ivy"], group, col)
    jo = certify(people["jo"], mentor, aus, issued_ago=400)
    certify(people["kim"], mentor, aus, status=S.DECERTIFIED)
    certify(people["eve"], mentor, aus)

    concern(ana, owner, ConcernStatus.RECEIVED, age=10, category=ConcernCategory.BOUNDARIES)
    concern(cara, owner, ConcernStatus.TRIAGED, age=40, category=ConcernCategory.PRIVACY)
    concern(gus, owner, ConcernStatus.RESOLVED, age=90)  # resolved: never counted
    concern(jo, staff["texas"], ConcernStatus.UNDER_REVIEW, age=5, category="medical_advice")
    del hal

    world = World(
        nodes=nodes, staff=staff, people=people, programs={"mentor": mentor, "group": group}
    )
    world.observations = {
        "cle_old": observe(mentor, cle, owner, [people["ana"], people["ben"]], "3.50", 60),
        "cle_new": observe(mentor, cle, owner, [people["ana"]], "4.25", 20),
        "col": observe(group, col, owner, [people["hal"]], "3.00", 10),
    }
    return world


@pytest.fixture
def world(db):
    return build_world()


# What each dashboard shows (all programs): node → row name → numbers.
COLUMNS = (
    "active",
    "in_training",
    "ready",
    "not_yet_ready",
    "referred",
    "expiring",
    "suspended",
    "concerns",
)
EXPECTED = {
    "national": {
        "Peer Support Ohio": dict(zip(COLUMNS, (3, 3, 1, 1, 1, 2, 2, 2), strict=True)),
        "Peer Support Texas": dict(zip(COLUMNS, (2, 0, 0, 1, 0, 0, 0, 1), strict=True)),
    },
    "ohio": {
        "Cleveland Peer Support": dict(zip(COLUMNS, (2, 2, 1, 1, 0, 1, 2, 2), strict=True)),
        "Columbus Family Network": dict(zip(COLUMNS, (1, 1, 0, 0, 1, 1, 0, 0), strict=True)),
    },
}
