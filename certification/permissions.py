"""Every authority check in Trellis, in one place.

Authority is granted on organization nodes and reaches every node below. Each single-object
check `can_<verb>(user, obj)` is paired with a `<things>_visible_to(user)` queryset filter built
from the same rule, so a list and a detail page can never disagree.

Both shapes cost one query whatever the depth of the tree or the number of grants: a
materialized path lets us compute a node's ancestors from its own path, so "does this person
hold permission P on this node or any node above it" is one indexed lookup, and "which nodes
can this person reach" is one `EXISTS` over the person's grants.
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

from .models import (
    Organization,
    OrganizationKind,
    OrganizationUserObjectPermission,
    Role,
    RoleGrant,
)

# Each role is a bundle of organization permissions, and may be held only on one kind of node.
AFFILIATE_COORDINATOR_PERMISSIONS = ("view_roster", "manage_enrollments", "review_concerns")
STATE_TRAINER_PERMISSIONS = (
    *AFFILIATE_COORDINATOR_PERMISSIONS,
    "run_training_events",
    "assess_readiness",
    "manage_certifications",
    "see_confidential_reporters",
    "grant_coordinator_role",
)
NATIONAL_STAFF_PERMISSIONS = (*STATE_TRAINER_PERMISSIONS, "grant_roles", "manage_organizations")

ROLES = {
    Role.NATIONAL_STAFF: {
        "kind": OrganizationKind.NATIONAL,
        "permissions": NATIONAL_STAFF_PERMISSIONS,
    },
    Role.STATE_TRAINER: {"kind": OrganizationKind.STATE, "permissions": STATE_TRAINER_PERMISSIONS},
    Role.AFFILIATE_COORDINATOR: {
        "kind": OrganizationKind.AFFILIATE,
        "permissions": AFFILIATE_COORDINATOR_PERMISSIONS,
    },
}

# What each role lets a person do, in words for their dashboard.
ROLE_ABILITIES = {
    Role.NATIONAL_STAFF: (
        _("See every state and affiliate, their people and their certifications."),
        _("Grant and revoke roles anywhere in the organization."),
        _("Add and change organizations in the admin."),
        _("Edit the curriculum and publish codes of conduct."),
    ),
    Role.STATE_TRAINER: (
        _("See the affiliates of your state and their people."),
        _("Run state trainings, assess readiness and certify facilitators."),
        _("Suspend and reinstate certificates in your state, and decide decertification cases."),
        _("Appoint and remove affiliate coordinators in your state."),
    ),
    Role.AFFILIATE_COORDINATOR: (
        _("See your affiliate's roster of trainees and facilitators."),
        _("Invite trainees and follow their enrollments."),
        _("Report and follow fidelity concerns."),
    ),
}


def _is_privileged(user) -> bool:
    return bool(user.is_active and user.is_superuser)


def has_organization_permission(user, codename: str, organization: Organization) -> bool:
    """Whether `user` holds `codename` on `organization` or on any node above it. One query."""
    if not user.is_authenticated or not user.is_active:
        return False
    if _is_privileged(user):
        return True
    return OrganizationUserObjectPermission.objects.filter(
        user=user,
        permission__codename=codename,
        permission__content_type__app_label="certification",
        content_object__path__in=organization.ancestor_paths(),
    ).exists()


def organizations_with_permission(user, codename: str) -> QuerySet[Organization]:
    """Every node on which `user` holds `codename`, directly or inherited. One query."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    if _is_privileged(user):
        return Organization.objects.all()
    # A grant on node G reaches node N when G's path is a prefix of N's path.
    grant_covers_node = OrganizationUserObjectPermission.objects.filter(
        user=user,
        permission__codename=codename,
        permission__content_type__app_label="certification",
        content_object__path=Substr(OuterRef("path"), 1, Length("content_object__path")),
    )
    return Organization.objects.filter(Exists(grant_covers_node))


# --- Organizations -------------------------------------------------------------------------


def can_view_organization(user, organization: Organization) -> bool:
    """See an organization's page: its place in the tree, its people and their roles."""
    return has_organization_permission(user, "view_roster", organization)


