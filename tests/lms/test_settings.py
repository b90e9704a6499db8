"""Settings: production refuses to start without a secret and passes Django's deploy checks;
the task backends are split as the README says."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.settings_probe import production_setting, refusal

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret():
    assert "SECRET_KEY is not set" in refusal("lms.settings.production", SECRET_KEY=None)


def test_production_passes_the_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="x" * 20 + "a-real-looking-secret-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="trellis.example.org",
        CACHE_URL="dbcache://trellis_cache",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_is_off_outside_development():
    assert production_setting("s.DEBUG") == "False"
    assert settings.DEBUG is False


def test_wagtail_tasks_run_immediately_and_trellis_work_goes_to_its_own_backend():
    """Wagtail's own tasks use the default backend, which must not need a worker."""
    assert production_setting("s.TASKS['default']['BACKEND']") == (
        "django_tasks.backends.immediate.ImmediateBackend"
    )
    assert production_setting("s.TASKS[s.TRELLIS_TASK_BACKEND]['BACKEND']") == (
        "django_tasks_db.DatabaseBackend"
    )


def test_test_settings_are_fast_and_contained():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    assert all(
        backend["BACKEND"].endswith("ImmediateBackend") for backend in settings.TASKS.values()
    )


@pytest.mark.parametrize("cache_url", ["locmemcache://", "dummycache://", None])
def test_production_refuses_a_cache_each_worker_keeps_for_itself(cache_url):
    """Failed sign-in counts live in the cache: each gunicorn worker must see the same ones."""
    error = refusal("lms.settings.production", CACHE_URL=cache_url)
    assert "CACHE_URL must point to a cache shared by every worker" in error


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [
        ("dbcache://trellis_cache", "django.core.cache.backends.db.DatabaseCache"),
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_production_accepts_the_database_cache_or_redis(cache_url, backend):
    assert production_setting("s.CACHES['default']['BACKEND']", CACHE_URL=cache_url) == backend
