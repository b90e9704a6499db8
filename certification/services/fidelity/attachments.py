"""The files a reporter sends with a fidelity concern: checked before anything is written, then
kept where only the concern's reviewers can fetch them.

A report may carry a few photos, PDFs or plain-text notes as evidence of what happened. Anyone
can report, even without an account, so every file is treated as untrusted: its type is read
from its own bytes (never from its name or what the browser said), its name's extension must
agree, and it is stored under a random name with the type found here. The reviewers' download
page serves it back only as a download with that type (see `views/fidelity/concerns.py`).
"""

import uuid

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from ...errors import DomainError
from ...models import ConcernAttachment
from ...models.fidelity import ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS

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


def store_attachments(concern, files) -> None:
    """Keep the files `check_attachments` passed with their concern, each under a random name
    with the extension of its checked type; the reporter's file name is kept only as a label."""
    for name, content_type, content in files:
        stored_name = uuid.uuid4().hex + ALLOWED_ATTACHMENT_TYPES[content_type]
        attachment = ConcernAttachment(
            concern=concern, original_name=name, content_type=content_type, size=len(content)
        )
        attachment.file.save(stored_name, ContentFile(content), save=False)
        attachment.save()
