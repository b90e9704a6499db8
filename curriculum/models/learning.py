"""What a learner has done: progress through a module and knowledge-check attempts.

Plain models, written only by `curriculum.services`. An attempt stores the questions as they
were asked and the answers as given, so editing a module later never changes a past result.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ModuleProgress(models.Model):
    """One learner's place in one module: where to continue, what they wrote in scenarios,
    and when they passed."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="module_progress"
    )
    module = models.ForeignKey(
        "curriculum.ModulePage",
        on_delete=models.PROTECT,
        related_name="progress",
        help_text=_("The original module page when the learner used an alias of it."),
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last activity"), auto_now=True)
    current_section = models.PositiveSmallIntegerField(_("current section"), default=1)
    furthest_section = models.PositiveSmallIntegerField(_("furthest section reached"), default=0)
    lessons_completed_at = models.DateTimeField(_("lessons completed"), null=True, blank=True)
    scenario_responses = models.JSONField(_("scenario responses"), default=dict, blank=True)
    passed_at = models.DateTimeField(_("passed"), null=True, blank=True)
    best_score = models.PositiveSmallIntegerField(_("best score (%)"), null=True, blank=True)

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(fields=["learner", "module"], name="one_progress_per_module"),
            models.CheckConstraint(
                condition=Q(best_score__isnull=True) | Q(best_score__lte=100),
                name="progress_best_score_is_a_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.learner} · {self.module_id}"

    @property
    def passed(self):
        return self.passed_at is not None


class KnowledgeCheckAttempt(models.Model):
    """One submitted knowledge check, graded on the server and kept as it was."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="knowledge_check_attempts"
    )
    module = models.ForeignKey(
        "curriculum.ModulePage", on_delete=models.PROTECT, related_name="attempts"
    )
    submission_token = models.UUIDField(
        default=uuid.uuid4,
        help_text=_("Sent with the form, so a double submit records one attempt."),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    questions = models.JSONField(_("questions as asked"))
    answers = models.JSONField(_("answers as given"))
    results = models.JSONField(_("result per question"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    passed = models.BooleanField(_("passed"))

    class Meta:
        verbose_name = _("knowledge check attempt")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "submission_token"], name="one_attempt_per_submission"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=100), name="attempt_score_is_a_percentage"
            ),
            models.CheckConstraint(
                condition=Q(passed=False) | Q(score__gte=models.F("pass_mark")),
                name="attempt_passed_only_at_or_above_pass_mark",
            ),
        ]

    def __str__(self):
        return f"{self.learner} · {self.module_id} · {self.score}%"
