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
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ... import permissions
from ...errors import DomainError
from ...models import (
    DEFAULT_OBSERVATION_ITEMS,
    Certification,
    CertificationStatus,
    FidelityObservation,
    HistoryAction,
    HistoryEntry,
    ObservationChecklistItem,
    Organization,
    SessionKind,
)
from .plans import improvement_plan_create

SCORES = range(1, 6)
CHECKLIST_FIELDS = ("name", "description", "threshold", "sort_order", "is_active")


def checklist_for(program) -> list[ObservationChecklistItem]:
    """The program's checklist items in use; a program without any gets the default
    checklist (`DEFAULT_OBSERVATION_ITEMS`), written down the first time it is asked for."""
    items = list(ObservationChecklistItem.objects.filter(program=program, is_active=True))
    if items:
        return items
    with transaction.atomic():
        if not ObservationChecklistItem.objects.filter(program=program).exists():
            ObservationChecklistItem.objects.bulk_create(
                ObservationChecklistItem(
                    program=program, name=name, description=text, sort_order=position
                )
                for position, (name, text) in enumerate(DEFAULT_OBSERVATION_ITEMS)
            )
    return list(ObservationChecklistItem.objects.filter(program=program, is_active=True))


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
    holds an active certification in the program. When any item scores under its threshold,
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
    certified = set(
        Certification.objects.filter(
            program=program,
            status=CertificationStatus.ACTIVE,
            person__in=[person.pk for person in facilitators],
        ).values_list("person_id", flat=True)
    )
    uncertified = [person.full_name for person in facilitators if person.pk not in certified]
    if uncertified:
        raise DomainError(
            {
                "facilitators": _(
                    "Only facilitators with an active certification in %(program)s can be "
                    "observed. Not certified: %(names)s."
                )
                % {"program": program.title, "names": ", ".join(uncertified)}
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


def _require_national_staff(actor):
    if actor is None or not permissions.is_national_staff(actor):
        raise PermissionDenied(_("Only national staff change observation checklists."))


def _next_position(program_id, *, exclude=None) -> int:
    items = ObservationChecklistItem.objects.filter(program_id=program_id)
    if exclude is not None:
        items = items.exclude(pk=exclude.pk)
    last = items.aggregate(last=Max("sort_order"))["last"]
    return 0 if last is None else last + 1


def _clean_item_fields(fields: dict) -> dict:
    """The rules an item's own fields keep, whoever calls (the admin form checks them too)."""
    cleaned = dict(fields)
    if "name" in cleaned:
        cleaned["name"] = (cleaned["name"] or "").strip()
        if not cleaned["name"]:
            raise DomainError({"name": _("Name the item.")})
    if "description" in cleaned:
        cleaned["description"] = (cleaned["description"] or "").strip()
    if "threshold" in cleaned:
        try:
            cleaned["threshold"] = int(cleaned["threshold"])
        except (TypeError, ValueError):
            cleaned["threshold"] = 0
        if cleaned["threshold"] not in SCORES:
            raise DomainError({"threshold": _("Choose a score from 1 to 5.")})
    if "is_active" in cleaned:
        cleaned["is_active"] = bool(cleaned["is_active"])
    return cleaned


@transaction.atomic
def checklist_item_add(
    *,
    actor,
    program,
    name: str,
    description: str = "",
    threshold: int = 3,
    sort_order: int | None = None,
    is_active: bool = True,
) -> ObservationChecklistItem:
    """Add an item to a program's observation checklist (national staff).

    A program without a checklist of its own is scored on the default one; that is written
    down first, so adding one item extends the default checklist instead of replacing it.
    Without a position, the item goes last.

    The change is written to the national organization's history; each observation also
    keeps the items as they were when it was made.
    """
    _require_national_staff(actor)
    fields = _clean_item_fields(
        {"name": name, "description": description, "threshold": threshold, "is_active": is_active}
    )
    checklist_for(program)
    item = ObservationChecklistItem.objects.create(
        program=program,
        sort_order=_next_position(program.pk) if sort_order is None else sort_order,
        **fields,
    )
    _history(
        HistoryAction.CHECKLIST_ITEM_ADDED,
        actor,
        item,
        {field: getattr(item, field) for field in CHECKLIST_FIELDS},
    )
    return item


@transaction.atomic
def checklist_item_change(*, actor, item, **fields) -> ObservationChecklistItem:
    """Change an item's name, description, threshold, position or whether it is in use
    (national staff).

    Nothing is deleted: an item no longer scored is taken out of use, and observations
    already made keep it as it was. A program keeps at least one item in use. A position of
    None puts the item last.
    """
    _require_national_staff(actor)
    unknown = set(fields) - set(CHECKLIST_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %s") % ", ".join(sorted(unknown)))
    item = ObservationChecklistItem.objects.select_for_update().get(pk=item.pk)
    fields = _clean_item_fields(fields)
    if "sort_order" in fields and fields["sort_order"] is None:
        fields["sort_order"] = _next_position(item.program_id, exclude=item)
    if item.is_active and fields.get("is_active") is False:
        # Lock the program's items in use, so two people taking out the last two at the same
        # moment cannot leave the program with an empty checklist.
        in_use = list(
            ObservationChecklistItem.objects.select_for_update()
            .filter(program_id=item.program_id, is_active=True)
            .exclude(pk=item.pk)
            .values_list("pk", flat=True)
        )
        if not in_use:
            raise DomainError(
                {"is_active": _("A checklist needs at least one item in use. Add another first.")}
            )
    changed = [field for field, value in fields.items() if getattr(item, field) != value]
    before = {field: getattr(item, field) for field in changed}
    for field in changed:
        setattr(item, field, fields[field])
    if changed:
        item.save(update_fields=changed)
        _history(
            HistoryAction.CHECKLIST_ITEM_CHANGED,
            actor,
            item,
            {
                "changed": {
                    field: {"from": before[field], "to": getattr(item, field)} for field in changed
                }
            },
        )
    return item


def _history(action, actor, item, details):
    """National staff own the checklists, so their history is kept on the national node."""
    HistoryEntry.objects.create(
        action=action,
        actor=actor,
        organization=Organization.get_first_root_node(),
        details={
            "program_id": item.program_id,
            "item_id": item.pk,
            "name": item.name,
            **details,
        },
    )
