"""Load demo data: the organization tree and one signed-in person per role.

Safe to run any number of times: it creates only what is missing and never changes what a
person has edited since. Every change goes through the same services the site uses.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from certification.models import Membership, Organization, OrganizationKind, Role, RoleGrant
from certification.services.organizations import membership_set, organization_create, role_grant

DEMO_PASSWORD = "trellis-demo-2026"

NATIONAL = ("NAT", "National Peer Support Alliance")
STATES = {
    ("OH", "Peer Support Ohio"): [
        ("OH-CLE", "Cleveland Peer Support"),
        ("OH-COL", "Columbus Family Network"),
        ("OH-CIN", "Cincinnati Peer Alliance"),
    ],
    ("TX", "Peer Support Texas"): [
        ("TX-AUS", "Austin Peer Support"),
        ("TX-HOU", "Houston Family Network"),
    ],
    ("OR", "Peer Support Oregon"): [
        ("OR-PDX", "Portland Peer Support"),
        ("OR-EUG", "Eugene Family Network"),
    ],
}

# (email, full name, role, organization code, home affiliate code)
DEMO_PEOPLE = [
    ("national@trellis.test", "Nadia Brooks", Role.NATIONAL_STAFF, "NAT", None),
    ("trainer@trellis.test", "Tomas Alvarez", Role.STATE_TRAINER, "OH", None),
    ("coordinator@trellis.test", "Carla Reyes", Role.AFFILIATE_COORDINATOR, "OH-CLE", "OH-CLE"),
    ("trainee@trellis.test", "Tina Walker", None, None, "OH-CLE"),
]


class Command(BaseCommand):
    help = "Create the demo organization tree and demo users (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        created = self._seed_organizations()
        people = self._seed_people()
        call_command("seed_curriculum", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} organizations created, {people} people created)."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, name, role, code, _home in DEMO_PEOPLE:
            what = f"{Role(role).label}, {code}" if role else "Trainee"
            self.stdout.write(f"  {email:<28} {name:<16} {what}")

    def _node(self, *, kind, code, name, parent):
        existing = Organization.objects.filter(short_code=code).first()
        if existing is not None:
            return existing, False
        return (
            organization_create(actor=None, kind=kind, name=name, short_code=code, parent=parent),
            True,
        )

    def _seed_organizations(self):
        created = 0
        national, new = self._node(
            kind=OrganizationKind.NATIONAL, code=NATIONAL[0], name=NATIONAL[1], parent=None
        )
        created += new
        for (state_code, state_name), affiliates in STATES.items():
            state, new = self._node(
                kind=OrganizationKind.STATE, code=state_code, name=state_name, parent=national
            )
            created += new
            for code, name in affiliates:
                _affiliate, new = self._node(
                    kind=OrganizationKind.AFFILIATE, code=code, name=name, parent=state
                )
                created += new
        return created

    def _seed_people(self):
        User = get_user_model()
        created = 0
        for email, name, role, code, home in DEMO_PEOPLE:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
                created += 1
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if role:
                organization = Organization.objects.get(short_code=code)
                if (
                    not RoleGrant.objects.active()
                    .filter(user=user, organization=organization, role=role)
                    .exists()
                ):
                    role_grant(actor=None, user=user, organization=organization, role=role)
            if home and not Membership.objects.filter(user=user, ended_at__isnull=True).exists():
                membership_set(
                    actor=None, user=user, affiliate=Organization.objects.get(short_code=home)
                )
        return created
