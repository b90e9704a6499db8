"""Emails whose worker died run again, and failed ones are retried: `manage.py requeue_tasks`.

django-tasks-db on its own never runs a task again: a worker killed while a task is RUNNING
leaves it RUNNING for ever, and a FAILED task stays failed. These tests drive the package's
real worker loop over the database queue (as in production) and show what `requeue_tasks`
adds, and that the email's idempotency key keeps the second run from sending twice.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from certification.management.commands import task_worker
from certification.models import EmailDelivery
from certification.task_recovery import WORKER_LOST, requeue_tasks, retry_delay
from certification.tasks import notify

from .test_email_delivery import THIS_MODULE as EMAIL_TESTS

pytestmark = pytest.mark.usefixtures("database_queue")


@pytest.fixture
def database_queue(settings, monkeypatch):
    """Trellis's queue as in production. The worker's connection check is skipped: inside a
    test's transaction it would close the connection the test runs in."""
    settings.TASKS = {**settings.TASKS, "trellis": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def drain(worker_class=Worker):
    """One `db_worker --batch`: run every ready task of the queue, then stop."""
    worker_class(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="trellis",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def queue_one_email():
    notify(
        to=["robin@example.org"],
        subject="Your training is tomorrow",
        template="certification/email/concern_received.txt",
        context={"reporter_name": "Robin", "reference": "FC-TEST"},
    )
    return DBTaskResult.objects.get()


def worker_died_running(task, minutes_ago=20):
    """What a worker killed with SIGKILL leaves: the task claimed, RUNNING, never finished."""
    task.claim("dead-worker")
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )


def test_a_task_left_running_by_a_dead_worker_is_sent_once_after_requeue(db):
    task = queue_one_email()
    worker_died_running(task)
    drain()
    assert mail.outbox == []  # the package alone never runs it again
    assert DBTaskResult.objects.get().status == "RUNNING"

    done = requeue_tasks()
    assert (done.requeued_stalled, done.retried_failed, done.given_up) == (1, 0, 0)
    drain()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids == ["dead-worker", "test-worker"]
    assert len(mail.outbox) == 1

    requeue_tasks()
    drain()
    assert len(mail.outbox) == 1


def test_a_worker_that_died_after_sending_is_not_sent_again(db):
    """The first run committed its delivery, then died before marking the task done."""
    task = queue_one_email()
    worker_died_running(task)
    EmailDelivery.objects.create(key=task.args_kwargs["kwargs"]["key"])
    requeue_tasks()
    drain()
    task.refresh_from_db()
    assert (task.status, task.return_value) == ("SUCCESSFUL", "already sent")
    assert mail.outbox == []


def test_a_task_still_within_its_time_is_left_to_its_worker(db):
    task = queue_one_email()
    worker_died_running(task, minutes_ago=2)
    assert requeue_tasks().requeued_stalled == 0
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"


def test_a_failed_email_is_retried_after_a_delay_and_sent_once(db, settings):
    settings.EMAIL_BACKEND = f"{EMAIL_TESTS}.RefusingBackend"
    task = queue_one_email()
    drain()
    task.refresh_from_db()
    assert task.status == "FAILED" and not EmailDelivery.objects.exists()

    assert requeue_tasks().retried_failed == 0  # too soon after the failure
    later = task.finished_at + retry_delay(1) + datetime.timedelta(seconds=1)
    assert requeue_tasks(now=later).retried_failed == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    drain()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and len(mail.outbox) == 1
    assert requeue_tasks(now=later + datetime.timedelta(hours=1)).retried_failed == 0


def test_a_mail_server_that_stays_down_leaves_the_task_failed_after_the_last_attempt(db, settings):
    settings.EMAIL_BACKEND = f"{EMAIL_TESTS}.RefusingBackend"
    task = queue_one_email()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    for _attempt in range(4):
        drain()
        requeue_tasks(now=tomorrow, max_attempts=3)
    task.refresh_from_db()
    assert task.status == "FAILED" and len(task.worker_ids) == 3
    assert mail.outbox == []


def test_a_stalled_task_not_safe_to_run_twice_is_marked_failed_not_run(db):
    task = queue_one_email()
    DBTaskResult.objects.filter(pk=task.pk).update(task_path="somewhere.else.charge_card")
    task.refresh_from_db()
    worker_died_running(task)
    assert requeue_tasks().given_up == 1
    task.refresh_from_db()
    assert (task.status, task.exception_class_path) == ("FAILED", WORKER_LOST)
    assert "stopped without finishing" in task.traceback
    assert requeue_tasks(now=timezone.now() + datetime.timedelta(hours=1)).retried_failed == 0


def test_the_command_says_what_it_did(db):
    worker_died_running(queue_one_email())
    out = io.StringIO()
    call_command("requeue_tasks", "--stalled-after", "10", stdout=out)
    assert "1 left running by a stopped worker queued again" in out.getvalue()
    assert DBTaskResult.objects.get().status == "READY"


# --- task_worker: the worker Trellis runs ----------------------------------------------------


@pytest.fixture
def outage(monkeypatch):
    """The database goes away once, at the worker's next query of the queue. The worker's
    pause and its closing of connections are skipped (the test's transaction holds on)."""
    real = DBTaskResultQuerySet.get_locked
    calls = []

    def get_locked(queryset):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(queryset)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    monkeypatch.setattr(task_worker.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(task_worker.connections, "close_all", lambda: None)
    return calls


def test_db_worker_alone_stops_when_the_database_goes_away(db, outage):
    queue_one_email()
    with pytest.raises(OperationalError):
        drain()
    assert mail.outbox == []


def test_the_trellis_worker_waits_out_the_outage_and_sends(db, outage):
    queue_one_email()
    drain(task_worker.SteadyWorker)
    assert len(outage) >= 2
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


class OutageBackend(MemoryBackend):
    """The database goes away while the first email is being sent."""

    outages = []

    def send_messages(self, messages):
        if not self.outages:
            self.outages.append(1)
            raise OperationalError("terminating connection due to administrator command")
        return super().send_messages(messages)


def test_the_trellis_worker_queues_again_a_task_it_lost_in_an_outage(db, settings, monkeypatch):
    """The database went away while the worker was sending: the task stays RUNNING (even
    marking it failed fails). Once back, the worker queues it again at once and sends it."""
    monkeypatch.setattr(task_worker.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(task_worker.connections, "close_all", lambda: None)
    monkeypatch.setattr(OutageBackend, "outages", [])

    def cannot_record(self, error):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(DBTaskResult, "set_failed", cannot_record)
    settings.EMAIL_BACKEND = f"{__name__}.OutageBackend"
    task = queue_one_email()
    drain(task_worker.SteadyWorker)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids == ["test-worker", "test-worker"]
    assert len(mail.outbox) == 1


def test_the_trellis_worker_queues_again_at_start_what_a_dead_worker_left(db):
    worker_died_running(queue_one_email())
    drain(task_worker.SteadyWorker)
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
