"""A task worker killed with SIGKILL in the middle of sending: is every email sent exactly once?

    .venv/bin/python benchmarks/faults/worker_killed_mid_send.py

Uses a scratch PostgreSQL database (`trellis_faults_worker`), production settings and
`manage.py task_worker`, with a mail server that is slow (`slow_file_email.py`: each message
is written to a folder after a pause). Emails are queued through `notify`, as the services
queue them. Two rounds:

1. the worker is killed while the mail server is still receiving an email (the usual case: an
   SMTP conversation takes a moment). Expected: every email delivered exactly once;
2. the worker is killed in the narrow window after the server accepted an email and before
   the task committed (widened here to 1.5 s so the kill lands in it). Expected: that one
   email delivered twice, both copies with the same Message-ID, so the receiving server can
   drop the second; every other email once.

After each kill the worker is started again. The killed task is left RUNNING by the dead
worker; `requeue_tasks` (cron, every five minutes) queues it again once it has been running
for 15 minutes. The script does not wait 15 minutes: it runs `requeue_tasks --stalled-after 0`
in its place, and says so.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.faults.common import (  # noqa: E402
    PYTHON,
    ROOT,
    delivered,
    fault_env,
    manage,
    message_ids,
    prepare,
    say,
    scratch_postgres,
    start_django,
    verdict,
)

DATABASE = "trellis_faults_worker"
FIRST_ROUND, SECOND_ROUND = 8, 4


def queue_emails(count, round_name):
    from django.db import transaction

    from certification.tasks import notify

    with transaction.atomic():
        for n in range(count):
            notify(
                to=[f"person{n}@example.org"],
                subject=f"{round_name}: email {n + 1}",
                template="certification/email/concern_received.txt",
                context={"reporter_name": f"Person {n}", "reference": f"FC-{n:04}"},
            )


def task_states():
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.values("status").annotate(n=Count("id")).order_by("status")
    return {row["status"]: row["n"] for row in rows}


def start_worker(env):
    return subprocess.Popen(
        [PYTHON, "manage.py", "task_worker", "--interval", "0.2", "--no-startup-delay"]
        + ["--no-reload", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    say(f"  (gave up waiting for {what} after {timeout} s)")
    return False


def counts(folder):
    return len(list((folder / "sending").glob("*"))), sum(delivered(folder).values())


def finish_round(env, folder, label, killed_at):
    """Start the worker again, show what the dead one left, stand in for the cron, drain."""
    from django_tasks_db.models import DBTaskResult

    say(f"  after the kill: tasks {task_states()}; delivered {counts(folder)[1]}")
    left_behind = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=killed_at)
    worker = start_worker(env)
    wait_for(
        lambda: DBTaskResult.objects.exclude(status="SUCCESSFUL").count() == left_behind.count(),
        60,
        "the queue",
    )
    say(
        f"  worker started again: tasks {task_states()}; {left_behind.count()} left RUNNING by "
        "the dead worker, which no worker takes on its own"
    )
    result = manage(env, "requeue_tasks", "--stalled-after", "0", capture_output=True)
    say(f"  requeue_tasks --stalled-after 0 (the cron, 15 minutes later): {result.stdout.strip()}")
    drained = wait_for(
        lambda: not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists(), 60, "all tasks"
    )
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=30)
    say(f"  {label}: tasks {task_states()}, all successful: {drained}")
    return drained


def kill(worker):
    from django.utils import timezone

    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    return timezone.now()


def main():
    say("Fault: a task worker killed (SIGKILL) in the middle of sending emails")
    folder = Path(tempfile.mkdtemp(prefix="trellis-fault-mail-"))
    env = fault_env(scratch_postgres(DATABASE), FAULT_EMAIL_DIR=folder)
    say(f"  scratch database {DATABASE}; emails written to {folder}/delivered")
    prepare(env)
    start_django(env)
    from django_tasks_db.models import DBTaskResult

    # --- round 1: killed while the server is still receiving an email ----------------------
    say(f"\nRound 1: {FIRST_ROUND} emails, the server takes 1 s to receive each")
    queue_emails(FIRST_ROUND, "Round 1")
    round_one_keys = {
        row["args_kwargs"]["kwargs"]["key"] for row in DBTaskResult.objects.values("args_kwargs")
    }
    env_one = {**env, "FAULT_EMAIL_DELAY": "1.0"}
    worker = start_worker(env_one)
    wait_for(lambda: counts(folder)[1] >= 3, 120, "three deliveries")
    wait_for(lambda: counts(folder)[0] > counts(folder)[1], 30, "a send in progress")
    time.sleep(0.3)
    killed_at = kill(worker)
    sending, done = counts(folder)
    say(f"  SIGKILL while sending email {sending} ({done} delivered so far)")
    finish_round(env_one, folder, "round 1 finished", killed_at)
    per_key = delivered(folder)
    once = sum(1 for key in round_one_keys if per_key[key] == 1)
    twice = sorted(key for key in round_one_keys if per_key[key] > 1)
    missing = sorted(key for key in round_one_keys if per_key[key] == 0)
    round_one_ok = once == FIRST_ROUND
    say(
        f"  {verdict(round_one_ok)} round 1: {FIRST_ROUND} emails queued, {once} delivered exactly "
        f"once, {len(twice)} more than once, {len(missing)} never"
    )

    # --- round 2: killed after the server accepted, before the commit ----------------------
    say(f"\nRound 2: {SECOND_ROUND} emails, a 1.5 s pause after the server accepts each")
    queue_emails(SECOND_ROUND, "Round 2")
    all_keys = {
        row["args_kwargs"]["kwargs"]["key"] for row in DBTaskResult.objects.values("args_kwargs")
    }
    round_two_keys = all_keys - round_one_keys
    env_two = {**env, "FAULT_EMAIL_DELAY": "0.1", "FAULT_EMAIL_DELAY_AFTER": "1.5"}
    before = counts(folder)[1]
    worker = start_worker(env_two)
    wait_for(lambda: counts(folder)[1] >= before + 2, 120, "two deliveries")
    killed_at = kill(worker)
    say(f"  SIGKILL right after the server accepted email {counts(folder)[1] - before}")
    finish_round(env_two, folder, "round 2 finished", killed_at)
    per_key = delivered(folder)
    copies = {key: per_key[key] for key in round_two_keys}
    duplicated = [key for key, n in copies.items() if n > 1]
    never = [key for key, n in copies.items() if n == 0]
    round_two_ok = not never and len(duplicated) <= 1 and all(copies[k] == 2 for k in duplicated)
    say(
        f"  {verdict(round_two_ok)} round 2: {SECOND_ROUND} emails queued, "
        f"{sum(1 for n in copies.values() if n == 1)} delivered once, {len(duplicated)} twice "
        f"(the one in flight at the kill), {len(never)} never"
    )
    for key in duplicated:
        ids = message_ids(folder, key)
        say(f"  the {len(ids)} copies' Message-IDs: {', '.join(ids)}")
        say(f"  identical: {len(set(ids)) == 1}; a server dropping repeated Message-IDs keeps one")
    from certification.models import EmailDelivery

    say(
        f"\nEmailDelivery rows: {EmailDelivery.objects.count()} for {len(all_keys)} emails; "
        f"copies written in all: {sum(per_key.values())}"
    )
    ok = round_one_ok and round_two_ok
    say(f"{verdict(ok)} worker killed mid-send")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
