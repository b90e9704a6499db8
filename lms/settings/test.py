"""Test settings: fast hashing, every task run immediately, email kept in memory."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "trellis": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SITE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
ACCOUNT_RATE_LIMITS = False  # tests sign in many times from one address
TRELLIS_REQUIRE_STAFF_MFA = True  # as in production: staff fixtures hold an authenticator
# The test client and live server serve static files from the finders; WhiteNoise is for
# collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]  # noqa: F405

# Uploaded files go to a throw-away folder, not the working tree.
_TEST_FILES = Path(tempfile.mkdtemp(prefix="trellis-test-files-"))
atexit.register(shutil.rmtree, _TEST_FILES, ignore_errors=True)
MEDIA_ROOT = _TEST_FILES / "media"
PRIVATE_MEDIA_ROOT = _TEST_FILES / "private"
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}

# Tests never need a commit to survive a crash of the database server: on PostgreSQL, do not
# wait for the write-ahead log to reach the disk (the test database's flush between browser
# journeys commits a lot). Nothing else changes; production keeps the server's setting.
_DATABASE = DATABASES["default"]  # noqa: F405
if _DATABASE["ENGINE"].endswith("postgresql"):
    _DATABASE.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
