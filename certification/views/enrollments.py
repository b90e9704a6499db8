"""Enrolling in a program, accepting an invitation, and an organization's enrollments."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..forms.enrollments import EnrollForm, InviteForm
from ..models import EnrollmentInvitation
from ..selectors.enrollments import (
    managed_invitation,
    my_enrollments,
    my_pending_invitations,
    organization_invitations,
)
from ..selectors.enrollments import organization_enrollments as read_organization_enrollments
from ..selectors.organizations import my_membership, organization_for
from ..services.enrollments import enrollment_create, enrollment_invite, invitation_accept
from ..services.invitations import invitation_resend, invitation_withdraw
from .common.form_errors import add_service_errors


@login_required
def enroll(request):
    """A trainee's enrollments and invitations, and the form to enroll in a program."""
    membership = my_membership(request.user)
    form = EnrollForm(
        request.POST or None, initial={"affiliate": membership.affiliate if membership else None}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                enrollment = enrollment_create(
                    actor=request.user,
                    person=request.user,
                    program=form.cleaned_data["program"],
                    affiliate=form.cleaned_data["affiliate"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("You are enrolled in %(program)s. Your dashboard shows your next steps.")
                    % {"program": enrollment.program.title},
                )
                return redirect("certification:enroll")
        status = 400
    return render(
        request,
        "certification/enroll.html",
        {
            "form": form,
            "enrollments": my_enrollments(request.user),
            "invitations": my_pending_invitations(request.user),
        },
        status=status,
    )


def invitation_detail(request, token):
    """An invitation's link, from the email. It works signed out: the invited person is asked
    to create an account (their address filled in) or sign in, and comes back here after."""
    invitation = get_object_or_404(
        EnrollmentInvitation.objects.select_related("program", "affiliate", "invited_by"),
        token=token,
    )
    here = request.get_full_path()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(here)
        try:
            enrollment = invitation_accept(actor=request.user, invitation=invitation)
        except PermissionDenied as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("You are enrolled in %(program)s with %(affiliate)s.")
                % {"program": enrollment.program.title, "affiliate": enrollment.affiliate.name},
            )
            return redirect("certification:enroll")
        invitation.refresh_from_db()
    signed_in = request.user.is_authenticated
    return render(
        request,
        "certification/invitation.html",
        {
            "invitation": invitation,
            "for_someone_else": signed_in
            and not permissions.can_accept_invitation(request.user, invitation),
            "signup_query": urlencode({"email": invitation.email, "next": here}),
            "login_query": urlencode({"next": here}),
        },
    )


def _resent(invitation):
    return _("Invitation sent again to %(email)s.") % {"email": invitation.email}


def _withdrawn(invitation):
    return _("The invitation to %(email)s is withdrawn. Its link no longer works.") % {
        "email": invitation.email
    }


# action → (service, message when done); the coordinators' buttons on the enrollments page.
INVITATION_ACTIONS = {
    "resend": (invitation_resend, _resent),
    "withdraw": (invitation_withdraw, _withdrawn),
}


@login_required
@require_POST
def invitation_action(request, slug, invitation_id, action):
    """Send a pending invitation again, or withdraw it so its link stops working
    (coordinators, from the enrollments page)."""
    organization = organization_for(request.user, slug)
    invitation = managed_invitation(request.user, organization, invitation_id)
    service, done = INVITATION_ACTIONS[action]
    try:
        service(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done(invitation))
    return redirect("certification:organization_enrollments", slug=slug)


@login_required
def organization_enrollments(request, slug):
    organization = organization_for(request.user, slug)
    can_invite = permissions.can_invite_trainees(request.user, organization)
    form = InviteForm(request.POST or None) if can_invite else None
    status = 200
    if request.method == "POST":
        if not can_invite:
            raise PermissionDenied
        if form.is_valid():
            try:
                enrollment_invite(
                    actor=request.user,
                    email=form.cleaned_data["email"],
                    program=form.cleaned_data["program"],
                    affiliate=organization,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("certification:organization_enrollments", slug=slug)
        status = 400
    invitations = list(organization_invitations(organization))
    return render(
        request,
        "certification/organization_enrollments.html",
        {
            "organization": organization,
            "enrollments": list(read_organization_enrollments(organization)),
            "invitations": invitations,
            # Where the person may send again or withdraw: one query, however many rows.
            "manageable_affiliates": set(
                permissions.organizations_managing_enrollments(request.user)
                .filter(path__startswith=organization.path)
                .values_list("pk", flat=True)
            )
            if invitations
            else set(),
            "form": form,
        },
        status=status,
    )
