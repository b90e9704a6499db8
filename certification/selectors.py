"""User-scoped reads: every view fetches certification data through these functions."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from . import permissions
from .models import Membership, Organization, RoleGrant


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


def organization_ancestors(organization: Organization):
    """The nodes above `organization`, top first, for a breadcrumb."""
    return Organization.objects.filter(path__in=organization.ancestor_paths()[:-1]).order_by(
        "depth"
    )


def visible_organization_tree(user):
    """Every organization the person may see, in tree order, for an overview list."""
    return permissions.organizations_visible_to(user).order_by("path")


def my_codes_of_conduct(user):
    """For each live program with a published code of conduct: the current version and the
    person's signature of it (or None). Three queries whatever the number of programs."""
    from curriculum.models import ProgramPage

    from .models import CodeOfConduct, ConductSignature

    programs = list(ProgramPage.objects.live().order_by("path").only("id", "title", "slug"))
    current = {}
    for code in CodeOfConduct.objects.published().filter(program__in=programs).order_by("version"):
        current[code.program_id] = code
    signed = {
        signature.code_id: signature
        for signature in ConductSignature.objects.filter(person=user, code__in=current.values())
    }
    return [
        {
            "program": program,
            "code": current[program.pk],
            "signature": signed.get(current[program.pk].pk),
        }
        for program in programs
        if program.pk in current
    ]


def current_code_for_program_slug(slug):
    """The program with this slug and its current code of conduct, or 404."""
    from curriculum.models import ProgramPage

    from .models import CodeOfConduct

    program = get_object_or_404(ProgramPage.objects.live(), slug=slug)
    code = CodeOfConduct.objects.current_for(program)
    if code is None:
        from django.http import Http404

        raise Http404
    return program, code


def my_enrollments(user):
    """The person's enrollments with program and affiliate, newest first."""
    from .models import Enrollment

    return list(
        Enrollment.objects.filter(person=user)
        .select_related("program", "affiliate")
        .order_by("-enrolled_at")
    )


def my_pending_invitations(user):
    """Invitations sent to any of the person's verified addresses and not yet accepted."""
    from .models import EnrollmentInvitation

    addresses = [
        user.email,
        *user.emailaddress_set.filter(verified=True).values_list("email", flat=True),
    ]
    query = EnrollmentInvitation.objects.none()
    for address in {a.casefold() for a in addresses}:
        query = query | EnrollmentInvitation.objects.filter(email__iexact=address)
    return list(
        query.filter(accepted_at__isnull=True).select_related("program", "affiliate", "invited_by")
    )


def organization_enrollments(organization):
    """Enrollments in an organization's part of the tree (an affiliate, or a state's affiliates)."""
    from .models import Enrollment

    return (
        Enrollment.objects.filter(affiliate__path__startswith=organization.path)
        .select_related("person", "program", "affiliate")
        .order_by("affiliate__name", "person__full_name")
    )


def organization_invitations(organization):
    """Invitations not yet accepted for an organization's part of the tree."""
    from .models import EnrollmentInvitation

    return (
        EnrollmentInvitation.objects.filter(
            affiliate__path__startswith=organization.path, accepted_at__isnull=True
        )
        .select_related("program", "invited_by")
        .order_by("-created_at")
    )
