"""Sign-ins and account security changes are kept in history: each event one row about the
person, with where it came from and nothing typed; a lockout once; an address with no account
leaves nothing; the profile lists the person's recent sign-ins."""

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.usersessions.models import UserSession
from django.core import mail
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certification.models import HistoryAction, HistoryEntry, SystemCause
from lms.demo_mfa import current_code
from lms.devices import describe_device
from lms.personal_data import personal_data_for
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory, give_authenticator

LOGIN = reverse("account_login")
AUTHENTICATE = reverse("mfa_authenticate")
PROFILE = reverse("profile")
LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
TOO_MANY = "Too many failed login attempts"
WRONG = "not-the-password-42"
FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
)
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Failure counts and used codes live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password=PASSWORD, address="203.0.113.9", agent=FIREFOX_ON_WINDOWS):
    return client.post(
        LOGIN,
        {"login": email, "password": password},
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=agent,
    )


def enter_code(client, code, address="203.0.113.9", agent=FIREFOX_ON_WINDOWS):
    return client.post(AUTHENTICATE, {"code": code}, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def wrong_code():
    return f"{(int(current_code(TOTP_SECRET)[0]) + 1) % 1_000_000:06d}"


def rows(person, *actions):
    return list(
        HistoryEntry.objects.filter(subject=person, action__in=actions).order_by("created_at", "id")
    )


def secrets_absent(row, *secrets):
    text = json.dumps(row.details, cls=DjangoJSONEncoder)
    return not any(secret in text for secret in secrets)


def is_signed_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


def confirm_password(client):
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


# --- signing in ----------------------------------------------------------------------------


def test_a_sign_in_writes_one_row_saying_where_from_and_on_what(client, trainee):
    sign_in(client, trainee.email)
    assert is_signed_in(client, trainee)
    [row] = rows(trainee, *HistoryAction.values)
    assert row.action == HistoryAction.SIGNED_IN
    assert (row.actor, row.system_cause, row.subject) == (trainee, "", trainee)
    assert row.details == {
        "address": "203.0.113.9",
        "device": "Firefox on Windows",
        "second_factor": "",
    }
    assert secrets_absent(row, PASSWORD, "Gecko/20100101")


def test_a_sign_in_with_a_code_is_written_once_after_the_code(client, cleveland_coordinator):
    sign_in(client, cleveland_coordinator.email)
    assert rows(cleveland_coordinator, HistoryAction.SIGNED_IN) == []  # the password alone
    enter_code(client, current_code(TOTP_SECRET)[0])
    assert is_signed_in(client, cleveland_coordinator)
    [row] = rows(cleveland_coordinator, HistoryAction.SIGNED_IN)
    assert row.details["second_factor"] == Authenticator.Type.TOTP
    assert row.actor == cleveland_coordinator


def test_a_sign_in_whose_row_cannot_be_written_does_not_happen(client, trainee, monkeypatch):
    """No sign-in without its history row, and no error page either: the person is told to
    try again, and nothing of the sign-in is kept (session, open-session row, last login)."""

    def refuse(*args, **kwargs):
        raise DatabaseError("the history table is unavailable")

    last_login = trainee.last_login
    monkeypatch.setattr(HistoryEntry.objects, "create", refuse)
    response = sign_in(client, trainee.email)
    assert response.status_code == 503
    assert "We could not sign you in just now" in response.content.decode()
    assert not is_signed_in(client, trainee)
    assert client.get(PROFILE).status_code == 302
    assert not UserSession.objects.filter(user=trainee).exists()
    trainee.refresh_from_db()
    assert trainee.last_login == last_login

    monkeypatch.undo()
    assert sign_in(client, trainee.email)["Location"] == reverse("dashboard")
    assert len(rows(trainee, HistoryAction.SIGNED_IN)) == 1


# --- failed sign-ins -----------------------------------------------------------------------


def test_a_wrong_password_writes_one_row_without_what_was_typed(client, trainee):
    response = sign_in(client, trainee.email, WRONG)
    assert response.status_code == 200 and not is_signed_in(client, trainee)
    [row] = rows(trainee, *HistoryAction.values)
    assert row.action == HistoryAction.SIGN_IN_FAILED
    assert (row.actor, row.system_cause, row.subject) == (None, SystemCause.SIGN_IN, trainee)
    assert row.details == {
        "address": "203.0.113.9",
        "device": "Firefox on Windows",
        "step": "password",
    }
    assert secrets_absent(row, WRONG, trainee.email)


def test_a_wrong_password_for_an_address_without_an_account_writes_nothing(client, trainee):
    before = HistoryEntry.objects.count()
    sign_in(client, "nobody-here@example.org", WRONG)
    assert HistoryEntry.objects.count() == before


def test_a_wrong_code_after_the_right_password_is_written(client, cleveland_coordinator):
    sign_in(client, cleveland_coordinator.email)
    enter_code(client, wrong_code())
    [row] = rows(cleveland_coordinator, HistoryAction.SIGN_IN_FAILED)
    assert (row.actor, row.system_cause) == (None, SystemCause.SIGN_IN)
    assert row.details["step"] == "code"


def test_a_wrong_password_while_confirming_it_is_them_names_the_person(client, trainee):
    client.force_login(trainee)
    client.post(reverse("account_reauthenticate"), {"password": WRONG})
    [row] = rows(trainee, HistoryAction.SIGN_IN_FAILED)
    assert (row.actor, row.system_cause) == (trainee, "")
    assert row.details["step"] == "confirm_password"
    assert secrets_absent(row, WRONG)


def test_a_failed_attempt_whose_row_cannot_be_written_is_still_refused(
    client, trainee, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise DatabaseError("the history table is unavailable")

    monkeypatch.setattr(HistoryEntry.objects, "create", refuse)
    response = sign_in(client, trainee.email, WRONG)
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not is_signed_in(client, trainee)
    assert "History row not written: sign_in_failed" in caplog.text


# --- lockouts ------------------------------------------------------------------------------


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS)
def test_a_lockout_is_written_once_with_the_attempt_that_reached_the_limit(client, trainee):
    for _attempt in range(4):
        sign_in(client, trainee.email, WRONG)
    assert rows(trainee, HistoryAction.SIGN_IN_LOCKED) == []
    sign_in(client, trainee.email, WRONG)  # the fifth: the limit is reached
    [locked] = rows(trainee, HistoryAction.SIGN_IN_LOCKED)
    assert (locked.system_cause, locked.details["address"]) == (SystemCause.SIGN_IN, "203.0.113.9")

    # Refused attempts, the right password included, add nothing.
    for password in (WRONG, PASSWORD, WRONG):
        assert TOO_MANY in sign_in(client, trainee.email, password).content.decode()
    assert len(rows(trainee, HistoryAction.SIGN_IN_LOCKED)) == 1
    assert len(rows(trainee, HistoryAction.SIGN_IN_FAILED)) == 5
    assert rows(trainee, HistoryAction.SIGNED_IN) == []


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS)
def test_a_lockout_on_codes_is_written_once(client, cleveland_coordinator):
    sign_in(client, cleveland_coordinator.email)
    for _attempt in range(5):
        enter_code(client, wrong_code())
    assert TOO_MANY in enter_code(client, current_code(TOTP_SECRET)[0]).content.decode()
    [locked] = rows(cleveland_coordinator, HistoryAction.SIGN_IN_LOCKED)
    assert locked.details["step"] == "code"
    assert len(rows(cleveland_coordinator, HistoryAction.SIGN_IN_FAILED)) == 5


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS)
def test_a_lockout_on_an_address_without_an_account_writes_nothing(client, db):
    for _attempt in range(7):
        sign_in(client, "nobody-here@example.org", WRONG)
    assert not HistoryEntry.objects.exists()


