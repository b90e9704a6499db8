"""A full disk or an attachment store that cannot be written: the reporter is told plainly and
nothing is half saved.

A concern's files are written to the private store inside the report's transaction. When the
store refuses one (no space left, no permission, a read-only disk), the report is rolled back
whole: no concern, no timeline entry, no attachment row, no email, and no file left behind,
not even the ones written before the failing one or the half of the failing one. The form
comes back with a message saying so (never a server error), and the same form can be sent
again without the files.
"""

import errno
import os
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification.errors import DomainError
from certification.forms.fidelity.concerns import new_submission_token
from certification.models import Concern, ConcernAttachment, ConcernEvent
from certification.services.fidelity import concerns as svc

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
STORE_FAILED = "We could not store the attached files, so nothing was saved."
STORE_ERRORS = [errno.ENOSPC, errno.EACCES, errno.EROFS]


def files():
    return [
        SimpleUploadedFile("notes.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
    ]


def store():
    return ConcernAttachment._meta.get_field("file").storage


def files_in_store() -> set[Path]:
    root = Path(store().location)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def failing_store(monkeypatch):
    """Make the private store accept the first file of a report and refuse the next with the
    given error; a full disk leaves half of the refused file written, as a real one does."""

    def fail_with(error_number, accepted=1):
        real_save = store()._save
        calls = []

        def save(name, content):
            calls.append(name)
            if len(calls) <= accepted:
                return real_save(name, content)
            path = Path(store().path(name))
            if error_number == errno.ENOSPC:
                path.parent.mkdir(parents=True, exist_ok=True)
                data = content.read()
                path.write_bytes(data[: len(data) // 2])
            raise OSError(error_number, os.strerror(error_number), str(path))

        monkeypatch.setattr(store(), "_save", save)
        return calls

    return fail_with


def report(certification, **overrides):
    fields = {
        "actor": None,
        "certification": certification,
        "category": "boundaries",
        "what_happened": "Met a member alone after the group.",
        "happened_on": None,
        "setting": "group",
        "reporter_email": "worried@example.org",
        "attachments": files(),
    }
    return svc.concern_report(**{**fields, **overrides})


def assert_nothing_saved(before):
    assert not Concern.objects.exists()
    assert not ConcernEvent.objects.exists()
    assert not ConcernAttachment.objects.exists()
    assert files_in_store() == before
    assert mail.outbox == []


@pytest.mark.parametrize("error_number", STORE_ERRORS)
def test_a_store_that_refuses_a_file_saves_nothing_and_says_so(
    certification, failing_store, error_number, django_capture_on_commit_callbacks
):
    before = files_in_store()
    calls = failing_store(error_number)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(DomainError, match=STORE_FAILED),
    ):
        report(certification)
    assert len(calls) == 2  # the first file was written, then removed again
    assert_nothing_saved(before)


def test_files_are_removed_when_the_report_fails_after_storing_them(
    certification, monkeypatch, django_capture_on_commit_callbacks
):
    """Anything failing after the files were written (here telling the reviewers) rolls the
    report back, and the files go with it."""
    before = files_in_store()

    def broken(concern):
        raise RuntimeError("the reviewers' email could not be made")

    monkeypatch.setattr("certification.services.fidelity.concern_reports.tell_reviewers", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        report(certification)
    assert_nothing_saved(before)


def test_the_report_can_be_sent_again_without_files(certification, failing_store):
    failing_store(errno.ENOSPC, accepted=0)
    with pytest.raises(DomainError):
        report(certification)
    concern = report(certification, attachments=())
    assert Concern.objects.get() == concern
    assert not concern.attachments.exists()


# --- through the forms ---------------------------------------------------------------------


def report_form(**overrides):
    return {
        "category": "boundaries",
        "what_happened": "Gave a member her home address.",
        "happened_on": "2025-01-10",
        "setting": "one_to_one",
        "submission_token": new_submission_token(),
        **overrides,
    }


@pytest.mark.parametrize("error_number", STORE_ERRORS)
def test_the_signed_in_form_says_the_files_could_not_be_stored(
    client, certification, outsider, failing_store, error_number
):
    client.force_login(outsider)
    before = files_in_store()
    failing_store(error_number)
    url = reverse("certification:concern_new") + f"?certificate={certification.number}"
    data = report_form()
    response = client.post(url, {**data, "attachments": files()})
    assert response.status_code == 400  # a refused form, as every other: never a 500
    body = response.content.decode()
    assert STORE_FAILED in body
    assert "Please try again later or send the report without files." in body
    assert_nothing_saved(before)

    # The same form, sent again without the files, files the report once.
    again = client.post(url, data)
    assert again.status_code == 302
    assert Concern.objects.get().reporter == outsider


def test_the_public_form_says_the_files_could_not_be_stored(client, certification, failing_store):
    cache.clear()  # the public form's rate limit counts in the cache
    before = files_in_store()
    failing_store(errno.ENOSPC)
    response = client.post(
        reverse("certification:concern_report_public"),
        {
            **report_form(),
            "number": certification.display_number,
            "reporter_email": "pat@example.org",
            "attachments": files(),
        },
    )
    assert response.status_code == 400
    assert STORE_FAILED in response.content.decode()
    assert_nothing_saved(before)


def test_a_full_temporary_directory_does_not_fail_a_report_with_large_files(
    client, certification, outsider, settings, tmp_path
):
    """Django writes a request's files to a temporary file once the request is longer than
    FILE_UPLOAD_MAX_MEMORY_SIZE; the setting keeps every report the form accepts in memory, so
    a temporary directory that cannot be written never turns a report into a server error."""
    blocker = tmp_path / "a-file"
    blocker.write_text("a file, so nothing can be created under it")
    settings.FILE_UPLOAD_TEMP_DIR = str(blocker / "tmp")
    large = [
        SimpleUploadedFile(f"scan-{n}.pdf", PDF + b"%" * (4 * 1024 * 1024), "application/pdf")
        for n in range(3)
    ]
    client.force_login(outsider)
    url = reverse("certification:concern_new") + f"?certificate={certification.number}"
    response = client.post(url, {**report_form(), "attachments": large})
    assert response.status_code == 302
    assert Concern.objects.get().attachments.count() == 3
