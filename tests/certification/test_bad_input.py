"""Ids too large for the database are wrong choices, never a 500: in every choice field of
the site (`certification/forms/fields.py`), on the pages that post them, and in the paths.

The number is the one from the security review: it overflowed SQLite's 64-bit integers when
Django looked a Wagtail page (a program) up through its link to `Page`.
"""

import datetime
import re
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from certification.forms.fields import (
    ModelChoiceField,
    ModelMultipleChoiceField,
    fits_key_column,
    id_or_none,
)
from certification.models import Enrollment, EnrollmentInvitation, Organization, TrainingEvent
from certification.services.events import event_create
from curriculum.models import ProgramPage
from tests.certification.conftest import issue
from tests.factories import UserFactory

HUGE = "99999999999999999999999"
JUST_TOO_BIG = str(2**63)
ROOT = Path(__file__).resolve().parents[2]


# --- the fields ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [HUGE, JUST_TOO_BIG, "-" + HUGE])
def test_a_program_id_too_large_for_the_database_is_a_wrong_choice(program, value):
    field = ModelChoiceField(queryset=ProgramPage.objects.all())
    with pytest.raises(Exception) as raised:
        field.clean(value)
    assert raised.value.__class__.__name__ == "ValidationError"
    assert raised.value.code == "invalid_choice"
    assert field.clean(str(program.pk)) == program


def test_many_ids_too_large_for_the_database_are_a_wrong_choice(db):
    person = UserFactory()
    field = ModelMultipleChoiceField(queryset=get_user_model().objects.all())
    with pytest.raises(Exception) as raised:
        field.clean([str(person.pk), HUGE])
    assert raised.value.code == "invalid_choice"
    assert list(field.clean([str(person.pk)])) == [person]


def test_the_key_column_is_followed_through_relations_and_left_alone_when_not_a_number(program):
    assert not fits_key_column(ProgramPage.objects.all(), HUGE)  # page_ptr → Page.id
    assert fits_key_column(ProgramPage.objects.all(), str(program.pk))
    assert fits_key_column(ProgramPage.objects.all(), "not a number")  # refused as usual
    assert fits_key_column(Organization.objects.all(), HUGE, to_field_name="slug")
    assert id_or_none(ProgramPage.objects.all(), HUGE) is None
    assert id_or_none(ProgramPage.objects.all(), "12") == 12
    assert id_or_none(ProgramPage.objects.all(), "-1") is None


SAFE_FIELDS = ROOT / "certification" / "forms" / "fields.py"


def test_every_form_of_the_site_uses_the_safe_choice_fields():
    """Django's own model choice fields would bring the 500 back: none may be used directly."""
    pattern = re.compile(
        r"\bforms\.Model(Multiple)?ChoiceField\(|import Model(Multiple)?ChoiceField"
    )
    offenders = []
    for app in ("lms", "certification", "curriculum"):
        for path in (ROOT / app).rglob("*.py"):
            if path == SAFE_FIELDS or "migrations" in path.parts:
                continue
            text = path.read_text()
            if pattern.search(text) and "from django" in text:
                for number, line in enumerate(text.splitlines(), start=1):
                    if pattern.search(line) and "fields import" not in line:
                        offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# --- the pages that post ids ---------------------------------------------------------------


def test_enrolling_with_an_impossible_program_or_affiliate_is_a_form_error(
    client, trainee, program, tree
):
    client.force_login(trainee)
    response = client.post(reverse("certification:enroll"), {"program": HUGE, "affiliate": HUGE})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"program", "affiliate"}
    assert not Enrollment.objects.exists()


def test_scheduling_with_an_impossible_program_or_co_trainer_is_a_form_error(
    client, ohio_trainer, program, tree
):
    client.force_login(ohio_trainer)
    response = client.post(
        reverse("certification:event_create") + f"?state={tree['ohio'].slug}",
        {
            "program": HUGE,
            "title": "Fall training",
            "start_date": "2031-10-04",
            "start_time": "09:00",
            "end_date": "2031-10-05",
            "end_time": "16:30",
            "format": "in_person",
            "location": "Columbus",
            "capacity": HUGE,
            "trainers": [HUGE],
        },
    )
    assert response.status_code == 400
    assert {"program", "capacity", "trainers"} <= set(response.context["form"].errors)
    assert not TrainingEvent.objects.exists()


def test_inviting_to_an_impossible_program_is_a_form_error(
    client, cleveland_coordinator, program, tree
):
    client.force_login(cleveland_coordinator)
    url = reverse("certification:organization_enrollments", args=[tree["cleveland"].slug])
    response = client.post(url, {"email": "new.person@example.org", "program": HUGE})
    assert response.status_code == 400
    assert "program" in response.context["form"].errors
    assert not EnrollmentInvitation.objects.exists()


def test_adding_an_impossible_attendee_is_a_form_error(client, ohio_trainer, program, tree):
    start = timezone.now() + datetime.timedelta(days=30)
    event = event_create(
        actor=ohio_trainer,
        program=program,
        state=tree["ohio"],
        title="Fall training",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        format="in_person",
        location="Columbus",
        capacity=10,
    )
    client.force_login(ohio_trainer)
    response = client.post(
        reverse("certification:event_add_attendee", args=[event.pk]), {"enrollment": HUGE}
    )
    assert response.status_code == 400
    assert "enrollment" in response.context["add_form"].errors
    assert not event.attendances.exists()


