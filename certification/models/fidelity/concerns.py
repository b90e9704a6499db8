"""Fidelity concerns: a report that a facilitator's practice is not true to the program's
model, and the tracked, fair process that follows it.

Most programs hear of such things from another teacher, mentor or trainer who calls them.
A concern turns that call into a record that belongs to the facilitator's affiliate, moves
through received → triaged → under review → resolved, and keeps an append-only timeline of
notes, contacts and decisions.
"""

import secrets
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..history import AppendOnlyModel, CausedMixin, one_cause_constraint, system_cause_field

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_concern_reference() -> str:
    """A short, unguessable reference the reporter can quote, e.g. ``FC-7KQ2M9TX``."""
    return "FC-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def private_storage():
    """Attachments live outside MEDIA_ROOT and are only served through a checked view."""
    return storages["private"]


class ConcernCategory(models.TextChoices):
    BOUNDARIES = "boundaries", _("Boundaries")
    PRIVACY = "privacy", _("Privacy and confidentiality")
    DOCUMENTATION = "documentation", _("Documentation")
    MEDICAL_ADVICE = "medical_advice", _("Medical advice or scope")
    PROGRAM_MODEL = "program_model", _("Not following the program model")
    SAFETY = "safety", _("Safety")
    OTHER = "other", _("Other")


class ConcernSetting(models.TextChoices):
    CLASS = "class", _("A class")
    GROUP = "group", _("A support group")
    ONE_TO_ONE = "one_to_one", _("One-to-one mentoring")
    OTHER = "other", _("Somewhere else")


class ConcernStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Triaged")
    UNDER_REVIEW = "under_review", _("Under review")
    RESOLVED = "resolved", _("Resolved")


OPEN_CONCERN_STATUSES = (
    ConcernStatus.RECEIVED,
    ConcernStatus.TRIAGED,
    ConcernStatus.UNDER_REVIEW,
)


class ConcernSeverity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class ConcernOutcome(models.TextChoices):
    UNFOUNDED = "unfounded", _("Unfounded")
    NO_ACTION = "no_action", _("No action needed")
    COACHING = "coaching", _("Coaching with an improvement plan")
    SUSPENSION = "suspension", _("Suspension")
    DECERTIFICATION_CASE = "decertification_case", _("Decertification case")


