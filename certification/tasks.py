"""Slow work that runs after a change has committed: for now, the emails people are sent.

Tasks go to the named "trellis" backend (database-backed, drained by `db_worker`), never to
Wagtail's immediate default. Services call `notify(...)`, which queues the email with the
change's own transaction, so no email leaves for a change that was rolled back and none is
lost for a change that was kept.

Each email is given an idempotency key when it is queued. A worker can die in the middle of a
task (a deploy, a crash, the machine restarting); the task then runs again
(`manage.py requeue_tasks`), and the key makes that second run send nothing if the first one
had sent the email (`EmailDelivery`).
"""

import uuid
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend

from .models import EmailDelivery


def message_id(key: str) -> str:
    """The email's Message-ID, made from its key, so every attempt at one email carries the
    same one and a receiving server can drop a copy it already has."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "trellis.localhost"
    return f"<trellis.{key}@{domain}>"


@task(backend=settings.TRELLIS_TASK_BACKEND)
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    attachments: list[dict] | None = None,
    key: str | None = None,
):
    """Send one plain-text email (already rendered, so task arguments stay plain JSON), once.

    Each attachment is a dict of `filename`, text `content` and `mimetype`, such as a
    training's calendar invitation (.ics).

    `key` is the email's idempotency key (`notify` makes one). The key is claimed in
    `EmailDelivery` in the same transaction as the send: a run that finds it claimed sends
    nothing; a second run at the same moment waits on the unique key until the first commits,
    then sends nothing; a send that fails rolls the claim back, so a later run sends it. The
    one window left, the mail server accepting the email and the process dying before the
    commit, is covered by the Message-ID made from the key. Tasks queued before keys existed
    (no `key`) are sent as they always were.
    """
    message = EmailMessage(
        subject=f"[Trellis] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    for attachment in attachments or ():
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    if key is None:
        message.send()
        return "sent"
    message.extra_headers["Message-ID"] = message_id(key)
    with transaction.atomic():
        _delivery, claimed = EmailDelivery.objects.get_or_create(key=key)
        if not claimed:
            return "already sent"
        message.send()
    return "sent"


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


def queued_with_the_change() -> bool:
    """Whether the task queue lives in the site's own database (django-tasks-db), so an
    email's task row can be written in the same transaction as the change it tells of."""
    return isinstance(task_backends[settings.TRELLIS_TASK_BACKEND], DatabaseBackend)


def notify(*, to, subject, template, context, attachments=()):
    """Render an email now and send it once the current transaction commits, under a key of
    its own (made here, so every run of its task carries the same one).

    With the database queue (production, `make run`) the task row is written inside the
    current transaction: it commits with the change or not at all, and no worker sees it
    before the commit. So a crash or a database restart between the commit and the queueing
    cannot lose the email of a change that was kept. Other backends (the immediate one in
    tests) are queued once the transaction commits, so a rolled-back change sends nothing.

    `attachments` are (filename, content, mimetype) triples; content is text (bytes are read
    as UTF-8), because task arguments must stay plain JSON.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    subject = str(subject)
    files = [_plain(attachment) for attachment in attachments]
    key = uuid.uuid4().hex

    def enqueue():
        send_email.enqueue(
            to=recipients, subject=subject, body=body, attachments=files or None, key=key
        )

    if queued_with_the_change():
        enqueue()
    else:
        transaction.on_commit(enqueue)
