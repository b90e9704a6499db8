"""Certification fixtures: a published program and a way to hold an issued certificate."""

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from certification.models import Enrollment, SystemCause
from certification.services.certificates import certification_issue
from curriculum.models import ProgramPage, TrainingIndexPage

# Race tests need real concurrent connections; they run in the PostgreSQL pass of CI.
postgresql_only = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="needs real concurrent connections: runs in the PostgreSQL pass of CI",
)


@pytest.fixture
def program(db):
    """A live "Peer Mentor" program (certificates last 24 months) under a training index."""
    home = Page.objects.get(depth=2)
    index = TrainingIndexPage(title="Training", slug="training")
    home.add_child(instance=index)
    program = ProgramPage(title="Peer Mentor", slug="peer-mentor", validity_months=24)
    index.add_child(instance=program)
    return program


def enroll(person, program, affiliate):
    now = timezone.now()
    return Enrollment.objects.create(
        person=person, program=program, affiliate=affiliate, enrolled_at=now, status_changed_at=now
    )


def issue(person, program, affiliate, **kwargs):
    """An active certification, issued as set-up data, for a fresh enrollment."""
    return certification_issue(
        actor=None,
        system_cause=SystemCause.SETUP,
        enrollment=enroll(person, program, affiliate),
        **kwargs,
    )
