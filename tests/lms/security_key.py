"""A security key in Python, for tests that sign in through Django's test client.

It answers a page's WebAuthn options the way a hardware key answers the browser: it makes a
P-256 key pair when added (attestation "none", as most keys and passkey managers send) and
signs the server's challenge when used. So tests go through allauth's and python-fido2's real
checks (challenge, origin, relying-party ID, signature), nothing mocked. Like a browser, it
refuses options made for another site than the origin it is used on.

The options are read from the page, from the JSON data block the browser script reads
(`security-key-options`), so a page that stopped giving them would fail the test.
"""

import json
import os
import re
from hashlib import sha256
from urllib.parse import urlparse

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

ORIGIN = "http://localhost"  # what the test client's requests say as HTTP_HOST "localhost"
OPTIONS_BLOCK = re.compile(
    r'<script id="security-key-options" type="application/json">(.*?)</script>', re.S
)
Flag = AuthenticatorData.FLAG


def options_on(page_html: str) -> dict:
    """The WebAuthn options a page gives its script."""
    found = OPTIONS_BLOCK.search(page_html)
    assert found, "the page gives no security-key options"
    return json.loads(found.group(1))


class SoftwareSecurityKey:
    def __init__(self, origin: str = ORIGIN, *, user_verified: bool = False):
        self.origin = origin
        self.user_verified = user_verified
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.counter = 0

    def _rp_id_hash(self, rp_id: str) -> bytes:
        host = urlparse(self.origin).hostname
        assert rp_id == host, f"a browser on {self.origin} refuses options for {rp_id}"
        return sha256(rp_id.encode()).digest()

    def _flags(self) -> Flag:
        return Flag.UP | Flag.UV if self.user_verified else Flag.UP

    def register(self, options: dict) -> dict:
        """The credential a browser posts after the key was added (`creation_options`)."""
        public_key = options["creation_options"]["publicKey"]
        client_data = CollectedClientData.create(
            "webauthn.create", public_key["challenge"], self.origin
        )
        credential = AttestedCredentialData.create(
            b"\0" * 16,
            self.credential_id,
            ES256.from_cryptography_key(self.private_key.public_key()),
        )
        auth_data = AuthenticatorData.create(
            self._rp_id_hash(public_key["rp"]["id"]), self._flags() | Flag.AT, 0, credential
        )
        attestation = AttestationObject.create("none", auth_data, {})
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": client_data.b64,
                "attestationObject": websafe_encode(attestation),
            },
            "clientExtensionResults": {"credProps": {"rk": False}},
        }

    def answer(self, options: dict, *, challenge: str | None = None) -> dict:
        """The assertion a browser posts after the key was used (`request_options`);
        `challenge` replaces the server's, as an answer replayed from elsewhere would."""
        public_key = options["request_options"]["publicKey"]
        self.counter += 1
        client_data = CollectedClientData.create(
            "webauthn.get", challenge or public_key["challenge"], self.origin
        )
        auth_data = AuthenticatorData.create(
            self._rp_id_hash(public_key["rpId"]), self._flags(), self.counter
        )
        signature = self.private_key.sign(
            bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": client_data.b64,
                "authenticatorData": websafe_encode(auth_data),
                "signature": websafe_encode(signature),
                "userHandle": None,
            },
            "clientExtensionResults": {},
        }
