"""Forms for certificate pages: public verification, staff changes of status, transfer and
decisions on renewal requests. There is no form to decertify: that is a case's outcome.

They only read and check what a person typed; every change is made by a service in
`certification/services/certificates.py`, which also checks authority and the transition table.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import normalize_certification_number
from .fields import ModelChoiceField, certificate_number_field, reason_field

NOT_FOUND = _(
    "We could not find a certificate with this number. Check the number on the certificate "
    "and try again."
)


class VerifyForm(forms.Form):
    """A certificate number as a person types it: any case, spaces or dashes, O for 0, I or L
    for 1. Cleans to the stored form, or says plainly that there is no such certificate."""

    number = certificate_number_field()

    def clean_number(self):
        number = normalize_certification_number(self.cleaned_data["number"])
        if number is None:
            raise forms.ValidationError(NOT_FOUND, code="not_found")
        return number


REASON_HELP = _(
    "Kept in the history and sent to the holder. It is never shown on the public verification page."
)


class SuspendForm(forms.Form):
    reason = reason_field(REASON_HELP)


class ReinstateForm(forms.Form):
    reason = reason_field(REASON_HELP)


class TransferForm(forms.Form):
    affiliate = ModelChoiceField(
        label=_("New affiliate"),
        queryset=None,
        empty_label=_("Choose an affiliate"),
        help_text=_("The certificate keeps its number and its history."),
    )

    def __init__(self, *args, affiliates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affiliate"].queryset = affiliates
        self.fields["affiliate"].label_from_instance = lambda org: f"{org.name} ({org.short_code})"


class RenewalApproveForm(forms.Form):
    """Approve the renewal request the page showed (named by a hidden field, so a page
    opened before a decision never approves a later request)."""

    request = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RenewalDeclineForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = reason_field(
        _(
            "Say what the holder needs to do before asking again. Kept in the history and sent "
            "to the holder; never shown on the public verification page."
        )
    )
