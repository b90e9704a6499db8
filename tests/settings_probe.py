"""Reading a settings module in a fresh Python process, as a server would load it.

Settings that depend on the environment (production's secret and cache, development's host
and port) are read in a new process with the environment given, so the test process's own
settings are untouched. Only the settings module is imported: Django's apps are not set up,
which keeps a probe to a fraction of a second instead of the seconds `django.setup()` and
Wagtail's imports take.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What a production host must set; each probe may override or remove (None) any of them.
PRODUCTION_ENVIRONMENT = {"SECRET_KEY": "s" * 60, "CACHE_URL": "dbcache://trellis_cache"}


def _run(module: str, expression: str, env: dict, imports: str = "") -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "SECRET_KEY", "SITE_URL", "HOST", "PORT", "CACHE_URL")
    }
    environment["DJANGO_SETTINGS_MODULE"] = module
    environment.update({key: value for key, value in env.items() if value is not None})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"from django.conf import settings as s; {imports}print({expression})",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def setting(module: str, expression: str, imports: str = "", **env) -> str:
    """What `expression` (over `s`, the settings, and anything `imports` brings in, such as
    a library's settings that read them) prints under `module` with `env` set."""
    if module.endswith("production"):
        env = {**PRODUCTION_ENVIRONMENT, **env}
    result = _run(module, expression, env, imports)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def refusal(module: str, **env) -> str:
    """The error `module` stops with under `env`; fails the test if it loads."""
    if module.endswith("production"):
        env = {**PRODUCTION_ENVIRONMENT, **env}
    result = _run(module, "s.INSTALLED_APPS", env)
    assert result.returncode != 0, f"{module} loaded with {env}"
    return result.stderr


def production_setting(expression: str, **env) -> str:
    return setting("lms.settings.production", expression, **env)
