"""Security keys (WebAuthn) as a second factor: staff may use one instead of an authenticator
app, a password and a key sign them in, and no setting loosens the key's checks.

The key is `SoftwareSecurityKey`: a real key pair answering the options each page gives, so
every test below goes through allauth's and python-fido2's own verification. The client
reaches the site as `localhost`, a domain a browser accepts as a relying party over http.
"""

import json
import re

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, reverse

from certification.models import Role
from lms.privilege import has_second_factor
from tests.factories import PASSWORD, UserFactory, grant
from tests.settings_probe import setting

from .security_key import SoftwareSecurityKey, options_on

LOGIN = reverse("account_login")
AUTHENTICATE = reverse("mfa_authenticate")
ACTIVATE = reverse("mfa_activate_totp")
ADD_KEY = reverse("mfa_add_webauthn")
TWO_FACTOR = reverse("mfa_index")
CONCERNS = reverse("certification:concern_list")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Code attempts and failure counts live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browser():
    """The test client, reaching the site by a domain name as a browser must for WebAuthn."""
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def coordinator_without_mfa(tree):
    user = UserFactory(full_name="Carla Reyes")
    grant(user, tree["cleveland"], Role.AFFILIATE_COORDINATOR, authenticator=False)
    return user


def sign_in(client, user):
    return client.post(LOGIN, {"login": user.email, "password": PASSWORD})


def confirm_password(client):
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def add_key(client, key, name="Office key"):
    """On the add page, as the browser script does: the page's options to the key, the
    key's credential back in the form."""
    options = options_on(client.get(ADD_KEY).content.decode())
    return client.post(ADD_KEY, {"name": name, "credential": json.dumps(key.register(options))})


def use_key(client, key, page=AUTHENTICATE, **answer_kwargs):
    options = options_on(client.get(page).content.decode())
    return client.post(page, {"credential": json.dumps(key.answer(options, **answer_kwargs))})


def is_signed_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


def kinds_of(user):
    return set(Authenticator.objects.filter(user=user).values_list("type", flat=True))


def staff_with_a_key(browser, user):
    """`user` (staff, no authenticator yet) adds a key after the password; returns the key."""
    key = SoftwareSecurityKey()
    sign_in(browser, user)
    confirm_password(browser)
    response = add_key(browser, key)
    assert response.status_code == 302, response.content.decode()[:2000]
    return key


# --- settings ------------------------------------------------------------------------------


def settings_value(module, expression):
    """`expression`, over allauth's MFA settings (`mfa`), under the settings `module`."""
    return setting(module, expression, imports="from allauth.mfa import app_settings as mfa; ")


def test_security_keys_are_a_second_factor_and_never_the_only_one():
    assert "webauthn" in mfa_settings.SUPPORTED_TYPES
    assert {"totp", "recovery_codes"} <= set(mfa_settings.SUPPORTED_TYPES)
    assert mfa_settings.PASSKEY_LOGIN_ENABLED is False
    assert mfa_settings.PASSKEY_SIGNUP_ENABLED is False
    with pytest.raises(NoReverseMatch):
        reverse("mfa_login_webauthn")  # no sign-in with a key alone
    with pytest.raises(NoReverseMatch):
        reverse("mfa_signup_webauthn")


@pytest.mark.parametrize("module", ["lms.settings.production", "lms.settings.dev"])
def test_no_settings_accept_a_key_answer_from_any_origin(module):
    """allauth's MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN would accept an answer made on any site
    (a phishing page's included): production, development and these tests leave it off."""
    expression = "mfa.WEBAUTHN_ALLOW_INSECURE_ORIGIN, mfa.SUPPORTED_TYPES"
    assert settings_value(module, expression) == ("False ['totp', 'recovery_codes', 'webauthn']")
    assert mfa_settings.WEBAUTHN_ALLOW_INSECURE_ORIGIN is False


def test_a_key_is_made_for_the_host_asked_for_and_named_trellis(trainee):
    client = Client(HTTP_HOST="trellis.example.org:8443")
    client.force_login(trainee)
    confirm_password(client)
    rp = options_on(client.get(ADD_KEY).content.decode())["creation_options"]["publicKey"]["rp"]
    assert rp == {"id": "trellis.example.org", "name": "Trellis"}


def test_an_answer_made_on_another_site_is_refused(browser, trainee):
    browser.force_login(trainee)
    confirm_password(browser)
    phished = SoftwareSecurityKey(origin="https://trellis-login.example.net")
    options = options_on(browser.get(ADD_KEY).content.decode())
    options["creation_options"]["publicKey"]["rp"]["id"] = "trellis-login.example.net"
    response = browser.post(ADD_KEY, {"credential": json.dumps(phished.register(options))})
    assert response.status_code == 200
    assert "could not check your security key" in response.content.decode()
    assert not Authenticator.objects.filter(user=trainee).exists()


