"""Fidelity observations: a trainer or coordinator watches a class or support-group session
and scores it against the program's checklist.

Each checklist item is scored 1 to 5 and has a threshold, the lowest score that is fine. An
observation stores the checklist as it was (name, threshold, score of each item), so later
changes to the checklist never rewrite what was observed. Any item under its threshold asks
for an improvement plan: one per facilitator who led the session, followed up like coaching
after a concern.

The checklist itself is program content, edited by national staff (in the Wagtail admin,
through `checklist_item_add` and `checklist_item_change`). Nothing is deleted: an item no
longer scored is taken out of use.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ... import permissions
from ...errors import DomainError
from ...models import (
    DEFAULT_OBSERVATION_ITEMS,
    Certification,
    CertificationStatus,
    FidelityObservation,
    HistoryAction,
    ObservationChecklistItem,
    SessionKind,
)
from ..scored_items import ScoredItemList
from .plans import improvement_plan_create

SCORES = range(1, 6)
CHECKLIST_FIELDS = ("name", "description", "threshold", "sort_order", "is_active")


CHECKLIST = ScoredItemList(
    model=ObservationChecklistItem,
    scores=SCORES,
    defaults=DEFAULT_OBSERVATION_ITEMS,
    added_action=HistoryAction.CHECKLIST_ITEM_ADDED,
    changed_action=HistoryAction.CHECKLIST_ITEM_CHANGED,
    id_key="item_id",
    not_allowed=gettext_lazy("Only national staff change observation checklists."),
    name_required=gettext_lazy("Name the item."),
    score_range=gettext_lazy("Choose a score from 1 to 5."),
    keep_one_in_use=gettext_lazy("A checklist needs at least one item in use. Add another first."),
)


def checklist_for(program) -> list[ObservationChecklistItem]:
    """The program's checklist items in use; a program without any gets the default
    checklist (`DEFAULT_OBSERVATION_ITEMS`), written down the first time it is asked for."""
    return CHECKLIST.in_use(program)


def certified_facilitators(program, affiliate=None):
    """People holding an active certification in `program` (at `affiliate`, when given):
    the people whose sessions can be observed."""
    certifications = Certification.objects.filter(
        program=program, status=CertificationStatus.ACTIVE
    )
    if affiliate is not None:
        certifications = certifications.filter(affiliate=affiliate)
    return (
        get_user_model()
        .objects.filter(pk__in=certifications.values("person"))
        .order_by("full_name", "pk")
    )


def _average(values) -> Decimal:
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _score_snapshot(items, scores: dict) -> list[dict]:
    """Check every item in use has a score from 1 to 5 and write them down as they are."""
    given = {}
    for key, value in (scores or {}).items():
        try:
            given[int(key)] = int(value)
        except (TypeError, ValueError):
            raise DomainError(_("Each score must be a whole number from 1 to 5.")) from None
    known = {item.pk for item in items}
    if set(given) - known:
        raise DomainError(_("Some scores are for items that are not on this program's checklist."))
    missing = [item.name for item in items if item.pk not in given]
    if missing:
        raise DomainError(
            {"scores": _("Score every item. Not scored yet: %s.") % ", ".join(missing)}
        )
    out_of_range = [item.name for item in items if given[item.pk] not in SCORES]
    if out_of_range:
        raise DomainError(
            {"scores": _("Scores run from 1 to 5. Check: %s.") % ", ".join(out_of_range)}
        )
    return [
        {
            "item": item.name,
            "item_id": item.pk,
            "threshold": item.threshold,
            "score": given[item.pk],
        }
        for item in items
    ]


@transaction.atomic
def observation_record(
    *,
    actor,
    program,
    affiliate,
    observed_on: datetime.date,
    session_kind: str,
    facilitators,
    scores: dict,
    notes: str = "",
    plan_actions: str | None = None,
    plan_due_on: datetime.date | None = None,
) -> FidelityObservation:
    """Record an observed session at `affiliate`, led by `facilitators`, scored on the
    program's checklist (`scores` maps checklist item id to a score from 1 to 5).

    The observer is a coordinator of the affiliate, a trainer of its state or national staff
    (`can_record_observation`), never one of the facilitators observed. Each facilitator
    holds an active certification in the program at the affiliate
    (`permissions.observable_facilitators`). When any item scores under its threshold,
    `plan_actions` and `plan_due_on` are required and every facilitator gets an improvement
    plan from this observation (and an email about it); otherwise they are ignored.
    """
    if not permissions.can_record_observation(actor, affiliate):
        raise PermissionDenied(_("You cannot record observations at this affiliate."))
    if session_kind not in SessionKind.values:
        raise DomainError({"session_kind": _("Choose a class or a support group.")})
    if observed_on is None:
        raise DomainError({"observed_on": _("Give the date of the session.")})
    if observed_on > timezone.localdate():
        raise DomainError({"observed_on": _("The session date cannot be in the future.")})

    facilitators = list({person.pk: person for person in facilitators or []}.values())
    if not facilitators:
        raise DomainError({"facilitators": _("Choose who led the session.")})
    if any(person.pk == actor.pk for person in facilitators):
        raise DomainError(
            {"facilitators": _("You cannot observe a session you led. Ask another observer.")}
        )
    # The people the form offers (`permissions.observable_facilitators`) are those accepted.
    certified = set(
        permissions.observable_facilitators(actor, program, affiliate)
        .filter(pk__in=[person.pk for person in facilitators])
        .values_list("pk", flat=True)
    )
    uncertified = [person.full_name for person in facilitators if person.pk not in certified]
    if uncertified:
        raise DomainError(
            {
                "facilitators": _(
                    "Only facilitators with an active certification in %(program)s at "
                    "%(affiliate)s can be observed there. Not certified here: %(names)s."
                )
                % {
                    "program": program.title,
                    "affiliate": affiliate.name,
                    "names": ", ".join(uncertified),
                }
            }
        )

    items = checklist_for(program)
    snapshot = _score_snapshot(items, scores)
    below = [entry for entry in snapshot if entry["score"] < entry["threshold"]]
    if below:
        problems = {}
        if not (plan_actions or "").strip():
            problems["plan_actions"] = _(
                "%(count)s under its threshold (%(items)s): say what the facilitator will do."
            ) % {
                "count": _items_in_words(len(below)),
                "items": ", ".join(entry["item"] for entry in below),
            }
        if plan_due_on is None:
            problems["plan_due_on"] = _("Give a date to follow up the improvement plan by.")
        elif plan_due_on <= timezone.localdate():
            problems["plan_due_on"] = _("The follow-up date must be in the future.")
        if problems:
            raise DomainError(problems)

    observation = FidelityObservation.objects.create(
        program=program,
        affiliate=affiliate,
        observer=actor,
        observed_on=observed_on,
        session_kind=session_kind,
        scores=snapshot,
        average_score=_average([entry["score"] for entry in snapshot]),
        items_below_threshold=len(below),
        notes=(notes or "").strip(),
    )
    observation.facilitators.set(facilitators)
    if below:
        for person in facilitators:
            improvement_plan_create(
                actor=actor,
                facilitator=person,
                affiliate=affiliate,
                actions=plan_actions,
                due_on=plan_due_on,
                observation=observation,
            )
    return observation


def _items_in_words(count: int) -> str:
    if count == 1:
        return _("One item is")
    return _("%(count)s items are") % {"count": count}


# --- the checklist, edited by national staff -------------------------------------------------


def checklist_item_add(*, actor, program, **fields) -> ObservationChecklistItem:
    """Add an item to a program's observation checklist (national staff); see
    `ScoredItemList.add`."""
    return CHECKLIST.add(actor=actor, program=program, **fields)


def checklist_item_change(*, actor, item, **fields) -> ObservationChecklistItem:
    """Change an item of an observation checklist (national staff). Nothing is deleted: an
    item no longer scored is taken out of use, and observations already made keep it as it
    was. See `ScoredItemList.change`."""
    return CHECKLIST.change(actor=actor, item=item, **fields)
