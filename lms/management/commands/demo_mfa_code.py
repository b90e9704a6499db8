"""Print the sign-in code each demo staff login needs right now (development only)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lms.demo_mfa import DEMO_TOTP_SECRET, authenticator_secret, current_code
from lms.management.commands.seed_demo import DEMO_PEOPLE


class Command(BaseCommand):
    help = "Print the current two-factor code of each demo staff login (never in production)."

    def handle(self, *args, **options):
        module = getattr(settings, "SETTINGS_MODULE", None) or ""
        if module.endswith(".production") or not settings.DEBUG:
            raise CommandError(
                "demo_mfa_code prints codes from the published demo key; it runs only with "
                "development settings."
            )
        User = get_user_model()
        code, seconds_left = current_code(DEMO_TOTP_SECRET)
        rows = []
        for email, _name, role, _code, _home in DEMO_PEOPLE:
            if not role:
                continue
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                raise CommandError(f"{email} does not exist: run `manage.py seed_demo` first.")
            secret = authenticator_secret(user)
            if secret is None:
                raise CommandError(f"{email} has no authenticator: run `manage.py seed_demo`.")
            if secret != DEMO_TOTP_SECRET:
                raise CommandError(
                    f"{email} uses its own authenticator key, not the demo one: use that app."
                )
            rows.append(email)
        for email in rows:
            self.stdout.write(f"  {email:<28} {code}")
        self.stdout.write(f"Valid for {seconds_left} more seconds (a new code every 30 seconds).")