# --- the staff requirement -----------------------------------------------------------------


def test_staff_whose_only_second_factor_is_a_key_reach_their_pages(
    browser, coordinator_without_mfa
):
    sign_in(browser, coordinator_without_mfa)
    assert browser.get(CONCERNS)["Location"] == ACTIVATE
    staff_with_a_key(browser, coordinator_without_mfa)
    assert kinds_of(coordinator_without_mfa) == {"webauthn", "recovery_codes"}
    assert has_second_factor(coordinator_without_mfa)
    assert browser.get(CONCERNS).status_code == 200


def test_the_set_up_page_offers_a_key_instead_of_an_app(client, coordinator_without_mfa):
    sign_in(client, coordinator_without_mfa)
    page = client.get(CONCERNS, follow=True).content.decode()
    assert "Set up an authenticator app or a security key" in page
    confirm_password(client)
    assert f'href="{ADD_KEY}"' in client.get(ACTIVATE).content.decode()


def test_a_password_and_a_key_sign_staff_in(browser, coordinator_without_mfa):
    key = staff_with_a_key(browser, coordinator_without_mfa)
    browser.post(reverse("account_logout"))

    response = sign_in(browser, coordinator_without_mfa)
    assert response["Location"] == AUTHENTICATE
    assert not is_signed_in(browser, coordinator_without_mfa)
    page = browser.get(AUTHENTICATE).content.decode()
    assert "<h1>Use your security key</h1>" in page and "Enter your sign-in code" not in page

    response = use_key(browser, key)
    assert response["Location"] == reverse("dashboard")
    assert is_signed_in(browser, coordinator_without_mfa)
    assert browser.get(CONCERNS).status_code == 200


def test_another_key_or_a_replayed_answer_signs_nobody_in(browser, coordinator_without_mfa):
    key = staff_with_a_key(browser, coordinator_without_mfa)
    browser.post(reverse("account_logout"))
    sign_in(browser, coordinator_without_mfa)

    response = use_key(browser, SoftwareSecurityKey())
    assert "could not check your security key" in response.content.decode()
    response = use_key(browser, key, challenge="c3RhbGUtY2hhbGxlbmdlLWZyb20tYmVmb3Jl")
    assert "could not check your security key" in response.content.decode()
    assert not is_signed_in(browser, coordinator_without_mfa)
    assert browser.get(CONCERNS)["Location"].startswith(LOGIN)


def test_removing_the_last_key_sends_staff_back_to_set_one_up(browser, coordinator_without_mfa):
    staff_with_a_key(browser, coordinator_without_mfa)
    authenticator = Authenticator.objects.get(
        user=coordinator_without_mfa, type=Authenticator.Type.WEBAUTHN
    )
    response = browser.post(reverse("mfa_remove_webauthn", args=[authenticator.pk]))
    assert response.status_code == 302
    # The key went, and the recovery codes with it: nothing is left to sign in with.
    assert kinds_of(coordinator_without_mfa) == set()
    response = browser.get(CONCERNS)
    assert response.status_code == 302 and response["Location"] == ACTIVATE


def test_staff_keep_their_pages_when_a_key_goes_but_the_app_stays(browser, tree):
    user = UserFactory()
    grant(user, tree["cleveland"], Role.AFFILIATE_COORDINATOR)  # with an authenticator app
    browser.force_login(user)
    confirm_password(browser)
    assert add_key(browser, SoftwareSecurityKey()).status_code == 302
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    browser.post(reverse("mfa_remove_webauthn", args=[authenticator.pk]))
    assert kinds_of(user) == {"totp", "recovery_codes"}
    assert browser.get(CONCERNS).status_code == 200


def test_staff_who_turn_the_app_off_keep_their_pages_with_a_key(browser, tree):
    user = UserFactory()
    grant(user, tree["cleveland"], Role.AFFILIATE_COORDINATOR)  # with an authenticator app
    browser.force_login(user)
    confirm_password(browser)
    add_key(browser, SoftwareSecurityKey())
    page = browser.get(reverse("mfa_deactivate_totp")).content.decode()
    assert "your security key still signs you in" in page
    assert "your password alone signs you in" not in page
    assert browser.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert kinds_of(user) == {"webauthn", "recovery_codes"}
    assert browser.get(CONCERNS).status_code == 200


def test_someone_else_s_key_cannot_be_renamed_or_removed(browser, trainee):
    owner = UserFactory()
    other = Client(HTTP_HOST="localhost")
    other.force_login(owner)
    confirm_password(other)
    add_key(other, SoftwareSecurityKey())
    theirs = Authenticator.objects.get(user=owner, type=Authenticator.Type.WEBAUTHN)
    browser.force_login(trainee)
    confirm_password(browser)
    assert browser.post(reverse("mfa_remove_webauthn", args=[theirs.pk])).status_code == 404
    edit = reverse("mfa_edit_webauthn", args=[theirs.pk])
    assert browser.post(edit, {"name": "mine now"}).status_code == 404
    assert Authenticator.objects.get(pk=theirs.pk).wrap().name == "Office key"


