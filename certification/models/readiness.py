"""Readiness: each program's rubric of competencies, and a trainer's assessment of one
enrollment against it, with one decision."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The default rubric a program starts with (national staff can change it).
DEFAULT_COMPETENCIES = (
    ("Keeps boundaries", "Stays in the peer role; no gifts, money or private meetings."),
    ("Protects privacy", "Keeps what members share confidential, within its limits."),
    ("Documents contacts properly", "Short, factual notes; nothing that should not be written."),
    ("Stays within scope and refers", "Shares experience, not medical advice; refers on."),
    ("Listens without judgement", "Lets people speak; does not lecture or judge."),
    ("Shares lived experience with purpose", "Shares own story briefly, for the member's sake."),
)


class RubricCompetency(models.Model):
    """One competency of a program's readiness rubric, scored 1 to 4."""

    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("program"),
    )
    name = models.CharField(_("competency"), max_length=120)
    description = models.CharField(_("what it looks like"), max_length=300, blank=True)
    threshold = models.PositiveSmallIntegerField(
        _("lowest score that is ready"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("rubric competency")
        verbose_name_plural = _("rubric competencies")
        ordering = ["program", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=1, threshold__lte=4), name="threshold_between_1_and_4"
            )
        ]

    def __str__(self):
        return self.name


class ReadinessDecision(models.TextChoices):
    READY = "ready", _("Ready")
    NOT_YET_READY = "not_yet_ready", _("Not yet ready")
    REFER = "refer", _("Refer to another role")


class ReadinessAssessment(models.Model):
    """A trainer's rubric scores, notes and decision for one enrollment."""

    enrollment = models.ForeignKey(
        "certification.Enrollment", on_delete=models.PROTECT, related_name="assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scores = models.JSONField(
        _("scores"), help_text=_("Each competency as it was: name, threshold and score.")
    )
    notes = models.TextField(_("notes"), blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=ReadinessDecision.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    may_return_on = models.DateField(_("may return from"), null=True, blank=True)
    suggested_role = models.CharField(_("suggested role"), max_length=200, blank=True)
    prerequisite_override = models.TextField(
        _("why missing prerequisites were overridden"), blank=True
    )
    threshold_override = models.TextField(
        _("why ready with a competency below its threshold"), blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("readiness assessment")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="not_yet_ready")
                | (~Q(reasons="") & Q(may_return_on__isnull=False)),
                name="not_yet_ready_has_reasons_and_return_date",
            ),
            models.CheckConstraint(
                condition=~Q(decision="refer") | ~Q(suggested_role=""),
                name="refer_has_a_suggested_role",
            ),
        ]

    def __str__(self):
        return f"{self.enrollment_id} · {self.get_decision_display()}"
