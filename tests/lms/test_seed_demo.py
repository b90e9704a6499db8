"""`seed_demo` builds the demo tree and people once, and running it again changes nothing."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from certification import permissions
from certification.models import (
    Certification,
    CertificationStatus,
    Concern,
    FidelityObservation,
    HistoryEntry,
    Organization,
    OrganizationKind,
    RoleGrant,
)
from lms.demo_mfa import DEMO_TOTP_SECRET, authenticator_secret, current_code
from tests.factories import give_authenticator


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent_and_prints_logins(db):
    first = seed()
    counts = (
        Organization.objects.count(),
        get_user_model().objects.count(),
        RoleGrant.objects.count(),
        HistoryEntry.objects.count(),
    )
    second = seed()

    assert counts == (
        Organization.objects.count(),
        get_user_model().objects.count(),
        RoleGrant.objects.count(),
        HistoryEntry.objects.count(),
    )
    assert Organization.objects.filter(kind=OrganizationKind.NATIONAL).count() == 1
    assert Organization.objects.filter(kind=OrganizationKind.STATE).count() == 3
    for state in Organization.objects.filter(kind=OrganizationKind.STATE):
        assert 2 <= state.get_children_count() <= 3
    for output in (first, second):
        for email in (
            "national@trellis.test",
            "trainer@trellis.test",
            "coordinator@trellis.test",
            "trainee@trellis.test",
        ):
            assert email in output
        assert "trellis-demo-2026" in output


def test_demo_people_can_sign_in_and_hold_their_roles(client, db):
    seed()
    User = get_user_model()
    trainer = User.objects.get(email="trainer@trellis.test")
    ohio = Organization.objects.get(short_code="OH")
    assert permissions.can_view_organization(trainer, Organization.objects.get(short_code="OH-CLE"))
    assert not permissions.can_view_organization(trainer, Organization.objects.get(short_code="TX"))
    assert RoleGrant.objects.active().get(user=trainer).organization == ohio

    response = client.post(
        "/accounts/login/", {"login": "trainer@trellis.test", "password": "trellis-demo-2026"}
    )
    # Staff sign in with a second factor: the demo's authenticator uses the published key.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    code, _seconds_left = current_code(DEMO_TOTP_SECRET)
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_demo_staff_have_the_published_authenticator_and_trainees_none(db):
    output = seed()
    seed()
    User = get_user_model()
    for email in ("national@trellis.test", "trainer@trellis.test", "coordinator@trellis.test"):
        assert authenticator_secret(User.objects.get(email=email)) == DEMO_TOTP_SECRET
    assert authenticator_secret(User.objects.get(email="trainee@trellis.test")) is None
    assert DEMO_TOTP_SECRET in output and "demo_mfa_code" in output


def test_demo_mfa_code_prints_the_current_code_in_development_only(db, settings):
    seed()
    settings.DEBUG = True
    out = StringIO()
    # Time stands still so the command and the test read the same 30-second window.
    moment = datetime.datetime(2026, 12, 7, 12, 0, 10, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        call_command("demo_mfa_code", stdout=out)
        code, seconds_left = current_code(DEMO_TOTP_SECRET)
    assert f"coordinator@trellis.test     {code}" in out.getvalue()
    assert seconds_left == 20
    assert "Valid for 20 more seconds" in out.getvalue()

    settings.DEBUG = False  # as under production settings
    with pytest.raises(CommandError, match="development settings"):
        call_command("demo_mfa_code", stdout=StringIO())


def test_demo_mfa_code_refuses_an_account_with_its_own_key(db, settings):
    seed()
    settings.DEBUG = True
    from allauth.mfa.models import Authenticator

    trainer = get_user_model().objects.get(email="trainer@trellis.test")
    Authenticator.objects.filter(user=trainer).delete()
    give_authenticator(trainer, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    with pytest.raises(CommandError, match="its own authenticator key"):
        call_command("demo_mfa_code", stdout=StringIO())


def test_demo_facilitator_is_certified_observed_and_has_one_concern(db):
    seed()
    seed()
    felix = get_user_model().objects.get(email="facilitator@trellis.test")
    certification = Certification.objects.get(person=felix)
    assert certification.status == CertificationStatus.ACTIVE
    assert certification.affiliate.short_code == "OH-CLE"
    assert Concern.objects.filter(certification=certification).count() == 1
    assert FidelityObservation.objects.filter(facilitators=felix).count() == 1
    # The coordinator who reported it sees it; Felix himself does not.
    coordinator = get_user_model().objects.get(email="coordinator@trellis.test")
    assert permissions.concerns_visible_to(coordinator).count() == 1
    assert not permissions.concerns_visible_to(felix).exists()


def test_demo_shows_each_stage_of_the_trainee_path(db):
    from certification.models import (
        AttendanceStatus,
        CodeOfConduct,
        ConductSignature,
        Enrollment,
        EnrollmentStatus,
        EventAttendance,
    )
    from certification.selectors.next_steps import next_steps_for
    from curriculum.models import KnowledgeCheckAttempt, ModuleProgress, ProgramPage

    output = seed()
    counts = lambda: (  # noqa: E731
        CodeOfConduct.objects.count(),
        Enrollment.objects.count(),
        KnowledgeCheckAttempt.objects.count(),
        ConductSignature.objects.count(),
        EventAttendance.objects.count(),
    )
    first = counts()
    seed()
    assert counts() == first
    assert "midway@trellis.test" in output and "ready@trellis.test" in output

    # Every program has a published code of conduct, with real text.
    for program in ProgramPage.objects.live():
        code = CodeOfConduct.objects.current_for(program)
        assert code is not None, program.title
        assert "never give medical advice" in code.text
        assert program.title in code.title

    User = get_user_model()
    midway = User.objects.get(email="midway@trellis.test")
    enrollment = Enrollment.objects.get(person=midway)
    assert enrollment.affiliate.short_code == "OH-CLE"
    assert enrollment.program.title == "Support Group Facilitator"
    assert ModuleProgress.objects.filter(learner=midway, passed_at__isnull=False).count() == 2
    [checklist] = next_steps_for(midway)
    assert checklist.current.key == "modules"
    assert checklist.current.link_text == "Start with Documentation"

    ready = User.objects.get(email="ready@trellis.test")
    enrollment = Enrollment.objects.get(person=ready)
    assert ModuleProgress.objects.filter(learner=ready, passed_at__isnull=False).count() == 4
    assert ConductSignature.objects.filter(person=ready).exists()
    place = EventAttendance.objects.select_related("event").get(enrollment=enrollment)
    assert place.status == AttendanceStatus.REGISTERED
    assert place.event.state.short_code == "OH"
    assert place.event.cancelled_at is None
    assert place.event.starts_at > timezone.now()
    assert place.event.trainers.filter(email="trainer@trellis.test").exists()
    # Attendance is recorded after the training, so they are not "ready for assessment" yet:
    # the dashboard's next step is the training itself.
    assert enrollment.status == EnrollmentStatus.IN_TRAINING
    [checklist] = next_steps_for(ready)
    assert checklist.current.key == "training"
    assert place.event.location in checklist.current.detail

    # Felix signed his program's code, so the daily sweep never suspends him for it.
    assert ConductSignature.objects.filter(person__email="facilitator@trellis.test").exists()
    # Tina is new: no enrollment, so her next step is to enroll.
    assert next_steps_for(User.objects.get(email="trainee@trellis.test")) == []


def test_seed_demo_never_runs_with_production_settings(db, settings):
    """The demo logins share a published password and key: production refuses to make them."""
    settings.SETTINGS_MODULE = "lms.settings.production"
    with pytest.raises(CommandError, match="never runs with production settings"):
        call_command("seed_demo", stdout=StringIO())
    assert not get_user_model().objects.filter(email__iendswith="@trellis.test").exists()
