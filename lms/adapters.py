"""How allauth fits Trellis: the site's name in account emails, invitations that survive
sign-up, failed sign-ins counted per account and address, and sign-ins kept in history.

A coordinator invites someone by email; the invitation link asks them to create an account
and carries the invitation as allauth's `next`. Confirming the email in the same browser
signs them in and lands them on the invitation (`ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION`).
The hooks below cover the other ways round: a confirmation link opened in another browser,
and someone who signed up from the home page although an invitation was waiting for them.
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.core.internal.ratelimit import get_ip
from django.conf import settings
from django.urls import reverse

from certification.selectors.enrollments import pending_invitation_for_email

from . import sign_in_history


@dataclass(frozen=True)
class _Site:
    """What allauth's email templates read from `current_site`."""

    name: str
    domain: str


def trellis_site() -> _Site:
    """Trellis by name, at the address people use (not whatever host a request came by)."""
    return _Site(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def _invitation_path(email: str) -> str | None:
    invitation = pending_invitation_for_email(email)
    if invitation is None:
        return None
    return reverse("certification:invitation_accept", args=[invitation.token])


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Count failed sign-ins per account *and* address (allauth's `login_failed` key).

        Keyed on the account alone, anyone could lock a coordinator out by failing five times
        with their email; keyed on both, a guesser locks out only themselves, while the
        per-address limit still stops one address trying many accounts. Staff accounts also
        need the second factor, which guessing a password does not give.
        """
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{get_ip(request)}"

    def authentication_failed(self, request, **credentials) -> None:
        """A wrong password, kept in the account's history (`lms.sign_in_history`), with a
        lockout row when this failure is the one that reached the limit (a dry run of the next
        attempt is refused), so a lockout is written once, not once per refused attempt."""
        super().authentication_failed(request, **credentials)
        key = self._get_login_attempts_cache_key(request, **credentials)
        locked = not ratelimit.consume(request, action="login_failed", key=key, dry_run=True)
        sign_in_history.record_failed_password(
            request, credentials.get("email") or "", locked=locked
        )

    def login(self, request, user) -> None:
        """Sign in and write the sign-in to history in one transaction."""
        sign_in_history.sign_in_recorded(request, user, sign_in=super().login)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Without the sites framework allauth names the site after the request's host
        # ("127.0.0.1:8000"); account emails should say Trellis.
        super().send_mail(template_prefix, email, {**context, "current_site": trellis_site()})

    def get_signup_redirect_url(self, request) -> str:
        """After signing up (and confirming) without a `next`: a waiting invitation first."""
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            path = _invitation_path(user.email)
            if path:
                return path
        return super().get_signup_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address) -> str:
        """A confirmation link opened where the person is not signed in (another browser or
        phone) leads to sign-in and then to the invitation sent to that address."""
        path = _invitation_path(email_address.email)
        if path is None:
            return super().get_email_verification_redirect_url(email_address)
        if self.request.user.is_authenticated:
            return path
        return f"{reverse('account_login')}?{urlencode({'next': path})}"
