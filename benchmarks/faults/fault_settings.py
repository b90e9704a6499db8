"""Production settings for the fault scripts, served over plain HTTP on 127.0.0.1.

Everything that decides how Trellis meets a fault is production's own: the database
connections (CONN_MAX_AGE, CONN_HEALTH_CHECKS), the database queue for emails, the database
cache, the private store (PRIVATE_MEDIA_ROOT). Only what a local run without TLS needs is
changed: cookies without `Secure`, static files without a collected manifest, and emails
written to a folder by `slow_file_email` instead of sent. The scripts set the environment
(SECRET_KEY, DATABASE_URL, CACHE_URL, SECURE_SSL_REDIRECT=False …) before Django starts.

FAULT_CONN_HEALTH_CHECKS=0 turns the connection health check off, to show what it is for.
"""

import os

from lms.settings.production import *  # noqa: F403
from lms.settings.production import DATABASES, STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "benchmarks.faults.slow_file_email.EmailBackend"
if os.environ.get("FAULT_CONN_HEALTH_CHECKS") == "0":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
