"""Sensitive reads are logged with who and when: opening a concern, downloading one of its
files, seeing a confidential reporter, exporting a roster or a CSV. A refused read logs
nothing. National staff read the log in the Wagtail admin; nobody else does, and nobody
changes it there."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification.models import Concern, SensitiveRead, SensitiveReadKind
from certification.services.fidelity import concerns as svc
from tests.factories import UserFactory

Kind = SensitiveReadKind


def report(certification, **overrides):
    fields = {
        "actor": None,
        "certification": certification,
        "category": "boundaries",
        "what_happened": "Met a member alone after the group.",
        "happened_on": None,
        "setting": "group",
        "reporter_email": "worried@example.org",
    }
    fields.update(overrides)
    return svc.concern_report(**fields)


def detail_url(concern):
    return reverse("certification:concern_detail", args=[concern.reference])


def logged():
    return list(SensitiveRead.objects.order_by("id"))


# --- each kind of read writes one row -----------------------------------------------------


def test_opening_a_concern_is_logged_with_who_when_what_and_where(
    client, certification, ohio_trainer
):
    concern = report(certification)
    client.force_login(ohio_trainer)
    url = detail_url(concern)
    assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200
    [read] = logged()
    assert read.reader == ohio_trainer
    assert read.kind == Kind.CONCERN_OPENED
    assert (read.object_type, read.object_id) == ("certification.concern", str(concern.pk))
    assert read.object_label == concern.reference
    assert read.path == url
    assert read.client_address == "203.0.113.9"
    assert read.created_at is not None


def test_seeing_a_confidential_reporter_is_logged_too(
    client, certification, ohio_trainer, cleveland_coordinator
):
    concern = report(certification, reporter_is_confidential=True, reporter_name="Rae Quinn")
    # A coordinator does not see who reported in confidence: opening it is the only read.
    client.force_login(cleveland_coordinator)
    assert "Rae Quinn" not in client.get(detail_url(concern)).content.decode()
    assert [read.kind for read in logged()] == [Kind.CONCERN_OPENED]
    # The state's trainer does, and that is logged as its own read.
    client.force_login(ohio_trainer)
    assert "Rae Quinn" in client.get(detail_url(concern)).content.decode()
    assert [(read.reader, read.kind) for read in logged()[1:]] == [
        (ohio_trainer, Kind.CONCERN_OPENED),
        (ohio_trainer, Kind.CONFIDENTIAL_REPORTER_VIEWED),
    ]


def test_a_non_confidential_reporter_is_no_extra_read(client, certification, ohio_trainer):
    report(certification)
    client.force_login(ohio_trainer)
    client.get(detail_url(Concern.objects.get()))
    assert [read.kind for read in logged()] == [Kind.CONCERN_OPENED]


def test_downloading_a_file_is_logged(client, certification, ohio_trainer):
    upload = SimpleUploadedFile("note.txt", b"what I saw", content_type="text/plain")
    concern = report(certification, attachments=[upload])
    attachment = concern.attachments.get()
    client.force_login(ohio_trainer)
    url = reverse("certification:concern_attachment", args=[concern.reference, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    [read] = logged()
    assert (read.reader, read.kind) == (ohio_trainer, Kind.ATTACHMENT_DOWNLOADED)
    assert read.object_type == "certification.concernattachment"
    assert read.object_label == f"{concern.reference}: note.txt"


@pytest.mark.parametrize(
    "name",
    ["certification:concern_list", "certification:case_list"],
)
def test_every_csv_download_is_logged_with_its_filters(client, certification, ohio_trainer, name):
    report(certification)
    client.force_login(ohio_trainer)
    response = client.get(reverse(name), {"format": "csv", "status": "open"})
    assert response.status_code == 200
    [read] = logged()
    assert (read.reader, read.kind) == (ohio_trainer, Kind.CSV_EXPORTED)
    assert read.object_label.endswith(".csv")
    assert "format=csv" in read.path and "status=open" in read.path


def test_an_oversight_csv_and_the_roster_pdf_are_logged(client, cleveland, cleveland_coordinator):
    client.force_login(cleveland_coordinator)
    assert client.get(reverse("certification:oversight_csv", args=[cleveland.slug])).status_code
    roster = client.get(reverse("certification:oversight_roster_pdf", args=[cleveland.slug]))
    assert roster["Content-Type"] == "application/pdf"
    reads = logged()
    assert [(read.kind, read.reader) for read in reads] == [
        (Kind.CSV_EXPORTED, cleveland_coordinator),
        (Kind.ROSTER_EXPORTED, cleveland_coordinator),
    ]
    assert reads[0].object_label == f"oversight-{cleveland.slug}.csv"
    assert (reads[1].object_type, reads[1].object_id) == (
        "certification.organization",
        str(cleveland.pk),
    )


def test_a_refused_read_logs_nothing(client, certification, texas_trainer, outsider):
    concern = report(certification)
    for person in (texas_trainer, outsider):
        client.force_login(person)
        assert client.get(detail_url(concern)).status_code == 404
    assert logged() == []


# --- the log in the admin -----------------------------------------------------------------


READS = reverse("sensitive_reads:index")


def test_national_staff_read_the_log_and_filter_it(
    client, certification, ohio_trainer, national_staff
):
    concern = report(certification, reporter_is_confidential=True)
    client.force_login(ohio_trainer)
    client.get(detail_url(concern))
    client.force_login(national_staff)
    response = client.get(READS)
    assert response.status_code == 200
    text = response.content.decode()
    assert ohio_trainer.full_name in text
    assert "Confidential reporter seen" in text and "Concern opened" in text
    only = client.get(READS, {"kind": Kind.CONFIDENTIAL_REPORTER_VIEWED}).content.decode()
    assert "Confidential reporter seen" in only
    assert "Concern opened</td>" not in only


def test_nobody_adds_changes_or_deletes_reads_in_the_admin(
    client, certification, ohio_trainer, national_staff
):
    client.force_login(ohio_trainer)
    client.get(detail_url(report(certification)))
    read = SensitiveRead.objects.get()
    client.force_login(national_staff)
    for url in (
        reverse("sensitive_reads:add"),
        reverse("sensitive_reads:edit", args=[read.pk]),
        reverse("sensitive_reads:delete", args=[read.pk]),
    ):
        response = client.post(url, {})
        assert response.status_code in (302, 403), url
    assert list(SensitiveRead.objects.values_list("pk", "kind")) == [(read.pk, read.kind)]


def test_others_cannot_read_the_log(client, certification, ohio_trainer, cleveland_coordinator):
    client.force_login(ohio_trainer)
    client.get(detail_url(report(certification)))
    # Even someone who may open the admin, but is not national staff.
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for person in (ohio_trainer, cleveland_coordinator, editor):
        client.force_login(person)
        response = client.get(READS)
        assert response.status_code in (302, 403), person
        assert ohio_trainer.full_name not in response.content.decode()
