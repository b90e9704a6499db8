"""A trainee's next steps: for each enrollment, the path to a certificate as an ordered
checklist, each step done, current or later, with a link to where it is done.

The path is the one the readiness rules ask for (`selectors.readiness.prerequisites`):
enrolled → the program's required modules → the current code of conduct signed → a state
training attended → the readiness assessment → the certificate. Computed here once for the
dashboard so a trainee never has to ask a coordinator "what now?".

Reads only; the number of queries does not grow with the number of enrollments (everything
is fetched per person, then matched up in Python).
"""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from curriculum.selectors import progress_in_programs

from ..dates import today
from ..models import (
    LIVE_STATUSES,
    OPEN_CASE_STATUSES,
    AttendanceStatus,
    Certification,
    CertificationStatus,
    CodeOfConduct,
    ConductSignature,
    DecertificationCase,
    Enrollment,
    EnrollmentStatus,
    EventAttendance,
    FidelityObservation,
    ReadinessAssessment,
    RenewalRequest,
    RenewalRequestStatus,
)
from .certificates import renewal_needs_approval, renewal_opens_on

DONE, CURRENT, LATER = "done", "current", "later"


@dataclass
class Step:
    """One step of the path: what it is, where the trainee stands on it, and where to go."""

    key: str
    title: str
    done: bool
    detail: str = ""
    url: str = ""
    link_text: str = ""
    page: object = None  # a Wagtail page to link to (rendered with {% pageurl %})
    event: object = None
    assessment: object = None
    state: str = LATER
    notes: list[str] = field(default_factory=list)


@dataclass
class Checklist:
    """One enrollment's path, in order."""

    enrollment: Enrollment
    steps: list[Step]

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / len(self.steps))

    @property
    def current(self) -> Step | None:
        return next((step for step in self.steps if step.state == CURRENT), None)

    @property
    def complete(self) -> bool:
        return self.done_count == len(self.steps)

    @property
    def certified(self) -> bool:
        """The path ended in a certificate (the facilitator's certificates take over)."""
        return self.enrollment.status == EnrollmentStatus.CERTIFIED or self.steps[-1].done


def _long_date(value) -> str:
    return date_format(value, "F j, Y")


def _enrolled_step(enrollment) -> Step:
    return Step(
        key="enrolled",
        title=_("Enrolled"),
        done=True,
        detail=_("With %(affiliate)s since %(date)s.")
        % {
            "affiliate": enrollment.affiliate.name,
            "date": _long_date(localtime(enrollment.enrolled_at)),
        },
        url=reverse("certification:enrollment_detail", args=[enrollment.pk]),
        link_text=_("Your enrollment"),
    )


def _modules_step(progress) -> Step:
    total = len(progress.required) if progress else 0
    passed = progress.passed_required if progress else 0
    step = Step(
        key="modules",
        title=_("Online modules"),
        done=passed == total,
        detail=_("%(passed)s of %(total)s required modules passed.")
        % {"passed": passed, "total": total},
    )
    following = progress.next_module if progress else None
    if following is not None and not step.done:
        step.page = following.module
        verb = _("Continue with %(title)s") if following.started else _("Start with %(title)s")
        step.link_text = verb % {"title": following.module.title}
    elif progress is not None:
        step.page = progress.program
        step.link_text = _("See the modules")
    return step


def _conduct_step(enrollment, code, signed) -> Step:
    url = reverse("certification:conduct_detail", args=[enrollment.program.slug])
    if code is None:
        return Step(
            key="conduct",
            title=_("Code of conduct"),
            done=False,
            detail=_(
                "Your program has not published its code of conduct yet. "
                "You will be emailed when it does."
            ),
            url=url,
            link_text=_("About the code of conduct"),
        )
    if signed is not None:
        return Step(
            key="conduct",
            title=_("Code of conduct"),
            done=True,
            detail=_("You signed version %(version)s on %(date)s.")
            % {"version": code.version, "date": _long_date(localtime(signed.signed_at))},
            url=url,
            link_text=_("Read the code of conduct"),
        )
    return Step(
        key="conduct",
        title=_("Code of conduct"),
        done=False,
        detail=_("Read version %(version)s and sign it with your name.")
        % {"version": code.version},
        url=url,
        link_text=_("Read and sign the code of conduct"),
    )


def _event_words(event) -> str:
    starts, ends = localtime(event.starts_at), localtime(event.ends_at)
    return _("%(title)s: %(date)s, %(start)s to %(end)s. %(format)s: %(place)s") % {
        "title": event.title,
        "date": date_format(starts, "l, F j, Y"),
        "start": date_format(starts, "TIME_FORMAT"),
        "end": date_format(ends, "TIME_FORMAT"),
        "format": event.get_format_display(),
        "place": event.location,
    }


