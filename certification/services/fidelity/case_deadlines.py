"""Decertification case deadlines: when a facilitator may still respond or appeal, when a
decision may be made, and which cases the daily sweep closes.

Due process runs on dates the facilitator is told in writing, so they are computed in one
place: the service steps in `cases` refuse what a window no longer allows, and the case pages
say the same dates in words. Windows are whole days in the site's time zone and include their
last day: a response due "by March 3" may be written until the end of March 3, and a decision
may be made from March 4. An appeal window counts business days (Saturdays and Sundays do
not count).
"""

import datetime

from ...dates import today
from ...models import CaseStatus

# The defaults; each program sets its own on its page ("Due process before decertification").
RESPONSE_WINDOW_DAYS = 30
APPEAL_WINDOW_BUSINESS_DAYS = 10


def response_window_days(program) -> int:
    """Days the program gives a facilitator to answer a notice."""
    return getattr(program, "case_response_days", None) or RESPONSE_WINDOW_DAYS


def appeal_window_business_days(program) -> int:
    """Business days the program gives a facilitator to appeal a decision."""
    return getattr(program, "case_appeal_business_days", None) or APPEAL_WINDOW_BUSINESS_DAYS


# --- when each step is allowed -------------------------------------------------------------


def response_window_open(case, on: datetime.date | None = None) -> bool:
    """The facilitator may still respond: waiting for them, up to the end of the due date."""
    on = on or today()
    return case.status == CaseStatus.AWAITING_RESPONSE and on <= case.response_due_on


def decision_allowed(case, on: datetime.date | None = None) -> bool:
    """A decision may be made: the facilitator responded, or the response window closed."""
    on = on or today()
    if case.status == CaseStatus.AWAITING_DECISION:
        return True
    return case.status == CaseStatus.AWAITING_RESPONSE and on > case.response_due_on


def decision_opens_on(case) -> datetime.date:
    """The first day a decision may be made without the facilitator's response."""
    return case.response_due_on + datetime.timedelta(days=1)


def appeal_window_open(case, on: datetime.date | None = None) -> bool:
    """The facilitator may still appeal: decided, up to the end of the appeal due date."""
    on = on or today()
    return (
        case.status == CaseStatus.APPEAL_WINDOW
        and case.appeal_due_on is not None
        and on <= case.appeal_due_on
    )
