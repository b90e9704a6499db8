"""The form a person signs a program's code of conduct with."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
