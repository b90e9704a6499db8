"""Each email leaves once, however often its task runs: the idempotency key `notify` gives it,
claimed in `EmailDelivery` in the same transaction as the send.

A task runs again when its worker died in the middle (`requeue_tasks`, see
test_task_recovery.py) or when it failed and is retried. A run that finds the key claimed sends
nothing; a send that fails leaves the key free, so the retry sends it. The Message-ID comes
from the key, so even the narrow window left (the mail server accepted the email, the process
died before the commit) gives the receiving server two copies it can tell are one.
"""

import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from certification.models import EmailDelivery
from certification.tasks import message_id, notify, send_email
from tests.certification.conftest import postgresql_only

THIS_MODULE = "tests.certification.test_email_delivery"


class RefusingBackend(MemoryBackend):
    """A mail server that is down: every send raises, nothing is delivered."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server refused the connection")


class SlowBackend(MemoryBackend):
    """A mail server that takes its time, so two runs of one task overlap."""

    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)


def email(key=None, to="robin@example.org"):
    fields = {"to": [to], "subject": "Your training is tomorrow", "body": "See you at 9."}
    return fields if key is None else {**fields, "key": key}


@pytest.fixture
def database_queue(settings):
    """Trellis's queue as in production: task rows in the site's own database."""
    settings.TASKS = {**settings.TASKS, "trellis": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_same_task_run_twice_sends_one_email(db):
    assert send_email.call(**email("k-1")) == "sent"
    assert send_email.call(**email("k-1")) == "already sent"
    assert len(mail.outbox) == 1
    assert list(EmailDelivery.objects.values_list("key", flat=True)) == ["k-1"]


def test_a_failure_while_sending_leaves_no_delivery_so_the_retry_sends_it(db, settings):
    settings.EMAIL_BACKEND = f"{THIS_MODULE}.RefusingBackend"
    with pytest.raises(ConnectionRefusedError):
        send_email.call(**email("k-2"))
    assert not EmailDelivery.objects.exists()
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_email.call(**email("k-2")) == "sent"
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.filter(key="k-2").exists()


def test_the_message_id_comes_from_the_key_and_the_sender_domain(db, settings):
    settings.DEFAULT_FROM_EMAIL = "Trellis <no-reply@trellis.example.org>"
    send_email.call(**email("0123abcd"))
    assert mail.outbox[0].extra_headers["Message-ID"] == "<trellis.0123abcd@trellis.example.org>"
    assert mail.outbox[0].message()["Message-ID"] == message_id("0123abcd")


def test_tasks_queued_before_keys_existed_still_send(db):
    """Rows already in the queue when this was deployed carry no key: they are sent as before
    (without the protection) rather than dropped."""
    assert send_email.call(**email()) == "sent"
    assert len(mail.outbox) == 1
    assert not EmailDelivery.objects.exists()


def test_notify_gives_each_email_a_key_of_its_own(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Robin", "Maya"):
            notify(
                to=[f"{name.lower()}@example.org"],
                subject="Welcome",
                template="certification/email/concern_received.txt",
                context={"reporter_name": name, "reference": "FC-TEST"},
            )
    ids = {message.extra_headers["Message-ID"] for message in mail.outbox}
    keys = set(EmailDelivery.objects.values_list("key", flat=True))
    assert len(mail.outbox) == 2 and len(keys) == 2
    assert ids == {message_id(key) for key in keys}


# --- with the database queue, as in production ---------------------------------------------


def welcome(to="robin@example.org"):
    notify(
        to=[to],
        subject="Welcome",
        template="certification/email/concern_received.txt",
        context={"reporter_name": "Robin", "reference": "FC-TEST"},
    )


def test_the_email_is_queued_with_the_change_or_not_at_all(db, database_queue):
    """The task row is written in the change's own transaction: a change rolled back leaves no
    email behind, and a change kept cannot lose its email to a crash right after the commit."""
    with pytest.raises(RuntimeError), transaction.atomic():
        welcome()
        raise RuntimeError("the change failed after notify")
    assert not DBTaskResult.objects.exists()

    with transaction.atomic():
        welcome()
        queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert queued.task_path == send_email.module_path
    assert len(queued.args_kwargs["kwargs"]["key"]) == 32
    assert mail.outbox == []  # the worker sends it, not the request


# --- two runs at the same moment -----------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_two_runs_at_once_send_one_email(settings):
    """A task queued again while its first run is still sending: the second run waits on
    the unique key until the first commits, then sends nothing."""
    settings.EMAIL_BACKEND = f"{THIS_MODULE}.SlowBackend"
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(send_email.call(**email("k-race")))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == ["already sent", "sent"]
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.filter(key="k-race").count() == 1
