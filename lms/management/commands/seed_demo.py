"""Load demo data: the organization tree, one signed-in person per role, a certified
facilitator with an observed session and a concern, the programs' codes of conduct, and
trainees at each stage of their path (`lms.demo_stages`), so every login has something to
show.

Safe to run any number of times: it creates only what is missing and never changes what a
person has edited since. Every change goes through the same services the site uses.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from certification.models import (
    Certification,
    Concern,
    ConcernCategory,
    ConcernSetting,
    FidelityObservation,
    Membership,
    Organization,
    OrganizationKind,
    ReadinessDecision,
    Role,
    RoleGrant,
    SessionKind,
    SystemCause,
)
from certification.services.enrollments import enrollment_create
from certification.services.fidelity.concerns import concern_report
from certification.services.fidelity.observations import checklist_for, observation_record
from certification.services.organizations import membership_set, organization_create, role_grant
from certification.services.readiness import readiness_assess, rubric_for
from curriculum.models import ProgramPage
from lms.demo_mfa import DEMO_TOTP_SECRET, give_demo_authenticator
from lms.demo_stages import seed_codes_of_conduct, seed_trainee_stages, sign_current_code

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
    ("facilitator@trellis.test", "Felix Moreno", None, None, "OH-CLE"),
    ("midway@trellis.test", "Maya Patel", None, None, "OH-CLE"),
    ("ready@trellis.test", "Robin Hayes", None, None, "OH-CLE"),
]
# What each login shows, printed with the logins (see README.md, "Demo logins").
SHOWS = {
    "national@trellis.test": "National staff: the whole tree, oversight, the Wagtail admin",
    "trainer@trellis.test": "State trainer, OH: events, assessments, certificates",
    "coordinator@trellis.test": "Affiliate coordinator, OH-CLE: roster, invitations, concerns",
    "trainee@trellis.test": "New trainee: not enrolled yet; next step is to enroll",
    "facilitator@trellis.test": "Certified facilitator, OH-CLE: certificate, observation, concern",
    "midway@trellis.test": "Trainee midway: 2 of 4 modules passed; next is Documentation",
    "ready@trellis.test": "Trainee done online: placed on an upcoming Ohio training",
}
FACILITATOR_EMAIL = "facilitator@trellis.test"
DEMO_CONCERN = (
    "At the March support group, Felix told a member which blood pressure pill to take. "
    "He meant well, but it is medical advice."
)


class Command(BaseCommand):
    help = "Create the demo organization tree and demo users (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        if (getattr(settings, "SETTINGS_MODULE", None) or "").endswith(".production"):
            # The demo logins share a published password and two-factor key.
            raise CommandError(
                "seed_demo creates logins with a published password and two-factor key; "
                "it never runs with production settings."
            )
        created = self._seed_organizations()
        people = self._seed_people()
        call_command("seed_curriculum", stdout=self.stdout)
        User = get_user_model()
        seed_codes_of_conduct(User.objects.get(email__iexact="national@trellis.test"))
        self._seed_facilitator()
        seed_trainee_stages(trainer=User.objects.get(email__iexact="trainer@trellis.test"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} organizations created, {people} people created)."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, name, _role, _code, _home in DEMO_PEOPLE:
            self.stdout.write(f"  {email:<28} {name:<16} {SHOWS[email]}")
        self.stdout.write(
            "Staff logins (national@, trainer@, coordinator@) also ask for a two-factor code: "
            f"add the demo key {DEMO_TOTP_SECRET} to an authenticator app, or run "
            "`python manage.py demo_mfa_code` for the current code."
        )

    def _node(self, *, kind, code, name, parent):
        existing = Organization.objects.filter(short_code=code).first()
        if existing is not None:
            return existing, False
        return (
            organization_create(
                actor=None,
                system_cause=SystemCause.SETUP,
                kind=kind,
                name=name,
                short_code=code,
                parent=parent,
            ),
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
                    role_grant(
                        actor=None,
                        system_cause=SystemCause.SETUP,
                        user=user,
                        organization=organization,
                        role=role,
                    )
                # Staff sign in with a second factor; the demo's uses the published demo key.
                give_demo_authenticator(user)
            if home and not Membership.objects.filter(user=user, ended_at__isnull=True).exists():
                membership_set(
                    actor=None,
                    system_cause=SystemCause.SETUP,
                    user=user,
                    affiliate=Organization.objects.get(short_code=home),
                )
        return created

    def _seed_facilitator(self):
        """Felix holds a Support Group Facilitator certificate in Cleveland; the coordinator
        observed one of his groups and reported a concern about medical advice."""
        User = get_user_model()
        felix = User.objects.get(email__iexact=FACILITATOR_EMAIL)
        national = User.objects.get(email__iexact="national@trellis.test")
        coordinator = User.objects.get(email__iexact="coordinator@trellis.test")
        cleveland = Organization.objects.get(short_code="OH-CLE")
        program = ProgramPage.objects.live().order_by("path").first()
        certification = Certification.objects.filter(person=felix, program=program).first()
        if certification is None:
            enrollment = enrollment_create(
                actor=felix, person=felix, program=program, affiliate=cleveland
            )
            # Felix trained before Trellis: national staff record his assessment, overriding
            # the online prerequisites he completed on paper.
            readiness_assess(
                actor=national,
                enrollment=enrollment,
                scores={competency.pk: 4 for competency in rubric_for(program)},
                decision=ReadinessDecision.READY,
                override_reason="Trained and assessed on paper before Trellis (demo data).",
            )
            certification = Certification.objects.get(person=felix, program=program)
        sign_current_code(felix, program)
        if not FidelityObservation.objects.filter(facilitators=felix).exists():
            observation_record(
                actor=coordinator,
                program=program,
                affiliate=cleveland,
                observed_on=timezone.localdate(),
                session_kind=SessionKind.GROUP,
                facilitators=[felix],
                scores={item.pk: 4 for item in checklist_for(program)},
                notes="A warm, well-run group; members spoke freely.",
            )
        if not Concern.objects.filter(certification=certification).exists():
            concern_report(
                actor=coordinator,
                certification=certification,
                category=ConcernCategory.MEDICAL_ADVICE,
                what_happened=DEMO_CONCERN,
                happened_on=timezone.localdate(),
                setting=ConcernSetting.GROUP,
            )