def _training_step(attendances) -> Step:
    """The training the trainee attended, or the one they are placed on (not cancelled)."""
    live = [a for a in attendances if a.event.cancelled_at is None]
    attended = [a for a in live if a.status == AttendanceStatus.ATTENDED]
    step = Step(key="training", title=_("A state training"), done=bool(attended))
    if attended:
        step.event = attended[-1].event
        step.detail = _("You attended %(event)s.") % {"event": _event_words(step.event)}
        return step
    placed = [a for a in live if a.status == AttendanceStatus.REGISTERED]
    if placed:
        step.event = placed[0].event
        step.detail = _("You have a place at %(event)s") % {"event": _event_words(step.event)}
        if step.event.ends_at < timezone.now():
            step.notes.append(
                _("The trainer has not recorded your attendance yet. Ask them if it is late.")
            )
        return step
    step.detail = _("Ask your coordinator for a place at a training.")
    if any(a.status == AttendanceStatus.ABSENT for a in live):
        step.notes.append(_("You were marked absent from your last training."))
    if any(a.event.cancelled_at is not None for a in attendances):
        step.notes.append(_("A training you had a place at was cancelled."))
    return step


def _assessment_step(enrollment, assessment) -> Step:
    step = Step(
        key="assessment",
        title=_("Readiness assessment"),
        done=enrollment.status == EnrollmentStatus.CERTIFIED,
        assessment=assessment,
        url=reverse("certification:enrollment_detail", args=[enrollment.pk]),
        link_text=_("Your enrollment and assessments"),
    )
    status = enrollment.status
    if status == EnrollmentStatus.IN_TRAINING:
        step.detail = _("A state trainer assesses you once the steps above are done.")
    elif status == EnrollmentStatus.READY_FOR_ASSESSMENT:
        step.detail = _("Every step above is done. A state trainer of your state assesses you.")
    elif status == EnrollmentStatus.CERTIFIED:
        step.detail = _("Ready: the trainer certified you.")
    elif status == EnrollmentStatus.NOT_YET_READY:
        step.detail = _("Not yet ready.")
        if assessment is not None:
            step.notes.append(_("Why: %(reasons)s") % {"reasons": assessment.reasons})
            if assessment.recommendations:
                step.notes.append(
                    _("What to work on: %(text)s") % {"text": assessment.recommendations}
                )
            if assessment.may_return_on:
                step.notes.append(
                    _("You may enroll again from %(date)s.")
                    % {"date": _long_date(assessment.may_return_on)}
                )
        step.link_text = _("Read your assessment")
    elif status == EnrollmentStatus.REFERRED:
        step.detail = _("Referred to another role.")
        if assessment is not None and assessment.suggested_role:
            step.notes.append(
                _("Suggested role: %(role)s. Your coordinator will talk with you about it.")
                % {"role": assessment.suggested_role}
            )
        step.link_text = _("Read your assessment")
    return step


def _certificate_step(certification) -> Step:
    step = Step(
        key="certificate",
        title=_("Certificate"),
        done=certification is not None,
        url=reverse("certification:my_certificates"),
        link_text=_("Your certificates"),
    )
    if certification is not None:
        step.detail = _("Number %(number)s, %(status)s, valid through %(date)s.") % {
            "number": certification.display_number,
            "status": certification.get_status_display().lower(),
            "date": _long_date(certification.expires_on),
        }
    else:
        step.detail = _("Issued when the trainer finds you ready.")
        step.url, step.link_text = "", ""
    return step


def _mark_states(checklist: Checklist) -> Checklist:
    """The first step not done is the current one; an enrollment that ended without a
    certificate (not yet ready, referred) stops at its assessment."""
    ended = checklist.enrollment.status in (
        EnrollmentStatus.NOT_YET_READY,
        EnrollmentStatus.REFERRED,
    )
    current_found = False
    for step in checklist.steps:
        if step.done:
            step.state = DONE
        elif ended:
            step.state = CURRENT if step.key == "assessment" else LATER
        elif not current_found:
            step.state, current_found = CURRENT, True
        else:
            step.state = LATER
    return checklist


