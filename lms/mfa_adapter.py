"""Two-factor secrets are encrypted at rest; security keys are made for Trellis by name.

allauth keeps each authenticator app's key and the seed of the recovery codes in the database;
its default adapter stores them as they are, so anyone holding a copy of the database could
produce a staff member's codes. Trellis encrypts them with a key derived from `SECRET_KEY`
(Fernet: AES with an authentication tag). Keys in `SECRET_KEY_FALLBACKS` still decrypt, so the
secret key can be rotated the way Django documents without locking staff out.
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.translation import gettext as _

_PURPOSE = b"trellis.mfa.secrets"


def _fernet_for(secret_key: str) -> Fernet:
    derived = hashlib.sha256(_PURPOSE + b"\0" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(key) for key in keys])


class MFAAdapter(DefaultMFAAdapter):
    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        """The site a security key is made for: allauth's ID (the host the person asked for,
        without its port; browsers refuse an IP address) and Trellis's name, which the
        browser shows when it asks for the key."""
        return {**super().get_public_key_credential_rp_entity(), "name": settings.MFA_TOTP_ISSUER}

    def generate_authenticator_name(self, user, type) -> str:
        """The name a new security key is offered: "Security key", then "Security key 2"…"""
        if type != Authenticator.Type.WEBAUTHN:
            return super().generate_authenticator_name(user, type)
        count = Authenticator.objects.filter(user_id=user.pk, type=type).count()
        return (
            _("Security key")
            if count == 0
            else _("Security key %(number)d") % {"number": count + 1}
        )

    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()
