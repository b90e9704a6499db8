"""Readiness: the prerequisites for assessment, the rubric, and a trainer's decision.

An enrollment is ready for assessment when every required module is passed, the current
code of conduct is signed and the trainee attended a training event. A trainer then scores
the rubric and decides: ready (a certification is issued), not yet ready (with reasons,
recommendations and a date to return), or refer (to another role).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions
from ..errors import DomainError
from ..models import (
    DEFAULT_COMPETENCIES,
    OPEN_ENROLLMENT_STATUSES,
    Enrollment,
    EnrollmentStatus,
    HistoryAction,
    HistoryEntry,
    ReadinessAssessment,
    ReadinessDecision,
    Role,
    RubricCompetency,
)
from ..selectors.organizations import role_holder_emails
from ..selectors.readiness import missing_prerequisite_words, prerequisites
from ..tasks import notify
from .scored_items import ScoredItemList


def _set_status(enrollment, status, *, actor, **details):
    """Write the enrollment's new status and its history row, naming who caused it."""
    enrollment.status = status
    enrollment.status_changed_at = timezone.now()
    enrollment.save(update_fields=["status", "status_changed_at"])
    HistoryEntry.objects.create(
        action=HistoryAction.ENROLLMENT_STATUS,
        actor=actor,
        organization=enrollment.affiliate,
        subject=enrollment.person,
        details={"enrollment_id": enrollment.pk, "status": status, **details},
    )


@transaction.atomic
def enrollment_refresh(*, actor, enrollment) -> Enrollment:
    """Move an open enrollment to (or back from) "ready for assessment" as prerequisites change.

    `actor` is the person whose act changed them: the learner who passed a module or signed
    the code of conduct, the trainer who recorded attendance.
    """
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))  # not the person's row
        .select_related("program", "person")
        .get(pk=enrollment.pk)
    )
    if enrollment.status not in OPEN_ENROLLMENT_STATUSES:
        return enrollment
    ready = all(prerequisites(enrollment).values())
    if ready and enrollment.status == EnrollmentStatus.IN_TRAINING:
        _set_status(enrollment, EnrollmentStatus.READY_FOR_ASSESSMENT, actor=actor)
    elif not ready and enrollment.status == EnrollmentStatus.READY_FOR_ASSESSMENT:
        _set_status(enrollment, EnrollmentStatus.IN_TRAINING, actor=actor)
    return enrollment


def refresh_open_enrollments(person, program=None, *, actor):
    """Re-check a person's open enrollments (after a module pass or a signature by `actor`)."""
    enrollments = Enrollment.objects.filter(person=person, status__in=OPEN_ENROLLMENT_STATUSES)
    if program is not None:
        enrollments = enrollments.filter(program=program)
    for enrollment in enrollments:
        enrollment_refresh(actor=actor, enrollment=enrollment)


RUBRIC = ScoredItemList(
    model=RubricCompetency,
    scores=range(1, 5),
    defaults=DEFAULT_COMPETENCIES,
    added_action=HistoryAction.RUBRIC_COMPETENCY_ADDED,
    changed_action=HistoryAction.RUBRIC_COMPETENCY_CHANGED,
    id_key="competency_id",
    not_allowed=gettext_lazy("Only national staff change readiness rubrics."),
    name_required=gettext_lazy("Name the competency."),
    score_range=gettext_lazy("Choose a score from 1 to 4."),
    keep_one_in_use=gettext_lazy(
        "A program needs at least one competency in use. Add another one first."
    ),
)


def rubric_for(program) -> list[RubricCompetency]:
    """The program's competencies in use; a program without any gets the default rubric."""
    return RUBRIC.in_use(program)


def rubric_competency_add(*, actor, program, **fields) -> RubricCompetency:
    """Add a competency to a program's readiness rubric (national staff); see
    `ScoredItemList.add`."""
    return RUBRIC.add(actor=actor, program=program, **fields)


def rubric_competency_change(*, actor, competency, **fields) -> RubricCompetency:
    """Change a competency of a readiness rubric (national staff). Nothing is deleted: a
    competency no longer scored is taken out of use, and assessments already made keep it as
    it was. See `ScoredItemList.change`."""
    return RUBRIC.change(actor=actor, item=competency, **fields)


def _coordinator_emails(affiliate):
    return role_holder_emails(Role.AFFILIATE_COORDINATOR, on_path=affiliate.path)


