"""What the fault scripts share: a scratch database, production-like settings, a few people.

Each script runs against a database of its own (never `trellis` or a helper's), with
`benchmarks/faults/fault_settings.py` (production's settings, plain HTTP). Nothing here is
used by the site or the tests.
"""

import collections
import os
import re
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
POSTGRES = "postgres://postgres@127.0.0.1:5432"
MESSAGE_ID = re.compile(rb"^Message-ID: <trellis\.([0-9a-f]+)@", re.MULTILINE | re.IGNORECASE)

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def say(text=""):
    print(text, flush=True)


def fault_env(database_url, **extra) -> dict:
    """The environment of every process a script starts: production settings over plain HTTP
    on 127.0.0.1, a database cache, emails written to a folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.faults.fault_settings",
        SECRET_KEY="fault-script-secret-" + "x" * 40,
        DATABASE_URL=database_url,
        CACHE_URL="dbcache://trellis_cache",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        TRUSTED_PROXY_COUNT="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def scratch_postgres(name: str) -> str:
    """A new, empty PostgreSQL database called `name` (dropped first if it exists)."""
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES}/{name}"


def manage(env, *args, check=True, **kwargs):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=check, text=True, **kwargs
    )


def prepare(env):
    """Migrate the scratch database and create the cache table, timing it."""
    started = time.monotonic()
    manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
    manage(env, "createcachetable")
    say(f"  migrated in {time.monotonic() - started:.0f} s")


def start_django(env):
    """Set this process up as the site's processes are (same environment)."""
    os.environ.update(env)
    import django

    django.setup()


def seed(reporters=1):
    """A program, Cleveland (Ohio) with a coordinator, a facilitator with a live certificate,
    and `reporters` people without a role (who may report a concern)."""
    from django.utils import timezone
    from wagtail.models import Page

    from certification.models import Enrollment, Role, SystemCause
    from certification.services.certificates import certification_issue
    from curriculum.models import ProgramPage, TrainingIndexPage
    from tests.factories import UserFactory, grant, make_affiliate, make_national, make_state

    home = Page.objects.filter(depth=2).first()
    index = home.add_child(instance=TrainingIndexPage(title="Training", slug="training"))
    program = index.add_child(
        instance=ProgramPage(title="Peer Mentor", slug="peer-mentor", validity_months=24)
    )
    ohio = make_state("OH", "Peer Support Ohio", make_national())
    cleveland = make_affiliate("OH-CLE", ohio, "Cleveland Peer Support")
    grant(
        UserFactory(full_name="Carla Reyes", email="carla@example.org"),
        cleveland,
        Role.AFFILIATE_COORDINATOR,
    )
    facilitator = UserFactory(full_name="Felix Moreno", email="felix@example.org")
    now = timezone.now()
    enrollment = Enrollment.objects.create(
        person=facilitator,
        program=program,
        affiliate=cleveland,
        enrolled_at=now,
        status_changed_at=now,
    )
    certification = certification_issue(
        actor=None, system_cause=SystemCause.SETUP, enrollment=enrollment
    )
    people = [
        UserFactory(full_name=f"Reporter {n}", email=f"reporter{n}@example.org")
        for n in range(reporters)
    ]
    return {
        "program": program,
        "affiliate": cleveland,
        "certification": certification,
        "people": people,
    }


def session_for(user) -> str:
    """A signed-in session for `user`, made as Django's login makes one (no password form,
    no rate limit): its key, for the `sessionid` cookie."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def delivered(folder: Path) -> collections.Counter:
    """How many copies of each email (by the key in its Message-ID) reached the folder."""
    counts = collections.Counter()
    for path in sorted((folder / "delivered").glob("*.eml")):
        found = MESSAGE_ID.search(path.read_bytes())
        counts[found.group(1).decode() if found else "(no key)"] += 1
    return counts


def message_ids(folder: Path, key: str) -> list[str]:
    """The Message-ID header of each copy of the email with this key that reached the folder."""
    found = []
    for path in sorted((folder / "delivered").glob("*.eml")):
        for line in path.read_bytes().splitlines():
            if line.lower().startswith(b"message-id:") and key.encode() in line:
                found.append(line.split(b":", 1)[1].strip().decode())
    return found


def cluster():
    out = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    version, name = out.stdout.split()[:2]
    return version, name


def database_answers(url) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


def start(command, env, log_path):
    log = open(log_path, "w")  # noqa: SIM115 - kept open for the process's life
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until_serving(port, timeout=120):
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/verify/", timeout=5)
            return True
        except requests.RequestException:
            time.sleep(0.5)
    return False


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"
