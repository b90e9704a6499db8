"""Security key forms that refuse a malformed answer as a wrong key, never with a 500.

The browser's script sends the key's answer as JSON, and allauth reads it with python-fido2,
turning its TypeError and ValueError into "incorrect code". An object without one of the keys
fido2 reads first (`rawId`, say) raises KeyError instead, which allauth lets through: anyone
posting the form by hand got a server error (found by the form fuzzing tests,
`tests/property/test_forms_allauth.py`). These forms read the answer with fido2's own parser
first and refuse anything it cannot read the way allauth refuses a wrong key; everything else
is allauth's. `MFA_FORMS` in the settings puts them in place.
"""

from allauth.mfa.adapter import get_adapter
from allauth.mfa.webauthn.forms import (
    AddWebAuthnForm,
    AuthenticateWebAuthnForm,
    ReauthenticateWebAuthnForm,
)
from fido2.webauthn import AuthenticationResponse, RegistrationResponse

UNREADABLE = (KeyError, TypeError, ValueError, AttributeError)


def _readable(parse, answer):
    try:
        parse(answer)
    except UNREADABLE as error:
        raise get_adapter().validation_error("incorrect_code") from error


class AddSecurityKeyForm(AddWebAuthnForm):
    def clean(self):
        answer = self.cleaned_data.get("credential")
        if answer:
            _readable(RegistrationResponse.from_dict, answer)
        return super().clean()


class _ReadsTheAnswerFirst:
    def clean_credential(self):
        _readable(AuthenticationResponse.from_dict, self.cleaned_data["credential"])
        return super().clean_credential()


class AuthenticateSecurityKeyForm(_ReadsTheAnswerFirst, AuthenticateWebAuthnForm):
    pass


class ReauthenticateSecurityKeyForm(_ReadsTheAnswerFirst, ReauthenticateWebAuthnForm):
    pass
