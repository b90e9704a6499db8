"""`python manage.py certification_sweep`: expire, remind and suspend; run it daily from cron."""

from django.core.management.base import BaseCommand

from certification.services.sweep import run_sweep


class Command(BaseCommand):
    help = (
        "Expire certifications past their date, send expiry reminders (90, 30 and 7 days "
        "ahead, each once) and suspend facilitators who did not sign a new code of conduct."
    )

    def handle(self, *args, **options):
        report = run_sweep()
        self.stdout.write(f"Certification sweep: {report}.")