def next_steps_for(person) -> list[Checklist]:
    """Each of the person's enrollments (withdrawn ones left out; open ones first, then the
    newest) with its checklist. About eight queries whatever the number of enrollments."""
    if not person.is_authenticated:
        return []
    enrollments = list(
        Enrollment.objects.filter(person=person)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .select_related("program", "affiliate")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=EventAttendance.objects.select_related("event").order_by(
                    "event__starts_at", "pk"
                ),
            ),
            Prefetch(
                "assessments",
                queryset=ReadinessAssessment.objects.order_by("-created_at", "-pk"),
            ),
            Prefetch(
                "certifications",
                queryset=Certification.objects.order_by("-issued_on", "-pk"),
            ),
        )
        .order_by("-enrolled_at", "-pk")
    )
    if not enrollments:
        return []
    enrollments.sort(key=lambda e: not e.is_open)  # stable: open first, newest first
    programs = list({e.program_id: e.program for e in enrollments}.values())
    progress = {p.program.pk: p for p in progress_in_programs(person, programs)}
    codes = {}
    for code in CodeOfConduct.objects.published().filter(program__in=programs).order_by("version"):
        codes[code.program_id] = code
    signatures = {
        signature.code_id: signature
        for signature in ConductSignature.objects.filter(person=person, code__in=codes.values())
    }
    checklists = []
    for enrollment in enrollments:
        code = codes.get(enrollment.program_id)
        assessments = list(enrollment.assessments.all())
        certifications = list(enrollment.certifications.all())
        steps = [
            _enrolled_step(enrollment),
            _modules_step(progress.get(enrollment.program_id)),
            _conduct_step(enrollment, code, signatures.get(code.pk) if code else None),
            _training_step(list(enrollment.attendances.all())),
            _assessment_step(enrollment, assessments[0] if assessments else None),
            _certificate_step(certifications[0] if certifications else None),
        ]
        checklists.append(_mark_states(Checklist(enrollment=enrollment, steps=steps)))
    return checklists


def is_trainee(person, checklists, *, has_roles: bool) -> bool:
    """Whether trainee cards belong on the person's dashboard: they are on a path to a
    certificate (an enrollment not yet certified), or they are new here (no role, no
    enrollment, no certificate)."""
    if any(not checklist.certified for checklist in checklists):
        return True
    if has_roles or checklists:
        return False
    return not Certification.objects.filter(person=person, status__in=LIVE_STATUSES).exists()


# --- a certified facilitator ----------------------------------------------------------------


@dataclass
class CertificateSummary:
    """One of the facilitator's certificates as the dashboard shows it."""

    certification: Certification
    renewal_opens_on: object = None
    renewal_open: bool = False
    needs_approval: bool = False
    pending_renewal_since: object = None
    open_case: object = None


def my_certificate_summaries(person) -> list[CertificateSummary]:
    """The person's certificates that still count (active, suspended, on leave), and an
    expired one that can still be renewed (no newer live certificate in its program), each with
    its renewal window, whether a trainer must approve renewals, a renewal request waiting,
    and any open decertification case. Three queries."""
    waiting = RenewalRequest.objects.filter(
        certification=OuterRef("pk"), status=RenewalRequestStatus.PENDING
    )
    certifications = list(
        Certification.objects.filter(
            person=person, status__in=[*LIVE_STATUSES, CertificationStatus.EXPIRED]
        )
        .select_related("program", "affiliate")
        .annotate(pending_since=Subquery(waiting.values("requested_at")[:1]))
        .order_by("program__title", "-issued_on")
    )
    live_programs = {c.program_id for c in certifications if c.status in LIVE_STATUSES}
    certifications = [
        c for c in certifications if c.status in LIVE_STATUSES or c.program_id not in live_programs
    ]
    cases = {
        case.certification_id: case
        for case in DecertificationCase.objects.filter(
            certification__in=certifications, status__in=OPEN_CASE_STATUSES
        )
    }
    on = today()
    summaries = []
    for certification in certifications:
        opens_on = renewal_opens_on(certification)
        summaries.append(
            CertificateSummary(
                certification=certification,
                renewal_opens_on=opens_on,
                renewal_open=opens_on <= on,
                needs_approval=renewal_needs_approval(certification),
                pending_renewal_since=certification.pending_since,
                open_case=cases.get(certification.pk),
            )
        )
    return summaries


def my_recent_observations(person, limit=3):
    """The latest observed sessions the person led, with program and affiliate, and how many
    there are in all (two queries)."""
    observations = FidelityObservation.objects.filter(facilitators=person)
    recent = list(
        observations.select_related("program", "affiliate").order_by("-observed_on", "-pk")[:limit]
    )
    return recent, (observations.count() if len(recent) == limit else len(recent))
