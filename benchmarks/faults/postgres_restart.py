"""PostgreSQL restarted while requests run: does the site recover by itself, with no partial write?

    .venv/bin/python benchmarks/faults/postgres_restart.py

WARNING: this restarts the machine's PostgreSQL cluster (`pg_ctlcluster --skip-systemctl-redirect
<version> main restart`, one restart). Every other process using it loses its connections for
a few seconds.

A scratch database (`trellis_faults_restart`) is migrated and served by gunicorn under
production settings (`fault_settings.py`), three times side by side, one server per way of
holding database connections:

- production (`lms/settings/production.py`): connections kept 60 s, checked before reuse;
- connections kept, not checked (what the health check is for);
- a new connection per request (CONN_MAX_AGE=0, production before the health check was set).

Two signed-in people per server send state-changing requests without pause: one reports
concerns (each report writes a concern, its opening timeline row and two queued emails in one
transaction), one changes their name on certificates (the person and a history row). A request
that fails is sent again as it was (same submission token, same name), as a person would. Both
`db_worker` (the package's) and `task_worker` (Trellis's) drain the email queue into a folder.

In the middle, PostgreSQL is restarted. Then the script checks: requests failed only while the
database was down; each server answered again without being restarted; every report is stored
once with its opening timeline row and its two emails; every name change has its history row,
in an unbroken chain; every email was delivered, once, except at most the one each worker
had in flight when the database went away (the mail server accepted it, the worker's commit
failed: it is sent again under the same Message-ID); which worker lived through it.
"""

import collections
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.faults.common import (  # noqa: E402
    PYTHON,
    cluster,
    database_answers,
    delivered,
    fault_env,
    manage,
    message_ids,
    prepare,
    say,
    scratch_postgres,
    seed,
    session_for,
    start,
    start_django,
    verdict,
    wait_until_serving,
)

DATABASE = "trellis_faults_restart"
# (label, environment, quiet while the database is down, counts for PASS/FAIL)
SERVERS = [
    ("production settings, steady traffic", {}, False, True),
    ("production settings, quiet during the restart", {}, True, True),
    ("kept, NOT checked, quiet during the restart", {"FAULT_CONN_HEALTH_CHECKS": "0"}, True, False),
    ("per request (CONN_MAX_AGE=0), quiet", {"CONN_MAX_AGE": "0"}, True, False),
]
BEFORE, AFTER = 10, 20  # seconds of traffic before the restart, and after the database is back
BASE_PORT = 8761
WORKERS = ("db_worker", "task_worker")
CSRF = "faultscriptcsrftoken0123456789ab"  # a CSRF secret of the right shape, as cookie and field


@dataclass
class Attempt:
    server: int
    kind: str
    started: float
    ended: float
    outcome: str  # "ok", "HTTP 500", "connection error", …


class Person(threading.Thread):
    """One signed-in person sending one kind of request again and again."""

    def __init__(self, server, port, kind, person, number, stop, quiet, log):
        super().__init__(daemon=True)
        self.server, self.kind, self.stop, self.log = server, kind, stop, log
        self.person, self.quiet = person, quiet
        self.base = f"http://127.0.0.1:{port}"
        self.number = number
        self.cookies = f"sessionid={session_for(person)}; csrftoken={CSRF}"
        self.confirmed = []

    def run(self):
        import requests

        from certification.forms.fidelity.concerns import (
            new_submission_token,
            read_submission_token,
        )

        http = requests.Session()
        step = 0
        while not self.stop.is_set():
            step += 1
            if self.kind == "report":
                token = new_submission_token()
                url = f"{self.base}/fidelity/concerns/new/?certificate={self.number}"
                data = {
                    "category": "boundaries",
                    "what_happened": f"Report {self.server}-{step}: met a member alone.",
                    "setting": "group",
                    "submission_token": token,
                }
                done = str(read_submission_token(token))
            else:
                url = f"{self.base}/profile/"
                done = f"Renamer {self.server}-{step}"
                data = {
                    "save_profile": "1",
                    "profile-full_name": done,
                    "profile-preferred_language": "en",
                }
            while True:  # the same request until it goes through, as a person would
                if self.quiet is not None:
                    while self.quiet.is_set():  # nobody uses this server while it is quiet
                        time.sleep(0.05)
                started = time.monotonic()
                try:
                    response = http.post(
                        url,
                        data={**data, "csrfmiddlewaretoken": CSRF},
                        headers={"Cookie": self.cookies},
                        allow_redirects=False,
                        timeout=15,
                    )
                    outcome = (
                        "ok" if response.status_code == 302 else f"HTTP {response.status_code}"
                    )
                except requests.RequestException as error:
                    outcome = f"connection error ({type(error).__name__})"
                self.log.append(Attempt(self.server, self.kind, started, time.monotonic(), outcome))
                if outcome == "ok":
                    self.confirmed.append(done)
                    break
                time.sleep(0.2)