def organizations_visible_to(user) -> QuerySet[Organization]:
    """The organizations whose pages `user` may see (pairs with `can_view_organization`)."""
    return organizations_with_permission(user, "view_roster")


def can_manage_organizations(user) -> bool:
    """Add organizations and change their names, codes and active flag (national staff)."""
    national = Organization.get_first_root_node()
    if national is None:
        return _is_privileged(user)
    return has_organization_permission(user, "manage_organizations", national)


# --- Roles ---------------------------------------------------------------------------------


def can_grant_role(user, role: str, organization: Organization) -> bool:
    """Grant or revoke `role` on `organization`.

    National staff may grant any role anywhere; a state trainer may appoint and remove
    affiliate coordinators of the affiliates in their own state, and nothing else.
    """
    if has_organization_permission(user, "grant_roles", organization):
        return True
    return role == Role.AFFILIATE_COORDINATOR and has_organization_permission(
        user, "grant_coordinator_role", organization
    )


def role_grants_visible_to(user) -> QuerySet[RoleGrant]:
    """Role grants on the organizations `user` may see (pairs with `can_view_organization`)."""
    return RoleGrant.objects.filter(organization__in=organizations_visible_to(user))


def grantable_roles(user, organization: Organization) -> list[str]:
    """The roles `user` may grant on `organization`, given the node's kind."""
    return [
        role
        for role, spec in ROLES.items()
        if spec["kind"] == organization.kind and can_grant_role(user, role, organization)
    ]


# --- Codes of conduct ----------------------------------------------------------------------


def is_national_staff(user) -> bool:
    """Holds national authority (national staff, or a superuser)."""
    return can_manage_organizations(user)


def can_manage_codes_of_conduct(user) -> bool:
    """Draft and publish codes of conduct (national staff)."""
    return is_national_staff(user)


def can_view_signature(user, signature) -> bool:
    """See or download a signed copy: the signer, and national staff."""
    return user.is_authenticated and (signature.person_id == user.pk or is_national_staff(user))


def signatures_visible_to(user):
    """Signatures `user` may see (pairs with `can_view_signature`)."""
    from .models import ConductSignature

    if not user.is_authenticated:
        return ConductSignature.objects.none()
    if is_national_staff(user):
        return ConductSignature.objects.all()
    return ConductSignature.objects.filter(person=user)


# --- Enrollments ---------------------------------------------------------------------------


def enrollments_visible_to(user):
    """A person's own enrollments, and those of the affiliates whose roster they may see."""
    from django.db.models import Q

    from .models import Enrollment

    if not user.is_authenticated:
        return Enrollment.objects.none()
    return Enrollment.objects.filter(
        Q(person=user) | Q(affiliate__in=organizations_with_permission(user, "view_roster"))
    )


def can_view_enrollment(user, enrollment) -> bool:
    """See an enrollment (pairs with `enrollments_visible_to`)."""
    return user.is_authenticated and (
        enrollment.person_id == user.pk
        or has_organization_permission(user, "view_roster", enrollment.affiliate)
    )


def can_invite_trainees(user, organization) -> bool:
    """Invite trainees by email to an affiliate (coordinators, trainers, national staff)."""
    return organization.kind == OrganizationKind.AFFILIATE and has_organization_permission(
        user, "manage_enrollments", organization
    )


def can_accept_invitation(user, invitation) -> bool:
    """Accept an invitation: only its addressee, signed in with that address as their login or
    as one of their verified addresses (pairs with `selectors.my_pending_invitations`)."""
    if not user.is_authenticated:
        return False
    if user.email.casefold() == invitation.email.casefold():
        return True
    return user.emailaddress_set.filter(verified=True, email__iexact=invitation.email).exists()


# --- Certifications ------------------------------------------------------------------------


def can_manage_certification(user, certification) -> bool:
    """Suspend, reinstate, decertify, transfer or renew for someone: trainers of the state,
    and national staff, but never on their own certificate (a trainer who also holds one is
    overseen like any other holder)."""
    return certification.person_id != user.pk and has_organization_permission(
        user, "manage_certifications", certification.affiliate
    )


