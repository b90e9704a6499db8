"""Privileged people are signed out after a while without a request.

A coordinator's or trainer's session left open on a shared computer in an affiliate office
opens rosters and concern reports to whoever sits down next. After
`TRELLIS_PRIVILEGED_IDLE_TIMEOUT` seconds (30 minutes) without a request such a person is
signed out and the sign-in page tells them why. Trainees keep the normal session age: their
own training is all a forgotten session shows.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .privilege import privilege_of

SIGNED_OUT_MESSAGE = _(
    "You were signed out after %(minutes)d minutes without activity, because your role opens "
    "other people's records. Sign in again to continue."
)


class PrivilegedIdleTimeoutMiddleware:
    """Sign out a privileged person who has been away longer than the idle timeout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "TRELLIS_PRIVILEGED_IDLE_TIMEOUT", None)
        if timeout:
            state = privilege_of(request)
            if state is not None and state.privileged and state.idle_seconds > timeout:
                logout(request)
                messages.info(request, SIGNED_OUT_MESSAGE % {"minutes": timeout // 60})
                login = reverse("account_login")
                if request.method == "GET":
                    login = f"{login}?{urlencode({'next': request.get_full_path()})}"
                return redirect(login)
        return self.get_response(request)
