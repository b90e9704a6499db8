"""Two-factor secrets are encrypted at rest.

allauth keeps each authenticator app's key and the seed of the recovery codes in the database;
its default adapter stores them as they are, so anyone holding a copy of the database could
produce a staff member's codes. Trellis encrypts them with a key derived from `SECRET_KEY`
(Fernet: AES with an authentication tag). Keys in `SECRET_KEY_FALLBACKS` still decrypt, so the
secret key can be rotated the way Django documents without locking staff out.
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

_PURPOSE = b"trellis.mfa.secrets"


def _fernet_for(secret_key: str) -> Fernet:
    derived = hashlib.sha256(_PURPOSE + b"\0" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(key) for key in keys])


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()