# --- the pages -----------------------------------------------------------------------------


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def assert_no_inline_code(response):
    """Every script is a static file or a JSON data block (never run); no inline handler;
    and the page is sent with the site's policy."""
    html = response.content.decode()
    for attributes in SCRIPT_TAG.findall(html):
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes, attributes
    assert not INLINE_HANDLER.search(html)
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_key_pages_have_no_inline_code(browser, trainee):
    key = SoftwareSecurityKey()
    browser.force_login(trainee)
    confirm_password(browser)
    add_page = browser.get(ADD_KEY)
    assert add_page.status_code == 200
    assert_no_inline_code(add_page)
    assert 'src="/static/js/security-keys.js"' in add_page.content.decode()
    add_key(browser, key)
    pk = Authenticator.objects.get(user=trainee, type=Authenticator.Type.WEBAUTHN).pk
    for url in (
        TWO_FACTOR,
        reverse("mfa_list_webauthn"),
        reverse("mfa_edit_webauthn", args=[pk]),
        reverse("mfa_remove_webauthn", args=[pk]),
        reverse("mfa_reauthenticate_webauthn"),
    ):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert_no_inline_code(response)
    browser.post(reverse("account_logout"))
    sign_in(browser, trainee)
    response = browser.get(AUTHENTICATE)
    assert_no_inline_code(response)


def test_the_two_factor_page_lists_keys_with_rename_and_remove(browser, trainee):
    browser.force_login(trainee)
    confirm_password(browser)
    page = browser.get(TWO_FACTOR).content.decode()
    assert "No security key is added." in page and f'href="{ADD_KEY}"' in page
    add_key(browser, SoftwareSecurityKey(), name="Blue key")
    add_key(browser, SoftwareSecurityKey(), name="Phone")
    page = browser.get(TWO_FACTOR).content.decode()
    for key in Authenticator.objects.filter(user=trainee, type=Authenticator.Type.WEBAUTHN):
        assert reverse("mfa_remove_webauthn", args=[key.pk]) in page
        assert reverse("mfa_edit_webauthn", args=[key.pk]) in page
    assert "Remove Blue key" in page and "Remove Phone" in page
    # The authenticator app is off, but a key is on: the password alone does not sign in.
    assert "your password alone signs you in" not in page


def test_the_sign_in_step_offers_both_to_someone_with_an_app_and_a_key(browser, tree):
    user = UserFactory()
    grant(user, tree["cleveland"], Role.AFFILIATE_COORDINATOR)
    browser.force_login(user)
    confirm_password(browser)
    add_key(browser, SoftwareSecurityKey())
    browser.post(reverse("account_logout"))
    sign_in(browser, user)
    page = browser.get(AUTHENTICATE).content.decode()
    assert "Enter your sign-in code" in page and "Or use your security key" in page


def test_a_new_key_is_offered_a_name_that_tells_keys_apart(browser, trainee):
    browser.force_login(trainee)
    confirm_password(browser)
    assert 'value="Security key"' in browser.get(ADD_KEY).content.decode()
    add_key(browser, SoftwareSecurityKey(), name="")
    assert 'value="Security key 2"' in browser.get(ADD_KEY).content.decode()
    names = [a.wrap().name for a in Authenticator.objects.filter(type="webauthn")]
    assert names == ["Security key"]


# --- query budgets -------------------------------------------------------------------------


def keys_for(browser, user, count):
    for _ in range(count):
        assert add_key(browser, SoftwareSecurityKey()).status_code == 302


@pytest.mark.parametrize("count", [1, 4])
def test_the_two_factor_pages_cost_the_same_with_more_keys(
    browser, trainee, count, django_assert_max_num_queries
):
    browser.force_login(trainee)
    confirm_password(browser)
    keys_for(browser, trainee, count)
    for url, budget in (
        (TWO_FACTOR, 5),
        (reverse("mfa_list_webauthn"), 4),
        (ADD_KEY, 13),
    ):
        with django_assert_max_num_queries(budget):
            assert browser.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 4])
def test_the_sign_in_step_costs_the_same_with_more_keys(
    browser, trainee, count, django_assert_max_num_queries
):
    browser.force_login(trainee)
    confirm_password(browser)
    keys_for(browser, trainee, count)
    browser.post(reverse("account_logout"))
    sign_in(browser, trainee)
    with django_assert_max_num_queries(8):
        assert browser.get(AUTHENTICATE).status_code == 200
