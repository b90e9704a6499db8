"""Sign-in sessions: failed sign-ins limited per account and address, a new session key at
sign-in, privileged people signed out when idle, and each person's list of open sign-ins."""

import time
from urllib.parse import urlencode

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.demo_mfa import current_code
from lms.privilege import REFRESH_SECONDS
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory

LOGIN = reverse("account_login")
AUTHENTICATE = reverse("mfa_authenticate")
CONCERNS = reverse("certification:concern_list")
SESSIONS = reverse("usersessions_list")
LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
TOO_MANY = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Failure counts live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password=PASSWORD, address="10.0.0.1"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


def is_signed_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


# --- failed sign-in limits -----------------------------------------------------------------


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS)
def test_failed_sign_ins_lock_one_account_from_one_address_only(client, trainee):
    other = UserFactory()
    for _attempt in range(5):
        response = sign_in(client, trainee.email, "wrong-password")
        assert TOO_MANY not in response.content.decode()
    # The sixth try from that address is refused, even with the right password.
    response = sign_in(client, trainee.email)
    assert TOO_MANY in response.content.decode()
    assert not is_signed_in(client, trainee)

    # The attacker has not locked anyone else out: another account from the same address...
    assert sign_in(Client(), other.email)["Location"] == reverse("dashboard")
    # ...nor the same person from their own address.
    person = Client()
    assert sign_in(person, trainee.email, address="192.0.2.7")["Location"] == reverse("dashboard")
    assert is_signed_in(person, trainee)


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS)
def test_one_address_cannot_try_many_accounts(client, db):
    people = [UserFactory() for _ in range(11)]
    for person in people[:10]:
        assert TOO_MANY not in sign_in(client, person.email, "wrong").content.decode()
    assert TOO_MANY in sign_in(client, people[10].email).content.decode()


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS)
def test_the_admin_login_cannot_be_used_to_go_around_the_limit(client, national_staff):
    for _attempt in range(5):
        sign_in(client, national_staff.email, "wrong-password")
    client.post("/admin/login/", {"username": national_staff.email, "password": PASSWORD})
    assert not is_signed_in(client, national_staff)
    assert TOO_MANY in sign_in(client, national_staff.email).content.decode()


# --- the session itself --------------------------------------------------------------------


def test_signing_in_gives_a_new_session_key(client, trainee):
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    sign_in(client, trainee.email)
    assert is_signed_in(client, trainee)
    assert client.cookies["sessionid"].value != before


def test_the_session_key_changes_again_after_the_code(client, cleveland_coordinator):
    sign_in(client, cleveland_coordinator.email)
    pending = client.cookies["sessionid"].value
    client.post(AUTHENTICATE, {"code": current_code(TOTP_SECRET)[0]})
    assert is_signed_in(client, cleveland_coordinator)
    assert client.cookies["sessionid"].value != pending


# --- idle timeout --------------------------------------------------------------------------


def test_privileged_people_are_signed_out_after_thirty_idle_minutes(client, cleveland_coordinator):
    client.force_login(cleveland_coordinator)
    start = time.time()
    # Active every twenty minutes: still signed in after an hour.
    for minutes in (20, 40, 60):
        with time_machine.travel(start + minutes * 60, tick=False):
            assert client.get(CONCERNS).status_code == 200
    with time_machine.travel(start + 91 * 60 + 1, tick=False):
        response = client.get(CONCERNS)
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?{urlencode({'next': CONCERNS})}"
        page = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page
    assert not is_signed_in(client, cleveland_coordinator)


def test_trainees_keep_the_normal_session_age(client, trainee):
    client.force_login(trainee)
    with time_machine.travel(time.time() + 3 * 60 * 60, tick=False):
        assert client.get(reverse("profile")).status_code == 200
    assert is_signed_in(client, trainee)


@override_settings(TRELLIS_PRIVILEGED_IDLE_TIMEOUT=None)
def test_the_idle_timeout_can_be_turned_off(client, cleveland_coordinator):
    client.force_login(cleveland_coordinator)
    with time_machine.travel(time.time() + 3 * 60 * 60, tick=False):
        assert client.get(CONCERNS).status_code == 200


def test_the_privilege_checks_add_no_query_between_refreshes(
    client, settings, cleveland_coordinator
):
    """Privilege is remembered in the session at sign-in and refreshed once a minute."""
    client.force_login(cleveland_coordinator)

    def queries_for_a_page():
        cache.clear()  # each count includes working out the header, which is then cached
        with CaptureQueriesContext(connection) as queries:
            assert client.get(CONCERNS).status_code == 200
        return len(queries)

    with_checks = queries_for_a_page()
    ours = ("lms.idle_timeout.", "lms.mfa_required.")
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.startswith(ours)]
    assert queries_for_a_page() == with_checks
    assert REFRESH_SECONDS == 60


# --- open sign-ins -------------------------------------------------------------------------


def test_recent_sign_ins_are_listed_and_other_sessions_can_be_ended(trainee):
    phone = Client(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Mobile Firefox/128.0")
    laptop = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0")
    sign_in(phone, trainee.email, address="198.51.100.4")
    sign_in(laptop, trainee.email, address="203.0.113.9")
    assert UserSession.objects.filter(user=trainee).count() == 2

    page = laptop.get(SESSIONS).content.decode()
    for shown in ("198.51.100.4", "203.0.113.9", "Android 14", "Chrome/131.0", "This browser"):
        assert shown in page
    assert "Sign out of other sessions" in page

    laptop.post(SESSIONS)
    assert is_signed_in(laptop, trainee)
    assert phone.get(reverse("profile")).status_code == 302  # the phone is signed out
    assert "198.51.100.4" not in laptop.get(SESSIONS).content.decode()


def test_the_sign_in_list_stays_within_a_query_budget(
    client, trainee, django_assert_max_num_queries
):
    for address in ("198.51.100.4", "198.51.100.5", "198.51.100.6"):
        sign_in(Client(), trainee.email, address=address)
    sign_in(client, trainee.email)
    with django_assert_max_num_queries(16):
        assert client.get(SESSIONS).status_code == 200
