"""Forms that start a training: enrolling oneself, inviting someone by email."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import permissions
from .fields import ModelChoiceField
from .organizations import HomeAffiliateForm


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
