"""A person's data is theirs: downloading it, and closing the account.

Downloading is a POST (it reads a lot and builds PDFs, so it is never fetched by a link
preview or a prefetch) answered with `no-store`. Closing goes through the shared confirmation
step (`certification.views.confirmation`): the page restates what will happen and asks for the
person's password, or, for national staff closing an account at the person's request, for how
the request came.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from certification import permissions
from certification.models import LIVE_STATUSES
from certification.views.common import confirmation
from certification.views.common.form_errors import add_service_errors

from .account_closing import close_account
from .personal_data_archive import archive_name, build_archive


@login_required
@require_POST
def my_data_download(request):
    """The person's own data as a ZIP file: JSON and PDFs. Only ever the signed-in person's."""
    content = build_archive(request.user, request=request)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{archive_name()}"'
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store"
    return response


class ClosePasswordForm(forms.Form):
    """The person's password: closing cannot be undone, so a borrowed, signed-in phone is
    not enough."""

    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.person.check_password(password):
            raise ValidationError(_("That is not your password. Type it again."))
        return password


class StaffCloseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("How the person asked"),
        help_text=gettext_lazy(
            'For the record, e.g. "Asked by phone on May 2; identity checked by email".'
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _effect_sentences(person, *, own):
    certificates = person.certifications.filter(status__in=LIVE_STATUSES).count()
    sentences = [
        _(
            "Your name, email address and password are removed, and you are signed out "
            "everywhere. You cannot sign in again."
        )
        if own
        else _(
            "%(name)s's name, email address and password are removed and they are signed out "
            "everywhere. They cannot sign in again."
        )
        % {"name": person.full_name},
        _(
            "Open enrollments are withdrawn. Answers written in lessons, and the name typed to "
            "sign a code of conduct, are removed."
        ),
    ]
    if certificates:
        sentences.append(
            _(
                'Certificates end: their status becomes "Ended: account closed". Anyone who '
                "checks a certificate number is told it is no longer valid, without a name."
            )
        )
    sentences.append(
        _(
            "Records the program must keep stay, without a name: certificate and case history, "
            "training records, and concerns reported (their content, not who reported them)."
        )
    )
    sentences.append(
        _(
            "This cannot be undone. Signing up again with the same email address makes a new, "
            "empty account."
        )
    )
    return sentences


@login_required
def close_my_account(request):
    """Profile → "Close my account": what will happen, the password, then "Yes, close"."""
    person = request.user
    form = ClosePasswordForm(request.POST or None, person=person)
    effect = confirmation.Effect(
        heading=_("Close your account?"),
        sentences=_effect_sentences(person, own=True),
        confirm=_("Yes, close my account"),
        back=_("Keep my account"),
        back_href=reverse("profile"),
    )
    status = 200
    if confirmation.is_confirmed(request):
        if form.is_valid():
            try:
                close_account(person=person, actor=person, reason=_("Closed by the person."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                logout(request)
                return redirect("account_closed")
        status = 400
    elif request.method == "POST":
        status = 400  # a POST without the confirmation changes nothing
    response = confirmation.ask(
        request,
        effect=effect,
        template="lms/close_account.html",
        context={"form": form},
        status=status,
    )
    add_never_cache_headers(response)
    return response


@require_safe
def account_closed(request):
    """Where a person lands once their account is closed (they are signed out)."""
    return render(request, "lms/account_closed.html")


@login_required
def close_account_for_person(request, person_id):
    """National staff close an account at the person's request (linked from the person's
    page in the Wagtail admin): the reason, the effect restated, then "Yes, close"."""
    person = get_object_or_404(permissions.accounts_closable_by(request.user), pk=person_id)
    if person.pk == request.user.pk:
        return redirect("close_my_account")
    form = StaffCloseForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid() and not confirmation.wants_back(request):
        if not confirmation.is_confirmed(request):
            return confirmation.ask(
                request,
                effect=confirmation.Effect(
                    heading=_("Close %(name)s's account?") % {"name": person.full_name},
                    sentences=_effect_sentences(person, own=False),
                    confirm=_("Yes, close the account"),
                ),
                form=form,
            )
        try:
            close_account(person=person, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
        else:
            messages.success(request, _("The account is closed."))
            return redirect("wagtailusers_users:index")
    elif request.method == "POST" and not confirmation.wants_back(request):
        status = 400
    return render(
        request,
        "lms/close_account_staff.html",
        {"form": form, "person": person},
        status=status,
    )
