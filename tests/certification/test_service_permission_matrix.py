"""The permission matrix of the certification lifecycle: who may call each service.

One Cleveland (Ohio) trainee holds the certificate or the enrollment; seven people try every
service on it. `ALLOWED` is the matrix: an allowed call succeeds, changes what it should and
records who did it; every other role gets `PermissionDenied` and nothing changes (the
certification, its history, the history entries, requests, enrollments: see `world`). Each
service's other preconditions are met, so only authority decides. The enrollment, event and
code-of-conduct services are in `test_service_permission_matrix_enrollment.py`.

Time stands still on January 15, 2028: the certificate issued March 10, 2026 is valid
through March 10, 2028, so its renewal window (90 days before) is open.
"""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from certification.models import (
    Certification,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    CodeOfConduct,
    ConductSignature,
    Enrollment,
    EnrollmentInvitation,
    EnrollmentStatus,
    EventAttendance,
    HistoryEntry,
    Membership,
    ReadinessAssessment,
    RenewalRequest,
    RenewalRequestStatus,
    Role,
    SystemCause,
    TrainingEvent,
)
from certification.services import certificates as svc
from certification.services import renewals
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.events import attendance_record, event_add_attendee, event_create
from certification.services.readiness import readiness_assess, rubric_for
from curriculum.models import ProgramPage
from tests.factories import UserFactory, decertification_case, grant

from .conftest import enroll, issue

S, A = CertificationStatus, CertificationAction
NOW = datetime.datetime(2028, 1, 15, 15, 0)
ISSUED = datetime.date(2026, 3, 10)
VALID_THROUGH = datetime.date(2028, 3, 10)  # renewal opened 90 days before: December 11, 2027
RENEWED = datetime.date(2030, 3, 10)  # one more validity period from the old end date
REASON = "Gave medication advice at two sessions"

ROLES = (
    "holder",  # the trainee or facilitator themselves
    "other_trainee",  # someone else with no role anywhere
    "cleveland_coordinator",  # coordinator of the holder's affiliate
    "columbus_coordinator",  # coordinator of another affiliate in Ohio
    "ohio_trainer",  # trainer of the holder's state
    "texas_trainer",  # trainer of another state
    "national_staff",
)
TRAINERS = {"ohio_trainer", "national_staff"}  # authority over the holder's state

ALLOWED = {
    "suspend": TRAINERS,
    "reinstate": TRAINERS,
    "decertify": TRAINERS,
    "transfer_within_ohio": TRAINERS,  # Cleveland → Columbus: authority over both
    "transfer_to_texas": {"national_staff"},  # Cleveland → Austin: only national spans both
    "leave": {"holder"},
    "return": {"holder"},
    "end_for_closed_account": {"holder", "national_staff"},  # who may close the account
    "renew": {"holder", *TRAINERS},
    "renewal_request": {"holder"},  # the program needs a trainer's approval from here on
    "renewal_approve": TRAINERS,
    "renewal_decline": TRAINERS,
    "readiness_assess": TRAINERS,
    "readiness_assess_override": {"national_staff"},  # a prerequisite missing
}


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def people(tree, trainee, cleveland_coordinator, ohio_trainer, national_staff):
    def person(name, node=None, role=None):
        user = UserFactory(full_name=name)
        if node:
            grant(user, tree[node], role)
        return user

    return {
        "holder": trainee,
        "other_trainee": person("Omar Diaz"),
        "cleveland_coordinator": cleveland_coordinator,
        "columbus_coordinator": person("Cole Young", "columbus", Role.AFFILIATE_COORDINATOR),
        "ohio_trainer": ohio_trainer,
        "texas_trainer": person("Theo Grant", "texas", Role.STATE_TRAINER),
        "national_staff": national_staff,
    }


@pytest.fixture
def w(tree, program, people):
    """The world a service runs in: the tree, the program, the people, and who holds."""
    return SimpleNamespace(tree=tree, program=program, people=people, holder=people["holder"])


def world():
    """Everything a lifecycle service could change, to compare before and after a refusal."""

    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    certification_fields = ("status", "expires_on", "affiliate", "may_reenroll_on")
    return {
        "certifications": rows(Certification, *certification_fields, "leave_started_on"),
        "certification_events": rows(CertificationEvent),
        "history_entries": rows(HistoryEntry),
        "renewal_requests": rows(RenewalRequest, "status"),
        "enrollments": rows(Enrollment, "status"),
        "memberships": rows(Membership, "ended_at"),
        "invitations": rows(EnrollmentInvitation),
        "assessments": rows(ReadinessAssessment),
        "events": rows(TrainingEvent),
        "attendances": rows(EventAttendance, "status", "recorded_by"),
        "codes": rows(CodeOfConduct, "published_at"),
        "signatures": rows(ConductSignature),
    }


