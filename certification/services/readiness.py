"""Readiness: the prerequisites for assessment, the rubric, and a trainer's decision.

An enrollment is ready for assessment when every required module is passed, the current
code of conduct is signed and the trainee attended a training event. A trainer then scores
the rubric and decides: ready (a certification is issued), not yet ready (with reasons,
recommendations and a date to return), or refer (to another role).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curriculum.selectors import passed_required_modules

from .. import permissions
from ..errors import DomainError
from ..models import (
    DEFAULT_COMPETENCIES,
    OPEN_ENROLLMENT_STATUSES,
    AttendanceStatus,
    CodeOfConduct,
    ConductSignature,
    Enrollment,
    EnrollmentStatus,
    EventAttendance,
    HistoryAction,
    HistoryEntry,
    Organization,
    ReadinessAssessment,
    ReadinessDecision,
    Role,
    RoleGrant,
    RubricCompetency,
)
from ..tasks import notify

PREREQUISITE_LABELS = {
    "modules": gettext_lazy("Every required module passed"),
    "conduct": gettext_lazy("The current code of conduct signed"),
    "event": gettext_lazy("A state training attended"),
}


def prerequisites(enrollment) -> dict[str, bool]:
    """Which prerequisites for assessment the enrollment meets."""
    code = CodeOfConduct.objects.current_for(enrollment.program_id)
    return {
        "modules": passed_required_modules(enrollment.person, enrollment.program),
        "conduct": code is not None
        and ConductSignature.objects.filter(person=enrollment.person_id, code=code).exists(),
        "event": EventAttendance.objects.filter(
            enrollment=enrollment, status=AttendanceStatus.ATTENDED
        ).exists(),
    }


def _set_status(enrollment, status, *, actor=None, **details):
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
def enrollment_refresh(*, enrollment) -> Enrollment:
    """Move an open enrollment to (or back from) "ready for assessment" as prerequisites change."""
    enrollment = (
        Enrollment.objects.select_for_update()
        .select_related("program", "person")
        .get(pk=enrollment.pk)
    )
    if enrollment.status not in OPEN_ENROLLMENT_STATUSES:
        return enrollment
    ready = all(prerequisites(enrollment).values())
    if ready and enrollment.status == EnrollmentStatus.IN_TRAINING:
        _set_status(enrollment, EnrollmentStatus.READY_FOR_ASSESSMENT)
    elif not ready and enrollment.status == EnrollmentStatus.READY_FOR_ASSESSMENT:
        _set_status(enrollment, EnrollmentStatus.IN_TRAINING)
    return enrollment


def refresh_open_enrollments(person, program=None):
    """Re-check a person's open enrollments (after a module pass or a signature)."""
    enrollments = Enrollment.objects.filter(person=person, status__in=OPEN_ENROLLMENT_STATUSES)
    if program is not None:
        enrollments = enrollments.filter(program=program)
    for enrollment in enrollments:
        enrollment_refresh(enrollment=enrollment)


def rubric_for(program) -> list[RubricCompetency]:
    """The program's competencies in use; a program without any gets the default rubric."""
    competencies = list(RubricCompetency.objects.filter(program=program, is_active=True))
    if competencies:
        return competencies
    with transaction.atomic():
        if not RubricCompetency.objects.filter(program=program).exists():
            RubricCompetency.objects.bulk_create(
                RubricCompetency(program=program, name=name, description=text, sort_order=i)
                for i, (name, text) in enumerate(DEFAULT_COMPETENCIES)
            )
    return list(RubricCompetency.objects.filter(program=program, is_active=True))


# --- the rubric, edited by national staff ---------------------------------------------------

RUBRIC_FIELDS = ("name", "description", "threshold", "sort_order", "is_active")


def _require_national_staff(actor):
    if actor is None or not permissions.is_national_staff(actor):
        raise PermissionDenied(_("Only national staff change readiness rubrics."))


def _next_position(program, *, exclude=None) -> int:
    competencies = RubricCompetency.objects.filter(program=program)
    if exclude is not None:
        competencies = competencies.exclude(pk=exclude.pk)
    last = competencies.aggregate(last=Max("sort_order"))["last"]
    return 0 if last is None else last + 1


