"""Fidelity reads: observation scores rolled up per facilitator and per affiliate, and the
decertification cases waiting for their facilitator's answer.

An observation scores a session against the program's checklist (1 to 5 per item) and stores
its average. A roll-up gives, for each person or affiliate: the average of the most recent
observation (`latest`), the mean of every observation's average (`average`) and how many
observations there were (`count`). Each function costs one query whatever the number of ids
or observations, so lists and dashboards can show a roll-up on every row.

These are plain reads: callers scope the ids first (through `certification/permissions.py`)
and pass only ids the viewer may see.

At the end: the certificates a reviewer might link a concern reported without a number to.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import permissions
from ..dates import long_date, today
from ..models import CaseStatus, DecertificationCase, FidelityObservation

TWO_PLACES = Decimal("0.01")


def empty_rollup() -> dict:
    """The roll-up of someone (or somewhere) never observed."""
    return {"latest": None, "average": None, "count": 0}


class Rollups(dict):
    """Roll-ups by id; an id without any observation reads as an empty roll-up (and is not
    added to the dict)."""

    def __missing__(self, key):
        return empty_rollup()


def _two_places(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _program_id(program):
    return getattr(program, "pk", program)


def _rollups(rows, key: str, ids) -> Rollups:
    result = Rollups()
    if not isinstance(ids, QuerySet):
        for pk in ids:
            result[pk] = empty_rollup()
    for row in rows:
        result[row[key]] = {
            "latest": _two_places(row["latest"]),
            "average": _two_places(row["average"]),
            "count": row["count"],
        }
    return result


def observation_rollup_for_people(people_ids, program=None, *, within=None) -> Rollups:
    """For each person id: `{"latest": Decimal | None, "average": Decimal | None, "count": int}`.

    `latest` is the average score of the most recent observation (by session date, then by
    when it was recorded) of a session the person led; `average` is the mean of those
    observations' averages; `count` how many there were. `program` (a ProgramPage or its id)
    keeps only observations in that program. `people_ids` may be a list or a queryset of ids;
    every id of a list gets an entry (empty when never observed), and any other id reads as
    empty too. `within`, a queryset of observations (e.g. `observations_visible_to(user)`),
    counts only those, so a roll-up never summarizes observations the viewer may not see.
    One query.
    """
    Led = FidelityObservation.facilitators.through
    scope = {}
    if program is not None:
        scope["fidelityobservation__program_id"] = _program_id(program)
    if within is not None:
        scope["fidelityobservation__in"] = within.values("pk")
    led = Led.objects.filter(user_id__in=people_ids, **scope)
    latest = (
        Led.objects.filter(user_id=OuterRef("user_id"), **scope)
        .order_by("-fidelityobservation__observed_on", "-fidelityobservation_id")
        .values("fidelityobservation__average_score")[:1]
    )
    rows = (
        led.values("user_id")
        .annotate(
            average=Avg("fidelityobservation__average_score"),
            count=Count("fidelityobservation_id"),
            latest=Subquery(latest, output_field=DecimalField(max_digits=3, decimal_places=2)),
        )
        .order_by()
    )
    return _rollups(rows, "user_id", people_ids)


def observation_rollup_for_affiliates(affiliate_ids, program=None, *, within=None) -> Rollups:
    """For each affiliate id: `{"latest": Decimal | None, "average": Decimal | None,
    "count": int}` over the observations of sessions held at that affiliate.

    Same meaning and arguments as `observation_rollup_for_people`. One query.
    """
    observations = FidelityObservation.objects.filter(affiliate_id__in=affiliate_ids)
    scope = {}
    if program is not None:
        scope["program_id"] = _program_id(program)
    if within is not None:
        scope["pk__in"] = within.values("pk")
    observations = observations.filter(**scope)
    latest = (
        FidelityObservation.objects.filter(affiliate_id=OuterRef("affiliate_id"), **scope)
        .order_by("-observed_on", "-id")
        .values("average_score")[:1]
    )
    rows = (
        observations.values("affiliate_id")
        .annotate(
            average=Avg("average_score"),
            count=Count("id"),
            latest=Subquery(latest, output_field=DecimalField(max_digits=3, decimal_places=2)),
        )
        .order_by()
    )
    return _rollups(rows, "affiliate_id", affiliate_ids)


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
