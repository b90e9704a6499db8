"""Reads about certificates: what a certificate's PDF prints."""

from django.utils import timezone

from ..models import Organization


def certificate_print_facts(certification) -> dict:
    """What a printed certificate says beyond the certification row: the national
    organization above the issuing state, the trainer who issued it (the actor of its "issue"
    history entry; empty when Trellis issued it) and, for a certificate not active, the day it
    took its present status. Three queries."""
    from ..models import CertificationAction, CertificationEvent, OrganizationKind

    national = (
        Organization.objects.filter(
            path__in=certification.issuing_state.ancestor_paths(), kind=OrganizationKind.NATIONAL
        )
        .values_list("name", flat=True)
        .first()
    )
    history = CertificationEvent.objects.filter(certification=certification)
    issued = history.filter(action=CertificationAction.ISSUE).select_related("actor").first()
    since = None
    if certification.status != "active":
        latest = history.filter(to_status=certification.status).order_by("-created_at", "-id")
        changed = latest.values_list("created_at", flat=True).first()
        since = timezone.localdate(changed) if changed else None
    return {
        "national_name": national or "",
        "trainer_name": issued.actor.full_name if issued and issued.actor else "",
        "status_since": since,
    }
