"""`python manage.py certification_sweep`: expire, remind, suspend and close unappealed cases;
run it daily from cron."""

from django.core.management.base import BaseCommand

from certification.services.sweep import run_sweep


class Command(BaseCommand):
    help = (
        "Expire certifications past their date, send expiry reminders (90, 30 and 7 days "
        "ahead, each once), suspend facilitators who did not sign a new code of conduct, and "
        "make final the decertification decisions not appealed within their window."
    )

    def handle(self, *args, **options):
        report = run_sweep()
        self.stdout.write(f"Certification sweep: {report}.")
