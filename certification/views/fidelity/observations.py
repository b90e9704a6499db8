"""Pages for fidelity observations and the improvement plans they (and concerns) lead to.

Observations are fetched only through `permissions.observations_visible_to` and plans only
through `permissions.improvement_plans_visible_to`, so a page exists for a person exactly when
they may see what it shows (404 otherwise). Recording an observation and following up a plan
are one service call each; a refusal comes back as form errors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from curriculum.models import ProgramPage

from ... import permissions
from ...forms.fidelity.observations import ObservationForm, ObservationTargetForm, PlanFollowUpForm
from ...models import (
    PlanStatus,
)
from ...selectors.observations import (
    observation_for_page,
    observation_plans,
    observation_rollup_for_affiliates,
    observation_rollup_for_people,
    observations_for_list,
    observed_affiliates,
    observed_people,
)
from ...services.fidelity.observations import (
    checklist_for,
    observation_record,
)
from ...services.fidelity.plans import improvement_plan_follow_up
from ..common.csv import csv_filename, csv_href, csv_response, wants_csv
from ..common.form_errors import add_service_errors

PAGE_SIZE = 25
# Roll-up tables on the list page show at most this many rows; filters narrow them down.
SUMMARY_ROWS = 50


def _observable_affiliates(user):
    """The affiliates where `user` may record observations (`can_record_observation`)."""
    return permissions.observable_affiliates(user).order_by("name")


def _programs():
    return ProgramPage.objects.live().order_by("title")


def _refuse_outside_tree(params, affiliates):
    """A query string naming an affiliate the person does not observe is a 404, as that
    affiliate's pages are: the page never offers it, and a form error would confirm that it
    exists. (Programs are the same for everyone: an unknown one is a form error.)"""
    slug = params.get("affiliate")
    if slug and slug not in {affiliate.slug for affiliate in affiliates}:
        raise Http404


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def below_in_words(count: int) -> str:
    """“n items under threshold”, in words, so it never rests on color alone."""
    if count == 0:
        return _("All items at or above threshold")
    return ngettext("%(count)s item under threshold", "%(count)s items under threshold", count) % {
        "count": count
    }


# --- observations -----------------------------------------------------------------------------


@login_required
def observation_list(request):
    """Observations the person may see, newest first, filtered by affiliate and program, with
    the roll-ups per facilitator and per affiliate of what the filters keep. With
    `?format=csv`, the observations the filters keep (every page) as a file, without notes."""
    affiliates = _observable_affiliates(request.user)
    affiliate_list = list(affiliates)  # one query answers both questions below
    may_record = bool(affiliate_list)
    programs = _programs()
    _refuse_outside_tree(request.GET, affiliate_list)
    filters = ObservationTargetForm(request.GET or None, affiliates=affiliates, programs=programs)
    for field in filters.fields.values():
        field.required = False
    filters.fields["affiliate"].empty_label = _("Every affiliate")
    filters.fields["program"].empty_label = _("Every program")
    chosen = {}
    if filters.is_bound and filters.is_valid():
        chosen = {key: value for key, value in filters.cleaned_data.items() if value}
    listed = observations_for_list(
        request.user, affiliate=chosen.get("affiliate"), program=chosen.get("program")
    )
    if wants_csv(request):
        return csv_response(
            request,
            csv_filename("observations"),
            [
                _("Date"),
                _("Session"),
                _("Affiliate"),
                _("Program"),
                _("Facilitators"),
                _("Observer"),
                _("Average score (of 5)"),
                _("Items under threshold"),
            ],
            (
                [
                    observation.observed_on,
                    observation.get_session_kind_display(),
                    observation.affiliate.name,
                    observation.program.title,
                    "; ".join(person.full_name for person in observation.facilitators.all()),
                    observation.observer.full_name,
                    observation.average_score,
                    observation.items_below_threshold,
                ]
                for observation in listed
            ),
        )

    page = _page(request, listed)
    for observation in page.object_list:
        observation.below_in_words = below_in_words(observation.items_below_threshold)

    # Roll-ups of what the filters keep, counted only over what the person may see.
    program = chosen.get("program")
    people = observed_people(listed, SUMMARY_ROWS + 1)
    people_rollup = observation_rollup_for_people(
        [person.pk for person in people[:SUMMARY_ROWS]], program=program, within=listed
    )
    places = observed_affiliates(listed, SUMMARY_ROWS + 1)
    place_rollup = observation_rollup_for_affiliates(
        [place.pk for place in places[:SUMMARY_ROWS]], program=program, within=listed
    )
    return render(
        request,
        "certification/fidelity/observation_list.html",
        {
            "page": page,
            "filters": filters,
            "show_filters": may_record or len(programs) > 1,
            "may_record": may_record,
            "query": _query_without_page(request),
            "csv_href": csv_href(request),
            "people_summary": [(person, people_rollup[person.pk]) for person in people][
                :SUMMARY_ROWS
            ],
            "people_truncated": len(people) > SUMMARY_ROWS,
            "affiliate_summary": [(place, place_rollup[place.pk]) for place in places][
                :SUMMARY_ROWS
            ],
            "affiliates_truncated": len(places) > SUMMARY_ROWS,
            "summary_rows": SUMMARY_ROWS,
        },
    )


@login_required
def observation_new(request):
    """Record an observation. First the affiliate and program (they decide the checklist and
    who can be chosen), then the session, its scores and, when asked for, the plan."""
    affiliates = _observable_affiliates(request.user)
    affiliate_list = list(affiliates)
    if not affiliate_list:
        raise PermissionDenied(_("You do not record observations."))
    programs = _programs()
    program_list = list(programs)
    _refuse_outside_tree(request.GET, affiliate_list)
    initial = {}
    if len(affiliate_list) == 1:
        initial["affiliate"] = affiliate_list[0].slug
    if len(program_list) == 1:
        initial["program"] = program_list[0].pk
    chosen = {**initial, **{key: value for key, value in request.GET.items() if value}}
    if "affiliate" in chosen and "program" in chosen:
        target = ObservationTargetForm(chosen, affiliates=affiliates, programs=programs)
    else:
        target = ObservationTargetForm(initial=chosen, affiliates=affiliates, programs=programs)
    if not (target.is_bound and target.is_valid()):
        return render(
            request,
            "certification/fidelity/observation_form.html",
            {"target": target, "form": None},
        )
    affiliate = target.cleaned_data["affiliate"]
    program = target.cleaned_data["program"]
    items = checklist_for(program)
    facilitators = permissions.observable_facilitators(request.user, program, affiliate)
    form = ObservationForm(request.POST or None, items=items, facilitators=facilitators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            observation = observation_record(
                actor=request.user,
                program=program,
                affiliate=affiliate,
                observed_on=data["observed_on"],
                session_kind=data["session_kind"],
                facilitators=list(data["facilitators"]),
                scores=form.scores(),
                notes=data["notes"],
                plan_actions=data["plan_actions"],
                plan_due_on=data["plan_due_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if observation.items_below_threshold:
                messages.success(
                    request,
                    ngettext(
                        "Observation recorded. The facilitator has an improvement plan.",
                        "Observation recorded. Each facilitator has an improvement plan.",
                        len(data["facilitators"]),
                    ),
                )
            else:
                messages.success(request, _("Observation recorded."))
            return redirect("certification:observation_detail", observation_id=observation.pk)
    return render(
        request,
        "certification/fidelity/observation_form.html",
        {
            "target": target,
            "form": form,
            "affiliate": affiliate,
            "program": program,
            "choose_again": len(affiliate_list) > 1 or len(program_list) > 1,
            "facilitator_count": facilitators.count(),
        },
    )


@login_required
def observation_detail(request, observation_id):
    """One observation with its scores, notes and the plans it led to (those the person may
    see)."""
    observation = observation_for_page(request.user, observation_id)
    if observation is None:
        raise Http404
    rows = [{**entry, "below": entry["score"] < entry["threshold"]} for entry in observation.scores]
    plans = observation_plans(request.user, observation)
    return render(
        request,
        "certification/fidelity/observation_detail.html",
        {
            "observation": observation,
            "rows": rows,
            "below_in_words": below_in_words(observation.items_below_threshold),
            "plans": plans,
            "is_facilitator": any(
                person.pk == request.user.pk for person in observation.facilitators.all()
            ),
        },
    )


# --- improvement plans ----------------------------------------------------------------------


def _open_first(plans):
    return plans.annotate(
        open_rank=Case(
            When(status=PlanStatus.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("open_rank", "due_on", "id")


@login_required
def plan_list(request):
    """A facilitator's own improvement plans, and the plans of the affiliates the person
    reviews; open plans first, soonest follow-up first. With `?format=csv`, the plans the
    person reviews (every page) as a file."""
    visible = permissions.improvement_plans_visible_to(request.user).select_related(
        "facilitator", "affiliate", "observation", "concern"
    )
    reviewed = _open_first(visible.exclude(facilitator=request.user))
    if wants_csv(request):
        # The actions are the plan's substance and every reviewer of its affiliate reads them
        # on the plan's page; what the follow-up found stays on that page.
        return csv_response(
            request,
            csv_filename("improvement-plans"),
            [
                _("Facilitator"),
                _("Affiliate"),
                _("From"),
                _("Follow up by"),
                _("Status"),
                _("Followed up on"),
                _("Actions"),
            ],
            (
                [
                    plan.facilitator.full_name,
                    plan.affiliate.name,
                    _("Concern %(reference)s") % {"reference": plan.concern.reference}
                    if plan.concern_id
                    else _("Observation of %(date)s")
                    % {"date": plan.observation.observed_on.isoformat()},
                    plan.due_on,
                    plan.get_status_display(),
                    plan.followed_up_on,
                    plan.actions,
                ]
                for plan in reviewed
            ),
        )
    mine = list(_open_first(visible.filter(facilitator=request.user)))
    return render(
        request,
        "certification/fidelity/plan_list.html",
        {
            "mine": mine,
            "page": _page(request, reviewed),
            "reviews": _observable_affiliates(request.user).exists(),
            "query": _query_without_page(request),
            "csv_href": csv_href(request),
        },
    )


@login_required
def plan_detail(request, plan_id):
    """One plan: what to do and by when, where it came from, and its follow-up; reviewers of
    its affiliate record the follow-up here."""
    plan = get_object_or_404(
        permissions.improvement_plans_visible_to(request.user).select_related(
            "facilitator",
            "affiliate",
            "observation__program",
            "concern",
            "created_by",
            "followed_up_by",
        ),
        pk=plan_id,
    )
    may_follow_up = plan.status == PlanStatus.OPEN and permissions.can_follow_up_improvement_plan(
        request.user, plan
    )
    form = None
    if may_follow_up:
        form = PlanFollowUpForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                improvement_plan_follow_up(
                    actor=request.user,
                    plan=plan,
                    met=form.cleaned_data["met"],
                    result=form.cleaned_data["result"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Follow-up recorded."))
                return redirect("certification:plan_detail", plan_id=plan.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("You cannot follow up this plan."))
    observation_visible = (
        plan.observation_id is not None
        and permissions.observations_visible_to(request.user)
        .filter(pk=plan.observation_id)
        .exists()
    )
    return render(
        request,
        "certification/fidelity/plan_detail.html",
        {
            "plan": plan,
            "form": form,
            "is_own": plan.facilitator_id == request.user.pk,
            "observation_visible": observation_visible,
            "concern_visible": plan.concern_id is not None
            and permissions.can_view_concern(request.user, plan.concern),
        },
    )


urlpatterns = [
    path("fidelity/observations/", observation_list, name="observation_list"),
    path("fidelity/observations/new/", observation_new, name="observation_new"),
    path(
        "fidelity/observations/<int:observation_id>/",
        observation_detail,
        name="observation_detail",
    ),
    path("fidelity/plans/", plan_list, name="plan_list"),
    path("fidelity/plans/<int:plan_id>/", plan_detail, name="plan_detail"),
]
