"""A person's own data, as they download it from their profile: what Trellis holds about them
and shows them, gathered in one place.

The reads are user-scoped by construction: every query filters on the person, so nothing
about anyone else can come along. Each kind of record is one query (with what it needs
joined in), so a person with a long history costs the same number of queries as a newcomer.

What is included follows what the person may already see in Trellis: their own words and
records, what trainers and observers wrote to them, and their cases. Staff-only notes
(a readiness assessment's notes, a concern's timeline) and who reported a concern about them
are not theirs to download; a formal request for those goes to national staff
(docs/privacy.md).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from certification.models import (
    CaseEvent,
    Certification,
    CertificationAction,
    CertificationEvent,
    Concern,
    ConductSignature,
    DecertificationCase,
    Enrollment,
    EventAttendance,
    FidelityObservation,
    HistoryEntry,
    ImprovementPlan,
    Membership,
    Organization,
    OrganizationKind,
    ReadinessAssessment,
    RenewalRequest,
    RoleGrant,
)
from curriculum.models import KnowledgeCheckAttempt, ModuleProgress

from .sign_in_history import download_details

FORMAT_VERSION = 1


def _name(user) -> str:
    return user.full_name if user is not None else ""


@dataclass
class CertificateForPrint:
    """What the certificate PDF needs beyond the row, read with everything else."""

    certification: Certification
    trainer_name: str = ""
    status_since: datetime.date | None = None


@dataclass
class PersonalData:
    """Everything for the download: `data` becomes the JSON file; `certificates` and
    `signatures` become PDFs beside it."""

    data: dict
    certificates: list[CertificateForPrint] = field(default_factory=list)
    signatures: list[ConductSignature] = field(default_factory=list)
    national_name: str = ""


def _profile(person):
    return {
        "full_name": person.full_name,
        "email": person.email,
        "preferred_language": person.preferred_language,
        "date_joined": person.date_joined,
        "last_login": person.last_login,
    }


def _memberships(person):
    return [
        {"affiliate": m.affiliate.name, "started_at": m.started_at, "ended_at": m.ended_at}
        for m in Membership.objects.filter(user=person).select_related("affiliate")
    ]


def _roles(person):
    return [
        {
            "role": grant.get_role_display(),
            "organization": grant.organization.name,
            "granted_at": grant.granted_at,
            "revoked_at": grant.revoked_at,
        }
        for grant in RoleGrant.objects.filter(user=person).select_related("organization")
    ]


def _enrollments(person):
    return [
        {
            "id": e.pk,
            "program": e.program.title,
            "affiliate": e.affiliate.name,
            "status": e.get_status_display(),
            "enrolled_at": e.enrolled_at,
            "status_changed_at": e.status_changed_at,
        }
        for e in Enrollment.objects.filter(person=person)
        .select_related("program", "affiliate")
        .order_by("enrolled_at", "id")
    ]


def _progress(person):
    return [
        {
            "module": p.module.title,
            "started_at": p.started_at,
            "last_activity": p.updated_at,
            "furthest_section": p.furthest_section,
            "lessons_completed_at": p.lessons_completed_at,
            "scenario_responses": p.scenario_responses,
            "passed_at": p.passed_at,
            "best_score": p.best_score,
        }
        for p in ModuleProgress.objects.filter(learner=person)
        .select_related("module")
        .order_by("started_at", "id")
    ]


def _attempts(person):
    return [
        {
            "module": a.module.title,
            "submitted_at": a.submitted_at,
            "questions": a.questions,
            "answers": a.answers,
            "results": a.results,
            "score": a.score,
            "pass_mark": a.pass_mark,
            "passed": a.passed,
        }
        for a in KnowledgeCheckAttempt.objects.filter(learner=person)
        .select_related("module")
        .order_by("submitted_at", "id")
    ]


def _signatures(person):
    return list(
        ConductSignature.objects.filter(person=person)
        .select_related("code__program")
        .order_by("signed_at", "id")
    )


def _certifications(person):
    history = CertificationEvent.objects.select_related("actor").order_by("created_at", "id")
    return list(
        Certification.objects.filter(person=person)
        .select_related("program", "affiliate", "issuing_state")
        .prefetch_related(Prefetch("history", queryset=history))
        .order_by("issued_on", "id")
    )


def _certificate_json(certification):
    return {
        "number": certification.display_number,
        "program": certification.program.title,
        "affiliate": certification.affiliate.name,
        "issuing_state": certification.issuing_state.name,
        "status": certification.get_status_display(),
        "issued_on": certification.issued_on,
        "valid_through": certification.expires_on,
        "history": [
            {
                "what_happened": event.get_action_display(),
                "from_status": event.get_from_status_display() if event.from_status else "",
                "to_status": event.get_to_status_display(),
                "reason": event.reason,
                "by": _name(event.actor),
                "when": event.created_at,
            }
            for event in certification.history.all()
        ],
    }


def _for_print(certification) -> CertificateForPrint:
    """The issuing trainer and, for a certificate not active, since when: from the history
    already read (what `selectors.certificate_print_facts` asks the database for, per
    certificate)."""
    events = list(certification.history.all())
    issued = next((e for e in events if e.action == CertificationAction.ISSUE), None)
    since = None
    if certification.status != "active":
        changed = [e for e in events if e.to_status == certification.status]
        since = timezone.localdate(changed[-1].created_at) if changed else None
    return CertificateForPrint(
        certification=certification,
        trainer_name=_name(issued.actor) if issued else "",
        status_since=since,
    )


def _renewal_requests(person):
    return [
        {
            "certificate": r.certification.display_number,
            "asked_on": r.requested_at,
            "status": r.get_status_display(),
            "decided_on": r.decided_at,
            "reason": r.reason,
        }
        for r in RenewalRequest.objects.filter(certification__person=person)
        .select_related("certification")
        .order_by("requested_at", "id")
    ]


def _training_places(person):
    return [
        {
            "event": a.event.title,
            "program": a.enrollment.program.title,
            "starts_at": a.event.starts_at,
            "ends_at": a.event.ends_at,
            "format": a.event.get_format_display(),
            "location": a.event.location,
            "cancelled_at": a.event.cancelled_at,
            "attendance": a.get_status_display(),
        }
        for a in EventAttendance.objects.filter(enrollment__person=person)
        .select_related("event", "enrollment__program")
        .order_by("event__starts_at", "id")
    ]


def _assessments(person):
    # A trainer's notes and override explanations are staff-only on every page: left out.
    return [
        {
            "program": a.enrollment.program.title,
            "assessed_at": a.created_at,
            "assessor": _name(a.assessor),
            "decision": a.get_decision_display(),
            "scores": a.scores,
            "reasons": a.reasons,
            "recommendations": a.recommendations,
            "may_return_on": a.may_return_on,
            "suggested_role": a.suggested_role,
        }
        for a in ReadinessAssessment.objects.filter(enrollment__person=person)
        .select_related("enrollment__program", "assessor")
        .order_by("created_at", "id")
    ]


def _observations(person):
    return [
        {
            "program": o.program.title,
            "affiliate": o.affiliate.name,
            "observed_on": o.observed_on,
            "session": o.get_session_kind_display(),
            "observer": _name(o.observer),
            "scores": o.scores,
            "average_score": o.average_score,
            "notes": o.notes,
        }
        for o in FidelityObservation.objects.filter(facilitators=person)
        .select_related("program", "affiliate", "observer")
        .order_by("observed_on", "id")
    ]


def _plans(person):
    return [
        {
            "affiliate": p.affiliate.name,
            "actions": p.actions,
            "follow_up_by": p.due_on,
            "status": p.get_status_display(),
            "follow_up_result": p.follow_up_result,
            "followed_up_on": p.followed_up_on,
            "created_at": p.created_at,
        }
        for p in ImprovementPlan.objects.filter(facilitator=person)
        .select_related("affiliate")
        .order_by("created_at", "id")
    ]


def _reported(person):
    """Concerns the person reported: their own words and where each one is. Reviewers'
    notes, findings and the facilitator a reviewer linked it to stay private."""
    return [
        {
            "reference": c.reference,
            "received_at": c.received_at,
            "program": c.program.title,
            "certificate_number_given": ""
            if c.reported_without_number or c.certification is None
            else c.certification.display_number,
            "facilitator_as_described": c.reported_as,
            "category": c.get_category_display(),
            "where": c.get_setting_display(),
            "happened_on": c.happened_on,
            "what_happened": c.what_happened,
            "your_name": c.reporter_name,
            "your_email": c.reporter_email,
            "your_phone": c.reporter_phone,
            "asked_to_stay_confidential": c.reporter_is_confidential,
            "status": c.get_status_display(),
            "resolved_at": c.resolved_at,
        }
        for c in Concern.objects.filter(reporter=person)
        .select_related("program", "certification")
        .order_by("received_at", "id")
    ]


def _cases(person):
    """Decertification cases about the person, as their case page shows them: the notice,
    their response and appeal, the decisions with reasons, and the steps with dates."""
    events = CaseEvent.objects.order_by("created_at", "id")
    return [
        {
            "certificate": case.certification.display_number,
            "program": case.certification.program.title,
            "status": case.get_status_display(),
            "notice_sent": case.opened_at,
            "allegation": case.allegation,
            "response_due_on": case.response_due_on,
            "your_response": case.response,
            "responded_at": case.responded_at,
            "decision": case.get_decision_display() if case.decision else "",
            "decision_reasons": case.decision_reasons,
            "decided_at": case.decided_at,
            "appeal_due_on": case.appeal_due_on,
            "your_appeal": case.appeal,
            "appealed_at": case.appealed_at,
            "appeal_decision": case.get_appeal_decision_display() if case.appeal_decision else "",
            "appeal_reasons": case.appeal_reasons,
            "appeal_decided_at": case.appeal_decided_at,
            "final_decision": case.get_final_decision_display() if case.final_decision else "",
            "closed_at": case.closed_at,
            "steps": [
                {"what_happened": e.get_action_display(), "when": e.created_at}
                for e in case.events.all()
            ],
        }
        for case in DecertificationCase.objects.filter(certification__person=person)
        .select_related("certification__program")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("opened_at", "id")
    ]


def _history(person):
    return [
        {"what_happened": h.get_action_display(), "when": h.created_at, **download_details(h)}
        for h in HistoryEntry.objects.filter(subject=person).order_by("created_at", "id")
    ]


def _national_name(certifications) -> str:
    if not certifications:
        return ""
    return (
        Organization.objects.filter(kind=OrganizationKind.NATIONAL)
        .values_list("name", flat=True)
        .first()
        or ""
    )


def personal_data_for(person) -> PersonalData:
    """Everything Trellis shows `person` about themself, for the download (about twenty
    queries whatever the amount of data)."""
    signatures = _signatures(person)
    certifications = _certifications(person)
    data = {
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "profile": _profile(person),
        "memberships": _memberships(person),
        "roles": _roles(person),
        "enrollments": _enrollments(person),
        "module_progress": _progress(person),
        "knowledge_check_attempts": _attempts(person),
        "code_of_conduct_signatures": [
            {
                "program": s.code.program.title,
                "code_of_conduct": s.code.title,
                "version": s.code.version,
                "name_as_typed": s.typed_name,
                "signed_at": s.signed_at,
                "text_sha256": s.text_sha256,
                "ip_address": s.ip_address,
                "browser": s.user_agent,
            }
            for s in signatures
        ],
        "certifications": [_certificate_json(c) for c in certifications],
        "renewal_requests": _renewal_requests(person),
        "training_places": _training_places(person),
        "readiness_assessments": _assessments(person),
        "observations": _observations(person),
        "improvement_plans": _plans(person),
        "concerns_reported": _reported(person),
        "decertification_cases": _cases(person),
        "account_history": _history(person),
    }
    return PersonalData(
        data=data,
        certificates=[_for_print(c) for c in certifications],
        signatures=signatures,
        national_name=_national_name(certifications),
    )
