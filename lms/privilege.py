"""What the session remembers about the signed-in person's authority and second factor.

Two rules hang on it: privileged people (any role, or a way into the admin; see
`certification.permissions.is_privileged`) must have an authenticator before they reach a staff
page (`lms.mfa_required`), and are signed out after a while without a request
(`lms.idle_timeout`). Asking the database on every request would add queries to every page, so
the answer is taken at sign-in, kept in the session, and asked again at most once a minute,
which also catches a role granted or revoked while the person is signed in. The same refresh
stamps when the person was last seen, for the idle timeout.
"""

import time
from dataclasses import dataclass, replace

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from certification.permissions import is_privileged

SESSION_KEY = "trellis_privilege"
# How stale the remembered answer (and the "last seen" stamp) may become.
REFRESH_SECONDS = 60
# What counts as a second factor at sign-in: recovery codes alone do not.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


@dataclass(frozen=True)
class Privilege:
    """`privileged`: holds authority over others; `has_second_factor`: has an active
    authenticator; `idle_seconds`: how long the person had been away when this request came
    (to within the refresh minute)."""

    privileged: bool
    has_second_factor: bool
    idle_seconds: float = 0.0


def has_second_factor(user) -> bool:
    return is_mfa_enabled(user, SECOND_FACTORS)


def remember(request, user) -> Privilege:
    """Ask the database and keep the answer in the session, stamped with the time."""
    privileged = is_privileged(user)
    mfa = privileged and has_second_factor(user)
    request.session[SESSION_KEY] = {"privileged": privileged, "mfa": mfa, "seen": time.time()}
    return Privilege(privileged=privileged, has_second_factor=mfa)


def forget_second_factor(request) -> None:
    """An authenticator was removed: check again on the next request."""
    stored = request.session.get(SESSION_KEY)
    if stored:
        request.session[SESSION_KEY] = {**stored, "mfa": False}


def privilege_of(request) -> Privilege | None:
    """The signed-in person's privilege for this request (None when nobody is signed in),
    worked out once per request and shared by the middlewares.

    The remembered answer is refreshed when older than a minute. A privileged person still
    without a second factor is checked on every request, so setting one up counts at once.
    """
    if not request.user.is_authenticated:
        return None
    cached = getattr(request, "_trellis_privilege", None)
    if cached is None:
        cached = request._trellis_privilege = _work_out(request)
    return cached


def _work_out(request) -> Privilege:
    user = request.user
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return remember(request, user)
    idle = time.time() - stored["seen"]
    if idle > REFRESH_SECONDS:
        return replace(remember(request, user), idle_seconds=idle)
    state = Privilege(privileged=stored["privileged"], has_second_factor=stored["mfa"])
    if state.privileged and not state.has_second_factor and has_second_factor(user):
        return remember(request, user)
    return state


@receiver(user_logged_in, dispatch_uid="trellis_privilege_at_sign_in")
def _at_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember(request, user)


@receiver(authenticator_removed, dispatch_uid="trellis_privilege_authenticator_removed")
def _authenticator_removed(sender, request, **kwargs):
    if request is not None and hasattr(request, "session"):
        forget_second_factor(request)
