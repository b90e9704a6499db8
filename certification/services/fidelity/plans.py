"""Improvement plans: coaching for one facilitator, set after a concern resolved with
coaching or an observation with items under their threshold, and followed up by a date."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ... import permissions
from ...errors import DomainError, require_text
from ...models import ConcernAction, ConcernEvent, ImprovementPlan, PlanStatus
from ...tasks import notify


@transaction.atomic
def improvement_plan_create(
    *,
    actor,
    facilitator,
    affiliate,
    actions: str,
    due_on: datetime.date,
    concern=None,
    observation=None,
) -> ImprovementPlan:
    """Set a plan for `facilitator`, from exactly one concern or one observation.

    The facilitator is emailed the actions and the date; a plan from a concern is also
    written into the concern's timeline.
    """
    if (concern is None) == (observation is None):
        raise ValueError("A plan comes from exactly one concern or one observation.")
    if not permissions.can_review_fidelity(actor, affiliate):
        raise PermissionDenied(_("You do not review fidelity at this affiliate."))
    if actor.pk == facilitator.pk:
        raise PermissionDenied(_("You cannot set your own improvement plan."))
    actions = require_text(actions, "actions", _("Say what the facilitator will do."))
    if due_on is None:
        raise DomainError({"due_on": _("Give a date to follow up by.")})
    if due_on <= timezone.localdate():
        raise DomainError({"due_on": _("The follow-up date must be in the future.")})
    plan = ImprovementPlan.objects.create(
        facilitator=facilitator,
        affiliate=affiliate,
        concern=concern,
        observation=observation,
        actions=actions,
        due_on=due_on,
        created_by=actor,
    )
    if concern is not None:
        ConcernEvent.objects.create(
            concern=concern,
            action=ConcernAction.PLAN_ADDED,
            actor=actor,
            text=actions,
            details={"due_on": due_on, "plan": plan.pk},
        )
    notify(
        to=[facilitator.email],
        subject=_("Your improvement plan"),
        template="certification/email/improvement_plan.txt",
        context={
            "person_name": facilitator.full_name,
            "actions": actions,
            "due_on": due_on,
            "plan_id": plan.pk,
        },
    )
    return plan


@transaction.atomic
def improvement_plan_follow_up(*, actor, plan, met: bool, result: str) -> ImprovementPlan:
    """Record what the follow-up found: the plan was met, or it was not."""
    if not permissions.can_follow_up_improvement_plan(actor, plan):
        raise PermissionDenied(_("You cannot follow up this plan."))
    result = require_text(result, "result", _("Say what the follow-up found."))
    plan = ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.OPEN:
        raise DomainError(_("This plan has already been followed up."))
    plan.status = PlanStatus.MET if met else PlanStatus.NOT_MET
    plan.follow_up_result = result
    plan.followed_up_on = timezone.localdate()
    plan.followed_up_by = actor
    plan.save()
    if plan.concern_id is not None:
        ConcernEvent.objects.create(
            concern_id=plan.concern_id,
            action=ConcernAction.NOTE,
            actor=actor,
            text=_("Improvement plan followed up (%(status)s): %(result)s")
            % {"status": plan.get_status_display().lower(), "result": result},
            details={"plan": plan.pk, "status": plan.status},
        )
    return plan
