"""Codes of conduct: versions that are fixed once published, and signatures bound to the
exact text, once per person and version; the signed copy as a PDF."""

import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from certification.models import (
    CodeOfConduct,
    ConductSignature,
    HistoryAction,
    HistoryEntry,
    text_sha256,
)
from certification.services.conduct import (
    conduct_draft,
    conduct_publish,
    conduct_sign,
    conduct_update_draft,
)
from tests.certification.conftest import enroll, postgresql_only
from tests.factories import UserFactory

TEXT = "I keep what members share private.\n\nI do not give medical advice."


@pytest.fixture
def published(program, national_staff):
    code = conduct_draft(actor=national_staff, program=program, title="Code of conduct", text=TEXT)
    return conduct_publish(actor=national_staff, code=code)


def sign(person, code, **kwargs):
    return conduct_sign(
        actor=person,
        code=code,
        typed_name=kwargs.pop("typed_name", person.full_name),
        agreed=kwargs.pop("agreed", True),
        ip_address="203.0.113.9",
        user_agent="Test browser",
        **kwargs,
    )


def test_versions_are_numbered_and_publishing_fixes_the_text(program, national_staff):
    first = conduct_draft(actor=national_staff, program=program, title="v1", text=TEXT)
    second = conduct_draft(actor=national_staff, program=program, title="v2", text=TEXT + " More.")
    assert (first.version, second.version) == (1, 2)

    conduct_update_draft(actor=national_staff, code=first, text="Changed while a draft.")
    first = conduct_publish(actor=national_staff, code=first)
    assert first.text_sha256 == text_sha256("Changed while a draft.")
    with pytest.raises(ValidationError, match="is published and cannot be changed"):
        conduct_update_draft(actor=national_staff, code=first, text="Sneaky edit")
    first.refresh_from_db()
    assert first.text == "Changed while a draft."
    assert HistoryEntry.objects.filter(action=HistoryAction.CONDUCT_PUBLISHED).count() == 1
    assert CodeOfConduct.objects.current_for(program) == first


def test_only_national_staff_draft_and_publish(program, ohio_trainer, national_staff):
    with pytest.raises(PermissionDenied):
        conduct_draft(actor=ohio_trainer, program=program, title="x", text=TEXT)
    draft = conduct_draft(actor=national_staff, program=program, title="x", text=TEXT)
    with pytest.raises(PermissionDenied):
        conduct_publish(actor=ohio_trainer, code=draft)


def test_signing_stores_the_hash_the_place_and_the_time(published, trainee):
    signature = sign(trainee, published, typed_name="  tina   WALKER ")
    assert signature.text_sha256 == text_sha256(TEXT)
    assert signature.ip_address == "203.0.113.9"
    assert signature.user_agent == "Test browser"
    assert signature.typed_name == "tina WALKER"
    assert HistoryEntry.objects.get(action=HistoryAction.CONDUCT_SIGNED).subject == trainee


def test_signing_needs_the_right_name_and_explicit_agreement(published, trainee):
    with pytest.raises(ValidationError, match="exactly as it is on your account"):
        sign(trainee, published, typed_name="Someone Else")
    with pytest.raises(ValidationError, match="Tick the box"):
        sign(trainee, published, agreed=False)
    assert not ConductSignature.objects.exists()


def test_drafts_and_superseded_versions_cannot_be_signed(
    program, published, national_staff, trainee
):
    draft = conduct_draft(actor=national_staff, program=program, title="v2", text=TEXT + " New.")
    with pytest.raises(ValidationError, match="not published"):
        sign(trainee, draft)
    conduct_publish(actor=national_staff, code=draft)
    with pytest.raises(ValidationError, match="newer version has replaced"):
        sign(trainee, published)


def test_one_signature_per_person_and_version(published, trainee):
    first = sign(trainee, published)
    assert sign(trainee, published) == first
    assert ConductSignature.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ConductSignature.objects.create(
            person=trainee,
            code=published,
            typed_name="x",
            text_sha256="y",
            signed_at=first.signed_at,
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_two_signings_at_the_same_moment_make_one_signature(published, trainee):
    """Two requests from the same person at once (two tabs) leave exactly one signature."""
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(sign(trainee, published).pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert ConductSignature.objects.filter(person=trainee, code=published).count() == 1
    assert len(set(results)) == 1


def test_signing_through_the_page_and_downloading_the_pdf(client, published, trainee):
    client.force_login(trainee)
    url = reverse("certification:conduct_detail", args=["peer-mentor"])
    page = client.get(url).content.decode()
    assert "I do not give medical advice." in page
    assert "Sign the code of conduct" in page

    refused = client.post(url, {"typed_name": "Tina Walker"})
    assert refused.status_code == 400
    assert "Tick the box to show that you agree." in refused.content.decode()
    assert not ConductSignature.objects.exists()

    done = client.post(url, {"typed_name": "Tina Walker", "agreed": "on"}, follow=True)
    assert "You signed this version on" in done.content.decode()
    signature = ConductSignature.objects.get()

    response = client.get(reverse("certification:conduct_signature_pdf", args=[signature.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Tina Walker" in text
    assert "I do not give medical advice." in text
    assert signature.text_sha256 in text.replace("\n", "")


def test_signed_copy_is_private(client, published, trainee, national_staff):
    signature = sign(trainee, published)
    url = reverse("certification:conduct_signature_pdf", args=[signature.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(national_staff)
    assert client.get(url).status_code == 200


def test_dashboard_asks_to_sign_and_then_shows_the_date(client, published, trainee, tree):
    client.force_login(trainee)
    # Only the codes of the person's own programs are asked for.
    assert "not signed yet" not in client.get(reverse("dashboard")).content.decode()
    enroll(trainee, published.program, tree["cleveland"])
    assert "not signed yet" in client.get(reverse("dashboard")).content.decode()
    sign(trainee, published)
    assert "signed " in client.get(reverse("dashboard")).content.decode()


def test_admin_drafts_publishes_and_then_refuses_edits(client, program, national_staff):
    client.force_login(national_staff)
    response = client.post(
        reverse("codes_of_conduct:add"),
        {
            "program": program.pk,
            "title": "Peer Mentor code of conduct",
            "text": TEXT,
            "grace_days": 30,
            "publish_now": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    code = CodeOfConduct.objects.get()
    assert code.is_published and code.version == 1
    edit = client.get(reverse("codes_of_conduct:edit", args=[code.pk]))
    assert edit.status_code in (302, 403)
    client.post(
        reverse("codes_of_conduct:edit", args=[code.pk]),
        {"title": "x", "text": "changed", "grace_days": 30},
    )
    code.refresh_from_db()
    assert code.text == TEXT
    assert client.get(reverse("codes_of_conduct:inspect", args=[code.pk])).status_code == 200


def test_trainers_do_not_get_the_admin_for_codes(client, program, ohio_trainer):
    client.force_login(ohio_trainer)
    response = client.get(reverse("codes_of_conduct:index"))
    assert response.status_code in (302, 403)
