"""What a case decision and an appeal decision will do, in the words their confirmation page
shows (`views/common/confirmation.py`). Each sentence says only what `services/fidelity/cases.py`
and `case_outcomes.py` really do: the facilitator is emailed every decision; the affiliate's
coordinators are emailed when the outcome is final.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ...dates import add_business_days, today
from ...models import AppealDecision, CaseDecision, CertificationStatus
from ...services.fidelity import case_deadlines as deadlines
from ...services.fidelity.case_outcomes import _suspended_by_this_process
from ..common import confirmation


def _words(case):
    certification = case.certification
    return {
        "name": certification.person.full_name,
        "program": certification.program.title,
        "number": certification.display_number,
        "affiliate": certification.affiliate.name,
    }


def _long(day):
    return date_format(day, "F j, Y")


def _final_emails(words):
    return (
        _(
            "%(name)s is emailed the decision and your reasons, and the coordinators of "
            "%(affiliate)s are emailed the final outcome."
        )
        % words
    )


def _lifted(case):
    """The sentence for a kept certificate whose suspension for this case or its concern is
    lifted (the only suspension a kept decision lifts)."""
    if _suspended_by_this_process(case, case.certification):
        return [_("Its suspension for this concern is lifted: the certificate is active again.")]
    return []


def decide_effect(case, data):
    words = _words(case)
    if data["decision"] == CaseDecision.KEEP:
        return confirmation.Effect(
            heading=_("Keep %(name)s's certificate?") % words,
            sentences=[
                _(
                    "The case closes and the decision is final: %(name)s keeps the %(program)s "
                    "certificate %(number)s."
                )
                % words,
                *_lifted(case),
                _final_emails(words),
            ],
            confirm=_("Yes, keep the certificate"),
            danger=False,
            omit=("may_reenroll_on",),
        )
    appeal_due_on = add_business_days(
        today(), deadlines.appeal_window_business_days(case.certification.program)
    )
    sentences = [
        _(
            "%(name)s's %(program)s certificate %(number)s will be decertified when the "
            "decision is final: if %(name)s does not appeal by %(date)s, or when national "
            "staff uphold it on appeal."
        )
        % {**words, "date": _long(appeal_due_on)},
    ]
    if case.certification.status == CertificationStatus.ACTIVE:
        sentences.append(_("Until then the certificate is suspended."))
    sentences.append(
        _(
            "%(name)s is emailed the decision and your reasons now; the coordinators of "
            "%(affiliate)s are emailed the outcome once it is final."
        )
        % words
    )
    return confirmation.Effect(
        heading=_("Decide to decertify %(name)s?") % words,
        sentences=sentences,
        confirm=_("Yes, decide to decertify"),
    )


def _reenroll_on(case):
    """As `apply_final_decision` sets it: the decided date, or tomorrow if that has passed."""
    return max(case.may_reenroll_on, today() + datetime.timedelta(days=1))


def decide_appeal_effect(case, data):
    words = _words(case)
    if data["decision"] == AppealDecision.UPHOLD:
        return confirmation.Effect(
            heading=_("Uphold the decision to decertify %(name)s?") % words,
            sentences=[
                _(
                    "This is final: %(name)s's %(program)s certificate %(number)s is "
                    "decertified. %(name)s may enroll in the program again from %(date)s."
                )
                % {**words, "date": _long(_reenroll_on(case))},
                _final_emails(words),
            ],
            confirm=_("Yes, uphold the decision"),
        )
    return confirmation.Effect(
        heading=_("Overturn the decision to decertify %(name)s?") % words,
        sentences=[
            _("This is final: %(name)s keeps the %(program)s certificate %(number)s.") % words,
            *_lifted(case),
            _final_emails(words),
        ],
        confirm=_("Yes, overturn the decision"),
        danger=False,
    )


EFFECTS = {"decide": decide_effect, "decide_appeal": decide_appeal_effect}