def check_matrix(specs, allowed, w, service, role):
    """Arrange, snapshot, call as `role`: allowed calls take effect, others change nothing."""
    arrange, call, verify = specs[service]
    target = arrange(w)
    actor = w.people[role]
    before = world()
    if role in allowed[service]:
        result = call(actor, target, w)
        assert world() != before
        verify(actor, target, result, w)
    else:
        with pytest.raises(PermissionDenied):
            call(actor, target, w)
        assert world() == before


# --- certificates ---------------------------------------------------------------------------


def active(w):
    return issue(w.holder, w.program, w.tree["cleveland"], issued_on=ISSUED)


def suspended(w):
    return svc.certification_suspend(
        actor=None, system_cause=SystemCause.SETUP, certification=active(w), reason=REASON
    )


def under_decertification_case(w):
    certification = active(w)
    decertification_case(
        certification,
        decided_by=w.people["national_staff"],
        may_reenroll_on=datetime.date(2029, 1, 15),
    )
    return certification


def on_leave(w):
    return svc.certification_leave(actor=w.holder, certification=active(w))


def needing_approval(w):
    ProgramPage.objects.filter(pk=w.program.pk).update(renewal_needs_approval=True)
    w.program.refresh_from_db()
    return active(w)


def requested(w):
    certification = needing_approval(w)
    renewals.renewal_request(actor=w.holder, certification=certification)
    return certification


def pending(certification):
    return RenewalRequest.objects.get(certification=certification)


def recorded(action, status, **fields):
    """A check: the certification is now `status` (and `fields`), and its newest history
    event is `action` by the caller."""

    def verify(actor, certification, result, w):
        certification.refresh_from_db()
        assert certification.status == status
        for field, value in fields.items():
            expected = w.tree[value] if field == "affiliate" else value
            assert getattr(certification, field) == expected
        event = certification.history.order_by("created_at", "pk").last()
        assert (event.action, event.actor) == (action, actor)

    return verify


def decided(status, action):
    """A check for renewal decisions: the request is decided by the caller, in the history."""
    check = recorded(action, S.ACTIVE, **({"expires_on": RENEWED} if action == A.RENEW else {}))

    def verify(actor, certification, result, w):
        check(actor, certification, result, w)
        request = pending(certification)
        assert (request.status, request.decided_by) == (status, actor)

    return verify


def transfer_to(code):
    def call(actor, certification, w):
        return svc.certification_transfer(
            actor=actor, certification=certification, affiliate=w.tree[code]
        )

    return call


CERTIFICATE_SERVICES = {
    # service: (arrange, call, what is true after an allowed call)
    "suspend": (
        active,
        lambda a, c, w: svc.certification_suspend(actor=a, certification=c, reason=REASON),
        recorded(A.SUSPEND, S.SUSPENDED),
    ),
    "reinstate": (
        suspended,
        lambda a, c, w: svc.certification_reinstate(actor=a, certification=c, reason="Cleared"),
        recorded(A.REINSTATE, S.ACTIVE),
    ),
    "decertify": (  # only as a case's outcome: the case's decision to decertify stands
        under_decertification_case,
        lambda a, c, w: svc.certification_decertify(
            actor=a,
            certification=c,
            reason=REASON,
            may_reenroll_on=datetime.date(2029, 1, 15),
            case=c.cases.get(),
        ),
        recorded(A.DECERTIFY, S.DECERTIFIED, may_reenroll_on=datetime.date(2029, 1, 15)),
    ),
    "transfer_within_ohio": (
        active,
        transfer_to("columbus"),
        recorded(A.TRANSFER, S.ACTIVE, affiliate="columbus"),
    ),
    "transfer_to_texas": (
        active,
        transfer_to("austin"),
        recorded(A.TRANSFER, S.ACTIVE, affiliate="austin"),
    ),
    "leave": (
        active,
        lambda a, c, w: svc.certification_leave(actor=a, certification=c),
        recorded(A.LEAVE, S.ON_LEAVE, leave_started_on=NOW.date()),
    ),
    "return": (
        on_leave,
        lambda a, c, w: svc.certification_return(actor=a, certification=c),
        recorded(A.RETURN, S.ACTIVE, leave_started_on=None),
    ),
    "end_for_closed_account": (
        on_leave,
        lambda a, c, w: svc.certification_end_for_closed_account(actor=a, certification=c),
        recorded(A.ACCOUNT_CLOSED, S.ENDED, leave_started_on=None),
    ),
    "renew": (
        active,
        lambda a, c, w: renewals.certification_renew(actor=a, certification=c),
        recorded(A.RENEW, S.ACTIVE, expires_on=RENEWED),
    ),
    "renewal_request": (
        needing_approval,
        lambda a, c, w: renewals.renewal_request(actor=a, certification=c),
        recorded(A.RENEWAL_REQUESTED, S.ACTIVE, expires_on=VALID_THROUGH),
    ),
    "renewal_approve": (
        requested,
        lambda a, c, w: renewals.renewal_approve(actor=a, renewal_request=pending(c)),
        decided(RenewalRequestStatus.APPROVED, A.RENEW),
    ),
    "renewal_decline": (
        requested,
        lambda a, c, w: renewals.renewal_decline(
            actor=a, renewal_request=pending(c), reason=REASON
        ),
        decided(RenewalRequestStatus.DECLINED, A.RENEWAL_DECLINED),
    ),
}


