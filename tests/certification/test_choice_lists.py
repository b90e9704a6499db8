"""Every choice list a form offers is the list its service accepts (`permissions.choices`).

For each list, a crowd of people, organizations or records, chosen so that the rules have
something to refuse (an inactive trainer, a revoked grant, a superuser, a trainer who is also
the facilitator a concern is about, an inactive affiliate, a closed enrollment...), is tried
one by one against the service, each attempt in a savepoint that is rolled back. The test
fails if the service accepts a choice the form does not offer, or refuses one it offers, and
each list is also pinned to what it should hold so that "both refuse everything" cannot pass.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from certification import permissions
from certification.models import (
    CertificationStatus,
    EnrollmentStatus,
    EventAttendance,
    EventFormat,
    Role,
    RoleGrant,
)
from certification.services.certificates import certification_transfer
from certification.services.enrollments import enrollment_create
from certification.services.events import event_add_attendee, event_create, event_update
from certification.services.fidelity import concerns as concern_services
from certification.services.fidelity.concern_links import concern_link
from certification.services.fidelity.observations import checklist_for, observation_record
from certification.services.organizations import organization_update, role_grant, role_revoke
from curriculum.models import ProgramPage
from tests.factories import UserFactory, grant, make_affiliate

from .conftest import enroll, issue


class _RolledBack(Exception):
    pass


def accepted(call) -> bool:
    """Whether a service accepts a call; whatever it wrote is rolled back."""
    try:
        with transaction.atomic():
            call()
            raise _RolledBack
    except _RolledBack:
        return True
    except (PermissionDenied, ValidationError):
        return False


def disagreements(candidates, offered, call):
    """The candidates where the list and the service disagree: (name, offered, accepted)."""
    offered = set(offered)
    found = []
    for name, candidate in candidates.items():
        is_offered = candidate in offered
        is_accepted = accepted(lambda c=candidate: call(c))
        if is_offered != is_accepted:
            found.append((name, is_offered, is_accepted))
    return found


@pytest.fixture
def dayton(tree):
    return make_affiliate("OH-DAY", tree["ohio"], "Dayton Peer Support")


@pytest.fixture
def closed_affiliate(tree, national_staff):
    """An Ohio affiliate that no longer takes anyone."""
    affiliate = make_affiliate("OH-OLD", tree["ohio"], "Old Ohio Affiliate")
    return organization_update(actor=national_staff, organization=affiliate, is_active=False)


@pytest.fixture
def frank(tree):
    """A facilitator certified in Cleveland who is also an Ohio trainer: he may manage
    concerns in Ohio, but never one about himself."""
    person = UserFactory(full_name="Frank Hollis")
    grant(person, tree["ohio"], Role.STATE_TRAINER)
    return person


@pytest.fixture
def crowd(tree, national_staff, ohio_trainer, cleveland_coordinator, trainee, frank, dayton):
    """One person for every way a role can hold or fail to hold authority over Ohio."""
    second_trainer = UserFactory(full_name="Olivia Chen")
    grant(second_trainer, tree["ohio"], Role.STATE_TRAINER)
    texas_trainer = UserFactory(full_name="Terry Lindqvist")
    grant(texas_trainer, tree["texas"], Role.STATE_TRAINER)
    columbus_coordinator = UserFactory(full_name="Cole Mercer")
    grant(columbus_coordinator, tree["columbus"], Role.AFFILIATE_COORDINATOR)
    inactive_trainer = UserFactory(full_name="Ina Stone")
    grant(inactive_trainer, tree["ohio"], Role.STATE_TRAINER)
    inactive_trainer.is_active = False
    inactive_trainer.save(update_fields=["is_active"])
    revoked_trainer = UserFactory(full_name="Rex Vale")
    revoked = grant(revoked_trainer, tree["ohio"], Role.STATE_TRAINER)
    role_revoke(actor=national_staff, grant=revoked)
    superuser = UserFactory(full_name="Sam Root", is_superuser=True, is_staff=True)
    return {
        "national_staff": national_staff,
        "ohio_trainer": ohio_trainer,
        "second_ohio_trainer": second_trainer,
        "frank (trainer and facilitator)": frank,
        "texas_trainer": texas_trainer,
        "cleveland_coordinator": cleveland_coordinator,
        "columbus_coordinator": columbus_coordinator,
        "inactive_trainer": inactive_trainer,
        "revoked_trainer": revoked_trainer,
        "superuser": superuser,
        "trainee": trainee,
    }


@pytest.fixture
def frank_certificate(frank, program, tree):
    return issue(frank, program, tree["cleveland"])


@pytest.fixture
def other_program(program):
    other = ProgramPage(title="Support Group Facilitator", slug="sgf", validity_months=24)
    program.get_parent().add_child(instance=other)
    return other


# --- a concern's owner ---------------------------------------------------------------------


def test_concern_owners_are_exactly_who_triage_accepts(crowd, frank_certificate, ohio_trainer):
    concern = concern_services.concern_report(
        actor=crowd["trainee"],
        certification=frank_certificate,
        category="boundaries",
        what_happened="Met a member alone after the group.",
        happened_on=None,
        setting="group",
    )
    offered = permissions.concern_owner_choices(concern)

    def triage(owner):
        concern_services.concern_triage(
            actor=ohio_trainer, concern=concern, severity="low", owner=owner
        )

    assert disagreements(crowd, offered, triage) == []
    assert set(offered) == {crowd["national_staff"], ohio_trainer, crowd["second_ohio_trainer"]}


def test_unlinked_concern_owners_leave_out_the_person_named(crowd, program, tree, ohio_trainer):
    concern = concern_services.concern_report(
        actor=None,
        subject_name="olivia chen",
        program=program,
        affiliate=tree["cleveland"],
        category="boundaries",
        what_happened="Met a member alone after the group.",
        happened_on=None,
        setting="group",
        reporter_email="worried@example.org",
    )
    offered = permissions.concern_owner_choices(concern)

    def triage(owner):
        concern_services.concern_triage(
            actor=ohio_trainer, concern=concern, severity="low", owner=owner
        )

    assert disagreements(crowd, offered, triage) == []
    assert crowd["second_ohio_trainer"] not in offered
    assert crowd["frank (trainer and facilitator)"] in offered


# --- training events: states, co-trainers, attendees --------------------------------------


def event_fields(program, **overrides):
    starts = timezone.now() + datetime.timedelta(days=10)
    fields = {
        "program": program,
        "title": "Spring training",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=6),
        "format": EventFormat.IN_PERSON,
        "location": "Columbus Library",
        "capacity": 10,
    }
    fields.update(overrides)
    return fields


def test_event_states_are_exactly_where_event_create_accepts(crowd, tree, program):
    nodes = {code: tree[code] for code in ("national", "ohio", "texas", "cleveland")}
    for name, person in crowd.items():
        offered = permissions.event_states(person)

        def create(state, person=person):
            event_create(actor=person, state=state, trainers=(), **event_fields(program))

        assert disagreements(nodes, offered, create) == [], name


def test_co_trainers_are_exactly_who_event_create_and_update_accept(crowd, tree, program):
    ohio, organizer = tree["ohio"], crowd["ohio_trainer"]
    offered = permissions.event_co_trainer_choices(ohio).exclude(pk=organizer.pk)
    others = {name: person for name, person in crowd.items() if person != organizer}

    def create(co_trainer):
        event_create(actor=organizer, state=ohio, trainers=[co_trainer], **event_fields(program))

    assert disagreements(others, offered, create) == []
    assert set(offered) == {
        crowd["national_staff"],
        crowd["second_ohio_trainer"],
        crowd["frank (trainer and facilitator)"],
    }

    event = event_create(actor=organizer, state=ohio, trainers=(), **event_fields(program))
    fields = event_fields(program)
    del fields["program"]

    def update(co_trainer):
        event_update(actor=organizer, event=event, trainers=[co_trainer], **fields)

    assert disagreements(others, offered, update) == []


def test_attendees_are_exactly_who_event_add_attendee_accepts(
    tree, program, other_program, ohio_trainer
):
    event = event_create(actor=ohio_trainer, state=tree["ohio"], **event_fields(program))
    placed = enroll(UserFactory(), program, tree["cleveland"])
    EventAttendance.objects.create(event=event, enrollment=placed, recorded_by=ohio_trainer)
    withdrawn = enroll(UserFactory(), program, tree["cleveland"])
    withdrawn.status = EnrollmentStatus.WITHDRAWN
    withdrawn.save(update_fields=["status"])
    enrollments = {
        "cleveland": enroll(UserFactory(), program, tree["cleveland"]),
        "columbus": enroll(UserFactory(), program, tree["columbus"]),
        "austin (Texas)": enroll(UserFactory(), program, tree["austin"]),
        "other program": enroll(UserFactory(), other_program, tree["cleveland"]),
        "withdrawn": withdrawn,
        "already placed": placed,
    }
    offered = permissions.event_attendee_choices(event)

    def add(enrollment):
        event_add_attendee(actor=ohio_trainer, event=event, enrollment=enrollment)

    assert disagreements(enrollments, offered, add) == []
    assert set(offered) == {enrollments["cleveland"], enrollments["columbus"]}


# --- certificates: transfer targets --------------------------------------------------------


def test_transfer_targets_are_exactly_where_transfer_accepts(
    crowd, tree, program, closed_affiliate, dayton
):
    certificate = issue(UserFactory(full_name="Hana Lee"), program, tree["cleveland"])
    affiliates = {
        code: tree[code] for code in ("cleveland", "columbus", "austin", "houston", "ohio")
    }
    affiliates.update(dayton=dayton, closed=closed_affiliate)
    for name, person in crowd.items():
        offered = permissions.transfer_targets(person, certificate)

        def transfer(affiliate, person=person):
            certification_transfer(actor=person, certification=certificate, affiliate=affiliate)

        assert disagreements(affiliates, offered, transfer) == [], name
    ohio_targets = permissions.transfer_targets(crowd["ohio_trainer"], certificate)
    assert set(ohio_targets) == {tree["columbus"], dayton}
    assert not permissions.transfer_targets(crowd["cleveland_coordinator"], certificate).exists()


# --- observations: where, and whose session ------------------------------------------------


def test_observable_affiliates_are_exactly_where_observations_are_accepted(crowd, tree, dayton):
    nodes = {code: tree[code] for code in ("national", "ohio", "cleveland", "columbus", "austin")}
    nodes["dayton"] = dayton
    for name, person in crowd.items():
        offered = set(permissions.observable_affiliates(person))
        mismatched = [
            code
            for code, node in nodes.items()
            if (node in offered) != permissions.can_record_observation(person, node)
        ]
        assert mismatched == [], name
    assert set(permissions.observable_affiliates(crowd["cleveland_coordinator"])) == {
        tree["cleveland"]
    }


def test_observable_facilitators_are_exactly_who_observation_record_accepts(
    tree, program, other_program, cleveland_coordinator, dayton
):
    cleveland = tree["cleveland"]
    suspended = UserFactory(full_name="Sue Park")
    certificate = issue(suspended, program, cleveland)
    certificate.status = CertificationStatus.SUSPENDED
    certificate.save(update_fields=["status"])
    people = {
        "certified here": UserFactory(full_name="Ann Ortiz"),
        "certified in Dayton": UserFactory(full_name="Dora Klein"),
        "certified in another program": UserFactory(full_name="Otto Brand"),
        "suspended here": suspended,
        "the observer, certified here": cleveland_coordinator,
        "never certified": UserFactory(full_name="Nina Doe"),
    }
    issue(people["certified here"], program, cleveland)
    issue(people["certified in Dayton"], program, dayton)
    issue(people["certified in another program"], other_program, cleveland)
    issue(cleveland_coordinator, program, cleveland)
    scores = {item.pk: 5 for item in checklist_for(program)}
    offered = permissions.observable_facilitators(cleveland_coordinator, program, cleveland)

    def observe(person):
        observation_record(
            actor=cleveland_coordinator,
            program=program,
            affiliate=cleveland,
            observed_on=timezone.localdate(),
            session_kind="group",
            facilitators=[person],
            scores=scores,
        )

    assert disagreements(people, offered, observe) == []
    assert set(offered) == {people["certified here"]}


# --- linking a concern to a certificate ----------------------------------------------------


def test_link_candidates_are_exactly_what_concern_link_accepts(
    tree, program, other_program, ohio_trainer
):
    reporter = UserFactory(full_name="Rita Moss")
    certificates = {
        "cleveland": issue(UserFactory(full_name="Frank Hale"), program, tree["cleveland"]),
        "columbus": issue(UserFactory(full_name="Frank Ives"), program, tree["columbus"]),
        "austin (Texas)": issue(UserFactory(full_name="Frank Jay"), program, tree["austin"]),
        "other program": issue(
            UserFactory(full_name="Frank Kerr"), other_program, tree["cleveland"]
        ),
        "the reviewer's own": issue(ohio_trainer, program, tree["cleveland"]),
        "the reporter's": issue(reporter, program, tree["columbus"]),
    }
    concern = concern_services.concern_report(
        actor=reporter,
        subject_name="Frank",
        program=program,
        affiliate=tree["cleveland"],
        category="boundaries",
        what_happened="Met a member alone after the group.",
        happened_on=None,
        setting="group",
    )
    offered = permissions.linkable_certifications(ohio_trainer, concern)

    def link(certificate):
        concern_link(actor=ohio_trainer, concern=concern, certification=certificate)

    assert disagreements(certificates, offered, link) == []
    assert set(offered) == {certificates["cleveland"], certificates["columbus"]}


# --- enrolling, and roles ------------------------------------------------------------------


def test_open_affiliates_are_exactly_where_enrollment_create_accepts(
    tree, program, trainee, closed_affiliate
):
    nodes = {code: tree[code] for code in ("national", "ohio", "cleveland", "austin")}
    nodes["closed"] = closed_affiliate

    def enroll_at(affiliate):
        enrollment_create(actor=trainee, person=trainee, program=program, affiliate=affiliate)

    assert disagreements(nodes, permissions.open_affiliates(), enroll_at) == []


def test_grantable_roles_are_exactly_what_role_grant_accepts(crowd, tree):
    newcomer = UserFactory(full_name="Nora New")
    for name, person in crowd.items():
        for code in ("national", "ohio", "texas", "cleveland", "austin"):
            node = tree[code]
            offered = permissions.grantable_roles(person, node)

            def give(role, person=person, node=node):
                role_grant(actor=person, user=newcomer, organization=node, role=role)

            roles = {role: role for role in Role.values}
            assert disagreements(roles, offered, give) == [], (name, code)
    assert permissions.grantable_roles(crowd["ohio_trainer"], tree["cleveland"]) == [
        Role.AFFILIATE_COORDINATOR
    ]
    assert not RoleGrant.objects.filter(user=newcomer).exists()


def test_choice_lists_do_not_list_a_superuser_or_an_inactive_person(crowd, tree):
    """Superusers are technical accounts; inactive people cannot act (`users_with_permission`)."""
    listed = set(permissions.users_with_permission("run_training_events", tree["cleveland"]))
    assert crowd["superuser"] not in listed and crowd["inactive_trainer"] not in listed
    assert crowd["revoked_trainer"] not in listed
    assert listed >= {crowd["ohio_trainer"], crowd["national_staff"]}
