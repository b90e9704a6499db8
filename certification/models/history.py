"""The append-only record of who changed what in the oversight tree and its roles."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryIsAppendOnly(Exception):
    """Raised when code tries to change or remove a history row."""


class HistoryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise HistoryIsAppendOnly("History rows are never updated.")

    def delete(self):
        raise HistoryIsAppendOnly("History rows are never deleted.")


class AppendOnlyModel(models.Model):
    """A record that is written once: saving an existing row or deleting one raises, and so
    do `update()` and `delete()` on its querysets."""

    objects = HistoryQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise HistoryIsAppendOnly("History rows are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise HistoryIsAppendOnly("History rows are never deleted.")


class HistoryAction(models.TextChoices):
    ORGANIZATION_CREATED = "organization_created", _("Organization created")
    ORGANIZATION_CHANGED = "organization_changed", _("Organization changed")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    MEMBERSHIP_STARTED = "membership_started", _("Membership started")
    MEMBERSHIP_ENDED = "membership_ended", _("Membership ended")
    CONDUCT_PUBLISHED = "conduct_published", _("Code of conduct published")
    CONDUCT_SIGNED = "conduct_signed", _("Code of conduct signed")
    ENROLLED = "enrolled", _("Enrolled")
    INVITED = "invited", _("Invited to enroll")
    ENROLLMENT_STATUS = "enrollment_status", _("Enrollment status changed")
    ASSESSED = "assessed", _("Readiness assessed")
    RUBRIC_COMPETENCY_ADDED = "rubric_competency_added", _("Rubric competency added")
    RUBRIC_COMPETENCY_CHANGED = "rubric_competency_changed", _("Rubric competency changed")
    CHECKLIST_ITEM_ADDED = "checklist_item_added", _("Observation checklist item added")
    CHECKLIST_ITEM_CHANGED = "checklist_item_changed", _("Observation checklist item changed")
    EVENT_CHANGED = "event_changed", _("Training event changed")
    EVENT_CANCELLED = "event_cancelled", _("Training event cancelled")
    INVITATION_RESENT = "invitation_resent", _("Invitation sent again")
    INVITATION_WITHDRAWN = "invitation_withdrawn", _("Invitation withdrawn")


class HistoryEntry(AppendOnlyModel):
    """One thing that happened, written in the same transaction as the change it records."""

    action = models.CharField(_("action"), max_length=40, choices=HistoryAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
        help_text=_("Empty when the system itself made the change."),
    )
    organization = models.ForeignKey(
        "certification.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="history",
        verbose_name=_("organization"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="history_about_me",
        verbose_name=_("person concerned"),
    )
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"
