"""State training events (in person, by phone or video) and who attended them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")


class TrainingEvent(models.Model):
    """A state training session that trainees attend before their readiness assessment."""

    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("program"),
    )
    state = models.ForeignKey(
        "certification.Organization",
        on_delete=models.PROTECT,
        related_name="training_events",
        verbose_name=_("state organization"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    format = models.CharField(_("format"), max_length=20, choices=EventFormat.choices)
    location = models.CharField(
        _("place or call details"),
        max_length=300,
        help_text=_("An address, or how to join the call."),
    )
    capacity = models.PositiveSmallIntegerField(_("places"), default=20)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="training_events", verbose_name=_("trainers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sequence = models.PositiveIntegerField(
        default=0,
        help_text=_("Counts the changes sent to attendees, so calendars replace older copies."),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)

    class Meta:
        verbose_name = _("training event")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_has_places"),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True)
                | Q(cancelled_by__isnull=False) & ~Q(cancel_reason=""),
                name="cancelled_event_has_who_and_why",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class AttendanceStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Did not attend")


class EventAttendance(models.Model):
    """One enrollment's place at one event, and whether the person came."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.PROTECT, related_name="attendances")
    enrollment = models.ForeignKey(
        "certification.Enrollment", on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(
        max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.REGISTERED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["event", "enrollment"], name="one_place_per_event")
        ]

    def __str__(self):
        return f"{self.event_id} · {self.enrollment_id} · {self.get_status_display()}"
