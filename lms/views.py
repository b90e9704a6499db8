"""Pages of the site app: the signed-in dashboard and the person's own profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from certification import permissions
from certification.forms.organizations import HomeAffiliateForm
from certification.selectors import next_steps
from certification.selectors.conduct import my_codes_of_conduct, programs_without_code_of_conduct
from certification.selectors.enrollments import my_pending_invitations
from certification.selectors.events import my_event_states
from certification.selectors.fidelity import open_cases_needing_response, open_plans_for
from certification.selectors.organizations import my_membership, my_role_grants
from certification.services.organizations import membership_set
from curriculum.models import TrainingIndexPage

from .forms import ProfileForm
from .profile_history import profile_update
from .sign_in_history import recent_sign_ins


@login_required
def dashboard(request):
    """What each person can do here, from the roles they hold and their home affiliate."""
    grants = list(my_role_grants(request.user))
    checklists = next_steps.next_steps_for(request.user)
    roles = [
        {
            "grant": grant,
            "abilities": permissions.ROLE_ABILITIES[grant.role],
        }
        for grant in grants
    ]
    return render(
        request,
        "lms/dashboard.html",
        {
            "roles": roles,
            "membership": my_membership(request.user),
            "can_manage_organizations": permissions.can_manage_organizations(request.user),
            "can_run_training_events": my_event_states(request.user).exists(),
            "training_index": TrainingIndexPage.objects.live().first(),
            "codes": my_codes_of_conduct(request.user),
            "cases": open_cases_needing_response(request.user),
            "open_plans": open_plans_for(request.user),
            "reviews_fidelity": permissions.organizations_reviewed_by(request.user).exists(),
            "has_reported": permissions.concerns_reported_by(request.user).exists(),
            "invitations": my_pending_invitations(request.user),
            **_paths_and_standing(request.user, checklists, has_roles=bool(grants)),
        },
    )


def _paths_and_standing(user, checklists, *, has_roles):
    """The trainee's next steps, a facilitator's certificates and observations, and for
    national staff the programs whose trainees cannot be assessed (no code of conduct)."""
    certificates = next_steps.my_certificate_summaries(user)
    observations, observation_count = next_steps.my_recent_observations(user)
    return {
        "checklists": [checklist for checklist in checklists if not checklist.certified],
        "is_trainee": next_steps.is_trainee(user, checklists, has_roles=has_roles),
        "certificates": certificates,
        "observations": observations,
        "observation_count": observation_count,
        "programs_without_code": (
            programs_without_code_of_conduct()
            if permissions.can_manage_codes_of_conduct(user)
            else []
        ),
    }


@login_required
def profile(request):
    """A person's name, language and home affiliate, and their recent sign-ins."""
    membership = my_membership(request.user)
    profile_form = ProfileForm(instance=request.user, prefix="profile")
    affiliate_form = HomeAffiliateForm(
        prefix="home", initial={"affiliate": membership.affiliate if membership else None}
    )
    if request.method == "POST" and "save_profile" in request.POST:
        profile_form = ProfileForm(request.POST, instance=request.user, prefix="profile")
        if profile_form.is_valid():
            try:
                profile_update(
                    actor=request.user,
                    person=request.user,
                    full_name=profile_form.cleaned_data["full_name"],
                    preferred_language=profile_form.cleaned_data["preferred_language"],
                )
            except ValidationError as error:
                profile_form.add_error("full_name", error.messages)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("profile")
    elif request.method == "POST" and "save_home" in request.POST:
        affiliate_form = HomeAffiliateForm(request.POST, prefix="home")
        if affiliate_form.is_valid():
            try:
                membership_set(
                    actor=request.user,
                    user=request.user,
                    affiliate=affiliate_form.cleaned_data["affiliate"],
                )
            except ValidationError as error:
                affiliate_form.add_error("affiliate", error.messages)
            else:
                messages.success(request, _("Your home affiliate is saved."))
                return redirect("profile")
    bound = request.method == "POST"
    return render(
        request,
        "lms/profile.html",
        {
            "profile_form": profile_form,
            "affiliate_form": affiliate_form,
            "membership": membership,
            "past_sign_ins": recent_sign_ins(request.user),
        },
        status=400 if bound else 200,
    )
