"""Decertification cases: due process before a certificate is taken away.

A case gives the facilitator written notice of what is alleged and why, a window to answer
in writing, a reasoned decision by a state trainer or national staff, and a window to appeal
to national staff, whose decision is final. Only then is the outcome applied to the
certification, through the certification services.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..history import (
    AppendOnlyModel,
    CausedMixin,
    HistoryQuerySet,
    one_cause_constraint,
    system_cause_field,
)


class CaseStatus(models.TextChoices):
    AWAITING_RESPONSE = "awaiting_response", _("Waiting for the facilitator's response")
    AWAITING_DECISION = "awaiting_decision", _("Waiting for a decision")
    APPEAL_WINDOW = "appeal_window", _("Decided; appeal window open")
    APPEALED = "appealed", _("Appealed to national staff")
    CLOSED = "closed", _("Closed")


OPEN_CASE_STATUSES = (
    CaseStatus.AWAITING_RESPONSE,
    CaseStatus.AWAITING_DECISION,
    CaseStatus.APPEAL_WINDOW,
    CaseStatus.APPEALED,
)


class CaseDecision(models.TextChoices):
    DECERTIFY = "decertify", _("Decertify")
    KEEP = "keep", _("Keep the certification")


class AppealDecision(models.TextChoices):
    UPHOLD = "uphold", _("Uphold the decision")
    OVERTURN = "overturn", _("Overturn the decision")


class DecertificationCase(models.Model):
    """The due-process record that may end in decertification."""

    concern = models.OneToOneField(
        "certification.Concern",
        on_delete=models.PROTECT,
        related_name="case",
        verbose_name=_("concern"),
    )
    certification = models.ForeignKey(
        "certification.Certification",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("certification"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CaseStatus.choices,
        default=CaseStatus.AWAITING_RESPONSE,
        db_index=True,
    )
    allegation = models.TextField(_("what is alleged and why"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("notice sent"), default=timezone.now)
    response_due_on = models.DateField(_("response due by"))
    response = models.TextField(_("the facilitator's response"), blank=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=CaseDecision.choices, blank=True
    )
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    may_reenroll_on = models.DateField(
        _("may enroll again from"),
        null=True,
        blank=True,
        help_text=_("Set with a decision to decertify."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    appeal_due_on = models.DateField(_("appeal due by"), null=True, blank=True)
    appeal = models.TextField(_("the facilitator's appeal"), blank=True)
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True)
    appeal_decision = models.CharField(
        _("appeal decision"), max_length=10, choices=AppealDecision.choices, blank=True
    )
    appeal_reasons = models.TextField(_("reasons for the appeal decision"), blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    appeal_decided_at = models.DateTimeField(_("appeal decided"), null=True, blank=True)
    final_decision = models.CharField(
        _("final decision"), max_length=10, choices=CaseDecision.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("decertification case")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification"],
                condition=~Q(status="closed"),
                name="one_open_case_per_certification",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | ~Q(decision_reasons="") & Q(decided_at__isnull=False),
                name="case_decision_has_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(decision="decertify") | Q(may_reenroll_on__isnull=False),
                name="decertify_decision_has_reenroll_date",
            ),
            models.CheckConstraint(
                condition=Q(appeal_decision="") | ~Q(appeal_reasons=""),
                name="appeal_decision_has_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(final_decision="") & Q(closed_at__isnull=False),
                name="closed_case_has_final_decision",
            ),
        ]

    def __str__(self):
        return f"Case {self.pk} · {self.certification}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class CaseAction(models.TextChoices):
    OPENED = "opened", _("Notice sent")
    RESPONDED = "responded", _("Facilitator responded")
    DECIDED = "decided", _("Decided")
    APPEALED = "appealed", _("Appealed")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
    CLOSED = "closed", _("Closed; outcome applied")


# What the retention rule leaves in place of a closed case's words. The case timeline's
# database trigger (migration 0013) lets a row's text change to exactly this, and nothing else.
RETENTION_REDACTED = "[Removed by the retention rule]"


class CaseEventQuerySet(HistoryQuerySet):
    def redact_text(self) -> int:
        """Blank the words of these timeline rows with the retention marker: the one change a
        case timeline allows (each row keeps its step, cause and date). Returns rows changed."""
        return models.QuerySet.update(
            self.exclude(text="").exclude(text=RETENTION_REDACTED), text=RETENTION_REDACTED
        )


class CaseEvent(CausedMixin, AppendOnlyModel):
    """One step of a case, written with the change it records. Never edited, except that the
    retention rule may replace its words by `RETENTION_REDACTED` (`redact_text`)."""

    objects = CaseEventQuerySet.as_manager()

    case = models.ForeignKey(DecertificationCase, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=CaseAction.choices)
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
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("case event")
        ordering = ["created_at", "id"]
        constraints = [one_cause_constraint("case_event_names_one_cause")]

    def __str__(self):
        return f"{self.case_id} · {self.get_action_display()}"
