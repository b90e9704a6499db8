"""Staff sign in with a second factor: until they have one, they can only set it up.

State trainers, affiliate coordinators, national staff and anyone who can open the Wagtail
admin decide about other people and read reports touching their health, so a stolen password
alone must not open those pages. allauth asks for the code at sign-in once an authenticator
exists (its MFA login stage); this middleware covers the time before: a privileged person
without an authenticator is sent to set one up and reaches nothing but their profile, the
two-factor and account pages, sign-out and the public pages until they have.

`TRELLIS_REQUIRE_STAFF_MFA` turns the rule off for local development only, where a banner on
every page says so (`lms.context_processors.staff_mfa`).
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from .privilege import privilege_of

# Pages a privileged person may open before setting up a second factor: their own account
# and the pages anyone may open.
OPEN_URL_NAMES = {
    "profile",
    "usersessions_list",
    "wagtail_serve",
    "certification:verify",
    "certification:verify_number",
    "certification:concern_report_public",
    "certification:concern_status_lookup",
    "certification:concern_status_public",
}
OPEN_URL_NAME_PREFIXES = ("account_", "mfa_")

SET_UP_MESSAGE = _(
    "Your role lets you see and decide about other people, so your account needs two-factor "
    "sign-in. Set up an authenticator app or a security key to continue."
)


def may_open_without_second_factor(path: str) -> bool:
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return True  # nothing there: the 404 page says so
    name = match.view_name or ""
    return name in OPEN_URL_NAMES or name.startswith(OPEN_URL_NAME_PREFIXES)


class StaffMFARequiredMiddleware:
    """Send a privileged person without an authenticator to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "TRELLIS_REQUIRE_STAFF_MFA", True):
            state = privilege_of(request)
            if (
                state is not None
                and state.privileged
                and not state.has_second_factor
                and not may_open_without_second_factor(request.path_info)
            ):
                messages.warning(request, SET_UP_MESSAGE)
                return redirect("mfa_activate_totp")
        return self.get_response(request)
