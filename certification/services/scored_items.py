"""Scored item lists that national staff keep for each program: the readiness rubric
(competencies scored 1 to 4) and the fidelity observation checklist (items scored 1 to 5).

Both follow the same rules, kept here once: a program without a list of its own is scored on
the default one, written down the first time it is asked for; only national staff add or
change items; nothing is deleted (an item no longer scored is taken out of use, and what was
already scored keeps it as it was); a program keeps at least one item in use; an empty
position puts an item last; and every change is written to the national organization's
history with what it was before.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.models import Page

from .. import permissions
from ..errors import DomainError
from ..models import HistoryEntry, Organization

ITEM_FIELDS = ("name", "description", "threshold", "sort_order", "is_active")


@dataclass(frozen=True)
class ScoredItemList:
    """One kind of per-program list: its model, score range, defaults and words."""

    model: type
    scores: range
    defaults: tuple
    added_action: str
    changed_action: str
    id_key: str  # how history details name the item, e.g. "competency_id"
    not_allowed: str
    name_required: str
    score_range: str
    keep_one_in_use: str

    def in_use(self, program) -> list:
        """The program's items in use, writing the defaults down for a program without any."""
        items = list(self.model.objects.filter(program=program, is_active=True))
        if items:
            return items
        with transaction.atomic():
            # The program's page row is locked first, so the first two people at the same
            # moment write the defaults once: the second waits, then finds them.
            list(Page.objects.select_for_update().filter(pk=program.pk).values("pk"))
            if not self.model.objects.filter(program=program).exists():
                self.model.objects.bulk_create(
                    self.model(program=program, name=name, description=text, sort_order=position)
                    for position, (name, text) in enumerate(self.defaults)
                )
        return list(self.model.objects.filter(program=program, is_active=True))

    @transaction.atomic
    def add(
        self,
        *,
        actor,
        program,
        name,
        description="",
        threshold=3,
        sort_order=None,
        is_active=True,
    ):
        """Add an item (national staff); the defaults are written first, so adding one item
        extends the default list instead of replacing it."""
        self._require_national_staff(actor)
        fields = self._clean(
            {
                "name": name,
                "description": description,
                "threshold": threshold,
                "is_active": is_active,
            }
        )
        had_own_list = self.model.objects.filter(program=program).exists()
        self.in_use(program)
        item = self.model.objects.create(
            program=program,
            sort_order=self._next_position(program.pk) if sort_order is None else sort_order,
            **fields,
        )
        self._history(
            self.added_action,
            actor,
            item,
            program,
            {"default_list_written": not had_own_list, **self._record(item)},
        )
        return item

    @transaction.atomic
    def change(self, *, actor, item, **fields):
        """Change an item's name, description, threshold, position or whether it is in use
        (national staff). Writes nothing when nothing changes."""
        self._require_national_staff(actor)
        unknown = set(fields) - set(ITEM_FIELDS)
        if unknown:
            raise DomainError(
                _("These fields cannot be changed here: %s") % ", ".join(sorted(unknown))
            )
        item = self.model.objects.select_for_update().select_related("program").get(pk=item.pk)
        fields = self._clean(fields)
        if "sort_order" in fields and fields["sort_order"] is None:
            fields["sort_order"] = self._next_position(item.program_id, exclude=item)
        if item.is_active and fields.get("is_active") is False:
            # Lock the program's items in use, so two people taking out the last two at the
            # same moment cannot leave the program with none.
            in_use = list(
                self.model.objects.select_for_update()
                .filter(program_id=item.program_id, is_active=True)
                .exclude(pk=item.pk)
                .values_list("pk", flat=True)
            )
            if not in_use:
                raise DomainError({"is_active": self.keep_one_in_use})
        before = self._record(item)
        for field, value in fields.items():
            setattr(item, field, value)
        changed = {
            field: [before[field], getattr(item, field)]
            for field in fields
            if before[field] != getattr(item, field)
        }
        if changed:
            item.save(update_fields=list(changed))
            self._history(
                self.changed_action,
                actor,
                item,
                item.program,
                {"name": item.name, "changed": changed},
            )
        return item

    def _require_national_staff(self, actor):
        if actor is None or not permissions.is_national_staff(actor):
            raise PermissionDenied(self.not_allowed)

    def _next_position(self, program_id, *, exclude=None) -> int:
        items = self.model.objects.filter(program_id=program_id)
        if exclude is not None:
            items = items.exclude(pk=exclude.pk)
        last = items.aggregate(last=Max("sort_order"))["last"]
        return 0 if last is None else last + 1

    def _clean(self, fields: dict) -> dict:
        """The rules an item's own fields keep, whoever calls (admin forms check them too)."""
        cleaned = dict(fields)
        if "name" in cleaned:
            cleaned["name"] = (cleaned["name"] or "").strip()
            if not cleaned["name"]:
                raise DomainError({"name": self.name_required})
        if "description" in cleaned:
            cleaned["description"] = (cleaned["description"] or "").strip()
        if "threshold" in cleaned:
            try:
                cleaned["threshold"] = int(cleaned["threshold"])
            except (TypeError, ValueError):
                cleaned["threshold"] = 0
            if cleaned["threshold"] not in self.scores:
                raise DomainError({"threshold": self.score_range})
        if "is_active" in cleaned:
            cleaned["is_active"] = bool(cleaned["is_active"])
        return cleaned

    @staticmethod
    def _record(item) -> dict:
        return {field: getattr(item, field) for field in ITEM_FIELDS}

    def _history(self, action, actor, item, program, details):
        # National staff own these lists, so their history is kept on the national node.
        HistoryEntry.objects.create(
            action=action,
            actor=actor,
            organization=Organization.get_first_root_node(),
            details={
                "program_id": program.pk,
                "program": program.title,
                self.id_key: item.pk,
                **details,
            },
        )