# --- password and two-factor changes -------------------------------------------------------


def test_a_changed_password_writes_one_row_without_the_password(client, trainee):
    client.force_login(trainee)
    new = "a-new-password-2026"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
        REMOTE_ADDR="198.51.100.4",
    )
    assert response.status_code == 302
    [row] = rows(trainee, *HistoryAction.values)
    assert (row.action, row.actor, row.subject) == (
        HistoryAction.PASSWORD_CHANGED,
        trainee,
        trainee,
    )
    assert row.details["address"] == "198.51.100.4"
    assert secrets_absent(row, new, PASSWORD)


def test_a_reset_password_writes_one_row_caused_by_the_person(client, trainee):
    client.post(reverse("account_reset_password"), {"email": trainee.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    form_url = client.get(link.group(1))["Location"]
    new = "a-brand-new-password-77"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    [row] = rows(trainee, *HistoryAction.values)
    assert (row.action, row.actor, row.subject) == (HistoryAction.PASSWORD_RESET, trainee, trainee)
    assert secrets_absent(row, new)


# allauth tells of a new authenticator and new recovery codes once their transaction has
# committed, still within the request: these tests let transactions commit.
@pytest.mark.django_db(transaction=True)
def test_adding_an_authenticator_app_writes_one_row(client, trainee):
    client.force_login(trainee)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)[0]})
    assert Authenticator.objects.filter(user=trainee).count() == 2  # the app and its codes
    [row] = rows(trainee, *HistoryAction.values)
    assert (row.action, row.actor) == (HistoryAction.AUTHENTICATOR_ADDED, trainee)
    assert row.details["kind"] == Authenticator.Type.TOTP
    assert secrets_absent(row, secret)


