"""Form fuzzing: generated input posted to every form of the site, signed in as a person the
form is for. No submission may answer 500, and a submission the site refuses may not keep a
single write.

Each entry of `FORM_PAGES` names a page and who opens it. The test opens the page as that
person, reads every form on it from the HTML (`html_forms`), and for each form sends
`EXAMPLES` submissions drawn by Hypothesis (`form_inputs.form_data`): choices the page offers,
dates, numbers and text, mixed with values that are too large, malformed, hostile or missing.
Each submission runs in a savepoint rolled back afterwards, so each starts from the same world.

"Refused" means an answer of 400 or more, a page showing form errors, or an error or warning
message queued for the next page. A refused submission may write only what `ALWAYS_WRITTEN`
(and the entry's own `may_write`) allows: the session, the list of open sessions, the log of
sensitive reads. `WriteWatch` follows savepoints, so a service that wrote and then rolled its
own atomic block back is not blamed.

`test_every_page_is_listed` fails when a URL pattern is added without saying whether its page
shows forms (`FORM_PAGES`), only receives them (`ACTION_ONLY`), or shows none (`NO_FORMS`).

Examples per form: `EXAMPLES`, 100 in CI (`CI=true`), where the suite runs on SQLite and then
on PostgreSQL with fresh random draws, so each form gets 200 submissions per CI run; 20
elsewhere. `FUZZ_EXAMPLES=N` overrides both.
"""

import itertools
import os
import time
from dataclasses import dataclass, field

import pytest
from allauth.account.internal.flows import login as allauth_login
from allauth.account.internal.userkit import user_id_to_str
from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from certification.services.readiness import rubric_for
from curriculum.models import ModulePage
from tests.curriculum.conftest import make_module
from tests.site_world import SKIPPED_PREFIXES, url_for, walk_patterns, world_kept_for_module

from .form_inputs import form_data
from .html_forms import Form, forms_on
from .write_watch import WriteWatch

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or (100 if os.environ.get("CI") == "true" else 20))

# Tables any request may write, refused or not: the session, allauth's list of a person's open
# sessions, and the log of who read what (opening a concern logs the reading).
ALWAYS_WRITTEN = frozenset(
    {"django_session", "usersessions_usersession", "certification_sensitiveread"}
)
# Forms every signed-in page carries (the header's sign-out): fuzzed on their own page.
HEADER_ACTIONS = frozenset({"/accounts/logout/"})
ERROR_MARKS = (b"field__errors", b"message--error", b"errorlist")


@dataclass(frozen=True)
class FormPage:
    """A page whose forms are fuzzed: its URL pattern, who opens it, and what a refused
    submission may still write (`may_write`, e.g. a failed sign-in is recorded)."""

    name: str
    actor: str
    query: dict = field(default_factory=dict)
    may_write: frozenset = frozenset()

    @property
    def id(self) -> str:
        extra = "?" + ",".join(sorted(self.query)) if self.query else ""
        return f"{self.name}{extra} as {self.actor}"


# A failed sign-in or password confirmation is itself recorded in the person's history.
SIGN_IN_RECORDS = frozenset({"certification_historyentry"})

