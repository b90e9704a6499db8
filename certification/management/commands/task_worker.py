"""`python manage.py task_worker`: django-tasks-db's worker for Trellis's queue, made to live
through the faults a deployment meets.

`db_worker` alone exits with a traceback the first time it cannot reach the database (a
PostgreSQL restart, a failover), and a task it was running stays RUNNING for ever. This
command runs the same worker, with the same options (the backend defaults to "trellis"), and:

- at start-up, queues again the tasks a dead worker left RUNNING (`requeue_tasks`);
- when the database goes away, waits (1, 2, 4 … up to 30 seconds) and carries on, and queues
  again at once the task it was itself running, since it is no longer running it.

Emails are safe to run again: their idempotency key keeps a second run from sending twice.
"""

import logging
import os
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from certification.task_recovery import requeue_tasks

logger = logging.getLogger(__name__)
LONGEST_WAIT = 30


class SteadyWorker(db_worker.Worker):
    """The package's worker, started again after the database was unreachable."""

    def run(self) -> None:
        wait = 1
        self.recover(at_start=True)
        while True:
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if not self.running:
                    raise
                logger.warning(
                    "Worker %s lost the database (%s); trying again in %s s.",
                    self.worker_id,
                    str(error).strip().splitlines()[0] if str(error).strip() else error,
                    wait,
                )
                self.running_task = False
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
                self.recover(at_start=False)

    def recover(self, *, at_start: bool) -> None:
        """Queue again what a dead worker (at start) or this one (after an outage) left
        RUNNING. An unreachable database is left for the main loop to wait on."""
        try:
            done = requeue_tasks(left_by=None if at_start else self.worker_id)
        except (OperationalError, InterfaceError):
            connections.close_all()
            return
        if done.requeued_stalled or done.given_up or done.retried_failed:
            logger.warning("Worker %s recovered tasks: %s", self.worker_id, done)


class Command(db_worker.Command):
    help = (
        "Run the task worker for Trellis's queue (emails): django-tasks-db's db_worker, which "
        "also queues again the tasks a dead worker left running and keeps going when the "
        "database restarts."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(backend_name=settings.TRELLIS_TASK_BACKEND)

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        worker = SteadyWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
