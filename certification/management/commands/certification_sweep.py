"""`python manage.py certification_sweep`: expire, remind, suspend, close unappealed cases and
apply the retention rule; run it daily from cron."""

from django.core.management.base import BaseCommand

from certification.services.sweep import run_sweep


class Command(BaseCommand):
    help = (
        "Expire certifications past their date, send expiry reminders (90, 30 and 7 days "
        "ahead, each once), suspend facilitators who did not sign a new code of conduct, and "
        "make final the decertification decisions not appealed within their window, and apply "
        "each program's retention rule: delete files of concerns resolved long ago and remove "
        "the words of cases closed long ago (docs/privacy.md)."
    )

    def handle(self, *args, **options):
        report = run_sweep()
        self.stdout.write(f"Certification sweep: {report}.")