@pytest.mark.django_db(transaction=True)
def test_new_recovery_codes_and_removing_the_app_write_one_row_each(client, trainee):
    give_authenticator(trainee)
    RecoveryCodes.activate(trainee)
    client.force_login(trainee)
    confirm_password(client)

    assert client.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    [reset] = rows(trainee, *HistoryAction.values)
    assert (reset.action, reset.actor) == (HistoryAction.RECOVERY_CODES_RESET, trainee)

    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=trainee).exists()
    [removed] = rows(trainee, HistoryAction.AUTHENTICATOR_REMOVED)
    assert removed.details["kind"] == Authenticator.Type.TOTP
    assert len(rows(trainee, *HistoryAction.values)) == 2


# --- the profile ---------------------------------------------------------------------------


def test_the_profile_lists_past_sign_ins_in_plain_words(client, cleveland_coordinator):
    sign_in(Client(), cleveland_coordinator.email, WRONG, address="192.0.2.50")
    sign_in(client, cleveland_coordinator.email, agent=SAFARI_ON_IPHONE)
    enter_code(client, current_code(TOTP_SECRET)[0], agent=SAFARI_ON_IPHONE)
    page = client.get(PROFILE).content.decode()
    for shown in (
        "Recent sign-ins",
        "Signed in with a two-factor code",
        "Safari on iPhone",
        "from 203.0.113.9",
        "Wrong password",
        "from 192.0.2.50",
        "If one of these was not you",
        f'href="{reverse("account_change_password")}"',
        f'href="{reverse("usersessions_list")}"',
    ):
        assert shown in page
    # The newest first.
    assert page.index("Signed in with a two-factor code") < page.index("Wrong password")


def test_the_profile_shows_the_last_ten_in_a_fixed_number_of_queries(
    client, trainee, django_assert_max_num_queries
):
    sign_in(client, trainee.email, address="198.51.100.1")

    def queries_for_the_profile():
        cache.clear()  # each count includes working out the header, which is then cached
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PROFILE).status_code == 200
        return len(queries)

    few = queries_for_the_profile()
    for number in range(2, 14):
        sign_in(Client(), trainee.email, address=f"198.51.100.{number}")
    assert queries_for_the_profile() == few
    with django_assert_max_num_queries(6):
        page = client.get(PROFILE).content.decode()
    assert "from 198.51.100.13" in page and "from 198.51.100.4" in page
    assert "from 198.51.100.3<" not in page and "from 198.51.100.1<" not in page


def test_someone_else_s_sign_ins_are_not_on_the_profile(client, trainee):
    other = UserFactory()
    sign_in(Client(), other.email, address="192.0.2.99")
    client.force_login(trainee)
    page = client.get(PROFILE).content.decode()
    assert "192.0.2.99" not in page
    assert "No sign-ins recorded yet." in page


# --- the data download and the admin history ------------------------------------------------


def test_the_data_download_holds_the_person_s_sign_ins(client, trainee):
    sign_in(Client(), trainee.email, WRONG, address="192.0.2.50")
    sign_in(client, trainee.email)
    history = personal_data_for(trainee).data["account_history"]
    assert [entry["what_happened"] for entry in history] == ["Sign-in failed", "Signed in"]
    assert history[0]["address"] == "192.0.2.50" and history[0]["step"] == "password"
    assert history[1]["device"] == "Firefox on Windows"


def test_national_staff_find_sign_in_events_in_the_admin_history(client, trainee, national_staff):
    sign_in(Client(), trainee.email, WRONG, address="192.0.2.50")
    sign_in(Client(), trainee.email, address="203.0.113.9")
    client.force_login(national_staff)
    url = reverse("history:index")
    failed = client.get(url, {"action": HistoryAction.SIGN_IN_FAILED}).content.decode()
    assert "Sign-in failed" in failed and "192.0.2.50" in failed
    assert "System (the sign-in page: someone not signed in)" in failed
    assert "203.0.113.9" not in failed
    signed_in = client.get(url, {"action": HistoryAction.SIGNED_IN}).content.decode()
    assert "203.0.113.9" in signed_in and "192.0.2.50" not in signed_in


# --- the device in plain words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("agent", "words"),
    [
        (FIREFOX_ON_WINDOWS, "Firefox on Windows"),
        (SAFARI_ON_IPHONE, "Safari on iPhone"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on macOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        ("curl/8.5.0", "Unknown browser"),
        ("", "Unknown browser"),
        (None, "Unknown browser"),
        ("x" * 5000, "Unknown browser"),
    ],
)
def test_the_device_is_a_few_plain_words(agent, words):
    assert describe_device(agent) == words
