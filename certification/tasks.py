"""Slow work that runs after a change has committed: for now, the emails people are sent.

Tasks go to the named "trellis" backend (database-backed, drained by `db_worker`), never to
Wagtail's immediate default. Services call `notify(...)`, which enqueues on commit, so no
email leaves for a change that was rolled back.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task


@task(backend=settings.TRELLIS_TASK_BACKEND)
def send_email(*, to: list[str], subject: str, body: str):
    """Send one plain-text email (already rendered, so task arguments stay plain JSON)."""
    send_mail(
        subject=f"[Trellis] {subject}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=to,
    )


def notify(*, to, subject, template, context):
    """Render an email now and send it once the current transaction commits."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    body = render_to_string(template, {**context, "site_url": settings.WAGTAILADMIN_BASE_URL})
    subject = str(subject)
    transaction.on_commit(lambda: send_email.enqueue(to=recipients, subject=subject, body=body))
