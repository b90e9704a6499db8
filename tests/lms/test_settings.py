"""Settings: production refuses to start without a secret and passes Django's deploy checks;
the task backends are split as the README says."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

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
    result = run_manage("check", DJANGO_SETTINGS_MODULE="lms.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_passes_the_deploy_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="x" * 20 + "a-real-looking-secret-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="trellis.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def production_setting(expression):
    """Evaluate `expression` against production settings in a fresh process."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s;"
            f"print({expression})",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in ("DEBUG",)},
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "SECRET_KEY": "s" * 60,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


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
