"""Forms for certification pages; they validate input and leave the change to a service."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import permissions
from .form_fields import ModelChoiceField
from .models import Organization, Role


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


class ConductSignatureForm(forms.Form):
    """Typed full name and an explicit agreement: what a signature asks of a person."""

    typed_name = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    agreed = forms.BooleanField(
        label=_("I have read this code of conduct and I agree to follow it."),
        required=True,
        error_messages={"required": _("Tick the box to show that you agree.")},
    )


class EnrollForm(forms.Form):
    """A trainee chooses a program and the affiliate they train with."""

    program = ModelChoiceField(label=_("Program"), queryset=None, empty_label=_("Choose a program"))
    affiliate = ModelChoiceField(
        label=_("Affiliate"),
        queryset=None,
        empty_label=_("Choose your affiliate"),
        help_text=_("The local program that recruited you or that you volunteer with."),
    )

    def __init__(self, *args, **kwargs):
        from curriculum.models import ProgramPage

        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = ProgramPage.objects.live().order_by("path")
        self.fields["affiliate"].queryset = permissions.open_affiliates()
        self.fields["affiliate"].label_from_instance = HomeAffiliateForm._affiliate_label


class InviteForm(forms.Form):
    """A coordinator invites someone, by email, to train toward a program."""

    email = forms.EmailField(label=_("Email address of the person to invite"))
    program = ModelChoiceField(label=_("Program"), queryset=None, empty_label=_("Choose a program"))

    def __init__(self, *args, **kwargs):
        from curriculum.models import ProgramPage

        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = ProgramPage.objects.live().order_by("path")
