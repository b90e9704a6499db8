"""Slow work that runs after a change has committed: for now, the emails people are sent.

Tasks go to the named "trellis" backend (database-backed, drained by `db_worker`), never to
Wagtail's immediate default. Services call `notify(...)`, which enqueues on commit, so no
email leaves for a change that was rolled back.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task


@task(backend=settings.TRELLIS_TASK_BACKEND)
def send_email(*, to: list[str], subject: str, body: str, attachments: list[dict] | None = None):
    """Send one plain-text email (already rendered, so task arguments stay plain JSON).

    Each attachment is a dict of `filename`, text `content` and `mimetype`, such as a
    training's calendar invitation (.ics).
    """
    message = EmailMessage(
        subject=f"[Trellis] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    for attachment in attachments or ():
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()


def _plain(attachment) -> dict:
    """An attachment as JSON: (filename, content, mimetype) with text content."""
    if isinstance(attachment, dict):
        filename, content, mimetype = (
            attachment["filename"],
            attachment["content"],
            attachment["mimetype"],
        )
    else:
        filename, content, mimetype = attachment
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    return {"filename": str(filename), "content": content, "mimetype": str(mimetype)}


def notify(*, to, subject, template, context, attachments=()):
    """Render an email now and send it once the current transaction commits.

    `attachments` are (filename, content, mimetype) triples; content is text (bytes are read
    as UTF-8), because task arguments must stay plain JSON.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    subject = str(subject)
    files = [_plain(attachment) for attachment in attachments]
    transaction.on_commit(
        lambda: send_email.enqueue(
            to=recipients, subject=subject, body=body, attachments=files or None
        )
    )
