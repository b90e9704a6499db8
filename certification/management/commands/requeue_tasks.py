"""`python manage.py requeue_tasks`: run again the emails a dead worker left half done, and
retry those that failed; run it from cron every five minutes and before starting a worker."""

import datetime

from django.core.management.base import BaseCommand

from certification.task_recovery import MAX_ATTEMPTS, STALLED_AFTER, requeue_tasks


class Command(BaseCommand):
    help = (
        "Put back in the queue the tasks of the 'trellis' backend that a worker left RUNNING "
        "for longer than --stalled-after minutes (its worker died), and retry failed emails "
        "with a growing delay, up to --max-attempts tries. Only tasks safe to run twice are "
        "run again (emails carry an idempotency key); other stalled tasks are marked failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stalled-after",
            type=int,
            default=int(STALLED_AFTER.total_seconds() // 60),
            help="Minutes after which a RUNNING task is taken to have lost its worker "
            "(default: %(default)s).",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=MAX_ATTEMPTS,
            help="Tries after which a task is left failed (default: %(default)s).",
        )

    def handle(self, *args, stalled_after, max_attempts, **options):
        done = requeue_tasks(
            stalled_after=datetime.timedelta(minutes=stalled_after), max_attempts=max_attempts
        )
        self.stdout.write(
            f"Tasks: {done.requeued_stalled} left running by a stopped worker queued again, "
            f"{done.retried_failed} failed queued again, {done.given_up} given up."
        )
