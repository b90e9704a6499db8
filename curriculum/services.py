"""Every change to a learner's progress: starting a module, moving through its sections,
answering a scenario, and submitting the knowledge check.

Each function takes keyword-only arguments including the `actor` (the learner; nobody works
through a module for someone else) and runs in one transaction.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .grading import grade, snapshot_questions
from .models import KnowledgeCheckAttempt, ModulePage, ModuleProgress
from .signals import module_passed

ATTEMPT_WINDOW = timedelta(hours=24)
MAX_SCENARIO_RESPONSE = 4000


class CurriculumError(ValidationError):
    """Something the rules of a module do not allow, shown to the learner as a message."""


def _require_learner(actor):
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied(_("Sign in to take training."))


def _refuse_null_characters(*texts):
    """Responses and answers are kept as JSON, where PostgreSQL cannot store a NUL
    character: refused with a message rather than a server error (found by the form fuzzing
    tests, tests/property/test_forms_curriculum.py). Nobody types one; a forged post can."""
    if any("\x00" in str(text) for text in texts):
        raise CurriculumError(
            _("Your answer has a character that cannot be saved. Type or choose it again.")
        )


def _locked_progress(actor, module: ModulePage) -> ModuleProgress:
    """The learner's progress row for the module's original page, locked for this transaction.

    Created on first use; a concurrent first use by the same learner finds the other row.
    """
    canonical_id = module.canonical_id
    rows = ModuleProgress.objects.select_for_update()
    progress = rows.filter(learner=actor, module_id=canonical_id).first()
    if progress is not None:
        return progress
    try:
        with transaction.atomic():
            return ModuleProgress.objects.create(learner=actor, module_id=canonical_id)
    except IntegrityError:
        return rows.get(learner=actor, module_id=canonical_id)


@transaction.atomic
def module_start(*, actor, module: ModulePage) -> ModuleProgress:
    """Begin a module, or return the learner's existing progress in it."""
    _require_learner(actor)
    return _locked_progress(actor, module)


@transaction.atomic
def section_visit(*, actor, module: ModulePage, number: int) -> ModuleProgress:
    """Record that the learner is on section `number` (1-based), so they can continue there.

    Reaching the last section completes the lessons.
    """
    _require_learner(actor)
    if not 1 <= number <= module.section_count:
        raise CurriculumError(_("This module has no section %(number)s.") % {"number": number})
    progress = _locked_progress(actor, module)
    progress.current_section = number
    progress.furthest_section = max(progress.furthest_section, number)
    if number == module.section_count and progress.lessons_completed_at is None:
        progress.lessons_completed_at = timezone.now()
    progress.save()
    return progress


def _scenario_ids(module: ModulePage) -> set[str]:
    return {
        child.id
        for section in module.lessons
        for child in section.value["body"]
        if child.block_type == "scenario"
    }


@transaction.atomic
def scenario_respond(
    *, actor, module: ModulePage, scenario_id: str, response: str
) -> ModuleProgress:
    """Keep the learner's own response to a scenario; after it, the suggested approach shows."""
    _require_learner(actor)
    response = (response or "").strip()
    _refuse_null_characters(response)
    if scenario_id not in _scenario_ids(module):
        raise CurriculumError(_("This scenario is no longer part of the module."))
    if not response:
        raise CurriculumError(
            _("Write or choose a response first; then the suggested approach shows.")
        )
    if len(response) > MAX_SCENARIO_RESPONSE:
        raise CurriculumError(
            _("Please keep your response under %(limit)s characters.")
            % {"limit": MAX_SCENARIO_RESPONSE}
        )
    progress = _locked_progress(actor, module)
    progress.scenario_responses = {
        **progress.scenario_responses,
        scenario_id: {"response": response, "at": timezone.now().isoformat()},
    }
    progress.save(update_fields=["scenario_responses", "updated_at"])
    return progress


def attempts_in_window(learner, module: ModulePage, now=None):
    """The learner's attempts at this module in the last 24 hours, newest first."""
    now = now or timezone.now()
    return KnowledgeCheckAttempt.objects.filter(
        learner=learner, module_id=module.canonical_id, submitted_at__gt=now - ATTEMPT_WINDOW
    )


@transaction.atomic
def knowledge_check_submit(
    *, actor, module: ModulePage, answers: dict, submission_token
) -> KnowledgeCheckAttempt:
    """Grade the learner's answers on the server and keep the attempt as it was asked.

    The same `submission_token` twice (a double click, a resent form) returns the first
    attempt instead of recording another. At most `max_attempts_per_day` attempts count in
    any 24 hours; a pass, once earned, is kept whatever happens to the module later.
    """
    _require_learner(actor)
    _refuse_null_characters(
        *(
            item
            for value in answers.values()
            for item in (value if isinstance(value, list) else [value])
        )
    )
    progress = _locked_progress(actor, module)  # serializes this learner's submissions
    existing = KnowledgeCheckAttempt.objects.filter(
        learner=actor, submission_token=submission_token
    ).first()
    if existing is not None:
        return existing
    if not len(module.questions):
        raise CurriculumError(_("This module has no knowledge check yet."))

    now = timezone.now()
    recent = list(attempts_in_window(actor, module, now).order_by("submitted_at"))
    if len(recent) >= module.max_attempts_per_day:
        next_try = recent[0].submitted_at + ATTEMPT_WINDOW
        raise CurriculumError(
            _(
                "You have used all %(count)s attempts for the last 24 hours. "
                "You can try again after %(when)s. Meanwhile, review the lessons."
            )
            % {
                "count": module.max_attempts_per_day,
                "when": date_format(timezone.localtime(next_try), "DATETIME_FORMAT"),
            }
        )

    questions = snapshot_questions(module.questions)
    result = grade(questions, answers)
    passed = result.passed(module.pass_mark)
    attempt = KnowledgeCheckAttempt.objects.create(
        learner=actor,
        module_id=module.canonical_id,
        submission_token=submission_token,
        questions=questions,
        answers=answers,
        results=result.results,
        score=result.score,
        pass_mark=module.pass_mark,
        passed=passed,
    )
    progress.best_score = max(progress.best_score or 0, result.score)
    first_pass = passed and progress.passed_at is None
    if first_pass:
        progress.passed_at = attempt.submitted_at
    progress.save(update_fields=["best_score", "passed_at", "updated_at"])
    if first_pass:
        module_passed.send(sender=ModulePage, learner=actor, module=module)
    return attempt
