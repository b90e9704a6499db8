"""The site's world for tests that ask every page as every kind of person: the access matrix
(`tests/certification/test_access_matrix.py`) and the form fuzzing
(`tests/property/test_form_fuzzing.py`).

One small world: Ohio and Texas, Cleveland and Columbus in Ohio, Austin in Texas; a trainee
enrolled in Cleveland; a facilitator certified there, with a signed code of conduct, a concern
with a file, a decertification case, an observation and an improvement plan; an Ohio training
with the trainee placed on it; a pending invitation; and one person in each role. Every object
belongs to Cleveland (Ohio), so its rightful people are the Cleveland coordinator, the Ohio
trainer, national staff and, for their own records, the trainee or facilitator; the Columbus
coordinator and the Texas trainer are the people of another affiliate and another state.

Also here: `walk_patterns`, every URL pattern of the site, and `url_for`, one concrete address
for each pattern that takes a parameter.
"""

import datetime
from contextlib import contextmanager

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from certification import pdf
from certification.models import Role
from certification.services.certificates import certification_issue
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.enrollments import enrollment_invite
from certification.services.events import event_add_attendee, event_create
from certification.services.fidelity.concerns import concern_report
from certification.services.fidelity.observations import checklist_for, observation_record
from curriculum.models import ProgramPage, TrainingIndexPage
from tests.certification.conftest import enroll
from tests.factories import (
    UserFactory,
    decertification_case,
    grant,
    make_affiliate,
    make_national,
    make_state,
)

# --- the patterns --------------------------------------------------------------------------

SKIPPED_PREFIXES = ("admin/", "django-admin/", "static/", "media/", "^media/", "^static/")


def walk_patterns(patterns, prefix="", namespace=""):
    """(route, name, pattern) for every URL pattern under `patterns`, names namespaced."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from walk_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name or ''}", entry


def patterns_with_parameters() -> dict[str, str]:
    """Pattern name → route, for every pattern that takes a parameter (a converter or a
    regular expression group), outside `SKIPPED_PREFIXES` (the admins, static and media files)."""
    found = {}
    for route, name, entry in walk_patterns(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        pattern = entry.pattern
        takes_parameter = bool(getattr(pattern, "converters", None)) or pattern.regex.groups > 0
        if takes_parameter:
            found[name or route] = route
    return found


# --- the world -----------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def build_world() -> dict:
    """Build the world (see the module docstring) and return its objects by name."""
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


@contextmanager
def world_kept_for_module(django_db_blocker):
    """The world, built once for a test module inside a transaction rolled back at its end.

    PDFs are not drawn (WeasyPrint takes a second each): who may download one is the question
    here; `test_certificate_pdf.py` and the oversight tests check what is in them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "render_pdf", lambda template_name, context: b"%PDF-1.4 not drawn")
        with django_db_blocker.unblock(), transaction.atomic():
            yield build_world()
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
