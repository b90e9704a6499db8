"""Forms about the organization tree: granting a role, choosing one's home affiliate."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Organization, Role
from .fields import ModelChoiceField


class RoleGrantForm(forms.Form):
    """Give a role on one organization to someone who already has an account."""

    email = forms.EmailField(
        label=_("Email address of the person"),
        help_text=_("They need a Trellis account. Ask them to sign up first if they have none."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Role(role).label) for role in roles]

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No one with this email has a Trellis account yet. Ask them to sign up first.")
            )
        self.cleaned_data["user"] = user
        return email


class HomeAffiliateForm(forms.Form):
    """Choose the affiliate a person belongs to."""

    affiliate = ModelChoiceField(
        label=_("Home affiliate"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose your affiliate"),
        help_text=_("The local program that recruited you or that you volunteer with."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affiliate"].queryset = permissions.open_affiliates()
        self.fields["affiliate"].label_from_instance = self._affiliate_label

    @staticmethod
    def _affiliate_label(affiliate):
        return f"{affiliate.name} ({affiliate.short_code})"
