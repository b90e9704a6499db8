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
        _("Suspend or decertify within your state."),
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


# --- Certifications ------------------------------------------------------------------------


def can_manage_certification(user, certification) -> bool:
    """Suspend, reinstate or decertify: trainers of the state, and national staff."""
    return has_organization_permission(user, "manage_certifications", certification.affiliate)


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
