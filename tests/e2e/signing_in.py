"""Signing in through the browser, second factor included.

Staff must sign in with a code from an authenticator app (lms/mfa_required.py). Test staff get
one from `tests.factories.grant` and demo staff from `seed_demo`; this helper reads the
person's key from the database and types the code an authenticator app would show, as a
person holding the phone would. Journeys sign in with `sign_in`, or call
`enter_code_if_asked` right after pressing "Sign in" on their own form.
"""

import re
import time

from playwright.sync_api import Page, expect

from lms.demo_mfa import authenticator_secret, current_code
from tests.factories import PASSWORD

CODE_PAGE = re.compile(r"^enter your sign-in code$", re.I)
SIGN_IN = re.compile(r"^sign in$", re.I)

# A code signs in once: allauth marks it used, per person, in the cache. A journey that signs
# the same person in again within the code's thirty seconds would have to wait for the next
# code, as a person with their phone would. Waiting adds nothing to what a journey proves and
# cost minutes of every CI run, so the helper lifts that one marker instead (the live server
# runs in this process and shares its cache). Refusing a replayed code stays covered by
# tests/lms/test_sign_in_history.py. If allauth ever names the marker differently, the helper
# falls back to waiting.
_last_code: dict[str, str] = {}


def _used_code_marker(user_id: int, code: str) -> str:
    return f"allauth.mfa.totp.used?user={user_id}&code={code}"


def _fresh_code(user, secret: str) -> str:
    from django.core.cache import cache

    code, seconds_left = current_code(secret)
    if seconds_left < 2:  # too close to the edge: the server may already be on the next code
        time.sleep(seconds_left + 0.5)
        code, seconds_left = current_code(secret)
    if _last_code.get(user.email) == code and not cache.delete(_used_code_marker(user.pk, code)):
        time.sleep(seconds_left + 0.5)
        code, _seconds_left = current_code(secret)
    _last_code[user.email] = code
    return code


def enter_code_if_asked(page: Page, email: str, check_axe=None) -> None:
    """After the password step: if `email` has an authenticator, enter its current code."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email__iexact=email).first()
    secret = authenticator_secret(user) if user is not None else None
    if secret is None:
        return
    expect(page.get_by_role("heading", level=1, name=CODE_PAGE)).to_be_visible()
    if check_axe is not None:
        check_axe(page)
    page.get_by_label("Code").fill(_fresh_code(user, secret))
    page.get_by_role("button", name=SIGN_IN).click()
    expect(page.get_by_role("heading", level=1, name=CODE_PAGE)).to_have_count(0)


def sign_in(page: Page, email: str, password: str = PASSWORD, check_axe=None) -> None:
    """From any page of the site: follow "Sign in", give email and password, then the code."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=SIGN_IN).click()
    expect(page.get_by_role("heading", level=1, name=SIGN_IN)).to_be_visible()
    if check_axe is not None:
        check_axe(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=SIGN_IN).click()
    enter_code_if_asked(page, email, check_axe)
