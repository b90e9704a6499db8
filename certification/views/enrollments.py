"""Enrolling in a program, accepting an invitation, and an organization's enrollments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import permissions, selectors
from ..forms import EnrollForm, InviteForm
from ..models import EnrollmentInvitation
from ..services.enrollments import enrollment_create, enrollment_invite, invitation_accept
from .form_errors import add_service_errors


@login_required
def enroll(request):
    """A trainee's enrollments and invitations, and the form to enroll in a program."""
    membership = selectors.my_membership(request.user)
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
                    _("You are enrolled in %(program)s. Start with the first module.")
                    % {"program": enrollment.program.title},
                )
                return redirect("certification:enroll")
        status = 400
    return render(
        request,
        "certification/enroll.html",
        {
            "form": form,
            "enrollments": selectors.my_enrollments(request.user),
            "invitations": selectors.my_pending_invitations(request.user),
        },
        status=status,
    )


@login_required
def invitation_detail(request, token):
    invitation = get_object_or_404(
        EnrollmentInvitation.objects.select_related("program", "affiliate", "invited_by"),
        token=token,
    )
    if request.method == "POST":
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
    return render(request, "certification/invitation.html", {"invitation": invitation})


@login_required
def organization_enrollments(request, slug):
    organization = selectors.organization_for(request.user, slug)
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
    return render(
        request,
        "certification/organization_enrollments.html",
        {
            "organization": organization,
            "enrollments": list(selectors.organization_enrollments(organization)),
            "invitations": list(selectors.organization_invitations(organization)),
            "form": form,
        },
        status=status,
    )
