"""Links in emails and PDFs point at the running site: `SITE_URL` follows `HOST`/`PORT` in
development (what `make run HOST=… PORT=…` passes on), an explicit `SITE_URL` wins, and the
emails, the QR code's address and the Wagtail admin all read that one setting."""

from django.core import mail

from certification.tasks import notify
from certification.views.verification import verification_url
from tests.settings_probe import setting


def dev_settings(**env):
    """SITE_URL, WAGTAILADMIN_BASE_URL and ALLOWED_HOSTS under dev settings in a fresh process."""
    expression = "s.SITE_URL, s.WAGTAILADMIN_BASE_URL, ','.join(s.ALLOWED_HOSTS), sep=' '"
    return setting("lms.settings.dev", expression, **env).split()


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
