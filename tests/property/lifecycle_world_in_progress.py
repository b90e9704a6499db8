"""Work left in progress in the lifecycle state machine's world, at every stage, so that each
example (a few dozen random steps, with some rules switched off) reaches any step quickly.

- Hal's certificate has expired (the sweep ran).
- Cal attended the Ohio training: his enrollment waits for its readiness assessment.
- Ann asked to renew (her program asked for a trainer's approval then): the request waits.
- Two concerns about Ann: an urgent one triaged, waiting for its review; one under review.
- A case about Ben waits for his response. Cases about Fay and Ivy were decided (decertify)
  after their responses, so their certificates are suspended meanwhile: Fay's appeal window
  is open, Ivy has appealed to national staff.

Every text written here carries the marker that must never reach a public page.
"""

from certification.dates import add_months, today
from certification.models import (
    Certification,
    ConcernCategory,
    ConcernOutcome,
    ConcernSetting,
    ConcernSeverity,
    DecertificationCase,
)
from certification.services.events import attendance_record, event_add_attendee
from certification.services.fidelity.cases import case_appeal, case_decide, case_respond
from certification.services.fidelity.concerns import (
    concern_report,
    concern_resolve,
    concern_review_start,
    concern_triage,
)
from certification.services.renewals import renewal_request
from certification.services.sweep import run_sweep
from curriculum.models import ProgramPage

# The marker in every reason, note and statement written in the world and by the state
# machine: it must never appear on a public page.
MARKER = "secret-reason"


def in_progress(people, program, cal_enrollment, ohio_event):
    run_sweep()  # Hal's certificate expires
    texts = iter(f"{MARKER}-world-{n}" for n in range(1, 30))
    ohio_trainer = people["ohio_trainer"]
    place = event_add_attendee(actor=ohio_trainer, event=ohio_event, enrollment=cal_enrollment)
    attendance_record(actor=ohio_trainer, attendance=place, attended=True)

    ProgramPage.objects.filter(pk=program.pk).update(renewal_needs_approval=True)
    renewal_request(actor=people["ann"], certification=_certificate(people, "ann"))
    ProgramPage.objects.filter(pk=program.pk).update(renewal_needs_approval=False)

    _concern(people, texts, "ann", reporter=None, trainer="ohio_trainer", urgent=True)
    _concern(people, texts, "ann", reporter="cleveland_coord", trainer="ohio_trainer")
    for holder, reporter, trainer in (
        ("ben", "austin_coord", "texas_trainer"),
        ("fay", "columbus_coord", "ohio_trainer"),
        ("ivy", "cleveland_coord", "ohio_trainer"),
    ):
        concern = _concern(people, texts, holder, reporter=reporter, trainer=trainer)
        concern_resolve(
            actor=people[trainer],
            concern=concern,
            outcome=ConcernOutcome.DECERTIFICATION_CASE,
            summary=next(texts),
            allegation=next(texts),
        )
    for holder in ("fay", "ivy"):
        case = DecertificationCase.objects.get(certification=_certificate(people, holder))
        case_respond(actor=people[holder], case=case, response=next(texts))
        case_decide(
            actor=people["ohio_trainer"],
            case=case,
            decision="decertify",
            reasons=next(texts),
            may_reenroll_on=add_months(today(), 12),
        )
    case_appeal(actor=people["ivy"], case=case, appeal=next(texts))


def _certificate(people, key):
    return Certification.objects.get(person=people[key])


def _concern(people, texts, holder, *, reporter, trainer, urgent=False):
    """A concern about `holder`'s certificate triaged by `trainer`: an urgent one waits for
    its review to start, any other is under review."""
    concern = concern_report(
        actor=people[reporter] if reporter else None,
        category=ConcernCategory.BOUNDARIES,
        what_happened=next(texts),
        happened_on=None,
        setting=ConcernSetting.GROUP,
        certification=_certificate(people, holder),
        reporter_email="" if reporter else "someone@example.net",
    )
    concern_triage(
        actor=people[trainer],
        concern=concern,
        severity=ConcernSeverity.URGENT if urgent else ConcernSeverity.HIGH,
        owner=people[trainer],
    )
    if not urgent:
        concern_review_start(actor=people[trainer], concern=concern)
    return concern
