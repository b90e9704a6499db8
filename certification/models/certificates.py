"""Certifications: the credential a facilitator holds, its status, and its history.

Allowed changes of status are data (`TRANSITIONS`), not scattered `if`s: a service looks up
(status, action) and either gets the next status or refuses with a domain error.
"""

import re
import secrets

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .history import AppendOnlyModel, CausedMixin, one_cause_constraint, system_cause_field


class CertificationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ON_LEAVE = "on_leave", _("On leave")
    EXPIRED = "expired", _("Expired")
    DECERTIFIED = "decertified", _("Decertified")
    # The holder closed their account: the credential stops, with no judgement about them
    # (it neither lapsed nor was taken away), and its number verifies as no longer valid.
    ENDED = "ended", _("Ended: account closed")


class CertificationAction(models.TextChoices):
    ISSUE = "issue", _("Issued")
    SUSPEND = "suspend", _("Suspended")
    REINSTATE = "reinstate", _("Reinstated")
    LEAVE = "leave", _("Went on leave")
    RETURN = "return", _("Returned from leave")
    EXPIRE = "expire", _("Expired")
    RENEW = "renew", _("Renewed")
    DECERTIFY = "decertify", _("Decertified")
    TRANSFER = "transfer", _("Transferred to another affiliate")
    REMIND = "remind", _("Expiry reminder sent")
    # A renewal request and its refusal leave the status as it is (like a transfer); an
    # approved request is recorded as the renewal itself.
    RENEWAL_REQUESTED = "renewal_requested", _("Renewal requested")
    RENEWAL_DECLINED = "renewal_declined", _("Renewal declined")
    ACCOUNT_CLOSED = "account_closed", _("Ended: the holder closed their account")


S, A = CertificationStatus, CertificationAction

# (current status, action) → next status. Anything not listed is refused.
TRANSITIONS = {
    (S.ACTIVE, A.SUSPEND): S.SUSPENDED,
    (S.SUSPENDED, A.REINSTATE): S.ACTIVE,
    (S.ACTIVE, A.LEAVE): S.ON_LEAVE,
    (S.ON_LEAVE, A.RETURN): S.ACTIVE,
    (S.ACTIVE, A.EXPIRE): S.EXPIRED,
    (S.ACTIVE, A.RENEW): S.ACTIVE,  # within the renewal window before expiry
    (S.EXPIRED, A.RENEW): S.ACTIVE,
    (S.ACTIVE, A.DECERTIFY): S.DECERTIFIED,
    (S.SUSPENDED, A.DECERTIFY): S.DECERTIFIED,
    (S.ACTIVE, A.ACCOUNT_CLOSED): S.ENDED,
    (S.SUSPENDED, A.ACCOUNT_CLOSED): S.ENDED,
    (S.ON_LEAVE, A.ACCOUNT_CLOSED): S.ENDED,
}

# A person holds at most one certification per program in these statuses.
LIVE_STATUSES = (S.ACTIVE, S.SUSPENDED, S.ON_LEAVE)

# Crockford base32: no I, L, O or U, so a number read over the phone is not misheard.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_SYMBOLS = CROCKFORD + "*~$=U"
NUMBER_LENGTH = 10


def number_check_symbol(body: str) -> str:
    """Crockford's mod-37 check symbol for a base32 body."""
    value = 0
    for char in body:
        value = value * 32 + CROCKFORD.index(char)
    return CHECK_SYMBOLS[value % 37]


def new_certification_number() -> str:
    """Ten random Crockford base32 characters (50 bits) and a check symbol."""
    body = "".join(secrets.choice(CROCKFORD) for _ in range(NUMBER_LENGTH))
    return body + number_check_symbol(body)


def normalize_certification_number(raw: str) -> str | None:
    """Read a number as a person types it: any case, spaces or dashes, O for 0, I or L for 1.

    Returns None when the result is not a well-formed number with a correct check symbol.
    """
    cleaned = "".join((raw or "").upper().split()).replace("-", "")
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(cleaned) != NUMBER_LENGTH + 1:
        return None
    body, check = cleaned[:-1], cleaned[-1]
    if any(char not in CROCKFORD for char in body):
        return None
    return cleaned if number_check_symbol(body) == check else None


def format_certification_number(number: str) -> str:
    """Groups of four for reading aloud: 1234-5678-90X."""
    return "-".join(number[i : i + 4] for i in range(0, len(number), 4))