@transaction.atomic
def readiness_assess(
    *,
    actor,
    enrollment,
    scores: dict,
    decision: str,
    notes: str = "",
    reasons: str = "",
    recommendations: str = "",
    may_return_on: datetime.date | None = None,
    suggested_role: str = "",
    override_reason: str = "",
    threshold_override: str = "",
) -> ReadinessAssessment:
    """Record a trainer's assessment of one enrollment and act on the decision.

    The enrollment row is locked first, so two trainers deciding at the same moment produce
    one outcome: the second finds the enrollment already decided. The rubric is enforced:
    "ready" with a competency scored below its "ready at" level is refused unless the
    assessor says why (`threshold_override`), which is kept with the assessment and in the
    history.
    """
    from .certificates import certification_issue

    # Only the enrollment's row: locking the person's too (through the join) deadlocked with
    # their account being closed, which locks the person and then their enrollments.
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("person", "program", "affiliate")
        .get(pk=enrollment.pk)
    )
    if not permissions.can_assess_readiness(actor, enrollment):
        raise PermissionDenied(_("Only trainers of this state assess its trainees."))
    if enrollment.status not in OPEN_ENROLLMENT_STATUSES:
        raise DomainError(
            _("This enrollment was already decided: %(status)s.")
            % {"status": enrollment.get_status_display()}
        )
    if decision not in ReadinessDecision.values:
        raise DomainError({"decision": _("Choose a decision.")})

    missing = [key for key, met in prerequisites(enrollment).items() if not met]
    override_reason = (override_reason or "").strip()
    if missing and not override_reason:
        raise DomainError(
            _("Not ready to assess yet. Missing: %(missing)s.")
            % {"missing": "; ".join(missing_prerequisite_words(enrollment, missing))}
        )
    if missing and not permissions.is_national_staff(actor):
        raise PermissionDenied(_("Only national staff may override a missing prerequisite."))

    competencies = rubric_for(enrollment.program)
    if not competencies:
        raise DomainError(_("This program's rubric has no competency in use. Ask national staff."))
    frozen = []
    for competency in competencies:
        raw = scores.get(competency.pk, scores.get(str(competency.pk)))
        try:
            score = int(raw)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 4:
            raise DomainError(
                {
                    "scores": _("Score every competency from 1 to 4: %(name)s.")
                    % {"name": competency.name}
                }
            )
        frozen.append(
            {
                "id": competency.pk,
                "name": competency.name,
                "threshold": competency.threshold,
                "score": score,
            }
        )

    below = [row["name"] for row in frozen if row["score"] < row["threshold"]]
    threshold_override = (threshold_override or "").strip()
    if decision != ReadinessDecision.READY or not below:
        threshold_override = ""
    elif not threshold_override:
        raise DomainError(
            {
                "threshold_override": _(
                    "Scored below its “ready at” level: %(names)s. Choose another decision, "
                    "or say why the trainee is ready anyway."
                )
                % {"names": ", ".join(below)}
            }
        )

    reasons, recommendations = reasons.strip(), recommendations.strip()
    if decision == ReadinessDecision.NOT_YET_READY:
        if not reasons:
            raise DomainError({"reasons": _("Say why the trainee is not ready yet.")})
        may_return_on = may_return_on or _one_year_from_today()
    if decision == ReadinessDecision.REFER and not suggested_role.strip():
        raise DomainError({"suggested_role": _("Suggest the role you refer the trainee to.")})

    assessment = ReadinessAssessment.objects.create(
        enrollment=enrollment,
        assessor=actor,
        scores=frozen,
        notes=notes.strip(),
        decision=decision,
        reasons=reasons,
        recommendations=recommendations,
        may_return_on=may_return_on if decision == ReadinessDecision.NOT_YET_READY else None,
        suggested_role=suggested_role.strip(),
        prerequisite_override=override_reason if missing else "",
        threshold_override=threshold_override,
    )
    HistoryEntry.objects.create(
        action=HistoryAction.ASSESSED,
        actor=actor,
        organization=enrollment.affiliate,
        subject=enrollment.person,
        details={
            "assessment_id": assessment.pk,
            "decision": decision,
            "override": override_reason if missing else "",
            "missing": missing,
            "threshold_override": threshold_override,
            "below_threshold": below if threshold_override else [],
        },
    )
    if decision == ReadinessDecision.READY:
        _set_status(enrollment, EnrollmentStatus.CERTIFIED, actor=actor)
        certification_issue(
            actor=actor, enrollment=enrollment, details={"assessment_id": assessment.pk}
        )
    elif decision == ReadinessDecision.NOT_YET_READY:
        _set_status(enrollment, EnrollmentStatus.NOT_YET_READY, actor=actor)
        notify(
            to=[enrollment.person.email, *_coordinator_emails(enrollment.affiliate)],
            subject=_("Training outcome: %(program)s") % {"program": enrollment.program.title},
            template="certification/email/not_yet_ready.txt",
            context={
                "person_name": enrollment.person.full_name,
                "program": enrollment.program.title,
                "reasons": reasons,
                "recommendations": recommendations,
                "may_return_on": may_return_on,
            },
        )
    else:
        _set_status(enrollment, EnrollmentStatus.REFERRED, actor=actor)
    return assessment


def _one_year_from_today():
    from ..dates import add_months, today

    return add_months(today(), 12)
