"""The access matrix: every page of the site that takes an object's id, number, slug or token,
requested by eight kinds of person, each answer checked against `EXPECTED`.

The URL patterns are discovered from the resolver, not listed by hand: a pattern with a
parameter that is not in `EXPECTED` fails `test_every_pattern_with_a_parameter_is_covered`, so
a new page must say who may open it. Left out: the Wagtail admin (`/admin/`, its own
permission system), Django's admin, static and media files, and allauth's account pages that
take no key (they take no object either).

The world (`world`, built once for the module) is `tests/site_world.py`'s: every object
belongs to Cleveland (Ohio), so its rightful people are the Cleveland coordinator, the Ohio
trainer, national staff and, for their own records, the trainee or facilitator; the Columbus
coordinator and the Texas trainer are the people of another affiliate and another state.

Each pattern is requested with GET and with an empty POST, each request in a savepoint that
is rolled back, so an allowed POST (a holder taking leave) never changes what the next
request sees. An answer is one of:

- `ok`: 200, a redirect to a page other than sign-in, or 400 (an allowed person whose empty
  form is refused as bad input: nothing changed);
- `login`: a redirect to sign-in (anonymous visitors of pages that need an account);
- `404`: refused, as for anything outside the person's tree: the page does not exist for them;
- `403`: refused to someone who may see the object but not act on it (the holder who posts to
  the staff form of their own certificate);
- `405`: the page does not take this method, whoever asks.

Public pages (verification by number, an invitation or a report's status by token, Wagtail's
document and password pages) answer everyone alike; a token that does not exist is a 404
(`test_public_pages_answer_404_for_an_unknown_token`).
"""

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from certification.models.certificates import NUMBER_LENGTH, number_check_symbol
from tests.site_world import patterns_with_parameters, url_for, world_kept_for_module

# --- who asks ------------------------------------------------------------------------------

ACTORS = (
    "anonymous",
    "trainee",  # enrolled in Cleveland: the enrollment, the place on the training
    "facilitator",  # certified in Cleveland: the certificate, signature, case, observation, plan
    "other_coordinator",  # coordinator of Columbus, another affiliate of Ohio
    "other_trainer",  # trainer of Texas, another state
    "national_staff",
    "coordinator",  # coordinator of Cleveland
    "trainer",  # trainer of Ohio
)
SIGNED_IN = frozenset(ACTORS) - {"anonymous"}
EVERYONE = frozenset(ACTORS)
STATE = frozenset({"trainer", "national_staff"})  # authority over Ohio
ROSTER = STATE | {"coordinator"}  # see Cleveland's people and review its fidelity
NOT_ALLOWED = None  # the page does not take this method (405)


@dataclass(frozen=True)
class Access:
    """Who may open a page: `get` and `post` are the people allowed (or NOT_ALLOWED for a
    method the page does not take); `forbidden_post` those who see the object but may not act
    on it (403). Everyone else is refused with a 404, or sent to sign in when anonymous,
    unless the page is `public`. `special` sets one answer for one (person, method)."""

    get: frozenset | None
    post: frozenset | None
    forbidden_post: frozenset = frozenset()
    public: bool = False
    special: dict = field(default_factory=dict)

    def expected(self, actor: str, method: str) -> str:
        if (actor, method) in self.special:
            return self.special[(actor, method)]
        if actor == "anonymous" and not self.public:
            return "login"
        allowed = self.get if method == "GET" else self.post
        if allowed is NOT_ALLOWED:
            return "405"
        if actor in allowed:
            return "ok"
        if method == "POST" and actor in self.forbidden_post:
            return "403"
        return "404"


OWN_CERTIFICATE = ROSTER | {"facilitator"}
HOLDER_ACTION = Access(get=NOT_ALLOWED, post=frozenset({"facilitator"}))
OVERSIGHT = Access(get=ROSTER, post=NOT_ALLOWED)
PUBLIC_PAGE = Access(get=EVERYONE, post=EVERYONE, public=True)