FORM_PAGES = (
    # Sign-in, sign-up and the account (allauth).
    FormPage("account_login", "anonymous", may_write=SIGN_IN_RECORDS),
    FormPage("account_signup", "anonymous"),
    FormPage("account_reset_password", "anonymous"),
    FormPage("account_reset_password_from_key", "anonymous"),
    FormPage("account_confirm_email", "anonymous"),
    FormPage("account_email", "trainee"),
    FormPage("account_change_password", "trainee"),
    FormPage("account_reauthenticate", "trainee", may_write=SIGN_IN_RECORDS),
    FormPage("account_logout", "trainee"),
    FormPage("mfa_reauthenticate", "coordinator", may_write=SIGN_IN_RECORDS),
    FormPage("profile", "trainee"),
    FormPage("close_my_account", "trainee"),
    FormPage("close_account_for_person", "national_staff"),
    # Wagtail's password forms for restricted pages and documents.
    FormPage("wagtailcore_authenticate_with_password", "anonymous"),
    FormPage("wagtaildocs_authenticate_with_password", "anonymous"),
    # Training: a module's knowledge check and a section with a practice scenario.
    FormPage("module_check", "trainee"),
    FormPage("module_section", "trainee"),
    FormPage("certification:conduct_detail", "trainee"),
    FormPage("certification:enroll", "trainee"),
    # Enrollments, readiness and invitations.
    FormPage("certification:enrollment_detail", "trainer"),
    FormPage("certification:enrollment_detail", "national_staff"),
    FormPage("certification:organization_enrollments", "coordinator"),
    FormPage("certification:organization_detail", "trainer"),
    # Trainings.
    FormPage("certification:event_create", "trainer"),
    FormPage("certification:event_create", "national_staff"),
    FormPage("certification:event_detail", "trainer"),
    FormPage("certification:event_edit", "trainer"),
    FormPage("certification:event_cancel", "trainer"),
    # Certificates.
    FormPage("certification:certificate_detail", "trainer"),
    FormPage("certification:my_certificates", "facilitator"),
    FormPage("certification:my_certificates", "coordinator"),
    FormPage("certification:verify", "anonymous"),
    # Fidelity: concerns, cases, observations, plans.
    FormPage("certification:concern_report_public", "anonymous"),
    FormPage("certification:concern_status_lookup", "anonymous"),
    FormPage("certification:concern_new", "trainee"),
    FormPage("certification:concern_new", "trainee", query={"number": "certificate"}),
    FormPage("certification:concern_list", "coordinator"),
    FormPage("certification:concern_detail", "coordinator"),
    FormPage("certification:concern_detail", "trainer"),
    FormPage("certification:case_detail", "facilitator"),
    FormPage("certification:observation_list", "coordinator"),
    FormPage("certification:observation_new", "coordinator"),
    FormPage("certification:observation_new", "trainer"),
    FormPage("certification:plan_detail", "coordinator"),
    FormPage("certification:oversight_dashboard", "coordinator"),
    FormPage("certification:oversight_list", "coordinator"),
)
FRESH_SIGN_IN = frozenset({"mfa_activate_totp", "mfa_add_webauthn", "mfa_generate_recovery_codes"})
FORM_PAGES += tuple(FormPage(name, "trainee") for name in sorted(FRESH_SIGN_IN))

# Patterns that only receive forms shown on other pages (fuzzed there).
ACTION_ONLY = frozenset(
    {
        "certification:attendance_record",  # the training's page
        "certification:certificate_find",  # "My certificates" (staff look up a number)
        "certification:certificate_leave",  # "My certificates" (the holder)
        "certification:certificate_renew",
        "certification:certificate_renewal_request",
        "certification:certificate_return",
        "certification:event_add_attendee",  # the training's page
        "certification:invitation_resend",  # the affiliate's enrollments
        "certification:invitation_withdraw",
        "certification:role_grant_revoke",  # the organization's page
        "wagtail_serve",  # a module's pages: `module_check`, `module_section`
        "my_data_download",  # the profile
    }
)
# Pages that show no form of their own (the header's sign-out aside), or whose only form is
# one of allauth's steps reached from a form fuzzed here, or a file.
NO_FORMS = frozenset(
    {
        "",
        "account_closed",
        "account_confirm_login_code",
        "account_confirm_reauthentication_code",
        "account_email_verification_sent",
        "account_inactive",
        "account_request_reauthentication_code",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_set_password",
        "certification:case_list",
        "certification:certificate_pdf",
        "certification:concern_attachment",
        "certification:concern_status_public",
        "certification:conduct_signature_pdf",
        "certification:event_list",
        "certification:invitation_accept",
        "certification:my_concern_reports",
        "certification:observation_detail",
        "certification:organization_list",
        "certification:oversight_csv",
        "certification:oversight_home",
        "certification:oversight_list_csv",
        "certification:oversight_roster_pdf",
        "certification:plan_list",
        "certification:verify_number",
        "curriculum:my_training",
        "dashboard",
        "mfa_authenticate",
        "mfa_deactivate_totp",
        "mfa_download_recovery_codes",
        "mfa_edit_webauthn",
        "mfa_index",
        "mfa_list_webauthn",
        "mfa_reauthenticate_webauthn",
        "mfa_remove_webauthn",
        "mfa_view_recovery_codes",
        "usersessions_list",
        "wagtailcore_login",
        "wagtaildocs_serve",
    }
)


def test_every_page_is_listed():
    """A new URL pattern must say whether its page shows forms, receives them, or neither."""
    names = {
        name
        for route, name, _entry in walk_patterns(get_resolver().url_patterns)
        if not route.startswith(SKIPPED_PREFIXES)
    }
    listed = {page.name for page in FORM_PAGES} - {"module_check", "module_section"}
    unlisted = sorted(names - listed - ACTION_ONLY - NO_FORMS)
    assert unlisted == [], f"Add to FORM_PAGES, ACTION_ONLY or NO_FORMS: {unlisted}"
    stale = sorted((listed | ACTION_ONLY | NO_FORMS) - names)
    assert stale == [], f"Listed patterns that no longer exist: {stale}"
    assert not listed & NO_FORMS, "A page is listed both with forms and without"