# --- readiness ------------------------------------------------------------------------------


def ready_to_assess(w, *, attended=True):
    """The holder's Cleveland enrollment with the prerequisites met (or one missing: the
    state training, when not `attended`)."""
    staff, ohio = w.people["national_staff"], w.tree["ohio"]
    draft = conduct_draft(actor=staff, program=w.program, title="Code", text="I keep it private.")
    code = conduct_publish(actor=staff, code=draft)
    conduct_sign(actor=w.holder, code=code, typed_name=w.holder.full_name, agreed=True)
    enrollment = enroll(w.holder, w.program, w.tree["cleveland"])
    start = timezone.now() + datetime.timedelta(days=1)
    event = event_create(
        actor=staff,
        program=w.program,
        state=ohio,
        title="Ohio winter training",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        format="in_person",
        location="Columbus library",
        capacity=10,
    )
    place = event_add_attendee(actor=staff, event=event, enrollment=enrollment)
    if attended:
        attendance_record(actor=staff, attendance=place, attended=True)
    rubric_for(w.program)  # the default rubric is written before anyone assesses
    enrollment.refresh_from_db()
    return enrollment


def assess(override_reason=""):
    def call(actor, enrollment, w):
        return readiness_assess(
            actor=actor,
            enrollment=enrollment,
            scores={c.pk: 3 for c in rubric_for(w.program)},
            decision="ready",
            override_reason=override_reason,
        )

    return call


def certified(override):
    def verify(actor, enrollment, assessment, w):
        enrollment.refresh_from_db()
        assert enrollment.status == EnrollmentStatus.CERTIFIED
        assert (assessment.assessor, assessment.prerequisite_override) == (actor, override)
        certification = Certification.objects.get(enrollment=enrollment)
        assert (certification.person, certification.status) == (w.holder, S.ACTIVE)

    return verify


OVERRIDE = "Attended the phone training; the roster was lost"
READINESS_SERVICES = {
    "readiness_assess": (ready_to_assess, assess(), certified("")),
    "readiness_assess_override": (
        lambda w: ready_to_assess(w, attended=False),
        assess(OVERRIDE),
        certified(OVERRIDE),
    ),
}

SERVICES = {**CERTIFICATE_SERVICES, **READINESS_SERVICES}


def test_the_matrix_covers_every_service_and_names_only_known_roles():
    assert set(ALLOWED) == set(SERVICES)
    assert set().union(*ALLOWED.values()) <= set(ROLES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", list(SERVICES))
def test_who_may_call_each_lifecycle_service(w, service, role):
    check_matrix(SERVICES, ALLOWED, w, service, role)


# --- never on one's own record --------------------------------------------------------------

# A trainer who is also a facilitator or trainee holds the same authority over the records of
# everyone in their state, but never over their own: the rule of `can_assess_readiness`,
# of renewal decisions, and of concerns and decertification cases ("never the subject").
NEVER_ON_ONES_OWN = (
    "readiness_assess",
    "renewal_approve",
    "renewal_decline",
    "reinstate",  # lifting one's own suspension, e.g. one pending review of a concern
    "decertify",  # ending one's own certificate on one's own terms, ahead of a case
)


@pytest.mark.parametrize("service", NEVER_ON_ONES_OWN)
def test_a_trainer_never_decides_on_their_own_record(w, service):
    w.holder = w.people["ohio_trainer"]  # holds the Cleveland certificate or enrollment
    arrange, call, _verify = SERVICES[service]
    target = arrange(w)
    before = world()
    with pytest.raises(PermissionDenied):
        call(w.holder, target, w)
    assert world() == before


def test_a_trainer_of_the_state_is_refused_the_override_itself(w, people):
    """The Ohio trainer may assess this enrollment; what they may not do is override the
    missing state training, which is national staff's alone."""
    enrollment = ready_to_assess(w, attended=False)
    before = world()
    with pytest.raises(PermissionDenied, match="Only national staff may override"):
        assess(OVERRIDE)(people["ohio_trainer"], enrollment, w)
    assert world() == before
