"""Reads about enrollments and invitations, for the person and for their affiliate's staff."""

from django.shortcuts import get_object_or_404

from .. import permissions


def my_enrolled_programs(user):
    """The live programs the person is enrolled in (withdrawn enrollments left out), in
    training-index order, for "My training" (one query)."""
    from curriculum.models import ProgramPage

    from ..models import Enrollment, EnrollmentStatus

    if not user.is_authenticated:
        return []
    enrolled = (
        Enrollment.objects.filter(person=user)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .values("program_id")
    )
    return list(ProgramPage.objects.live().filter(pk__in=enrolled).order_by("path"))


def my_enrollments(user):
    """The person's enrollments with program and affiliate, newest first."""
    from ..models import Enrollment

    return list(
        Enrollment.objects.filter(person=user)
        .select_related("program", "affiliate")
        .order_by("-enrolled_at")
    )


def my_pending_invitations(user):
    """Invitations sent to any of the person's verified addresses, neither accepted nor
    withdrawn."""
    from ..models import EnrollmentInvitation

    addresses = [
        user.email,
        *user.emailaddress_set.filter(verified=True).values_list("email", flat=True),
    ]
    query = EnrollmentInvitation.objects.none()
    for address in {a.casefold() for a in addresses}:
        query = query | EnrollmentInvitation.objects.filter(email__iexact=address)
    return list(
        query.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).select_related(
            "program", "affiliate", "invited_by"
        )
    )


def pending_invitation_for_email(email):
    """The newest invitation to `email` still waiting for an answer, or None: where a person
    who has just confirmed that address should land."""
    from ..models import EnrollmentInvitation

    return (
        EnrollmentInvitation.objects.filter(
            email__iexact=email, accepted_at__isnull=True, withdrawn_at__isnull=True
        )
        .order_by("-created_at")
        .first()
    )


def organization_enrollments(organization):
    """Enrollments in an organization's part of the tree (an affiliate, or a state's affiliates)."""
    from ..models import Enrollment

    return (
        Enrollment.objects.filter(affiliate__path__startswith=organization.path)
        .select_related("person", "program", "affiliate")
        .order_by("affiliate__name", "person__full_name")
    )


def organization_invitations(organization):
    """Invitations still waiting for an answer (neither accepted nor withdrawn) in an
    organization's part of the tree."""
    from ..models import EnrollmentInvitation

    return (
        EnrollmentInvitation.objects.filter(
            affiliate__path__startswith=organization.path,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
        )
        .select_related("program", "invited_by")
        .order_by("-created_at")
    )


def managed_invitation(user, organization, invitation_id):
    """An invitation in `organization`'s part of the tree that `user` may send again or
    withdraw (they may invite to its affiliate), or 404."""
    from ..models import EnrollmentInvitation

    return get_object_or_404(
        EnrollmentInvitation.objects.filter(
            affiliate__path__startswith=organization.path,
            affiliate__in=permissions.organizations_managing_enrollments(user),
        ).select_related("program", "affiliate", "invited_by"),
        pk=invitation_id,
    )


def enrollment_for(user, enrollment_id: int):
    """One enrollment the person may see, with person, program and affiliate, or 404."""
    return get_object_or_404(
        permissions.enrollments_visible_to(user).select_related("person", "program", "affiliate"),
        pk=enrollment_id,
    )


def enrollment_assessments(enrollment):
    """An enrollment's readiness assessments with their assessors, newest first."""
    from ..models import ReadinessAssessment

    return ReadinessAssessment.objects.filter(enrollment=enrollment).select_related("assessor")


def enrollment_certification(enrollment):
    """The certification issued for an enrollment (the newest), or None."""
    return enrollment.certifications.order_by("-issued_on", "-pk").first()
