"""Test databases copied from a migrated template, so the migrations run once, not per worker.

A test database is made by running every migration of every installed app (about 240:
Django's, Wagtail's, allauth's and Trellis's). Django rebuilds its model state after each one,
which costs 30 to 40 seconds of CPU. Every pytest-xdist worker used to do that for its own
database, and every pytest run again (CI runs the unit tests, then the browser journeys, on
SQLite and on PostgreSQL).

Now the first worker that needs a database migrates a *template* and the others wait for it
(a file lock), then each copies it: SQLite through its backup API into the worker's in-memory
database, PostgreSQL with ``CREATE DATABASE … TEMPLATE``. The template's name carries a hash
of everything that decides its contents (every migration file, the database engine and name),
so a later run on the same machine reuses it, and a changed migration makes a new one. Old
templates are removed when a new one is made.

The copy is the same database ``migrate`` would have made: same tables, same rows written by
data migrations (content types, permissions, the Wagtail root page and site, Trellis's groups).
"""

import fcntl
import hashlib
import importlib
import sqlite3
import tempfile
from contextlib import closing, contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections

LOCK_FILE = Path(tempfile.gettempdir()) / "trellis-test-database.lock"
SQLITE_PREFIX = "trellis-test-template-"


def template_key(alias: str) -> str:
    """A hash of what a migrated database is made from: every app's migration files, and the
    database it is made in."""
    digest = hashlib.sha256()
    database = settings.DATABASES[alias]
    digest.update(f"{database['ENGINE']} {database['NAME']}".encode())
    for app_config in apps.get_app_configs():
        try:
            migrations = importlib.import_module(f"{app_config.name}.migrations")
        except ModuleNotFoundError:
            continue
        for path in sorted(Path(migrations.__path__[0]).glob("*.py")):
            digest.update(f"{app_config.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _one_builder_at_a_time():
    """Held while a template is made or copied, across every process on this machine."""
    with open(LOCK_FILE, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _migrate_into(connection, test_name: str, verbosity: int) -> None:
    """Make ``test_name`` with Django's own test-database creation (migrate, cache table)."""
    connection.settings_dict["TEST"]["NAME"] = test_name
    connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
    connection.close()


def _point_at(connection, name: str) -> None:
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


# --- SQLite --------------------------------------------------------------------------------


def _sqlite_database(connection, key: str, verbosity: int) -> None:
    worker_name = connection.creation._get_test_db_name()
    if not connection.creation.is_in_memory_db(worker_name):
        raise RuntimeError("Test databases on SQLite are in memory; TEST NAME must be unset.")
    template = Path(tempfile.gettempdir()) / f"{SQLITE_PREFIX}{key}.sqlite3"
    with _one_builder_at_a_time():
        if not template.exists():
            for old in template.parent.glob(f"{SQLITE_PREFIX}*.sqlite3"):
                old.unlink(missing_ok=True)
            building = template.with_suffix(".building")
            building.unlink(missing_ok=True)
            _migrate_into(connection, str(building), verbosity)
            building.replace(template)
    connection.settings_dict["TEST"]["NAME"] = None
    _point_at(connection, worker_name)
    connection.ensure_connection()
    with closing(sqlite3.connect(template)) as source:
        source.backup(connection.connection)


# --- PostgreSQL ----------------------------------------------------------------------------


def _postgresql_database(connection, key: str, verbosity: int) -> None:
    worker_name = connection.creation._get_test_db_name()
    family = f"test_{connection.settings_dict['NAME']}_template_"
    template = f"{family}{key}"
    quote = connection.ops.quote_name
    with _one_builder_at_a_time():
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            exists = cursor.fetchone() is not None
        if not exists:
            # Migrated under another name and renamed once whole: a run stopped half-way
            # leaves no template that looks finished.
            building = f"{family}building"
            _migrate_into(connection, building, verbosity)
            with connection.creation._nodb_cursor() as cursor:
                cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")
            _drop_other_templates(connection, family, keep=template)
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(worker_name)}")
            cursor.execute(f"CREATE DATABASE {quote(worker_name)} TEMPLATE {quote(template)}")
    connection.settings_dict["TEST"]["NAME"] = worker_name
    _point_at(connection, worker_name)


def _drop_other_templates(connection, family: str, keep: str) -> None:
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s) AND datname <> %s",
            [family, keep],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")


# --- the whole set-up ----------------------------------------------------------------------


def set_up_databases(aliases, serialized_aliases, verbosity: int = 0):
    """Give each alias its own copy of the template; return what Django's
    ``teardown_databases`` needs to drop the copies afterwards."""
    old_config = []
    for alias in aliases:
        connection = connections[alias]
        old_name = connection.settings_dict["NAME"]
        key = template_key(alias)
        if connection.vendor == "sqlite":
            _sqlite_database(connection, key, verbosity)
        elif connection.vendor == "postgresql":
            _postgresql_database(connection, key, verbosity)
        else:
            raise RuntimeError(f"No test database template for {connection.vendor}.")
        if alias in serialized_aliases:
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
        old_config.append((connection, old_name, True))
    return old_config
