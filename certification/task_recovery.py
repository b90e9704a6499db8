"""Tasks that a dead worker left behind, or that failed, run again: `manage.py requeue_tasks`.

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when the
worker finishes. A worker killed in the middle (SIGKILL, the machine restarting, a deploy
that does not wait) never finishes: its task stays RUNNING for ever and no worker takes it
again. A task that raised (the mail server was down) stays FAILED; the package never retries.

Both would be silent losses of an email. So, every few minutes (cron), and when a worker
starts or comes back from a database outage (`manage.py task_worker`):

- a task RUNNING for longer than `STALLED_AFTER` is put back in the queue if it is safe to
  run twice (`RERUNNABLE`), or else marked FAILED with `WORKER_LOST`, so it shows as failed
  instead of running for ever;
- a FAILED task that is safe to run twice is tried again, waiting longer after each attempt
  (`retry_delay`), until it has been tried `MAX_ATTEMPTS` times.

Only tasks whose second run does no harm are run again. `send_email` is one: its idempotency
key (`EmailDelivery`) makes a second run send nothing if the first one sent the email. A new
task joins `RERUNNABLE` only once it is idempotent too.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .tasks import send_email

logger = logging.getLogger(__name__)

# A worker sends one email in seconds; a task still RUNNING after this long lost its worker.
STALLED_AFTER = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 6
# Failed tasks older than this are left alone: they are reported, not resurrected.
RETRY_WINDOW = datetime.timedelta(days=2)
RERUNNABLE = frozenset({send_email.module_path})
WORKER_LOST = "certification.task_recovery.WorkerLost"


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long after its last failure a task is tried again: 2, 4, 8, 16, 32 minutes."""
    return datetime.timedelta(minutes=2**attempts)


@dataclass
class Recovery:
    """What one pass did: tasks put back after a dead worker, failed tasks tried again, and
    stalled tasks given up on (not safe to run twice, or tried too often)."""

    requeued_stalled: int = 0
    retried_failed: int = 0
    given_up: int = 0


def requeue_tasks(
    *, stalled_after=STALLED_AFTER, max_attempts=MAX_ATTEMPTS, now=None, left_by=None
) -> Recovery:
    """Put stalled and failed tasks of Trellis's own queue back in it (see the module).

    `left_by` is a worker that knows it is running nothing (`task_worker` after losing the
    database): the tasks it left RUNNING are stalled whatever their age.
    """
    now = now or timezone.now()
    done = Recovery()
    tasks = DBTaskResult.objects.filter(backend_name=settings.TRELLIS_TASK_BACKEND)

    running = tasks.filter(status=TaskResultStatus.RUNNING).only(
        "id", "task_path", "worker_ids", "started_at"
    )
    if left_by is None:
        stalled = running.filter(started_at__lt=now - stalled_after)
    else:
        stalled = [row for row in running if row.worker_ids[-1:] == [left_by]]
    for row in stalled:
        # Each update re-checks the status, so a worker that finishes meanwhile wins.
        still_running = tasks.filter(pk=row.pk, status=TaskResultStatus.RUNNING)
        if row.task_path in RERUNNABLE and len(row.worker_ids) < max_attempts:
            logger.warning(
                "Task %s (%s) was left running since %s by worker %s; queued again.",
                row.pk,
                row.task_path,
                row.started_at,
                (row.worker_ids or ["?"])[-1],
            )
            done.requeued_stalled += still_running.update(status=TaskResultStatus.READY)
        else:
            logger.error(
                "Task %s (%s) was left running since %s; marked failed (%s).",
                row.pk,
                row.task_path,
                row.started_at,
                "tried too often" if row.task_path in RERUNNABLE else "not safe to run twice",
            )
            done.given_up += still_running.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=WORKER_LOST,
                traceback=(
                    f"The worker running this task stopped without finishing it (last started "
                    f"{row.started_at:%Y-%m-%d %H:%M:%S %Z}, {len(row.worker_ids)} attempts)."
                ),
            )

    failed = tasks.filter(
        status=TaskResultStatus.FAILED,
        task_path__in=RERUNNABLE,
        finished_at__gte=now - RETRY_WINDOW,
    ).exclude(exception_class_path=WORKER_LOST)
    for row in failed.only("id", "task_path", "worker_ids", "finished_at", "exception_class_path"):
        attempts = len(row.worker_ids)
        if attempts >= max_attempts or row.finished_at > now - retry_delay(attempts):
            continue
        logger.warning(
            "Task %s (%s) failed with %s after %s attempts; queued again.",
            row.pk,
            row.task_path,
            row.exception_class_path,
            attempts,
        )
        done.retried_failed += tasks.filter(pk=row.pk, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY,
            finished_at=None,
            exception_class_path="",
            traceback="",
        )
    return done
