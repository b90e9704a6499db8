"""The daily sweep: expire what has run out, remind before expiry, suspend facilitators
who did not sign a new code of conduct within its grace period, and make final the
decertification decisions nobody appealed in time; then apply each program's retention rule
to concern files and closed cases (`retention.py`).

Idempotent and safe to run twice at the same time: every change locks its row and checks
again under the lock, and each reminder is claimed by a unique row before it is sent.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..dates import today
from ..models import (
    Certification,
    CertificationStatus,
    CodeOfConduct,
    ConductSignature,
    ExpiryReminder,
    SystemCause,
)
from ..selectors.fidelity import cases_due_to_close
from ..tasks import notify
from .certificates import TransitionRefused, certification_expire, certification_suspend
from .fidelity.cases import case_close_unappealed
from .retention import apply_retention

REMINDER_DAYS = (90, 30, 7)
CONDUCT_NOT_SIGNED = "code of conduct not signed"


@dataclass
class SweepReport:
    expired: list[str] = field(default_factory=list)
    reminded: list[str] = field(default_factory=list)
    suspended: list[str] = field(default_factory=list)
    closed_cases: list[int] = field(default_factory=list)
    attachments_removed: list[int] = field(default_factory=list)
    cases_redacted: list[int] = field(default_factory=list)

    def __str__(self):
        return (
            f"{len(self.expired)} expired, {len(self.reminded)} reminded, "
            f"{len(self.suspended)} suspended for an unsigned code of conduct, "
            f"{len(self.closed_cases)} decertification cases closed unappealed, "
            f"{len(self.attachments_removed)} concern files deleted and "
            f"{len(self.cases_redacted)} closed cases' words removed by the retention rule"
        )


def _expire(report):
    due = Certification.objects.filter(status=CertificationStatus.ACTIVE, expires_on__lt=today())
    for certification in due:
        if certification_expire(certification=certification) is not None:
            report.expired.append(certification.number)


def reminder_due(days_left: int) -> int | None:
    """The one reminder that applies with `days_left` to go: the nearest threshold."""
    applicable = [days for days in REMINDER_DAYS if 0 <= days_left <= days]
    return min(applicable) if applicable else None


def _remind(report):
    horizon = today() + datetime.timedelta(days=max(REMINDER_DAYS))
    # A holder who closed their account has no address to remind (and no valid certificate).
    candidates = Certification.objects.filter(
        status=CertificationStatus.ACTIVE,
        expires_on__gte=today(),
        expires_on__lte=horizon,
        person__closed_at__isnull=True,
    ).select_related("person", "program")
    for certification in candidates:
        days = reminder_due((certification.expires_on - today()).days)
        if days is None:
            continue
        try:
            with transaction.atomic():
                ExpiryReminder.objects.create(
                    certification=certification,
                    expires_on=certification.expires_on,
                    days_before=days,
                )
                notify(
                    to=[certification.person.email],
                    subject=_("Your certificate ends on %(date)s")
                    % {"date": certification.expires_on.strftime("%B %-d, %Y")},
                    template="certification/email/expiry_reminder.txt",
                    context={
                        "person_name": certification.person.full_name,
                        "program": certification.program.title,
                        "number": certification.display_number,
                        "expires_on": certification.expires_on,
                        "days": days,
                        "needs_approval": certification.program.renewal_needs_approval,
                    },
                )
        except IntegrityError:  # already sent, perhaps by a sweep running at the same time
            continue
        report.reminded.append(certification.number)


def _suspend_unsigned(report):
    now = timezone.now()
    latest = {}
    for code in CodeOfConduct.objects.published().order_by("version"):
        latest[code.program_id] = code
    for code in latest.values():
        if code.published_at + datetime.timedelta(days=code.grace_days) > now:
            continue
        signed = ConductSignature.objects.filter(code=code).values("person_id")
        unsigned = Certification.objects.filter(
            program_id=code.program_id,
            status=CertificationStatus.ACTIVE,
            person__closed_at__isnull=True,
        ).exclude(person_id__in=signed)
        for certification in unsigned:
            try:
                certification_suspend(
                    actor=None,
                    certification=certification,
                    reason=CONDUCT_NOT_SIGNED,
                    conduct=code,
                    system_cause=SystemCause.SWEEP,
                )
            except TransitionRefused:  # changed by someone else a moment ago
                continue
            report.suspended.append(certification.number)


def _close_unappealed_cases(report):
    """Decisions whose appeal window passed without an appeal become final (and are applied).

    `case_close_unappealed` locks each case and checks again, so a second sweep, or one
    running at the same time, closes nothing twice.
    """
    for case in cases_due_to_close():
        if case_close_unappealed(case=case) is not None:
            report.closed_cases.append(case.pk)


def run_sweep() -> SweepReport:
    """Run every step of the sweep once."""
    report = SweepReport()
    _expire(report)
    _remind(report)
    _suspend_unsigned(report)
    _close_unappealed_cases(report)
    apply_retention(report)
    return report