def test_reporting_without_an_account_with_an_impossible_program_is_a_form_error(
    client, program, tree
):
    response = client.post(
        reverse("certification:concern_report_public"),
        {
            "knows_number": "no",
            "subject_name": "Felix",
            "program": HUGE,
            "affiliate": HUGE,
            "category": "boundaries",
            "what_happened": "Gave a member his home address.",
            "setting": "group",
        },
    )
    assert response.status_code == 400
    assert {"program", "affiliate"} <= set(response.context["form"].errors)


def test_filters_with_impossible_ids_answer_without_a_500(client, national_staff, program, tree):
    client.force_login(national_staff)
    for url, params in (
        (reverse("certification:concern_list"), {"program": HUGE}),
        (reverse("certification:observation_list"), {"program": HUGE}),
        (reverse("certification:oversight_home"), {"program": HUGE}),
    ):
        response = client.get(url, params, follow=True)
        assert response.status_code in (200, 400, 404), (url, response.status_code)


def test_a_filter_that_no_slug_can_be_is_a_404(client, national_staff, tree):
    """Found by the form fuzzing tests (tests/property) on PostgreSQL, which refuses a NUL
    character in a query: the concern list's `?affiliate=` was asked of the database as it
    came, a 500."""
    client.force_login(national_staff)
    url = reverse("certification:concern_list")
    assert client.get(url, {"affiliate": "oh-cle\x00"}).status_code == 404
    assert client.get(url, {"affiliate": tree["cleveland"].slug}).status_code == 200


# --- ids in paths --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/certificates/%00/leave/",
        "/certificates/%00/pdf/",
        "/fidelity/concerns/%00/",
        "/fidelity/concerns/FC-%00/attachments/1/",
    ],
)
def test_a_path_code_no_certificate_or_report_can_have_is_a_404(client, national_staff, path):
    """Found with the form fuzzing tests (tests/property): on PostgreSQL, which refuses a NUL
    character in a query, these answered 500; a number or reference that cannot be one is a
    404 before the database is asked."""
    client.force_login(national_staff)
    response = client.post(path) if path.endswith("leave/") else client.get(path)
    assert response.status_code == 404


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("admin/", "django-admin/", "documents/")):
                continue  # Wagtail's and Django's own admin
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry, prefix


def _site_paths_with_int_ids(values):
    """Every named path of the site with an integer id, that id set to HUGE and its other
    parts to real values (`values` by converter name)."""
    for entry, prefix in _patterns(get_resolver()):
        converters = entry.pattern.converters
        if not any(type(c).__name__ == "IntConverter" for c in converters.values()):
            continue
        kinds = {name: type(converter).__name__ for name, converter in converters.items()}
        route = prefix + str(entry.pattern)
        yield "/" + re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda match, kinds=kinds: (
                HUGE
                if kinds[match.group(2)] == "IntConverter"
                else str(values[kinds[match.group(2)], match.group(2)])
            ),
            route,
        )


def test_a_path_id_too_large_for_the_database_is_a_404(client, national_staff, program, tree):
    certification = issue(UserFactory(full_name="Frank Hollis"), program, tree["cleveland"])
    values = {
        ("SlugConverter", "slug"): tree["cleveland"].slug,
        ("StringConverter", "number"): certification.number,
        ("StringConverter", "reference"): "FC-AAAAAAAA",
        ("UUIDConverter", "token"): uuid.uuid4(),
    }
    client.force_login(national_staff)
    paths = list(_site_paths_with_int_ids(values))
    assert len(paths) >= 10
    for path in paths:
        response = client.get(path)
        assert response.status_code in (404, 405), (path, response.status_code)


# --- Wagtail's password forms --------------------------------------------------------------


@pytest.mark.parametrize("return_url", ["abc", "", "https://elsewhere.example/"])
def test_a_password_form_that_names_no_path_goes_home(client, program, return_url):
    """Found by the form fuzzing tests (tests/property): Wagtail redirected to `return_url`
    through Django's `redirect`, which took "abc" for a view's name: a 500 once the password
    was right. Now anything but a path of this site leads home (lms/restricted_content.py)."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    page_rule = PageViewRestriction.objects.create(
        page=program, restriction_type="password", password="secret"
    )
    collection = Collection.get_first_root_node().add_child(name="Restricted")
    Document.objects.create(
        title="Handout", file=ContentFile(b"Notes", name="handout.txt"), collection=collection
    )
    document_rule = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="secret"
    )
    for url in (
        reverse("wagtailcore_authenticate_with_password", args=[page_rule.pk, program.pk]),
        reverse("wagtaildocs_authenticate_with_password", args=[document_rule.pk]),
    ):
        response = client.post(url, {"password": "secret", "return_url": return_url})
        assert (response.status_code, response["Location"]) == (302, "/"), url
