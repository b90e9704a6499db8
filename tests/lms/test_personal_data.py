"""A person downloads their own data: every kind of record, nobody else's, in fixed queries."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.personal_data import personal_data_for
from tests.certification.conftest import program  # noqa: F401  (fixture)
from tests.factories import UserFactory

from .privacy_data import fill_every_kind

KINDS = (
    "memberships",
    "enrollments",
    "module_progress",
    "knowledge_check_attempts",
    "code_of_conduct_signatures",
    "certifications",
    "renewal_requests",
    "training_places",
    "readiness_assessments",
    "observations",
    "improvement_plans",
    "concerns_reported",
    "decertification_cases",
    "account_history",
)


@pytest.fixture
def people(tree, program, national_staff):  # noqa: F811
    """Alice and Bob, each with a record of every kind, at the same affiliate."""
    from certification.services.organizations import membership_set

    alice = UserFactory(full_name="Alice Moreno", email="alice@example.org")
    bob = UserFactory(full_name="Bob Lindqvist", email="bob@example.org")
    common = {
        "program": program,
        "affiliate": tree["cleveland"],
        "state": tree["ohio"],
        "staff": national_staff,
    }
    for person, tag in ((alice, "ALICE"), (bob, "BOB")):
        membership_set(actor=person, user=person, affiliate=tree["cleveland"])
        fill_every_kind(person, tag=tag, **common)
    return {"alice": alice, "bob": bob, "common": common}


def _text(data) -> str:
    from django.core.serializers.json import DjangoJSONEncoder

    return json.dumps(data, cls=DjangoJSONEncoder)


def test_every_kind_of_record_is_in_the_download(people):
    data = personal_data_for(people["alice"]).data
    assert data["profile"]["full_name"] == "Alice Moreno"
    assert data["profile"]["email"] == "alice@example.org"
    for kind in KINDS:
        assert data[kind], f"{kind} is empty"
    text = _text(data)
    for words in (
        "SCENARIO-ALICE",
        "QUESTION-ALICE",
        "TYPED-ALICE",
        "RENEWAL-REASON-ALICE",
        "EVENT-ALICE",
        "PLACE-ALICE",
        "RECOMMENDATION-ALICE",
        "OBSERVATION-ALICE",
        "PLAN-ALICE",
        "REPORTED-WORDS-ALICE",
        "REPORTER-NAME-ALICE",
        "Lent a group member money after an improvement plan.",  # the case's notice
    ):
        assert words in text, words
    certificate = data["certifications"][0]
    assert certificate["history"][0]["what_happened"] == "Issued"
    assert data["decertification_cases"][0]["steps"][0]["what_happened"] == "Notice sent"


def test_staff_only_notes_and_reviewers_notes_are_not_in_the_download(people):
    text = _text(personal_data_for(people["alice"]).data)
    assert "STAFF-ONLY-NOTE-ALICE" not in text  # a readiness assessment's staff notes
    assert "REVIEWER-NOTE-ALICE" not in text  # the timeline of a concern Alice reported


def test_nothing_of_another_person_is_in_the_download(people):
    text = _text(personal_data_for(people["alice"]).data)
    assert "BOB" not in text
    assert "Bob Lindqvist" not in text
    assert "bob@example.org" not in text


def test_queries_do_not_grow_with_the_amount_of_data(people):
    alice = people["alice"]
    with CaptureQueriesContext(connection) as once:
        personal_data_for(alice)
    fill_every_kind(alice, tag="ALICE2", **people["common"])
    with CaptureQueriesContext(connection) as twice:
        data = personal_data_for(alice).data
    assert len(data["knowledge_check_attempts"]) == 2
    assert len(twice) == len(once) <= 20


def test_the_download_is_a_zip_of_json_and_pdfs_for_the_person_only(
    client, people, django_assert_max_num_queries
):
    client.force_login(people["alice"])
    with django_assert_max_num_queries(30):
        response = client.post(reverse("my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="trellis-my-data-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "my-data.json" in names and "README.txt" in names
    certificate = people["alice"].certifications.get()
    assert f"certificates/certificate-{certificate.file_name_number}.pdf" in names
    assert any(name.startswith("code-of-conduct/") for name in names)
    for name in names:
        if name.endswith(".pdf"):
            assert archive.read(name).startswith(b"%PDF")
    data = json.loads(archive.read("my-data.json"))
    assert data["profile"]["email"] == "alice@example.org"
    assert "BOB" not in archive.read("my-data.json").decode()


def test_the_download_needs_a_signed_in_person_and_a_post(client, people):
    url = reverse("my_data_download")
    response = client.post(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(people["alice"])
    assert client.get(url).status_code == 405


def test_the_profile_offers_the_download_and_closing(client, people):
    client.force_login(people["alice"])
    page = client.get(reverse("profile")).content.decode()
    assert f'action="{reverse("my_data_download")}"' in page
    assert reverse("close_my_account") in page
