"""The access matrix: every page of the site that takes an object's id, number, slug or token,
requested by eight kinds of person, each answer checked against `EXPECTED`.

The URL patterns are discovered from the resolver, not listed by hand: a pattern with a
parameter that is not in `EXPECTED` fails `test_every_pattern_with_a_parameter_is_covered`, so
a new page must say who may open it. Left out: the Wagtail admin (`/admin/`, its own
permission system), Django's admin, static and media files, and allauth's account pages that
take no key (they take no object either).

One small world is built once for the module (`world`): Ohio and Texas, Cleveland and
Columbus in Ohio, Austin in Texas; a trainee enrolled in Cleveland; a facilitator certified
there, with a signed code of conduct, a concern with a file, a decertification case, an
observation and an improvement plan; an Ohio training with the trainee placed on it; a
pending invitation; and one person in each role. Every object belongs to Cleveland (Ohio),
so its rightful people are the Cleveland coordinator, the Ohio trainer, national staff and,
for their own records, the trainee or facilitator; the Columbus coordinator and the Texas
trainer are the people of another affiliate and another state.

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

import datetime
from dataclasses import dataclass, field

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from certification import pdf
from certification.models import Role
from certification.models.certificates import NUMBER_LENGTH, number_check_symbol
from certification.services.certificates import certification_issue
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.enrollments import enrollment_invite
from certification.services.events import event_add_attendee, event_create
from certification.services.fidelity.concerns import concern_report
from certification.services.fidelity.observations import checklist_for, observation_record
from curriculum.models import ProgramPage, TrainingIndexPage
from tests.factories import (
    UserFactory,
    decertification_case,
    grant,
    make_affiliate,
    make_national,
    make_state,
)

from .conftest import enroll

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

# --- the patterns --------------------------------------------------------------------------

SKIPPED_PREFIXES = ("admin/", "django-admin/", "static/", "media/", "^media/", "^static/")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name or ''}", entry


def patterns_with_parameters() -> dict[str, str]:
    """Pattern name → route, for every pattern that takes a parameter (a converter or a
    regular expression group), outside what the module docstring leaves out."""
    found = {}
    for route, name, entry in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        pattern = entry.pattern
        takes_parameter = bool(getattr(pattern, "converters", None)) or pattern.regex.groups > 0
        if takes_parameter:
            found[name or route] = route
    return found


# --- the world -----------------------------------------------------------------------------

# A well-formed certificate number that no certificate has.
UNKNOWN_NUMBER = "0" * NUMBER_LENGTH + number_check_symbol("0" * NUMBER_LENGTH)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def _build():
    national = make_national()
    ohio = make_state("OH", "Peer Support Ohio", national)
    texas = make_state("TX", "Peer Support Texas", national)
    cleveland = make_affiliate("OH-CLE", ohio, "Cleveland Peer Support")
    columbus = make_affiliate("OH-COL", ohio, "Columbus Family Network")
    make_affiliate("TX-AUS", texas, "Austin Peer Support")

    people = {"anonymous": None}
    for key, name, node, role in (
        ("national_staff", "Nadia Brooks", national, Role.NATIONAL_STAFF),
        ("trainer", "Tomas Alvarez", ohio, Role.STATE_TRAINER),
        ("other_trainer", "Terry Lindqvist", texas, Role.STATE_TRAINER),
        ("coordinator", "Carla Reyes", cleveland, Role.AFFILIATE_COORDINATOR),
        ("other_coordinator", "Cole Mercer", columbus, Role.AFFILIATE_COORDINATOR),
    ):
        people[key] = UserFactory(full_name=name)
        grant(people[key], node, role)
    people["trainee"] = trainee = UserFactory(full_name="Tina Walker")
    people["facilitator"] = facilitator = UserFactory(full_name="Frank Hollis")
    trainer, coordinator, staff = people["trainer"], people["coordinator"], people["national_staff"]

    home = Page.objects.get(depth=2)
    index = home.add_child(instance=TrainingIndexPage(title="Training", slug="training"))
    program = index.add_child(
        instance=ProgramPage(title="Peer Mentor", slug="peer-mentor", validity_months=24)
    )
    code = conduct_draft(actor=staff, program=program, title="Code", text="Keep boundaries.")
    code = conduct_publish(actor=staff, code=code)
    signature = conduct_sign(actor=facilitator, code=code, typed_name="Frank Hollis", agreed=True)

    enrollment = enroll(trainee, program, cleveland)
    certificate = certification_issue(
        actor=trainer, enrollment=enroll(facilitator, program, cleveland)
    )
    invitation = enrollment_invite(
        actor=coordinator, email="invitee@example.org", program=program, affiliate=cleveland
    )
    starts = timezone.now() + datetime.timedelta(days=14)
    event = event_create(
        actor=trainer,
        program=program,
        state=ohio,
        title="Spring training",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        format="in_person",
        location="Cleveland Library",
        capacity=10,
    )
    attendance = event_add_attendee(actor=trainer, event=event, enrollment=enrollment)

    concern = concern_report(
        actor=trainee,
        certification=certificate,
        category="boundaries",
        what_happened="Met a member alone after the group.",
        happened_on=None,
        setting="group",
        attachments=[SimpleUploadedFile("notes.pdf", PDF, content_type="application/pdf")],
    )
    case = decertification_case(
        certificate, decided_by=trainer, may_reenroll_on=timezone.localdate()
    )
    items = checklist_for(program)
    observation = observation_record(
        actor=coordinator,
        program=program,
        affiliate=cleveland,
        observed_on=timezone.localdate(),
        session_kind="group",
        facilitators=[facilitator],
        scores={item.pk: 1 for item in items},
        plan_actions="Review the boundaries module.",
        plan_due_on=timezone.localdate() + datetime.timedelta(days=30),
    )

    document = Document.objects.create(
        title="Handout", file=ContentFile(b"Group guidelines", name="handout.txt")
    )
    restricted_collection = Collection.get_first_root_node().add_child(name="Restricted")
    document_restriction = CollectionViewRestriction.objects.create(
        collection=restricted_collection, restriction_type="password", password="secret"
    )
    page_restriction = PageViewRestriction.objects.create(
        page=index, restriction_type="password", password="secret"
    )
    newcomer = UserFactory(full_name="Nell Unverified", verified=False)
    unverified = EmailAddress.objects.create(
        user=newcomer, email=newcomer.email, verified=False, primary=True
    )
    return {
        "people": people,
        "cleveland": cleveland,
        "program": program,
        "signature": signature,
        "enrollment": enrollment,
        "certificate": certificate,
        "invitation": invitation,
        "event": event,
        "attendance": attendance,
        "concern": concern,
        "attachment": concern.attachments.get(),
        "case": case,
        "observation": observation,
        "plan": observation.plans.get(),
        "document": document,
        "document_restriction": document_restriction,
        "page_restriction": page_restriction,
        "confirmation_key": EmailConfirmationHMAC(unverified).key,
        "reset": (user_pk_to_url_str(newcomer), default_token_generator.make_token(newcomer)),
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once for the module inside a transaction rolled back at its end.

    PDFs are not drawn (WeasyPrint takes a second each): who may download one is the question
    here; `test_certificate_pdf.py` and the oversight tests check what is in them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "render_pdf", lambda template_name, context: b"%PDF-1.4 not drawn")
        with django_db_blocker.unblock(), transaction.atomic():
            yield _build()
            transaction.set_rollback(True)


def url_for(name: str, w: dict) -> str:
    """One concrete address for each pattern in `EXPECTED`, from the world's objects."""
    number = w["certificate"].number
    slug = w["cleveland"].slug
    concern = w["concern"]
    args = {
        "wagtaildocs_serve": (w["document"].pk, w["document"].filename),
        "wagtaildocs_authenticate_with_password": (w["document_restriction"].pk,),
        "wagtailcore_authenticate_with_password": (
            w["page_restriction"].pk,
            w["page_restriction"].page_id,
        ),
        "account_confirm_email": (w["confirmation_key"],),
        "account_reset_password_from_key": w["reset"],
        "close_account_for_person": (w["people"]["facilitator"].pk,),
        "certification:invitation_accept": (w["invitation"].token,),
        "certification:organization_enrollments": (slug,),
        "certification:invitation_resend": (slug, w["invitation"].pk),
        "certification:invitation_withdraw": (slug, w["invitation"].pk),
        "certification:enrollment_detail": (w["enrollment"].pk,),
        "certification:conduct_detail": (w["program"].slug,),
        "certification:conduct_signature_pdf": (w["signature"].pk,),
        "certification:organization_detail": (slug,),
        "certification:role_grant_revoke": (
            slug,
            w["people"]["coordinator"].role_grants.get().pk,
        ),
        "certification:event_detail": (w["event"].pk,),
        "certification:event_edit": (w["event"].pk,),
        "certification:event_cancel": (w["event"].pk,),
        "certification:event_add_attendee": (w["event"].pk,),
        "certification:attendance_record": (w["event"].pk, w["attendance"].pk),
        "certification:certificate_detail": (number,),
        "certification:certificate_pdf": (number,),
        "certification:certificate_leave": (number,),
        "certification:certificate_return": (number,),
        "certification:certificate_renew": (number,),
        "certification:certificate_renewal_request": (number,),
        "certification:verify_number": (number,),
        "certification:concern_detail": (concern.reference,),
        "certification:concern_attachment": (concern.reference, w["attachment"].pk),
        "certification:concern_status_public": (concern.status_token,),
        "certification:case_detail": (w["case"].pk,),
        "certification:observation_detail": (w["observation"].pk,),
        "certification:plan_detail": (w["plan"].pk,),
        "certification:oversight_dashboard": (slug,),
        "certification:oversight_list": (slug, "active"),
        "certification:oversight_csv": (slug,),
        "certification:oversight_roster_pdf": (slug,),
        "certification:oversight_list_csv": (slug, "active"),
    }
    if name == "wagtail_serve":
        return w["program"].url
    return reverse(name, args=args[name])


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