class Concern(models.Model):
    """One report about one facilitator's certification.

    It belongs to the affiliate the certification was with when it was reported; that is what
    decides who may see it. The facilitator never sees the concern itself: they hear of it
    when the process reaches them (an improvement plan, or a decertification case's notice).
    """

    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_concern_reference, editable=False
    )
    status_token = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Lets a reporter without an account follow the status."),
    )
    certification = models.ForeignKey(
        "certification.Certification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("certification"),
        help_text=_(
            "Empty when the reporter did not know the number; reviewers link it during triage."
        ),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns_about_me",
        verbose_name=_("facilitator"),
    )
    subject_name = models.CharField(
        _("facilitator's name as reported"),
        max_length=200,
        blank=True,
        help_text=_("How the reporter named the facilitator when they had no number."),
    )
    subject_place = models.CharField(
        _("group or place as reported"),
        max_length=200,
        blank=True,
        help_text=_("The group, class or place where the reporter met the facilitator."),
    )
    affiliate = models.ForeignKey(
        "certification.Organization",
        on_delete=models.PROTECT,
        related_name="concerns",
        verbose_name=_("affiliate"),
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("program"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns_reported",
        verbose_name=_("reported by"),
        help_text=_("Empty when reported through the public form."),
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("reporter's email"), blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=40, blank=True)
    reporter_is_confidential = models.BooleanField(
        _("reporter asks to stay confidential"),
        default=False,
        help_text=_("Only state and national staff see who reported it."),
    )
    category = models.CharField(_("category"), max_length=30, choices=ConcernCategory.choices)
    what_happened = models.TextField(_("what happened"))
    happened_on = models.DateField(_("when it happened"), null=True, blank=True)
    setting = models.CharField(_("where"), max_length=20, choices=ConcernSetting.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConcernStatus.choices,
        default=ConcernStatus.RECEIVED,
        db_index=True,
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=ConcernSeverity.choices, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns_owned",
        verbose_name=_("owner"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=ConcernOutcome.choices, blank=True
    )
    outcome_summary = models.TextField(_("outcome summary"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("fidelity concern")
        verbose_name_plural = _("fidelity concerns")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(certification__isnull=True, subject__isnull=True)
                | Q(certification__isnull=False, subject__isnull=False),
                name="concern_subject_comes_with_its_certification",
            ),
            models.CheckConstraint(
                condition=Q(certification__isnull=False) | ~Q(subject_name=""),
                name="unlinked_concern_names_the_facilitator",
            ),
            models.CheckConstraint(
                condition=Q(status="received") | ~Q(severity="") & Q(owner__isnull=False),
                name="triaged_concern_has_severity_and_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | ~Q(outcome="") & Q(resolved_at__isnull=False),
                name="resolved_concern_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status="resolved") | Q(outcome=""),
                name="open_concern_has_no_outcome",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status != ConcernStatus.RESOLVED

    @property
    def is_linked(self) -> bool:
        """Whether reviewers know which certificate the concern is about. A report made
        without a number is not, until a reviewer links it; until then nothing that acts on a
        certificate (a suspension, a plan, a case) can follow from it."""
        return self.certification_id is not None

    @property
    def reported_without_number(self) -> bool:
        """The reporter described the facilitator instead of giving a certificate number (the
        description is kept after linking, as the reporter's own words)."""
        return bool(self.subject_name)

    @property
    def reported_as(self) -> str:
        """The facilitator as the reporter described them: "Felix Moreno, Tuesday group"."""
        return ", ".join(part for part in (self.subject_name, self.subject_place) if part)

    @property
    def facilitator_label(self) -> str:
        """The facilitator's name for reviewers, or what the reporter said while unlinked."""
        if self.subject_id is not None:
            return self.subject.full_name
        return _("Not linked yet: reported as %(described)s") % {"described": self.reported_as}


ALLOWED_ATTACHMENT_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "text/plain": ".txt",
}
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 3


class ConcernAttachment(models.Model):
    """A file sent with a concern (a photo, a note, a screenshot); checked for size and type,
    stored privately and served only to those who may see the concern."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="concerns/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class ConcernAction(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Triaged")
    REVIEW_STARTED = "review_started", _("Review started")
    NOTE = "note", _("Note")
    CONTACT = "contact", _("Contact")
    SUSPENDED = "suspended", _("Certification suspended pending review")
    PLAN_ADDED = "plan_added", _("Improvement plan set")
    RESOLVED = "resolved", _("Resolved")
    CASE_OPENED = "case_opened", _("Decertification case opened")
    LINKED = "linked", _("Linked to a certificate")


# The entries of a concern's timeline that a reporter may not read: only its status is theirs.
TIMELINE_ACTIONS = (ConcernAction.NOTE, ConcernAction.CONTACT)


class ConcernEvent(CausedMixin, AppendOnlyModel):
    """One step of a concern's timeline: a change of status, a note, a contact. Never edited."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=ConcernAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    system_cause = system_cause_field()
    text = models.TextField(_("text"), blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("concern event")
        ordering = ["created_at", "id"]
        constraints = [one_cause_constraint("concern_event_names_one_cause")]

    def __str__(self):
        return f"{self.concern_id} · {self.get_action_display()}"


class PlanStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Followed up: met")
    NOT_MET = "not_met", _("Followed up: not met")


class ImprovementPlan(models.Model):
    """Coaching for one facilitator: what to do, by when, and what the follow-up found.

    It comes from a concern resolved with coaching, or from an observation where an item
    scored under its threshold.
    """

    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="improvement_plans",
        verbose_name=_("facilitator"),
    )
    affiliate = models.ForeignKey(
        "certification.Organization",
        on_delete=models.PROTECT,
        related_name="improvement_plans",
        verbose_name=_("affiliate"),
    )
    concern = models.ForeignKey(
        Concern, on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    observation = models.ForeignKey(
        "certification.FidelityObservation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    actions = models.TextField(_("actions"))
    due_on = models.DateField(_("follow up by"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.OPEN
    )
    follow_up_result = models.TextField(_("what the follow-up found"), blank=True)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("improvement plan")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(concern__isnull=False, observation__isnull=True)
                | Q(concern__isnull=True, observation__isnull=False),
                name="plan_comes_from_a_concern_or_an_observation",
            ),
            models.CheckConstraint(
                condition=Q(status="open")
                | ~Q(follow_up_result="") & Q(followed_up_on__isnull=False),
                name="followed_up_plan_has_result",
            ),
        ]

    def __str__(self):
        return f"{self.facilitator} · {self.due_on}"
