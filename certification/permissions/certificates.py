"""Who may see and change certifications, run training events and assess readiness."""

from .base import has_organization_permission, organizations_with_permission

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

    from ..models import Certification

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
    from ..models import TrainingEvent

    return TrainingEvent.objects.filter(
        state__in=organizations_with_permission(user, "run_training_events")
    )


def can_assess_readiness(user, enrollment) -> bool:
    """Assess an enrollment: trainers with authority over its affiliate, and national staff,
    but never the trainee themselves."""
    return enrollment.person_id != user.pk and has_organization_permission(
        user, "assess_readiness", enrollment.affiliate
    )
