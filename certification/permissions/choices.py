"""What forms offer: every list of people, organizations or records a person chooses from.

Each function returns the queryset a form offers, and the service that acts on the choice
checks its input against the same queryset (`<choices>.filter(pk=x.pk).exists()`), so a list
can never offer what the service then refuses, nor the service accept what was never
offered. Tests in `tests/certification/test_choice_lists.py` hold each pair together.
"""

from django.db.models import Q

from ..models import (
    LIVE_STATUSES,
    OPEN_ENROLLMENT_STATUSES,
    Certification,
    CertificationStatus,
    Enrollment,
    Organization,
    OrganizationKind,
)
from .base import organizations_with_permission, users_with_permission
from .certificates import can_manage_certification, certifications_visible_to
from .fidelity import organizations_reviewed_by


def _by_name(people):
    return people.order_by("full_name", "email")


# --- Organizations ----------------------------------------------------------------------


def open_affiliates():
    """Active affiliates: where anyone may enroll, or make their home (the enroll and home
    affiliate forms; `enrollment_create` and `membership_set` refuse any other)."""
    return Organization.objects.filter(kind=OrganizationKind.AFFILIATE, is_active=True).order_by(
        "path"
    )


def event_states(user):
    """The states where `user` schedules trainings (pairs with `can_run_training_events`, which
    `event_create` checks, and with `training_events_visible_to`). `.exists()` says whether
    they run trainings at all."""
    return organizations_with_permission(user, "run_training_events").filter(
        kind=OrganizationKind.STATE
    )


def observable_affiliates(user):
    """The affiliates where `user` may record an observation (pairs with
    `can_record_observation`, which `observation_record` checks)."""
    return organizations_reviewed_by(user).filter(kind=OrganizationKind.AFFILIATE)


def transfer_targets(user, certification):
    """The affiliates `user` may move `certification` to: active affiliates they manage
    certifications in, other than where it is now, and nothing unless they may manage this
    certificate at all (`certification_transfer` checks the choice against this list)."""
    if not can_manage_certification(user, certification):
        return Organization.objects.none()
    return (
        organizations_with_permission(user, "manage_certifications")
        .filter(kind=OrganizationKind.AFFILIATE, is_active=True)
        .exclude(pk=certification.affiliate_id)
    )


# --- People -------------------------------------------------------------------------------


def concern_owner_choices(concern):
    """Who may own a concern: the people who may manage it (trainers of its state and
    national staff, `can_manage_concern`), never the facilitator it is about: the holder of
    its certificate or, while it is not linked, someone with the name the reporter gave.
    `concern_triage` accepts an owner only from this list."""
    people = users_with_permission("manage_certifications", concern.affiliate)
    if concern.subject_id is not None:
        people = people.exclude(pk=concern.subject_id)
    elif concern.subject_name.strip():
        people = people.exclude(full_name__iexact=concern.subject_name.strip())
    return _by_name(people)


def event_co_trainer_choices(state):
    """Who may run a training in `state` with its organizer: everyone who may run trainings
    there (its trainers, and national staff). `event_create` and `event_update` accept
    co-trainers only from this list; the form leaves out the organizer."""
    return _by_name(users_with_permission("run_training_events", state))


def observable_facilitators(user, program, affiliate):
    """Whose session `user` may record as observed at `affiliate`: people holding an active
    certification in `program` there, never the observer. `observation_record` accepts
    facilitators only from this list."""
    from django.contrib.auth import get_user_model

    certified = Certification.objects.filter(
        program=program, affiliate=affiliate, status=CertificationStatus.ACTIVE
    )
    return (
        get_user_model()
        .objects.filter(pk__in=certified.values("person"))
        .exclude(pk=user.pk)
        .order_by("full_name", "pk")
    )


# --- Records ------------------------------------------------------------------------------


def event_attendee_choices(event):
    """Who may be given a place on `event`: open enrollments in its program, at the affiliates
    of its state, without a place on it yet. `event_add_attendee` accepts only these."""
    return (
        Enrollment.objects.filter(
            program_id=event.program_id,
            status__in=OPEN_ENROLLMENT_STATUSES,
            affiliate__kind=OrganizationKind.AFFILIATE,
            affiliate__path__startswith=event.state.path,
        )
        .exclude(attendances__event=event)
        .select_related("person", "affiliate")
        .order_by("person__full_name", "pk")
    )


def linkable_certifications(user, concern):
    """The certificates `user` may link an unlinked `concern` to: live, visible to them, in
    the concern's program and state, never their own nor the reporter's (`concern_link`
    accepts only these; see `services/fidelity/concern_links.py` for why)."""
    if concern.is_linked:
        return Certification.objects.none()
    certificates = (
        certifications_visible_to(user)
        .filter(
            status__in=LIVE_STATUSES,
            program_id=concern.program_id,
            affiliate__path__startswith=concern.affiliate.state_path,
        )
        .exclude(person_id=user.pk)
    )
    reporter_email = (concern.reporter_email or "").strip()
    reporter = Q(person_id=concern.reporter_id) if concern.reporter_id else Q()
    if reporter_email:
        reporter |= Q(person__email__iexact=reporter_email)
    return certificates.exclude(reporter) if reporter else certificates
