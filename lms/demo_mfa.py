"""Two-factor sign-in for the demo's staff logins.

Staff must sign in with a code from an authenticator app (lms/mfa_required.py), demo staff
included, so the demo shows what real staff see. `seed_demo` gives national@, trainer@ and
coordinator@trellis.test an authenticator with one fixed key, published here and in the
README: add it to any authenticator app, or run `manage.py demo_mfa_code` for the current codes.
The key is public, so it must never guard a real account: the command refuses to run under
production settings or when an account's key is not this one.
"""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

# Published on purpose (README, "Demo logins"). Base32, as authenticator apps expect.
DEMO_TOTP_SECRET = "TRELLISDEMOKEY2TRELLISDEMOKEY234"  # noqa: S105


def give_demo_authenticator(user) -> bool:
    """Give `user` an authenticator app with the demo key, unless they have one. True if
    one was added."""
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return False
    TOTP.activate(user, DEMO_TOTP_SECRET)
    return True


def authenticator_secret(user) -> str | None:
    """The key of `user`'s authenticator app, or None if they have none."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    return decrypt(authenticator.data["secret"])


def current_code(secret: str = DEMO_TOTP_SECRET, at: float | None = None) -> tuple[str, int]:
    """The code an authenticator app shows now for `secret`, and how many seconds it has left."""
    moment = time.time() if at is None else at
    period = mfa_settings.TOTP_PERIOD
    counter = int(moment) // period
    return format_hotp_value(hotp_value(secret, counter)), period - int(moment) % period
