"""`seed_demo` builds the demo tree and people once, and running it again changes nothing."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

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
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


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
