"""The mechanism under every check: roles as bundles of organization permissions, and the two
one-query primitives over the tree (does a person hold a permission on this node or above it;
which nodes can they reach).

A materialized path lets us compute a node's ancestors from its own path, so "does this person
hold permission P on this node or any node above it" is one indexed lookup, and "which nodes
can this person reach" is one `EXISTS` over the person's grants.
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

from ..models import (
    Organization,
    OrganizationKind,
    OrganizationUserObjectPermission,
    Role,
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


def users_with_permission(codename: str, organization: Organization):
    """The active people who hold `codename` on `organization` or on any node above it,
    through a role. One query.

    The people-shaped twin of `has_organization_permission`, for choice lists (who may own a
    concern, who may co-run a training): a service checks a chosen person against this same
    queryset. Superusers are not listed: they are technical accounts, not people work is
    assigned to, so they are not offered and not accepted as a choice."""
    from django.contrib.auth import get_user_model

    holds_grant = OrganizationUserObjectPermission.objects.filter(
        user=OuterRef("pk"),
        permission__codename=codename,
        permission__content_type__app_label="certification",
        content_object__path__in=organization.ancestor_paths(),
    )
    return get_user_model().objects.filter(Exists(holds_grant), is_active=True)


# --- The permission rows behind roles, and national staff's way into the admin ------------


def role_permissions_sync(user, organization: Organization, roles) -> None:
    """Make the guardian permission rows of `user` on one node match the `roles` they hold
    there now (called by the role services after every grant and revocation)."""
    from guardian.shortcuts import assign_perm, remove_perm

    wanted = {codename for role in roles for codename in ROLES[role]["permissions"]}
    every = {codename for spec in ROLES.values() for codename in spec["permissions"]}
    for codename in every - wanted:
        remove_perm(f"certification.{codename}", user, organization)
    for codename in wanted:
        assign_perm(f"certification.{codename}", user, organization)


# Model permissions that let national staff use the Wagtail admin for what they manage: the
# organization tree, the logo printed on certificates (the "Certificate design" setting),
# the site's pages (the curriculum among them), images and documents.
NATIONAL_STAFF_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("certification", "add_organization"),
    ("certification", "change_organization"),
    ("certification", "view_organization"),
    ("certification", "change_certificatebranding"),
)
NATIONAL_STAFF_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
)
NATIONAL_STAFF_MEDIA_PERMISSIONS = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)
