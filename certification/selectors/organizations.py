"""Reads about the organization tree: a person's roles and home, a node's children, people and
ancestors, and who holds a role where."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from .. import permissions
from ..models import Membership, Organization, RoleGrant


def my_role_grants(user):
    """The roles a person holds now, with their organizations, for the dashboard."""
    return (
        RoleGrant.objects.active()
        .filter(user=user)
        .select_related("organization")
        .order_by("organization__path", "role")
    )


def my_membership(user):
    """The person's current home affiliate, with its state, or None."""
    return (
        Membership.objects.filter(user=user, ended_at__isnull=True)
        .select_related("affiliate")
        .first()
    )


def organization_for(user, slug: str) -> Organization:
    """One organization by slug, or 404 when it does not exist or the person may not see it."""
    return get_object_or_404(permissions.organizations_visible_to(user), slug=slug)


def organization_children(organization: Organization):
    """The nodes directly under `organization`, with the number of active roles on each."""
    return organization.get_children().annotate(
        active_role_count=Count("role_grants", filter=Q(role_grants__revoked_at__isnull=True))
    )


def organization_role_grants(organization: Organization):
    """Active role grants held on `organization` itself, with their holders."""
    return (
        RoleGrant.objects.active()
        .filter(organization=organization)
        .select_related("user", "granted_by")
        .order_by("role", "user__full_name")
    )


def organization_ancestors(user, organization: Organization):
    """The nodes above `organization`, top first, for a breadcrumb. Each is marked `linked`
    when `user` may open its page (`permissions.can_view_organization`, the rule of the
    organization page and of the oversight dashboard alike), so a breadcrumb names every
    level but links only where the person may go. One query."""
    from django.db.models import Exists, OuterRef

    visible = permissions.organizations_visible_to(user).filter(pk=OuterRef("pk"))
    return (
        Organization.objects.filter(path__in=organization.ancestor_paths()[:-1])
        .annotate(linked=Exists(visible))
        .order_by("depth")
    )


def visible_organization_tree(user):
    """Every organization the person may see, in tree order, for an overview list."""
    return permissions.organizations_visible_to(user).order_by("path")


def role_holder_emails(role, *, on_path=None, exclude_user_ids=()) -> list[str]:
    """The email addresses of everyone who holds `role` now, on the node with path
    `on_path` (anywhere when None), leaving out `exclude_user_ids`; sorted, each once.

    Who is told of what (new concerns, renewal requests, case outcomes, appeals) is always
    "the holders of a role at a node", so it is asked here, one query.
    """
    grants = RoleGrant.objects.active().filter(role=role)
    if on_path is not None:
        grants = grants.filter(organization__path=on_path)
    excluded = [pk for pk in exclude_user_ids if pk]
    if excluded:
        grants = grants.exclude(user_id__in=excluded)
    return sorted(set(grants.values_list("user__email", flat=True)))
