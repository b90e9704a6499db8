"""Who may see and act on fidelity concerns, cases, observations and improvement plans, and
who sees an organization's oversight dashboard."""

from ..models import OrganizationKind
from .base import has_organization_permission, organizations_with_permission
from .organizations import is_national_staff

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
    from ..models import Concern

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
    from ..models import Concern

    if not user.is_authenticated:
        return Concern.objects.none()
    return Concern.objects.filter(reporter=user)


def cases_visible_to(user):
    """Decertification cases `user` may see: their own, and those of concerns they review
    (pairs with `can_view_case`)."""
    from django.db.models import Q

    from ..models import DecertificationCase

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

    from ..models import FidelityObservation

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

    from ..models import ImprovementPlan

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


def organizations_reviewed_by(user):
    """The nodes where `user` reviews fidelity: receives concerns, sees cases and
    observations (pairs with `can_review_fidelity`). `.exists()` says whether they review
    anything at all (the concern and case lists, the dashboard)."""
    return organizations_with_permission(user, "review_concerns")


def can_review_fidelity(user, organization) -> bool:
    """Review fidelity at `organization`: concerns, observations, improvement plans (its
    coordinators, the state's trainers and national staff)."""
    return has_organization_permission(user, "review_concerns", organization)