def can_view_certification(user, certification) -> bool:
    """See a certification with its history: the holder, and staff over its affiliate."""
    return user.is_authenticated and (
        certification.person_id == user.pk
        or has_organization_permission(user, "view_roster", certification.affiliate)
    )


def certifications_visible_to(user):
    """Certifications `user` may see (pairs with `can_view_certification`)."""
    from django.db.models import Q

    from .models import Certification

    if not user.is_authenticated:
        return Certification.objects.none()
    return Certification.objects.filter(
        Q(person=user) | Q(affiliate__in=organizations_with_permission(user, "view_roster"))
    )


# --- Training events and readiness --------------------------------------------------------


def can_run_training_events(user, state) -> bool:
    """Create events and record attendance in a state (its trainers, and national staff)."""
    return has_organization_permission(user, "run_training_events", state)


def training_events_visible_to(user):
    """Events in the states where `user` runs trainings (pairs with `can_run_training_events`)."""
    from .models import TrainingEvent

    return TrainingEvent.objects.filter(
        state__in=organizations_with_permission(user, "run_training_events")
    )


def can_assess_readiness(user, enrollment) -> bool:
    """Assess an enrollment: trainers with authority over its affiliate, and national staff,
    but never the trainee themselves."""
    return enrollment.person_id != user.pk and has_organization_permission(
        user, "assess_readiness", enrollment.affiliate
    )


# --- Fidelity: concerns, cases, observations, improvement plans --------------------------
#
# A concern belongs to the facilitator's affiliate: that affiliate's coordinators, the state's
# trainers and national staff see it (`review_concerns`); nobody else, and never the
# facilitator it is about. Triage, review decisions and case decisions need
# `manage_certifications` (trainers and national staff). A confidential reporter's identity
# needs `see_confidential_reporters` (state and national).


def is_concern_subject(user, concern) -> bool:
    """Whether `user` is the facilitator a concern is about: the holder of the certificate it
    is linked to or, while a report made without a number is not linked yet, a person with the
    name the reporter gave. A reviewer who may be the person reported stays out of it until a
    trainer links it (pairs with the exclusions in `concerns_visible_to`)."""
    if concern.subject_id is not None:
        return concern.subject_id == user.pk
    name = (getattr(user, "full_name", "") or "").strip()
    return bool(name) and concern.subject_name.strip().casefold() == name.casefold()


def concerns_visible_to(user):
    """Concerns `user` may review (pairs with `can_view_concern`)."""
    from .models import Concern

    if not user.is_authenticated:
        return Concern.objects.none()
    concerns = Concern.objects.filter(
        affiliate__in=organizations_with_permission(user, "review_concerns")
    ).exclude(subject=user)
    name = (user.full_name or "").strip()
    if name:
        concerns = concerns.exclude(subject__isnull=True, subject_name__iexact=name)
    return concerns


def can_view_concern(user, concern) -> bool:
    """Read a concern with its timeline: reviewers over its affiliate, never its subject."""
    return (
        user.is_authenticated
        and not is_concern_subject(user, concern)
        and has_organization_permission(user, "review_concerns", concern.affiliate)
    )


def can_add_concern_note(user, concern) -> bool:
    """Add a note or a contact to a concern's timeline (everyone who may review it)."""
    return can_view_concern(user, concern)


def can_manage_concern(user, concern) -> bool:
    """Triage, review, suspend pending review, resolve, open a case: trainers of the state
    and national staff, never the subject."""
    return not is_concern_subject(user, concern) and has_organization_permission(
        user, "manage_certifications", concern.affiliate
    )


def can_see_reporter(user, concern) -> bool:
    """See who reported a concern. A confidential reporter is known to state and national
    staff only (and to the reporter)."""
    if user.is_authenticated and concern.reporter_id == user.pk:
        return True
    if not can_view_concern(user, concern):
        return False
    return not concern.reporter_is_confidential or has_organization_permission(
        user, "see_confidential_reporters", concern.affiliate
    )


