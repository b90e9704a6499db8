"""Fidelity reads about concerns and cases: the decertification cases waiting for their
facilitator's answer or for the sweep to close them, the open improvement plans a person
follows, and the certificates a reviewer might link a concern reported without a number to.

Observations and their roll-ups are in `selectors/observations.py`.
"""

import datetime
import re

from django.db.models import (
    Case,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import permissions
from ..dates import long_date, today
from ..models import CaseStatus, DecertificationCase

# --- decertification cases waiting for their facilitator --------------------------------


def days_left_words(day: datetime.date, on: datetime.date) -> str:
    """ "12 days left", "1 day left", "last day"; empty once the day has passed."""
    days = (day - on).days
    if days < 0:
        return ""
    if days == 0:
        return _("today is the last day")
    return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}


def deadline_words(phrase: str, day: datetime.date, on: datetime.date) -> str:
    """A deadline in words, e.g. "Respond by March 3, 2027 — 12 days left" (`phrase` holds
    `%(date)s`)."""
    left = days_left_words(day, on)
    text = phrase % {"date": long_date(day)}
    return f"{text} — {left}" if left else text


def open_cases_needing_response(user) -> list:
    """The signed-in person's own open cases waiting for them: a response or an appeal still
    in its window. Each case carries `needs` ("response" or "appeal"), `due_on` and
    `deadline` (in words) for `includes/case_notices.html`. One query."""
    if not user.is_authenticated:
        return []
    on = today()
    waiting = (
        DecertificationCase.objects.filter(certification__person=user)
        .filter(
            Q(status=CaseStatus.AWAITING_RESPONSE, response_due_on__gte=on)
            | Q(status=CaseStatus.APPEAL_WINDOW, appeal_due_on__gte=on)
        )
        .select_related("certification__program")
        .order_by("opened_at", "id")
    )
    result = []
    for case in waiting:
        if case.status == CaseStatus.AWAITING_RESPONSE:
            case.needs, case.due_on = "response", case.response_due_on
            case.deadline = deadline_words(_("Respond by %(date)s"), case.due_on, on)
        else:
            case.needs, case.due_on = "appeal", case.appeal_due_on
            case.deadline = deadline_words(_("Appeal by %(date)s"), case.due_on, on)
        result.append(case)
    return result


def open_plans_for(user) -> int:
    """How many improvement plans of the person's own are still open (for their dashboard)."""
    from ..models import ImprovementPlan, PlanStatus

    if not user.is_authenticated:
        return 0
    return ImprovementPlan.objects.filter(facilitator=user, status=PlanStatus.OPEN).count()


# --- linking a concern reported without a number ----------------------------------------

MAX_LINK_CANDIDATES = 10


def link_candidates(user, concern) -> list:
    """Certificates a reviewer might link an unlinked concern to: those `user` may link it to
    (`permissions.linkable_certifications`) whose holder's name shares a word with the name
    the reporter gave, the reported affiliate's first. At most ten; one query."""
    words = [word for word in re.split(r"[^\w'-]+", concern.subject_name) if len(word) >= 2]
    if concern.is_linked or not words:
        return []
    matches = Q()
    for word in words:
        matches |= Q(person__full_name__icontains=word)
    return list(
        permissions.linkable_certifications(user, concern)
        .filter(matches)
        .select_related("person", "affiliate")
        .annotate(
            elsewhere=Case(
                When(affiliate_id=concern.affiliate_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("elsewhere", "person__full_name", "number")[:MAX_LINK_CANDIDATES]
    )


def cases_due_to_close():
    """Cases whose appeal window has passed without an appeal (the sweep closes them)."""
    return DecertificationCase.objects.filter(
        status=CaseStatus.APPEAL_WINDOW, appeal_due_on__lt=today()
    )


def cases_for_lists(user) -> QuerySet:
    """The decertification cases `user` may see, with the people, program and concern the case
    pages and exports name (one query for any number of cases)."""
    return permissions.cases_visible_to(user).select_related(
        "certification__person",
        "certification__program",
        "certification__affiliate",
        "concern",
        "opened_by",
        "decided_by",
        "appeal_decided_by",
    )
