"""The append-only record of who changed what, and the one rule for who caused each row.

Every history row (here, and in the certification, case and concern timelines) names its
cause: either the person who did it (`actor`) or the system job that did it
(`system_cause`), never both and never neither; a check constraint on each table holds the
rule. A job that acts because a person acted (signing a code of conduct lifts a suspension)
is no system job: the person is passed down and named.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
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


class SystemCause(models.TextChoices):
    """The jobs that change things with no person behind them, named in history rows."""

    SWEEP = "sweep", _("the nightly sweep")
    CASE_DEADLINE = "case_deadline", _("the case deadline: the appeal window passed")
    PUBLIC_REPORT = "public_report", _("a public report by someone without an account")
    SETUP = "setup", _("a setup command")
    DATA_MIGRATION = "data_migration", _("a data migration")
    UNRECORDED = "unrecorded", _("recorded before causes were kept")
    SIGN_IN = "sign_in", _("the sign-in page: someone not signed in")


def caused_by(actor=None, system_cause="") -> dict:
    """The cause fields of one history row: the person, or else the system job, exactly one.

    Raises ValueError on both or neither, before anything is written, so a service that
    forgets to name its cause fails at once (the database refuses it too).
    """
    if actor is not None and system_cause:
        raise ValueError("A history row names a person or a system job, not both.")
    if actor is None and not system_cause:
        raise ValueError("A history row names who caused it: a person or a system job.")
    return {"actor": actor, "system_cause": SystemCause(system_cause) if system_cause else ""}


def system_cause_field():
    """The `system_cause` column every history table has beside its `actor`."""
    return models.CharField(
        _("system job"),
        max_length=20,
        choices=SystemCause.choices,
        blank=True,
        help_text=_("The job that made the change when no person did."),
    )


def one_cause_constraint(name: str) -> models.CheckConstraint:
    """A row names a person or a system job: never both, never neither."""
    return models.CheckConstraint(
        condition=Q(actor__isnull=False, system_cause="")
        | Q(actor__isnull=True) & ~Q(system_cause=""),
        name=name,
    )


class CausedMixin:
    """How a history row says who caused it, for pages and the admin."""

    @property
    def cause_label(self) -> str:
        if self.actor_id is not None:
            return self.actor.full_name or self.actor.email
        return _("System (%(job)s)") % {"job": self.get_system_cause_display()}


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
    PROFILE_NAME_CHANGED = "profile_name_changed", _("Name on certificates changed")
    EMAIL_ADDED = "email_added", _("Email address added")
    EMAIL_CHANGED = "email_changed", _("Email address changed")
    EMAIL_REMOVED = "email_removed", _("Email address removed")
    # Sign-in and account security events (lms/sign_in_history.py): the person is `subject`.
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGN_IN_LOCKED = "sign_in_locked", _("Sign-in locked after failed attempts")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    AUTHENTICATOR_ADDED = "authenticator_added", _("Two-factor authenticator added")
    AUTHENTICATOR_REMOVED = "authenticator_removed", _("Two-factor authenticator removed")
    RECOVERY_CODES_RESET = "recovery_codes_reset", _("Recovery codes replaced")


class HistoryEntry(CausedMixin, AppendOnlyModel):
    """One thing that happened, written in the same transaction as the change it records."""

    action = models.CharField(_("action"), max_length=40, choices=HistoryAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
        help_text=_("Empty when a system job made the change (see `system_cause`)."),
    )
    system_cause = system_cause_field()
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
        constraints = [one_cause_constraint("history_entry_names_one_cause")]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"
