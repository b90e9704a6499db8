"""Sign-ins and account security changes kept in history, and the person's recent sign-ins.

A volunteer whose password was guessed, or a program asked "who got into this coordinator's
account, from where?", needs more than the list of sessions still open. So each of these
writes one `certification.HistoryEntry` about the person (`subject`):

- a sign-in (`SIGNED_IN`, caused by the person): where from (the client address, read through
  the same proxy setting as the rate limits and the sensitive-read log), the device in a few
  plain words (never the whole user-agent string), and the second factor used, if any;
- a wrong password or two-factor code for an existing account (`SIGN_IN_FAILED`, caused by
  "the sign-in page: someone not signed in", or by the person when confirming it is them
  while signed in). Nothing typed is kept, and an address with no account leaves no trace;
- the attempt that reaches the failed sign-in limit (`SIGN_IN_LOCKED`), once per lockout:
  the refused attempts after it write nothing;
- a password changed or reset, and an authenticator added or removed, or new recovery codes
  (allauth's signals), caused by the person.

Whether a row can be lost: a sign-in and its row are one transaction (`sign_in_recorded`,
called by `lms.adapters.AccountAdapter.login`): if the row cannot be written, nobody is signed
in and the person is told to try again, with no error page. A refused attempt is refused
whether or not its row is written, and allauth sends its password and two-factor signals after
it has saved the change (new authenticators and recovery codes even after the commit), so
those rows follow the change in their own transaction; if one cannot be written the change
stands, the page answers as usual and the lost row is logged as an error.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from allauth.account.signals import password_changed, password_reset
from allauth.account.utils import filter_users_by_email
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import (
    authentication_failed,
    authenticator_added,
    authenticator_removed,
    authenticator_reset,
    authenticator_used,
)
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from certification.models import HistoryAction, HistoryEntry, SystemCause, caused_by
from certification.services.sensitive_reads import client_address

from .devices import describe_device

logger = logging.getLogger(__name__)

SIGN_IN_ACTIONS = (
    HistoryAction.SIGNED_IN,
    HistoryAction.SIGN_IN_FAILED,
    HistoryAction.SIGN_IN_LOCKED,
)
SECURITY_ACTIONS = (
    *SIGN_IN_ACTIONS,
    HistoryAction.PASSWORD_CHANGED,
    HistoryAction.PASSWORD_RESET,
    HistoryAction.AUTHENTICATOR_ADDED,
    HistoryAction.AUTHENTICATOR_REMOVED,
    HistoryAction.RECOVERY_CODES_RESET,
)
RECENT_SIGN_INS = 10

# Which step of signing in failed (`details["step"]`).
STEP_PASSWORD = "password"
STEP_CODE = "code"
STEP_CONFIRM_PASSWORD = "confirm_password"  # signed in, confirming it is them
STEP_CONFIRM_CODE = "confirm_code"

# Where the second factor used at this sign-in is kept until the sign-in itself.
_SECOND_FACTOR = "_trellis_second_factor"


def _where(request) -> dict:
    """The client address and the device in plain words."""
    if request is None:
        return {}
    return {
        "address": client_address(request),
        "device": describe_device(request.META.get("HTTP_USER_AGENT")),
    }


def _signed_in(request):
    person = getattr(request, "user", None)
    return person if person is not None and person.is_authenticated else None


def _write(action, *, person, request, actor=None, system_cause="", **details) -> HistoryEntry:
    return HistoryEntry.objects.create(
        action=action,
        subject=person,
        details={**_where(request), **details},
        **caused_by(actor, system_cause),
    )


def _write_after_the_fact(action, *, person, **kwargs) -> None:
    """A row for an event that stands whether or not the row is written: written in its own
    transaction; if the database refuses it, the loss is logged as an error, and the person's
    page answers as it would have."""
    try:
        with transaction.atomic():
            _write(action, person=person, **kwargs)
    except DatabaseError:
        logger.exception("History row not written: %s about person %s", action, person.pk)


# --- signing in ----------------------------------------------------------------------------


def sign_in_recorded(request, user, *, sign_in) -> None:
    """Sign `user` in with `sign_in(request, user)` and write the sign-in to history, in one
    transaction: a sign-in without its row does not happen.

    If the database refuses, the sign-in is undone (the session is never saved) and the person
    sees "we could not sign you in, try again" (status 503), not an error page.
    """
    try:
        with transaction.atomic():
            sign_in(request, user)
            factor = getattr(request, _SECOND_FACTOR, None) or {}
            details = {"second_factor": factor.get("type", "")}
            if factor.get("passwordless"):
                details["passwordless"] = True
            _write(HistoryAction.SIGNED_IN, person=user, request=request, actor=user, **details)
    except DatabaseError:
        logger.exception("Sign-in refused: its history row could not be written (%s)", user.pk)
        request.session.clear()
        request.user = AnonymousUser()
        response = HttpResponse(render_to_string("lms/sign_in_unavailable.html"), status=503)
        response["Retry-After"] = "60"
        raise ImmediateHttpResponse(response) from None


@receiver(authenticator_used, dispatch_uid="trellis_sign_in_second_factor")
def _second_factor_used(sender, request, user, authenticator, **kwargs):
    """Remember which second factor this sign-in used, for its history row (allauth sends
    this after the code is accepted and before the sign-in, in the same request)."""
    if request is not None and not kwargs.get("reauthenticated"):
        setattr(
            request,
            _SECOND_FACTOR,
            {"type": authenticator.type, "passwordless": bool(kwargs.get("passwordless"))},
        )


def record_failed_password(request, email: str, *, locked: bool) -> None:
    """A wrong password was given for `email` (on the sign-in page, or by a signed-in person
    confirming it is them); `locked` when this attempt reached the failed sign-in limit.

    Only an existing account gets a row; the typed password and address are not kept.
    """
    if not email:
        return
    signed_in = _signed_in(request)
    step = STEP_CONFIRM_PASSWORD if signed_in else STEP_PASSWORD
    for person in filter_users_by_email(email, prefer_verified=True):
        _failed(request, person, signed_in=signed_in, step=step, locked=locked)


def _failed(request, person, *, signed_in, step, locked) -> None:
    cause = {"actor": signed_in} if signed_in else {"system_cause": SystemCause.SIGN_IN}
    _write_after_the_fact(
        HistoryAction.SIGN_IN_FAILED, person=person, request=request, step=step, **cause
    )
    if locked:
        _write_after_the_fact(
            HistoryAction.SIGN_IN_LOCKED, person=person, request=request, step=step, **cause
        )


@receiver(authentication_failed, dispatch_uid="trellis_sign_in_wrong_code")
def _wrong_code(sender, request, user, authenticator, **kwargs):
    """A wrong two-factor code: the password was right, which is worth knowing."""
    confirming = bool(kwargs.get("reauthentication"))
    # allauth counts wrong codes per account under this key (allauth.mfa.base.internal.flows
    # `check_rate_limit`); a dry run says whether this failure filled the limit.
    locked = not ratelimit.consume(
        request, action="login_failed", key=f"mfa-auth-user-{user.pk}", dry_run=True
    )
    _failed(
        request,
        user,
        signed_in=_signed_in(request) if confirming else None,
        step=STEP_CONFIRM_CODE if confirming else STEP_CODE,
        locked=locked,
    )


# --- password and two-factor changes -------------------------------------------------------


def _causing_person(request, user):
    """The signed-in person, or (a reset link, a passkey sign-up) the account's owner, who
    proved they hold its address."""
    return _signed_in(request) or user


@receiver(password_changed, dispatch_uid="trellis_history_password_changed")
def _password_changed(sender, request, user, **kwargs):
    _write_after_the_fact(
        HistoryAction.PASSWORD_CHANGED,
        person=user,
        request=request,
        actor=_causing_person(request, user),
    )


@receiver(password_reset, dispatch_uid="trellis_history_password_reset")
def _password_reset(sender, request, user, **kwargs):
    _write_after_the_fact(
        HistoryAction.PASSWORD_RESET,
        person=user,
        request=request,
        actor=_causing_person(request, user),
    )


# Recovery codes made or dropped together with an authenticator app or passkey are part of
# that change (allauth signals them separately); replacing them is a change of its own.
@receiver(authenticator_added, dispatch_uid="trellis_history_authenticator_added")
def _authenticator_added(sender, request, user, authenticator, **kwargs):
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        _write_after_the_fact(
            HistoryAction.AUTHENTICATOR_ADDED,
            person=user,
            request=request,
            actor=_causing_person(request, user),
            kind=authenticator.type,
        )


@receiver(authenticator_removed, dispatch_uid="trellis_history_authenticator_removed")
def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        _write_after_the_fact(
            HistoryAction.AUTHENTICATOR_REMOVED,
            person=user,
            request=request,
            actor=_causing_person(request, user),
            kind=authenticator.type,
        )


@receiver(authenticator_reset, dispatch_uid="trellis_history_recovery_codes_reset")
def _recovery_codes_reset(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        _write_after_the_fact(
            HistoryAction.RECOVERY_CODES_RESET,
            person=user,
            request=request,
            actor=_causing_person(request, user),
        )


# --- the person's own list -----------------------------------------------------------------


@dataclass(frozen=True)
class PastSignIn:
    """One line of "Recent sign-ins" on the profile, in plain words."""

    when: datetime
    what: str
    address: str
    device: str


def _what(action, details) -> str:
    step = details.get("step")
    if action == HistoryAction.SIGNED_IN:
        return {
            Authenticator.Type.TOTP: _("Signed in with a two-factor code"),
            Authenticator.Type.RECOVERY_CODES: _("Signed in with a recovery code"),
            Authenticator.Type.WEBAUTHN: _("Signed in with a passkey or security key"),
        }.get(details.get("second_factor"), _("Signed in"))
    if action == HistoryAction.SIGN_IN_LOCKED:
        return _("Too many failed tries: signing in from there was paused for a few minutes")
    return {
        STEP_CODE: _("Right password, wrong two-factor code"),
        STEP_CONFIRM_PASSWORD: _("Wrong password when confirming it was you"),
        STEP_CONFIRM_CODE: _("Wrong code when confirming it was you"),
    }.get(step, _("Wrong password"))


def recent_sign_ins(person, limit: int = RECENT_SIGN_INS) -> list[PastSignIn]:
    """The person's last sign-ins and failed or paused attempts, newest first (one query)."""
    rows = (
        HistoryEntry.objects.filter(subject=person, action__in=SIGN_IN_ACTIONS)
        .only("action", "details", "created_at")
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        PastSignIn(
            when=row.created_at,
            what=_what(row.action, row.details),
            address=row.details.get("address") or _("unknown address"),
            device=row.details.get("device") or _("Unknown browser"),
        )
        for row in rows
    ]


def download_details(entry) -> dict:
    """What a person's data download shows of one of their sign-in or security rows: where
    from, the device, and the step or second factor (empty for every other row)."""
    if entry.action not in SECURITY_ACTIONS:
        return {}
    keep = ("address", "device", "step", "second_factor", "passwordless", "kind")
    return {key: entry.details[key] for key in keep if key in entry.details}
