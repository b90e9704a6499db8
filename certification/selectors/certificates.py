"""Reads about certificates: what a certificate's PDF prints, which live certificate a number
names, and whether (and when) a certificate may be renewed."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.selectors import passed_required_modules

from ..dates import add_months, today
from ..models import (
    LIVE_STATUSES,
    Certification,
    CertificationStatus,
    CodeOfConduct,
    ConductSignature,
    Organization,
    normalize_certification_number,
)


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


RENEWAL_WINDOW_DAYS = 90


def renewal_opens_on(certification) -> datetime.date:
    """The first day an active certification may be renewed."""
    return certification.expires_on - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)


def renewal_blockers(certification) -> list[str]:
    """What stops the holder renewing now, in words; empty when they may renew."""
    blockers = []
    opens_on = renewal_opens_on(certification)
    if certification.status == CertificationStatus.ACTIVE and today() < opens_on:
        blockers.append(
            _("Renewal opens on %(date)s, 90 days before your certificate ends.")
            % {"date": opens_on.strftime("%B %-d, %Y")}
        )
    if not passed_required_modules(
        certification.person, certification.program, recertification=True
    ):
        blockers.append(_("Pass the modules required for recertification."))
    code = CodeOfConduct.objects.current_for(certification.program)
    if (
        code is not None
        and not ConductSignature.objects.filter(person=certification.person, code=code).exists()
    ):
        blockers.append(_("Sign the current code of conduct."))
    return blockers


def live_certificate(raw_number):
    """The live certificate (active, suspended or on leave) with this number, or None."""
    number = normalize_certification_number(raw_number)
    if number is None:
        return None
    return (
        Certification.objects.filter(number=number, status__in=LIVE_STATUSES)
        .select_related("person", "program", "affiliate")
        .first()
    )


def renewal_needs_approval(certification) -> bool:
    """Whether the program asks a trainer to approve each renewal."""
    return bool(certification.program.renewal_needs_approval)


def renewed_expiry(certification) -> datetime.date:
    """The valid-through date a renewal today would give: one more validity period from the
    old end date, or from today when that has passed."""
    start = max(certification.expires_on, today())
    return add_months(start, certification.program.validity_months)