def concerns_reported_by(user):
    """The concerns `user` reported: they see each one's status, not its notes."""
    from .models import Concern

    if not user.is_authenticated:
        return Concern.objects.none()
    return Concern.objects.filter(reporter=user)


def cases_visible_to(user):
    """Decertification cases `user` may see: their own, and those of concerns they review
    (pairs with `can_view_case`)."""
    from django.db.models import Q

    from .models import DecertificationCase

    if not user.is_authenticated:
        return DecertificationCase.objects.none()
    return DecertificationCase.objects.filter(
        Q(certification__person=user)
        | Q(certification__affiliate__in=organizations_with_permission(user, "review_concerns"))
    )


def can_view_case(user, case) -> bool:
    """See a case: the facilitator it is about, and reviewers over its affiliate."""
    return user.is_authenticated and (
        case.certification.person_id == user.pk
        or has_organization_permission(user, "review_concerns", case.certification.affiliate)
    )


def is_case_subject(user, case) -> bool:
    """The facilitator the case is about: the one who responds and may appeal."""
    return user.is_authenticated and case.certification.person_id == user.pk


def can_decide_case(user, case) -> bool:
    """Decide a case: trainers of the state and national staff, never its subject."""
    return not is_case_subject(user, case) and has_organization_permission(
        user, "manage_certifications", case.certification.affiliate
    )


def can_decide_appeal(user, case) -> bool:
    """Decide an appeal: national staff other than whoever made the first decision."""
    return (
        not is_case_subject(user, case)
        and user.pk != case.decided_by_id
        and is_national_staff(user)
    )


def can_record_observation(user, affiliate) -> bool:
    """Observe a session at an affiliate: its coordinators, the state's trainers, national."""
    return affiliate.kind == OrganizationKind.AFFILIATE and has_organization_permission(
        user, "review_concerns", affiliate
    )


def observations_visible_to(user):
    """Observations `user` may see: those of affiliates they review, and those of sessions
    they led (pairs with `can_view_observation`)."""
    from django.db.models import Q

    from .models import FidelityObservation

    if not user.is_authenticated:
        return FidelityObservation.objects.none()
    reviewed = organizations_with_permission(user, "review_concerns")
    led = FidelityObservation.facilitators.through.objects.filter(user=user).values(
        "fidelityobservation"
    )
    return FidelityObservation.objects.filter(Q(affiliate__in=reviewed) | Q(pk__in=led))


def can_view_observation(user, observation) -> bool:
    """See an observation: reviewers of its affiliate, and the facilitators it observed."""
    return user.is_authenticated and (
        observation.facilitators.filter(pk=user.pk).exists()
        or has_organization_permission(user, "review_concerns", observation.affiliate)
    )


def improvement_plans_visible_to(user):
    """Plans `user` may see: their own, and those of affiliates they review (pairs with
    `can_view_improvement_plan`)."""
    from django.db.models import Q

    from .models import ImprovementPlan

    if not user.is_authenticated:
        return ImprovementPlan.objects.none()
    return ImprovementPlan.objects.filter(
        Q(facilitator=user)
        | Q(affiliate__in=organizations_with_permission(user, "review_concerns"))
    )


def can_view_improvement_plan(user, plan) -> bool:
    """See a plan: the facilitator it is for, and reviewers of its affiliate."""
    return user.is_authenticated and (
        plan.facilitator_id == user.pk
        or has_organization_permission(user, "review_concerns", plan.affiliate)
    )


def can_follow_up_improvement_plan(user, plan) -> bool:
    """Record a plan's follow-up: reviewers of its affiliate, never the facilitator."""
    return plan.facilitator_id != user.pk and has_organization_permission(
        user, "review_concerns", plan.affiliate
    )


# --- Oversight dashboards -----------------------------------------------------------------


def can_view_oversight(user, organization) -> bool:
    """See an organization's oversight dashboard and its lists (pairs with
    `organizations_visible_to`)."""
    return has_organization_permission(user, "view_roster", organization)
