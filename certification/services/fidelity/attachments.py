"""The files a reporter sends with a fidelity concern: checked before anything is written, then
kept where only the concern's reviewers can fetch them.

A report may carry a few photos, PDFs or plain-text notes as evidence of what happened. Anyone
can report, even without an account, so every file is treated as untrusted: its type is read
from its own bytes (never from its name or what the browser said), its name's extension must
agree, and it is stored under a random name with the type found here. The reviewers' download
page serves it back only as a download with that type (see `views/fidelity/concerns.py`).
"""

import functools
import logging
import uuid
from contextvars import ContextVar

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from ...errors import DomainError
from ...models import ConcernAttachment
from ...models.fidelity import ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS

logger = logging.getLogger(__name__)

# The files written by the service running now (`files_removed_on_failure`), or None.
_written_here: ContextVar[list | None] = ContextVar("concern_files_written_here", default=None)

# The first bytes of each file type a concern may carry. Plain text has no signature: it must
# decode as UTF-8 and hold no NUL bytes.
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt", ".text"),
}


def sniff_type(head: bytes, content: bytes) -> str | None:
    """The type of a file from its bytes, not from its name or what the browser said."""
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    if b"\x00" in content:
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


def _read(upload) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    if hasattr(upload, "chunks"):
        return b"".join(upload.chunks())
    return upload.read()


def check_attachments(attachments) -> list[tuple[str, str, bytes]]:
    """Check every file before anything is written: how many, how big, and what it really is.

    Returns (original name, content type, bytes) for each file. The type comes from the first
    bytes (PDF, PNG, JPEG) or from the whole file decoding as UTF-8 (plain text), and the
    name's extension must agree with it, so a page of HTML named `notes.txt` is still text and
    a program named `photo.png` is refused.
    """
    attachments = [upload for upload in attachments or () if upload]
    if len(attachments) > MAX_ATTACHMENTS:
        raise DomainError(
            {"attachments": _("You can attach up to %(count)s files.") % {"count": MAX_ATTACHMENTS}}
        )
    checked = []
    limit_mb = MAX_ATTACHMENT_BYTES // (1024 * 1024)
    for upload in attachments:
        name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
        size = getattr(upload, "size", None)
        if size is not None and size > MAX_ATTACHMENT_BYTES:
            raise DomainError(
                {
                    "attachments": _("“%(name)s” is larger than %(mb)s MB.")
                    % {"name": name, "mb": limit_mb}
                }
            )
        content = _read(upload)
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise DomainError(
                {
                    "attachments": _("“%(name)s” is larger than %(mb)s MB.")
                    % {"name": name, "mb": limit_mb}
                }
            )
        if not content:
            raise DomainError({"attachments": _("“%(name)s” is empty.") % {"name": name}})
        content_type = sniff_type(content[:16], content)
        extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if content_type not in ALLOWED_ATTACHMENT_TYPES or extension not in EXTENSIONS.get(
            content_type, ()
        ):
            raise DomainError(
                {
                    "attachments": _(
                        "“%(name)s” is not a PDF, a photo (JPEG or PNG) or a plain text file."
                    )
                    % {"name": name}
                }
            )
        checked.append((name, content_type, content))
    return checked


def store_failed_message() -> str:
    return _(
        "We could not store the attached files, so nothing was saved. Please try again later "
        "or send the report without files."
    )


def discard_files(storage, names) -> None:
    """Remove files written for a report that was not saved. A file that cannot be removed
    either (the store is gone) is logged for the operator, never raised over the first error."""
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not remove %s, left by a report that was not saved.", name)


def files_removed_on_failure(service):
    """Wrap a service that stores attachments inside its transaction: if it fails after
    writing them, even at the commit, the files go too, so no file outlives its rows."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        written = []
        token = _written_here.set(written)
        try:
            return service(*args, **kwargs)
        except BaseException:
            for storage, name in written:
                discard_files(storage, [name])
            raise
        finally:
            _written_here.reset(token)

    return wrapper


def store_attachments(concern, files) -> None:
    """Keep the files `check_attachments` passed with their concern, each under a random name
    with the extension of its checked type; the reporter's file name is kept only as a label.

    All or nothing: if the store refuses a file (disk full, no permission, a read-only disk:
    any OSError), the files already written for this report are removed, the operator's log
    says why, and the reporter is told plainly, as a DomainError, which rolls the report back.
    """
    field = ConcernAttachment._meta.get_field("file")
    storage = field.storage
    written = []
    try:
        for name, content_type, content in files:
            attachment = ConcernAttachment(
                concern=concern, original_name=name, content_type=content_type, size=len(content)
            )
            stored_name = field.generate_filename(
                attachment, uuid.uuid4().hex + ALLOWED_ATTACHMENT_TYPES[content_type]
            )
            # Counted before writing: a half-written file (the disk filled up) is removed too.
            written.append(stored_name)
            written[-1] = storage.save(stored_name, ContentFile(content), field.max_length)
            attachment.file.name = written[-1]
            attachment.save()
    except OSError as error:
        discard_files(storage, written)
        logger.error(
            "Could not store a concern's attachment (%s); the report was not saved.",
            error,
            exc_info=True,
        )
        raise DomainError(store_failed_message()) from error
    except BaseException:
        discard_files(storage, written)
        raise
    outer = _written_here.get()
    if outer is not None:
        outer.extend((storage, name) for name in written)
