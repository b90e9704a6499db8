"""Organization pages: a node of the tree, its people with roles, and granting roles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, selectors
from ..forms import RoleGrantForm
from ..services.organizations import role_grant, role_revoke


@login_required
def organization_list(request):
    organizations = list(selectors.visible_organization_tree(request.user))
    return render(
        request,
        "certification/organization_list.html",
        {"organizations": organizations},
    )


@login_required
def organization_detail(request, slug):
    organization = selectors.organization_for(request.user, slug)
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
    grants = list(selectors.organization_role_grants(organization))
    revocable = {grant.role for grant in grants} & set(roles)
    return render(
        request,
        "certification/organization_detail.html",
        {
            "organization": organization,
            "ancestors": list(selectors.organization_ancestors(organization)),
            "children": list(selectors.organization_children(organization)),
            "grants": grants,
            "revocable_roles": revocable,
            "form": form if roles else None,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def role_grant_revoke(request, slug, grant_id):
    organization = selectors.organization_for(request.user, slug)
    grant = get_object_or_404(selectors.organization_role_grants(organization), pk=grant_id)
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