class Certification(models.Model):
    """A facilitator's credential in one program: number, status and dates."""

    number = models.CharField(_("number"), max_length=16, unique=True, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certifications",
        verbose_name=_("person"),
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="certifications",
        verbose_name=_("program"),
    )
    enrollment = models.ForeignKey(
        "certification.Enrollment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certifications",
    )
    affiliate = models.ForeignKey(
        "certification.Organization",
        on_delete=models.PROTECT,
        related_name="certifications",
        verbose_name=_("affiliate"),
    )
    issuing_state = models.ForeignKey(
        "certification.Organization",
        on_delete=models.PROTECT,
        related_name="issued_certifications",
        verbose_name=_("issuing state organization"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CertificationStatus.choices, default=S.ACTIVE
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid through"))
    leave_started_on = models.DateField(_("on leave since"), null=True, blank=True)
    may_reenroll_on = models.DateField(
        _("may enroll again from"),
        null=True,
        blank=True,
        help_text=_("Set when a certificate is decertified."),
    )
    suspended_for_conduct = models.ForeignKey(
        "certification.CodeOfConduct",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when suspended for not signing this version; signing it reinstates."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "program"],
                condition=Q(status__in=[s.value for s in LIVE_STATUSES]),
                name="one_live_certification_per_person_and_program",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="certification_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in CertificationStatus]),
                name="certification_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=S.ON_LEAVE, leave_started_on__isnull=False)
                | (~Q(status=S.ON_LEAVE) & Q(leave_started_on__isnull=True)),
                name="certification_leave_date_only_on_leave",
            ),
        ]

    def __str__(self):
        return f"{format_certification_number(self.number)} · {self.person}"

    def save(self, *args, **kwargs):
        if not self.number:
            self.number = new_certification_number()
        super().save(*args, **kwargs)

    def allows(self, action) -> bool:
        """Whether the transition table lets this certification take `action` now."""
        return (CertificationStatus(self.status), CertificationAction(action)) in TRANSITIONS

    @property
    def file_name_number(self) -> str:
        """The display number without the check symbols a file name cannot hold (`*~$=`,
        which Windows and browsers replace), for naming downloaded files."""
        return re.sub(r"[^0-9A-Z-]", "", self.display_number).strip("-")

    @property
    def display_number(self):
        return format_certification_number(self.number)


class CertificationEvent(CausedMixin, AppendOnlyModel):
    """One entry in a certification's history. Append-only: never updated, never deleted."""

    certification = models.ForeignKey(
        Certification, on_delete=models.PROTECT, related_name="history"
    )
    action = models.CharField(
        _("what happened"), max_length=20, choices=CertificationAction.choices
    )
    from_status = models.CharField(max_length=20, choices=CertificationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CertificationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when a system job made the change (for example, expiry)."),
    )
    system_cause = system_cause_field()
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("certification history entry")
        verbose_name_plural = _("certification history")
        ordering = ["created_at", "id"]
        constraints = [one_cause_constraint("certification_event_names_one_cause")]

    def __str__(self):
        return f"{self.certification_id} · {self.get_action_display()}"


class ExpiryReminder(models.Model):
    """That the reminder `days_before` expiry was sent for one validity period (sent once)."""

    certification = models.ForeignKey(
        Certification, on_delete=models.PROTECT, related_name="reminders"
    )
    expires_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "expires_on", "days_before"], name="one_reminder_each"
            )
        ]

    def __str__(self):
        return f"{self.certification_id} · {self.days_before} days before {self.expires_on}"


class RenewalRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a trainer")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class RenewalRequest(models.Model):
    """A holder's request to renew, in a program whose renewals need a trainer's approval.

    A trainer of the state (or national staff) approves it, which renews the certification,
    or declines it with a reason; the holder may ask again after a refusal. At most one
    request per certification waits at a time.
    """

    certification = models.ForeignKey(
        Certification,
        on_delete=models.PROTECT,
        related_name="renewal_requests",
        verbose_name=_("certification"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RenewalRequestStatus.choices,
        default=RenewalRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why it was declined."))

    class Meta:
        verbose_name = _("renewal request")
        verbose_name_plural = _("renewal requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification"],
                condition=Q(status="pending"),
                name="one_pending_renewal_request_per_certification",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RenewalRequestStatus]),
                name="renewal_request_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="renewal_request_decided_when_not_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""),
                name="renewal_request_declined_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.certification_id} · {self.get_status_display()}"
