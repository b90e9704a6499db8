"""Who may see and change the tree, grant roles, manage codes of conduct and enrollments."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, Q, QuerySet

from ..models import Organization, OrganizationKind, Role, RoleGrant
from .base import (
    ROLES,
    _is_privileged,
    has_organization_permission,
    organizations_with_permission,
)

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


def is_privileged(user) -> bool:
    """Holds authority over other people: any active role (state trainer, affiliate
    coordinator, national staff), or a way into the Wagtail admin (`access_admin`, staff or
    superuser). Such accounts must sign in with a second factor. One query at most."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    person = user.pk
    return (
        get_user_model()
        ._default_manager.filter(pk=person)
        .filter(
            Exists(RoleGrant.objects.active().filter(user=person))
            | Exists(
                Permission.objects.filter(
                    content_type__app_label="wagtailadmin", codename="access_admin"
                ).filter(Q(user=person) | Q(group__user=person))
            )
        )
        .exists()
    )


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
    from ..models import ConductSignature

    if not user.is_authenticated:
        return ConductSignature.objects.none()
    if is_national_staff(user):
        return ConductSignature.objects.all()
    return ConductSignature.objects.filter(person=user)


# --- Enrollments ---------------------------------------------------------------------------


def enrollments_visible_to(user):
    """A person's own enrollments, and those of the affiliates whose roster they may see."""
    from django.db.models import Q

    from ..models import Enrollment

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
    return organization.kind == OrganizationKind.AFFILIATE and can_manage_enrollments(
        user, organization
    )


def can_manage_enrollments(user, organization) -> bool:
    """Enroll someone else, set their home affiliate, send again or withdraw invitations at
    `organization` (coordinators, trainers and national staff above it)."""
    return has_organization_permission(user, "manage_enrollments", organization)


def organizations_managing_enrollments(user) -> QuerySet[Organization]:
    """The nodes where `user` manages enrollments (pairs with `can_manage_enrollments`)."""
    return organizations_with_permission(user, "manage_enrollments")


def can_accept_invitation(user, invitation) -> bool:
    """Accept an invitation: only its addressee, signed in with that address as their login or
    as one of their verified addresses (pairs with `selectors.my_pending_invitations`)."""
    if not user.is_authenticated:
        return False
    if user.email.casefold() == invitation.email.casefold():
        return True
    return user.emailaddress_set.filter(verified=True, email__iexact=invitation.email).exists()
