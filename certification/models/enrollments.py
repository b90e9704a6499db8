"""Enrollments: one person training toward one program under one affiliate, and invitations
that coordinators send to bring someone in."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class EnrollmentStatus(models.TextChoices):
    IN_TRAINING = "in_training", _("In training")
    READY_FOR_ASSESSMENT = "ready_for_assessment", _("Ready for assessment")
    CERTIFIED = "certified", _("Certified")
    NOT_YET_READY = "not_yet_ready", _("Not yet ready")
    REFERRED = "referred", _("Referred to another role")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A person has at most one enrollment in these statuses per program.
OPEN_ENROLLMENT_STATUSES = (EnrollmentStatus.IN_TRAINING, EnrollmentStatus.READY_FOR_ASSESSMENT)


class Enrollment(models.Model):
    """One person training toward one program under one affiliate."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("person"),
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("program"),
    )
    affiliate = models.ForeignKey(
        "certification.Organization",
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("affiliate"),
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.IN_TRAINING,
    )
    enrolled_at = models.DateTimeField(_("enrolled"))
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by"),
    )
    status_changed_at = models.DateTimeField(_("status changed"))

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "program"],
                condition=Q(status__in=[s.value for s in OPEN_ENROLLMENT_STATUSES]),
                name="one_open_enrollment_per_person_and_program",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in EnrollmentStatus]),
                name="enrollment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status_changed_at__gte=models.F("enrolled_at")),
                name="enrollment_status_changes_after_enrolling",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.program_id} · {self.get_status_display()}"

    @property
    def is_open(self):
        return self.status in OPEN_ENROLLMENT_STATUSES


class EnrollmentInvitation(models.Model):
    """A coordinator's invitation to train toward a program; accepting it enrolls the person."""

    email = models.EmailField(_("email address"))
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("program"),
    )
    affiliate = models.ForeignKey(
        "certification.Organization",
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("affiliate"),
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.PROTECT, null=True, blank=True, related_name="invitation"
    )
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    class Meta:
        verbose_name = _("enrollment invitation")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "program",
                condition=Q(accepted_at__isnull=True, withdrawn_at__isnull=True),
                name="one_pending_invitation_per_email_and_program",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="invitation_not_both_accepted_and_withdrawn",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_by__isnull=False),
                name="withdrawn_invitation_says_by_whom",
            ),
        ]

    def __str__(self):
        return f"{self.email} · {self.program_id}"
