"""Organization pages: a node of the tree, its people with roles, and granting roles.

Removing a role changes someone's standing, so it is confirmed first on a page that says what
will happen (`confirmation.py`). The last national staff role holder cannot be removed; the
page says so beside that person, and the service refuses it in any case.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..forms.organizations import RoleGrantForm
from ..models import Role, RoleGrant
from ..selectors.organizations import (
    organization_ancestors,
    organization_children,
    organization_for,
    organization_role_grants,
    visible_organization_tree,
)
from ..services.organizations import LAST_NATIONAL_STAFF, role_grant, role_revoke
from .common import confirmation


@login_required
def organization_list(request):
    organizations = list(visible_organization_tree(request.user))
    return render(
        request,
        "certification/organization_list.html",
        {"organizations": organizations},
    )


@login_required
def organization_detail(request, slug):
    organization = organization_for(request.user, slug)
    roles = permissions.grantable_roles(request.user, organization)
    form = RoleGrantForm(request.POST or None, roles=roles)
    if request.method == "POST":
        if not roles:
            raise PermissionDenied
        if form.is_valid():
            try:
                role_grant(
                    actor=request.user,
                    user=form.cleaned_data["user"],
                    organization=organization,
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("%(person)s is now %(role)s of %(organization)s.")
                    % {
                        "person": form.cleaned_data["user"],
                        "role": dict(form.fields["role"].choices)[form.cleaned_data["role"]],
                        "organization": organization,
                    },
                )
                return redirect("certification:organization_detail", slug=organization.slug)
    grants = list(organization_role_grants(organization))
    revocable = {grant.role for grant in grants} & set(roles)
    national_holders = {g.user_id for g in grants if g.role == Role.NATIONAL_STAFF}
    if (
        Role.NATIONAL_STAFF in revocable
        and len(national_holders) == 1
        and not _other_national_staff(national_holders)
    ):
        for grant in grants:
            if grant.role == Role.NATIONAL_STAFF:
                grant.last_national_staff = LAST_NATIONAL_STAFF % {"person": grant.user}
    return render(
        request,
        "certification/organization_detail.html",
        {
            "organization": organization,
            "ancestors": list(organization_ancestors(request.user, organization)),
            "children": list(organization_children(organization)),
            "grants": grants,
            "revocable_roles": revocable,
            "form": form if roles else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _other_national_staff(user_ids) -> bool:
    """Whether anyone besides these people holds the national staff role (on any node)."""
    return (
        RoleGrant.objects.active()
        .filter(role=Role.NATIONAL_STAFF)
        .exclude(user_id__in=user_ids)
        .exists()
    )


def _revoke_effect(organization, grant):
    words = {
        "person": grant.user.full_name or grant.user.email,
        "role": grant.get_role_display(),
        "organization": organization.name,
    }
    return confirmation.Effect(
        heading=_("Remove %(person)s's role?") % words,
        sentences=[
            _(
                "%(person)s will no longer be %(role)s of %(organization)s, and loses what "
                "the role lets them see and do here and below."
            )
            % words,
            _("No one is emailed. The history keeps who removed the role and when."),
        ],
        confirm=_("Yes, remove the role"),
        facts=[],
        back_href=reverse("certification:organization_detail", args=[organization.slug]),
    )


@login_required
@require_POST
def role_grant_revoke(request, slug, grant_id):
    """Remove a role, after a confirmation page that says what will happen."""
    organization = organization_for(request.user, slug)
    grant = get_object_or_404(organization_role_grants(organization), pk=grant_id)
    if not permissions.can_grant_role(request.user, grant.role, organization):
        raise PermissionDenied
    if grant.role == Role.NATIONAL_STAFF and not _other_national_staff([grant.user_id]):
        messages.error(request, LAST_NATIONAL_STAFF % {"person": grant.user})
        return redirect("certification:organization_detail", slug=organization.slug)
    if not confirmation.is_confirmed(request):
        return confirmation.ask(request, effect=_revoke_effect(organization, grant))
    try:
        role_revoke(actor=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s no longer holds the role %(role)s here.")
            % {"person": grant.user, "role": grant.get_role_display()},
        )
    return redirect("certification:organization_detail", slug=organization.slug)
