"""Settings that decide how Trellis lives through faults (docs/security.md, Faults): database
connections replaced after a restart, a mail server that hangs, uploads kept in memory."""

from django.conf import settings

from certification.models.fidelity import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from tests.settings_probe import production_setting


def test_production_keeps_database_connections_and_checks_them_before_reuse():
    """A kept connection that a PostgreSQL restart broke is noticed and replaced at the next
    request, instead of failing it."""
    conn = "s.DATABASES['default']"
    assert production_setting(f"{conn}['CONN_HEALTH_CHECKS']") == "True"
    assert int(production_setting(f"{conn}['CONN_MAX_AGE']")) > 0


def test_a_mail_server_that_hangs_fails_the_send_in_time():
    assert 0 < settings.EMAIL_TIMEOUT <= 60
    assert production_setting("s.EMAIL_TIMEOUT") == str(settings.EMAIL_TIMEOUT)


def test_every_report_the_form_accepts_is_received_in_memory():
    """No temporary file, so a full temporary directory cannot fail a report."""
    largest_report = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 64 * 1024  # plus the form's text
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= largest_report
