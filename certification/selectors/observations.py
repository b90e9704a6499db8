"""Reads about fidelity observations: the lists and pages a person may see, and scores
rolled up per facilitator and per affiliate.

An observation scores a session against the program's checklist (1 to 5 per item) and stores
its average. A roll-up gives, for each person or affiliate: the average of the most recent
observation (`latest`), the mean of every observation's average (`average`) and how many
observations there were (`count`). Each roll-up costs one query whatever the number of ids
or observations, so lists and dashboards can show a roll-up on every row.

Roll-ups are plain reads: callers scope the ids first (through `certification/permissions`)
and pass only ids the viewer may see. The list reads start from
`permissions.observations_visible_to`.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)

from .. import permissions
from ..models import FidelityObservation, Organization

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


def _rollup(model, key: str, ids, to_observation: str, program, within) -> Rollups:
    """Roll-ups of the rows of `model` grouped by `key` (one of `ids`), where
    `to_observation` leads from a row to its observation ("" when the rows are observations).
    One query: the average and count per group, and the latest score as a subquery."""
    prefix = f"{to_observation}__" if to_observation else ""
    observation_id = f"{to_observation}_id" if to_observation else "id"
    scope = {}
    if program is not None:
        scope[f"{prefix}program_id"] = _program_id(program)
    if within is not None:
        scope[f"{prefix}pk__in" if to_observation else "pk__in"] = within.values("pk")
    latest = (
        model.objects.filter(**{key: OuterRef(key)}, **scope)
        .order_by(f"-{prefix}observed_on", f"-{observation_id}")
        .values(f"{prefix}average_score")[:1]
    )
    rows = (
        model.objects.filter(**{f"{key}__in": ids}, **scope)
        .values(key)
        .annotate(
            average=Avg(f"{prefix}average_score"),
            count=Count(observation_id),
            latest=Subquery(latest, output_field=DecimalField(max_digits=3, decimal_places=2)),
        )
        .order_by()
    )
    return _rollups(rows, key, ids)


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
    led = FidelityObservation.facilitators.through
    return _rollup(led, "user_id", people_ids, "fidelityobservation", program, within)


def observation_rollup_for_affiliates(affiliate_ids, program=None, *, within=None) -> Rollups:
    """For each affiliate id: `{"latest": Decimal | None, "average": Decimal | None,
    "count": int}` over the observations of sessions held at that affiliate.

    Same meaning and arguments as `observation_rollup_for_people`. One query.
    """
    return _rollup(FidelityObservation, "affiliate_id", affiliate_ids, "", program, within)


def _facilitators_by_name() -> Prefetch:
    return Prefetch("facilitators", queryset=get_user_model().objects.order_by("full_name"))


def observations_for_list(user, *, affiliate=None, program=None) -> QuerySet:
    """The observations `user` may see (optionally of one affiliate and one program), newest
    first, with what a list row shows: program, affiliate, observer and facilitators."""
    observations = permissions.observations_visible_to(user)
    if affiliate is not None:
        observations = observations.filter(affiliate=affiliate)
    if program is not None:
        observations = observations.filter(program=program)
    return (
        observations.select_related("program", "affiliate", "observer")
        .prefetch_related(_facilitators_by_name())
        .order_by("-observed_on", "-id")
    )


def observation_for_page(user, observation_id: int):
    """One observation `user` may see, with its facilitators; None when there is none."""
    return (
        permissions.observations_visible_to(user)
        .select_related("program", "affiliate", "observer")
        .prefetch_related(_facilitators_by_name())
        .filter(pk=observation_id)
        .first()
    )


def observation_plans(user, observation) -> QuerySet:
    """The improvement plans an observation led to that `user` may see, by facilitator."""
    return (
        permissions.improvement_plans_visible_to(user)
        .filter(observation=observation)
        .select_related("facilitator")
        .order_by("facilitator__full_name", "pk")
    )


def observed_people(observations, limit: int) -> list:
    """Up to `limit` people observed in `observations`, by name (one query)."""
    return list(
        get_user_model()
        .objects.filter(observations__in=observations.values("pk"))
        .distinct()
        .order_by("full_name", "pk")
        .only("pk", "full_name", "email")[:limit]
    )


def observed_affiliates(observations, limit: int) -> list:
    """Up to `limit` affiliates observed in `observations`, by name (one query)."""
    return list(
        Organization.objects.filter(observations__in=observations.values("pk"))
        .distinct()
        .order_by("name")
        .only("pk", "name", "slug")[:limit]
    )