def _clean_competency_fields(fields: dict) -> dict:
    """The rules a competency's own fields keep, whoever calls (the form checks them too)."""
    cleaned = dict(fields)
    if "name" in cleaned:
        cleaned["name"] = (cleaned["name"] or "").strip()
        if not cleaned["name"]:
            raise DomainError({"name": _("Name the competency.")})
    if "description" in cleaned:
        cleaned["description"] = (cleaned["description"] or "").strip()
    if "threshold" in cleaned:
        try:
            cleaned["threshold"] = int(cleaned["threshold"])
        except (TypeError, ValueError):
            cleaned["threshold"] = 0
        if not 1 <= cleaned["threshold"] <= 4:
            raise DomainError({"threshold": _("Choose a score from 1 to 4.")})
    if "is_active" in cleaned:
        cleaned["is_active"] = bool(cleaned["is_active"])
    return cleaned


def _competency_record(competency) -> dict:
    return {field: getattr(competency, field) for field in RUBRIC_FIELDS}


@transaction.atomic
def rubric_competency_add(
    *,
    actor,
    program,
    name: str,
    description: str = "",
    threshold: int = 3,
    sort_order: int | None = None,
    is_active: bool = True,
) -> RubricCompetency:
    """Add a competency to a program's readiness rubric (national staff).

    A program without a rubric of its own is scored on the default one; that is written down
    first, so adding one competency extends the default rubric instead of replacing it.
    Without a position, the competency goes last.
    """
    _require_national_staff(actor)
    fields = _clean_competency_fields(
        {"name": name, "description": description, "threshold": threshold, "is_active": is_active}
    )
    had_own_rubric = RubricCompetency.objects.filter(program=program).exists()
    rubric_for(program)
    competency = RubricCompetency.objects.create(
        program=program,
        sort_order=_next_position(program) if sort_order is None else sort_order,
        **fields,
    )
    HistoryEntry.objects.create(
        action=HistoryAction.RUBRIC_COMPETENCY_ADDED,
        actor=actor,
        # National staff own the rubric, so its history is kept on the national organization.
        organization=Organization.get_first_root_node(),
        details={
            "program_id": program.pk,
            "program": program.title,
            "competency_id": competency.pk,
            "default_rubric_written": not had_own_rubric,
            **_competency_record(competency),
        },
    )
    return competency


@transaction.atomic
def rubric_competency_change(*, actor, competency, **fields) -> RubricCompetency:
    """Change a competency's name, description, threshold, position or whether it is in use
    (national staff).

    Nothing is deleted: a competency no longer scored is taken out of use, and assessments
    already made keep it as it was. A program keeps at least one competency in use. A
    position of None puts the competency last.
    """
    _require_national_staff(actor)
    unknown = set(fields) - set(RUBRIC_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %s") % ", ".join(sorted(unknown)))
    competency = RubricCompetency.objects.select_for_update().get(pk=competency.pk)
    fields = _clean_competency_fields(fields)
    if "sort_order" in fields and fields["sort_order"] is None:
        fields["sort_order"] = _next_position(competency.program_id, exclude=competency)
    if competency.is_active and fields.get("is_active") is False:
        # Lock the program's competencies in use, so two people taking out the last two at
        # the same moment cannot leave the program with none.
        in_use = list(
            RubricCompetency.objects.select_for_update()
            .filter(program_id=competency.program_id, is_active=True)
            .exclude(pk=competency.pk)
            .values_list("pk", flat=True)
        )
        if not in_use:
            raise DomainError(
                {
                    "is_active": _(
                        "A program needs at least one competency in use. Add another one first."
                    )
                }
            )
    before = _competency_record(competency)
    for field, value in fields.items():
        setattr(competency, field, value)
    changed = {
        field: [before[field], getattr(competency, field)]
        for field in fields
        if before[field] != getattr(competency, field)
    }
    if changed:
        competency.save(update_fields=list(changed))
        HistoryEntry.objects.create(
            action=HistoryAction.RUBRIC_COMPETENCY_CHANGED,
            actor=actor,
            organization=Organization.get_first_root_node(),
            details={
                "program_id": competency.program_id,
                "program": competency.program.title,
                "competency_id": competency.pk,
                "name": competency.name,
                "changed": changed,
            },
        )
    return competency


def _coordinator_emails(affiliate):
    return list(
        RoleGrant.objects.active()
        .filter(organization=affiliate, role=Role.AFFILIATE_COORDINATOR)
        .values_list("user__email", flat=True)
    )


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
) -> ReadinessAssessment:
    """Record a trainer's assessment of one enrollment and act on the decision.

    The enrollment row is locked first, so two trainers deciding at the same moment produce
    one outcome: the second finds the enrollment already decided.
    """
    from .certificates import certification_issue

    enrollment = (
        Enrollment.objects.select_for_update()
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
            % {"missing": "; ".join(str(PREREQUISITE_LABELS[key]).lower() for key in missing)}
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
    from .certificates import add_months, today

    return add_months(today(), 12)