def main():
    version, name = cluster()
    if "--dry-run" in sys.argv:
        say("Dry run: PostgreSQL is not restarted (a 3 s pause stands in for the restart).")
    say(f"WARNING: this script restarts the PostgreSQL cluster {version}/{name} once; every")
    say("other process using it (other test runs) loses its connections for a few seconds.")
    say("Starting in 5 s (Ctrl-C to stop).")
    time.sleep(5)
    work = Path(tempfile.mkdtemp(prefix="trellis-fault-restart-"))
    url = scratch_postgres(DATABASE)
    env = fault_env(url, FAULT_EMAIL_DIR=work / "mail")
    say(f"Scratch database {DATABASE}; logs and emails in {work}")
    prepare(env)
    start_django(env)
    people = seed(reporters=2 * len(SERVERS))
    number = people["certification"].number
    from django.conf import settings

    say(
        f"  this process: CONN_MAX_AGE={settings.DATABASES['default']['CONN_MAX_AGE']}, "
        f"CONN_HEALTH_CHECKS={settings.DATABASES['default']['CONN_HEALTH_CHECKS']}"
    )

    processes = []
    for index, (_label, extra, _quiet, _counts) in enumerate(SERVERS):
        port = BASE_PORT + index
        processes.append(
            start(
                [PYTHON, "-m", "gunicorn", "lms.wsgi", "--workers", "1", "--timeout", "30"]
                + ["--bind", f"127.0.0.1:{port}"],
                {**env, **extra},
                work / f"gunicorn-{index}.log",
            )
        )
    workers = {
        "db_worker": start(
            [PYTHON, "manage.py", "db_worker", "--backend", "trellis", "--interval", "0.5"]
            + ["--no-startup-delay", "--no-reload"],
            env,
            work / "db_worker.log",
        ),
        "task_worker": start(
            [PYTHON, "manage.py", "task_worker", "--interval", "0.5", "--no-startup-delay"]
            + ["--no-reload"],
            env,
            work / "task_worker.log",
        ),
    }
    for index in range(len(SERVERS)):
        assert wait_until_serving(BASE_PORT + index), f"server {index} did not start"
    say(f"Serving on ports {BASE_PORT}-{BASE_PORT + len(SERVERS) - 1}; both workers started")
    for index, (label, _extra, _quiet, _counts) in enumerate(SERVERS):
        say(f"  :{BASE_PORT + index} {label}")

    stop, quiet, log = threading.Event(), threading.Event(), []
    persons = [
        Person(
            index,
            BASE_PORT + index,
            kind,
            people["people"][2 * index + offset],
            number,
            stop,
            quiet if SERVERS[index][2] else None,
            log,
        )
        for index in range(len(SERVERS))
        for offset, kind in enumerate(("report", "rename"))
    ]
    for person in persons:
        person.start()

    time.sleep(BEFORE)
    quiet.set()
    say(f"\nRestarting PostgreSQL {version}/{name} at {time.strftime('%H:%M:%S')} …")
    down = time.monotonic()
    if "--dry-run" in sys.argv:  # the script's own plumbing, without touching PostgreSQL
        result = subprocess.run(["sleep", "3"])
    else:
        result = subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"],
            capture_output=True,
            text=True,
        )
    restarted = time.monotonic()
    while not database_answers(url):
        time.sleep(0.1)
    back = time.monotonic()
    time.sleep(1)
    quiet.clear()
    resumed = time.monotonic()
    say(
        f"  pg_ctlcluster returned {result.returncode} after {restarted - down:.1f} s; the "
        f"database answered again {back - down:.1f} s after the restart began"
    )
    time.sleep(AFTER)
    stop.set()
    for person in persons:
        person.join(timeout=60)

    return report(env, work, processes, workers, persons, log, down, back, resumed)


def report(env, work, processes, workers, persons, log, down, back, resumed):
    from django.db import connections

    connections.close_all()  # this process's own connection did not live through the restart
    say("\nRequests (a failed request is sent again until it goes through):")
    all_ok = True
    for index, (label, _extra, quiet, counts) in enumerate(SERVERS):
        since = resumed if quiet else back  # a quiet server's traffic resumes 1 s after
        attempts = [a for a in log if a.server == index]
        failed = [a for a in attempts if a.outcome != "ok"]
        before = [a for a in failed if a.ended < down]
        after = [a for a in failed if a.started > back]
        during = [a for a in failed if a not in before and a not in after]
        first_ok = min(
            (a.ended for a in attempts if a.outcome == "ok" and a.started >= since), default=None
        )
        kinds = collections.Counter(a.outcome.split(" (")[0] for a in failed)
        recovered = f"{first_ok - since:.2f} s" if first_ok is not None else "never"
        ok = not before and not after and first_ok is not None
        if counts:
            all_ok = all_ok and ok
        say(
            f"  {verdict(ok) if counts else '(comparison)'} {label}: {len(attempts)} sent, "
            f"{len(attempts) - len(failed)} ok; failed before the restart {len(before)}, during "
            f"it {len(during)}, after the database was back {len(after)} "
            f"({dict(kinds) or 'none'}); first success {recovered} after "
            + ("traffic resumed (1 s after the database was back)" if quiet else "it was back")
        )
        for attempt in after[:3]:
            say(
                f"      after: {attempt.kind} {attempt.outcome}, "
                f"{attempt.started - back:.2f} s after the database was back"
            )
    alive = {name: process.poll() is None for name, process in workers.items()}
    for name, process in workers.items():
        if not alive[name]:
            tail = (work / f"{name}.log").read_text().strip().splitlines()[-1:]
            say(f"  {name} exited with code {process.returncode}: {tail[0] if tail else ''}")
    say(f"  workers alive after the restart: {alive}")
    all_ok = all_ok and alive["task_worker"]
    all_ok = check_data(env, work, persons) and all_ok
    for process in [*processes, *workers.values()]:
        if process.poll() is None:
            process.terminate()
    for process in [*processes, *workers.values()]:
        process.wait(timeout=30)
    say(f"{verdict(all_ok)} PostgreSQL restart")
    return 0 if all_ok else 1