# --- the world -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The access matrix's world, with a module to take (a knowledge check and a scenario) and
    the program's readiness rubric written down (the first assessment page writes the
    defaults, which would otherwise count as a write of every refused submission)."""
    with world_kept_for_module(django_db_blocker) as built:
        with django_db_blocker.unblock():
            built["module"] = make_module(built["program"], "boundaries")
            rubric_for(built["program"])
        yield built


def page_url(page: FormPage, w: dict) -> str:
    module: ModulePage = w.get("module")
    if page.name == "module_check":
        return module.url + module.reverse_subpage("check")
    if page.name == "module_section":
        return module.url + module.reverse_subpage("section", args=[2])
    try:
        url = url_for(page.name, w)
    except KeyError:
        url = reverse(page.name)
    query = {
        key: {"certificate": w["certificate"].number}[value] for key, value in page.query.items()
    }
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


# --- one submission ------------------------------------------------------------------------


def sign_in(client: Client, user, *, fresh: bool) -> None:
    """Sign `user` in; `fresh` also records a password sign-in a moment ago, as allauth does,
    so pages that ask to confirm the password first (two-factor set-up) show their own form
    (the record is allauth's own, written as its re-authentication writes it)."""
    if user is None:
        return
    client.force_login(user)
    if fresh:
        session = client.session
        session[allauth_login.AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": time.time(), "reauthenticated": True}
        ]
        session[allauth_login._AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
        session.save()


def refused(response) -> bool:
    """Whether the site said no: an error status, form errors on the page, or an error or
    warning message waiting for the next page."""
    if response.status_code >= 400:
        return True
    content = getattr(response, "content", b"") if not response.streaming else b""
    if any(mark in content for mark in ERROR_MARKS):
        return True
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(message.level >= message_levels.WARNING for message in queued)


def submit(client: Client, user, form: Form, data: dict, *, fresh: bool):
    """Send one submission in a savepoint rolled back afterwards; the answer and the tables
    it kept writes in.

    The person is signed in once, outside the savepoints; a submission that signed them out
    or changed their session key (the password change) is followed by a new sign-in."""
    session_key = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if user is not None and (session_key is None or not _session_exists(session_key.value)):
        sign_in(client, user, fresh=fresh)
    # Each submission comes from an address of its own: the limits on public forms (reports,
    # lookups, verification) count per address and would otherwise answer every later
    # submission with "too many".
    address = next(_addresses)
    with transaction.atomic():
        with WriteWatch() as watch:
            if form.method == "post":
                response = client.post(form.action, data, REMOTE_ADDR=address)
            else:
                response = client.get(form.action, data, REMOTE_ADDR=address)
        transaction.set_rollback(True)
    return response, watch.kept


_addresses = (f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}" for n in itertools.count(1))


def _session_exists(key: str) -> bool:
    return Session.objects.filter(session_key=key).exists()


def fuzz(page: FormPage, user, form: Form) -> None:
    client = Client()
    fresh = page.name in FRESH_SIGN_IN
    allowed = ALWAYS_WRITTEN | page.may_write

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=form_data(form))
    def one_submission(data):
        response, kept = submit(client, user, form, data, fresh=fresh)
        assert response.status_code < 500
        if refused(response):
            kept_writes = sorted(kept - allowed)
            assert kept_writes == [], (
                f"{form.method.upper()} {form.action} was refused "
                f"({response.status_code}) but kept writes to {kept_writes}"
            )

    one_submission()


@pytest.mark.parametrize("form_page", FORM_PAGES, ids=lambda form_page: form_page.id)
def test_no_input_breaks_a_form_or_half_saves(form_page, world, db):
    page = form_page
    user = world["people"][page.actor]
    client = Client()
    cache.clear()
    with transaction.atomic():
        sign_in(client, user, fresh=page.name in FRESH_SIGN_IN)
        response = client.get(page_url(page, world), follow=True)
        transaction.set_rollback(True)
    assert response.status_code == 200, f"{page.id}: the page answered {response.status_code}"
    path = response.request["PATH_INFO"]
    forms = [
        form
        for form in forms_on(response.content.decode(), path)
        if form.action not in HEADER_ACTIONS or page.name == "account_logout"
    ]
    assert forms, f"{page.id}: no form on {path}"
    seen = set()
    for form in forms:
        if form.signature in seen:
            continue
        seen.add(form.signature)
        fuzz(page, user, form)
