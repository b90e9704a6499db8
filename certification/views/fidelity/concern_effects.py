"""What a concern's standing-changing steps will do, in the words their confirmation page
shows (`views/common/confirmation.py`). Each sentence says only what
`services/fidelity/concerns.py` really does: suspending emails the facilitator the reason; a
decertification case sends written notice; resolving as unfounded, no action or coaching lifts
a suspension this concern caused.
"""

from django.utils.translation import gettext as _

from ...models import CertificationStatus, ConcernOutcome
from ...services.fidelity.case_deadlines import response_window_days
from ...services.fidelity.concerns import REINSTATING_OUTCOMES
from ..common import confirmation


def _words(concern):
    certification = concern.certification
    return {
        "name": certification.person.full_name,
        "program": certification.program.title,
        "number": certification.display_number,
        "reference": concern.reference,
    }


def suspend_effect(concern, data):
    """Before suspending at once, pending review (`certification_suspend` emails the reason)."""
    words = _words(concern)
    return confirmation.Effect(
        heading=_("Suspend %(name)s's certificate now?") % words,
        sentences=[
            _(
                "%(name)s's %(program)s certificate %(number)s will be suspended at once, "
                "while concern %(reference)s is reviewed: they may not serve under it until "
                "the review ends."
            )
            % words,
            _(
                "%(name)s is emailed the reason. The public verification page shows "
                "“Suspended”, never the reason."
            )
            % words,
        ],
        confirm=_("Yes, suspend the certificate"),
    )


def resolve_effect(concern, data):
    """Before resolving: the outcome is applied to the facilitator's certificate at once."""
    outcome = ConcernOutcome(data["outcome"])
    words = {"reference": concern.reference, "outcome": outcome.label.lower()}
    sentences = [_("Concern %(reference)s will be closed as “%(outcome)s”.") % words]
    if concern.is_linked:
        words |= _words(concern)
        suspended = concern.certification.status == CertificationStatus.SUSPENDED
        if outcome == ConcernOutcome.SUSPENSION:
            sentences.append(
                _("%(name)s's certificate %(number)s stays suspended.") % words
                if suspended
                else _(
                    "%(name)s's certificate %(number)s will be suspended and %(name)s is "
                    "emailed the reason."
                )
                % words
            )
        elif outcome == ConcernOutcome.DECERTIFICATION_CASE:
            words["days"] = response_window_days(concern.program)
            sentences.append(
                _(
                    "A decertification case opens: %(name)s is emailed written notice of the "
                    "allegation and has %(days)s days to respond before anyone decides."
                )
                % words
            )
        elif outcome == ConcernOutcome.COACHING:
            sentences.append(_("%(name)s is given the improvement plan and emailed it.") % words)
        if outcome in REINSTATING_OUTCOMES and suspended:
            sentences.append(
                _(
                    "If the certificate was suspended while this concern was reviewed, it "
                    "becomes active again and %(name)s is emailed."
                )
                % words
            )
    sentences.append(_("The person who reported it sees only that it is resolved."))
    return confirmation.Effect(
        heading=_("Resolve concern %(reference)s as “%(outcome)s”?") % words,
        sentences=sentences,
        confirm=_("Yes, resolve the concern"),
        danger=outcome in (ConcernOutcome.SUSPENSION, ConcernOutcome.DECERTIFICATION_CASE),
    )


# The steps that change the facilitator's standing: each is confirmed first, in these words.
EFFECTS = {"suspend": suspend_effect, "resolve": resolve_effect}
