"""Browser tests: Debian Chromium driven by Playwright against Django's live server.

Every test in this folder is marked ``e2e`` (select or leave them out with ``-m e2e`` /
``-m "not e2e"``). They need Chromium at ``/usr/bin/chromium``; without it they are skipped
on a laptop and fail in CI (``CI=true``), so a CI image that lost its browser is noticed.

How the pieces fit:

- ``live_server`` (pytest-django) serves the site from a thread of this process, so the test
  and the server share one test database. That forces transactional tests: the database is
  emptied after each test. The rows made by data migrations (content types, permissions,
  the Wagtail root and home page, Site, Locale) are put back before each e2e test
  (serialized rollback).
- Playwright's sync API leaves an asyncio loop marked as running in the test thread from
  its start to the end of the run. Django then (1) refuses ORM calls from the test unless
  ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set and (2) hands the test a new set of database
  connections; ``_e2e_test_thread`` deals with both, for the duration of each e2e test.
  The e2e tests run after all other tests, which never see that loop.
- Email goes to the locmem backend; the live server runs in this process, so what it sends
  lands in ``django.core.mail.outbox`` (``read_link_from_email`` below).
"""

import asyncio
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core import mail
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = (
    f"Chromium not found at {CHROMIUM}: install it with `sudo apt-get install chromium` "
    "to run browser tests."
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000  # a missing button fails in 10 s, not Playwright's default 30 s
# axe-core impacts that fail a test; "minor" and "moderate" ones are left to review.
BLOCKING_IMPACTS = ("serious", "critical")

E2E_DIR = Path(__file__).parent

expect.set_options(timeout=TIMEOUT_MS)


def _in_ci():
    return os.environ.get("CI", "").lower() == "true"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "e2e: browser test (Playwright + Chromium against the live server)"
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/e2e as ``e2e`` and run them last.

    Last, because once Playwright has started, the test thread counts as async for Django
    until the end of the run (see ``_e2e_test_thread``); any test after an e2e test would
    hit ``SynchronousOnlyOperation``. With pytest-xdist this holds in every process: its
    "load" scheduler hands tests out in this order, so a process is given a journey only
    once every other test has been handed out, and never another test after it. When
    Chromium is missing they are all skipped, for one clear reason.
    """
    skip = pytest.mark.skip(reason=CHROMIUM_MISSING)
    chromium_missing = not CHROMIUM.exists()
    e2e = [item for item in items if E2E_DIR in item.path.parents]
    for item in e2e:
        item.add_marker(pytest.mark.e2e)
        if chromium_missing and not _in_ci():
            item.add_marker(skip)
    items[:] = [item for item in items if item not in e2e] + e2e


def pytest_runtest_setup(item):
    """In CI a missing browser is a broken image: fail before Playwright tries to launch it."""
    if item.get_closest_marker("e2e") and _in_ci() and not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM_MISSING} (CI=true: browser tests may not be skipped)", pytrace=False
        )


# --- browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch the system Chromium; `playwright install` cannot download browsers here."""
    return {
        "headless": True,
        **browser_type_launch_args,  # keeps --headed and --slowmo working
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def context(new_context):
    """A fresh browser context (cookies, storage) per test."""
    context = new_context()
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def open_another_browser(new_context):
    """A second person's browser in the same test: ``open_another_browser()`` gives a page
    in a context of its own (own cookies), with the same timeout as ``page``."""

    def open_page():
        context = new_context()
        context.set_default_timeout(TIMEOUT_MS)
        return context.new_page()

    return open_page


# --- database and live server --------------------------------------------------------------


class _OneRequestAtATimeServer(WSGIServer):
    """The live server used on SQLite: it serves one request at a time.

    On an in-memory SQLite test database every server thread shares the test's single
    connection. Two requests at once (Wagtail's editor sends its "release" beacon while the
    publish form posts) interleave their savepoints on it and fail with "no such savepoint".
    One request at a time keeps that connection in one thread at once. PostgreSQL gives each
    thread its own connection and keeps Django's threaded server.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


if "sqlite" in settings.DATABASES["default"]["ENGINE"]:
    LiveServerThread.server_class = _OneRequestAtATimeServer


@pytest.fixture(scope="session", autouse=True)
def _test_thread_connections(django_db_setup, live_server):
    """The test database and live server, set up before Playwright starts.

    Django keeps connections in an asgiref ``Local(thread_critical=True)``: per thread while
    no event loop runs, per async context once one does. Once Playwright runs, the test
    thread counts as async, and ``connections["default"]`` is a brand-new wrapper. That
    wrapper lacks ``_test_serialized_contents``, so serialized rollback would silently
    restore nothing and "/" would be a 404 from the second e2e test on.

    So the database and the live server are set up here, first, on the thread's own
    connections; ``_e2e_test_thread`` hands those same connections to each test.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return {alias: connections[alias] for alias in connections}
    raise RuntimeError("e2e: the test database must be set up before Playwright starts.")


@pytest.fixture
def _e2e_test_thread(_test_thread_connections, playwright, monkeypatch):
    """Let one e2e test use the ORM while Playwright's loop is marked as running.

    Set up before pytest-django's database fixtures and torn down after them, so it also
    covers their setup (restore) and teardown (flush). ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set
    for e2e tests only: set for the whole run, it would leak into the ``manage.py check
    --deploy`` subprocess of tests/lms/test_settings.py and fail it (async.E001).
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    for alias, connection in _test_thread_connections.items():
        connections[alias] = connection


@pytest.fixture
def transactional_db(_e2e_test_thread, transactional_db):
    """pytest-django's ``transactional_db``, on the test thread's own connections."""


@pytest.fixture(autouse=True)
def _e2e_database(transactional_db, django_db_serialized_rollback, live_server):
    """Every e2e test: transactional database, migration data restored, live server up."""


@pytest.fixture
def site_url(live_server):
    """Absolute URL on the live server: ``site_url("/")``."""

    def url(path="/"):
        return live_server.url + path

    return url


# --- accessibility -------------------------------------------------------------------------


def _format_violations(violations):
    lines = [f"{len(violations)} serious or critical accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", "\n      ")
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def check_axe(axe):
    """Run axe-core on the page as it is now; fail on serious or critical violations.

    Call it after each page the person lands on, once the page shows what they should see.
    ``ignore_rules`` leaves out axe rule ids that a third party's markup fails (say, Wagtail's
    own admin); name each one, and why, where it is used. Trellis's pages ignore none.
    """

    def check(page, *, ignore_rules=()):
        options = {"resultTypes": ["violations"]}
        if ignore_rules:
            options["rules"] = {rule: {"enabled": False} for rule in ignore_rules}
        results = axe.run(page, options=options)
        blocking = [
            violation
            for violation in results.response["violations"]
            if violation.get("impact") in BLOCKING_IMPACTS and violation["id"] not in ignore_rules
        ]
        if blocking:
            pytest.fail(f"On {page.url}:\n{_format_violations(blocking)}", pytrace=False)

    return check


# --- email ---------------------------------------------------------------------------------

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def read_link_from_email(mailoutbox):
    """The one link in the last email sent to ``address`` (confirmation, password reset…).

    It reads ``django.core.mail.outbox`` when called rather than the list ``mailoutbox``
    returned: Django's test case setup *replaces* that list (``mail.outbox = []``), so a
    list taken before pytest-django's database fixture ran would stay empty.
    """

    def read(address, path_contains=""):
        sent_to = [message for message in mail.outbox if address in message.to]
        assert sent_to, f"No email was sent to {address}; outbox: {[m.to for m in mail.outbox]}"
        body = sent_to[-1].body
        links = [link for link in LINK.findall(body) if path_contains in link]
        assert len(links) == 1, f"Expected one link in the email to {address}, got:\n{body}"
        return links[0]

    return read