def check_data(env, work, persons):
    from django_tasks_db.models import DBTaskResult

    from certification.models import Concern, ConcernAction, HistoryAction, HistoryEntry

    deadline = time.monotonic() + 120
    while DBTaskResult.objects.filter(status="READY").exists() and time.monotonic() < deadline:
        time.sleep(1)
    left = DBTaskResult.objects.filter(status="RUNNING").count()
    if left:
        result = manage(env, "requeue_tasks", "--stalled-after", "0", capture_output=True)
        say(f"  {left} task(s) left RUNNING; requeue_tasks (the cron): {result.stdout.strip()}")
    while (
        DBTaskResult.objects.exclude(status="SUCCESSFUL").exists() and time.monotonic() < deadline
    ):
        time.sleep(1)
    say("\nWhat was written:")
    confirmed = {token for p in persons if p.kind == "report" for token in p.confirmed}
    stored = {str(token) for token in Concern.objects.values_list("status_token", flat=True)}
    without_opening = Concern.objects.exclude(events__action=ConcernAction.RECEIVED).count()
    subjects = collections.Counter(
        row["args_kwargs"]["kwargs"]["subject"]
        for row in DBTaskResult.objects.values("args_kwargs")
    )
    references = list(Concern.objects.values_list("reference", flat=True))
    emails_wrong = sum(
        1
        for ref in references
        if subjects[f"We received your report ({ref})"] != 1
        or subjects[f"New fidelity concern {ref}"] != 1
    )
    reports_ok = confirmed == stored and not without_opening and not emails_wrong
    say(
        f"  {verdict(reports_ok)} reports: {len(confirmed)} confirmed to their senders, "
        f"{len(stored)} stored, {len(confirmed - stored)} confirmed but missing, "
        f"{len(stored - confirmed)} stored but never confirmed; {without_opening} without their "
        f"opening timeline row; {emails_wrong} without exactly one acknowledgement and one "
        "reviewers' email queued"
    )
    broken = 0
    changes = 0
    for person in (p for p in persons if p.kind == "rename"):
        rows = list(
            HistoryEntry.objects.filter(
                action=HistoryAction.PROFILE_NAME_CHANGED, subject=person.person
            ).order_by("id")
        )
        changes += len(rows)
        chain = all(
            a.details["new"] == b.details["old"] for a, b in zip(rows, rows[1:], strict=False)
        )
        person.person.refresh_from_db()
        whole = rows and rows[-1].details["new"] == person.person.full_name
        if not (chain and whole and len(rows) == len(person.confirmed)):
            broken += 1
    names_ok = not broken
    renamed = sum(len(p.confirmed) for p in persons if p.kind == "rename")
    say(
        f"  {verdict(names_ok)} name changes: {renamed} "
        f"confirmed, {changes} history rows; {broken} people whose name and history disagree"
    )
    tasks = DBTaskResult.objects.values_list("args_kwargs", "status")
    keys = [kwargs["kwargs"]["key"] for kwargs, _status in tasks]
    copies = delivered(work / "mail")
    never = [key for key in keys if copies[key] == 0]
    twice = [key for key in keys if copies[key] > 1]
    statuses = collections.Counter(status for _kwargs, status in tasks)
    # An email the mail server accepted just as the database went away (before the worker's
    # commit) is sent again: at most the one each worker had in flight, under one Message-ID.
    same_id = all(len(set(message_ids(work / "mail", key))) == 1 for key in twice)
    mail_ok = not never and len(twice) <= len(WORKERS) and same_id
    say(
        f"  {verdict(mail_ok)} emails: {len(keys)} queued ({dict(statuses)}), "
        f"{sum(copies.values())} delivered; {len(keys) - len(never) - len(twice)} exactly once, "
        f"{len(never)} never, {len(twice)} twice (in flight when the database went away)"
    )
    for key in twice:
        say(f"      {key}: {copies[key]} copies, Message-ID {message_ids(work / 'mail', key)[0]}")
        say("      (the same on both: a server dropping repeated Message-IDs keeps one)")
    return reports_ok and names_ok and mail_ok


if __name__ == "__main__":
    sys.exit(main())