# pattern name → who may open it. Every pattern with a parameter must be here.
EXPECTED = {
    # Wagtail's public pages: documents, the password forms of restricted documents and pages,
    # and the site's pages (a program's page is public; its modules ask for an account).
    "wagtaildocs_serve": PUBLIC_PAGE,
    "wagtaildocs_authenticate_with_password": PUBLIC_PAGE,
    "wagtailcore_authenticate_with_password": PUBLIC_PAGE,
    "wagtail_serve": PUBLIC_PAGE,
    # allauth's pages with a key from an email: whoever holds the link.
    # Confirming an address sends whoever confirmed it to sign in as its owner.
    "account_confirm_email": Access(
        get=EVERYONE,
        post=EVERYONE,
        public=True,
        special={(actor, "POST"): "login" for actor in ACTORS},
    ),
    "account_reset_password_from_key": PUBLIC_PAGE,
    # Closing the facilitator's account: national staff; the facilitator is sent to their own
    # closing page.
    "close_account_for_person": Access(
        get=frozenset({"facilitator", "national_staff"}),
        post=frozenset({"facilitator", "national_staff"}),
    ),
    # Enrollments and invitations.
    "certification:invitation_accept": Access(
        get=EVERYONE,
        # Anyone signed in may try; the service refuses all but the addressee, with a message.
        post=SIGNED_IN,
        public=True,
        special={("anonymous", "POST"): "login"},
    ),
    "certification:organization_enrollments": Access(get=ROSTER, post=ROSTER),
    "certification:invitation_resend": Access(get=NOT_ALLOWED, post=ROSTER),
    "certification:invitation_withdraw": Access(get=NOT_ALLOWED, post=ROSTER),
    "certification:enrollment_detail": Access(
        get=ROSTER | {"trainee"}, post=STATE, forbidden_post=frozenset({"trainee", "coordinator"})
    ),
    # Codes of conduct: anyone signed in reads and signs a program's code; a signed copy is
    # the signer's and national staff's.
    "certification:conduct_detail": Access(get=SIGNED_IN, post=SIGNED_IN),
    "certification:conduct_signature_pdf": Access(
        get=frozenset({"facilitator", "national_staff"}),
        post=frozenset({"facilitator", "national_staff"}),
    ),
    # The tree and its roles.
    "certification:organization_detail": Access(
        get=ROSTER, post=STATE, forbidden_post=frozenset({"coordinator"})
    ),
    "certification:role_grant_revoke": Access(
        get=NOT_ALLOWED, post=STATE, forbidden_post=frozenset({"coordinator"})
    ),
    # Training events: the people who run trainings in Ohio.
    "certification:event_detail": Access(get=STATE, post=STATE),
    "certification:event_edit": Access(get=STATE, post=STATE),
    "certification:event_cancel": Access(get=STATE, post=STATE),
    "certification:event_add_attendee": Access(get=NOT_ALLOWED, post=STATE),
    "certification:attendance_record": Access(get=NOT_ALLOWED, post=STATE),
    # Certificates.
    "certification:certificate_detail": Access(
        get=OWN_CERTIFICATE, post=STATE, forbidden_post=frozenset({"facilitator", "coordinator"})
    ),
    "certification:certificate_pdf": Access(get=OWN_CERTIFICATE, post=NOT_ALLOWED),
    "certification:certificate_leave": HOLDER_ACTION,
    "certification:certificate_return": HOLDER_ACTION,
    "certification:certificate_renew": HOLDER_ACTION,
    "certification:certificate_renewal_request": HOLDER_ACTION,
    "certification:verify_number": Access(get=EVERYONE, post=NOT_ALLOWED, public=True),
    # Fidelity. A concern is its reviewers' (never its subject's); an empty POST names no
    # step, so every reviewer gets a 400.
    "certification:concern_detail": Access(get=ROSTER, post=ROSTER),
    "certification:concern_attachment": Access(get=ROSTER, post=NOT_ALLOWED),
    "certification:concern_status_public": Access(get=EVERYONE, post=NOT_ALLOWED, public=True),
    "certification:case_detail": Access(get=OWN_CERTIFICATE, post=OWN_CERTIFICATE),
    "certification:observation_detail": Access(get=OWN_CERTIFICATE, post=OWN_CERTIFICATE),
    "certification:plan_detail": Access(
        get=OWN_CERTIFICATE, post=ROSTER, forbidden_post=frozenset({"facilitator"})
    ),
    # Oversight of Cleveland.
    "certification:oversight_dashboard": OVERSIGHT,
    "certification:oversight_list": OVERSIGHT,
    "certification:oversight_csv": OVERSIGHT,
    "certification:oversight_roster_pdf": OVERSIGHT,
    "certification:oversight_list_csv": OVERSIGHT,
}

# --- the patterns and the world: tests/site_world.py ----------------------------------------

# A well-formed certificate number that no certificate has.
UNKNOWN_NUMBER = "0" * NUMBER_LENGTH + number_check_symbol("0" * NUMBER_LENGTH)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with world_kept_for_module(django_db_blocker) as built:
        yield built


# --- asking --------------------------------------------------------------------------------


def outcome(response) -> str:
    """The answer, in the words of the module docstring."""
    code = response.status_code
    if code in (200, 400):
        return "ok"
    if code in (301, 302, 303):
        target = response["Location"].split("#")[0].split("?")[0]
        if target in (settings.LOGIN_URL, reverse("account_login")):
            return "login"
        try:
            name = resolve(target).url_name or ""
        except Resolver404:
            name = ""
        if name.startswith("mfa_"):
            return "sent to set up two-factor sign-in"
        return "ok"
    return str(code)


def ask(user, method: str, url: str) -> str:
    """One request in a savepoint rolled back afterwards, so it changes nothing for the next."""
    cache.clear()  # rate limits (verification, report status) count per address
    client = Client(raise_request_exception=False)
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return outcome(response)


def test_every_pattern_with_a_parameter_is_covered():
    missing = sorted(set(patterns_with_parameters()) - set(EXPECTED))
    assert missing == [], (
        "Add these URL patterns to EXPECTED in tests/certification/test_access_matrix.py, "
        f"saying who may open them: {missing}"
    )
    stale = sorted(set(EXPECTED) - set(patterns_with_parameters()))
    assert stale == [], f"EXPECTED names patterns that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_access(name, world, db):
    url = url_for(name, world)
    wrong = []
    for actor in ACTORS:
        for method in ("GET", "POST"):
            expected = EXPECTED[name].expected(actor, method)
            got = ask(world["people"][actor], method, url)
            if got != expected:
                wrong.append(f"{method} as {actor}: expected {expected}, got {got}")
    assert wrong == [], f"{url}\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "name, args",
    [
        ("certification:verify_number", (UNKNOWN_NUMBER,)),
        ("certification:invitation_accept", ("00000000-0000-4000-8000-000000000000",)),
        ("certification:concern_status_public", ("00000000-0000-4000-8000-000000000000",)),
    ],
)
def test_public_pages_answer_404_for_an_unknown_token(name, args, world, db):
    url = reverse(name, args=args)
    answers = {actor: ask(world["people"][actor], "GET", url) for actor in ACTORS}
    assert set(answers.values()) == {"404"}, answers
