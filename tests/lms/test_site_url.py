"""Links in emails and PDFs point at the running site: `SITE_URL` follows `HOST`/`PORT` in
development (what `make run HOST=… PORT=…` passes on), an explicit `SITE_URL` wins, and the
emails, the QR code's address and the Wagtail admin all read that one setting."""

import os
import subprocess
import sys
from pathlib import Path

from django.core import mail

from certification.tasks import notify
from certification.views.verification import verification_url

ROOT = Path(__file__).resolve().parents[2]


def dev_settings(**env):
    """SITE_URL, WAGTAILADMIN_BASE_URL and ALLOWED_HOSTS under dev settings in a fresh process."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOST", "PORT", "DEBUG")
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="lms.settings.dev")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s;"
            "print(s.SITE_URL); print(s.WAGTAILADMIN_BASE_URL); print(','.join(s.ALLOWED_HOSTS))",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_in_development_the_site_url_follows_host_and_port():
    site_url, admin_url, hosts = dev_settings(HOST="192.168.1.20", PORT="9000")
    assert site_url == admin_url == "http://192.168.1.20:9000"
    assert "192.168.1.20" in hosts.split(",")
    assert dev_settings()[0] == "http://127.0.0.1:8000"
    # Listening everywhere is not an address to link to.
    assert dev_settings(HOST="0.0.0.0", PORT="8001")[0] == "http://127.0.0.1:8001"  # noqa: S104


def test_an_explicit_site_url_wins():
    site_url, admin_url, _ = dev_settings(
        HOST="127.0.0.1", PORT="9000", SITE_URL="https://trellis.example.org/"
    )
    assert site_url == admin_url == "https://trellis.example.org"


def test_emails_and_the_qr_code_use_the_site_url(db, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://127.0.0.1:9000"
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            to=["rosa@example.org"],
            subject="An invitation",
            template="certification/email/invited.txt",
            context={
                "inviter": "Carla Reyes",
                "program": "Peer Mentor",
                "affiliate": "Cleveland Peer Support",
                "accept_path": "/enroll/invitations/abc/",
            },
        )
    assert "http://127.0.0.1:9000/enroll/invitations/abc/" in mail.outbox[-1].body
    assert verification_url("TRL-1").startswith("http://127.0.0.1:9000/verify/")
