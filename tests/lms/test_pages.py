"""The home page, each person's dashboard and their profile, through the real views."""

import pytest
from django.urls import reverse

from certification.models import Membership, Role
from tests.factories import UserFactory, grant, make_affiliate


def test_home_page_explains_trellis(client, db):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Trellis</h1>" in content
    assert "peer support programs" in content
    assert reverse("account_signup") in content


def test_dashboard_needs_sign_in(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_trainee_dashboard_points_to_choosing_a_home_affiliate(client, trainee):
    client.force_login(trainee)
    content = client.get(reverse("dashboard")).content.decode()
    assert "You have not chosen a home affiliate yet" in content
    assert "You take part as a trainee" in content
    assert reverse("profile") in content


@pytest.mark.parametrize(
    ("fixture", "role_label", "organization", "ability"),
    [
        ("national_staff", "National staff", "National Peer Support Alliance", "Grant and revoke"),
        ("ohio_trainer", "State trainer", "Peer Support Ohio", "assess readiness"),
        ("cleveland_coordinator", "Affiliate coordinator", "Cleveland Peer Support", "roster"),
    ],
)
def test_each_role_sees_what_it_can_do(
    client, db, request, fixture, role_label, organization, ability
):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    content = client.get(reverse("dashboard")).content.decode()
    assert role_label in content
    assert organization in content
    assert ability in content
    assert reverse("certification:organization_list") in content
    # Only national staff are pointed at the organization tree in the admin.
    assert ("Manage the organization tree" in content) == (fixture == "national_staff")
    # Staff who are not training are not asked to choose a home affiliate.
    assert "You have not chosen a home affiliate yet" not in content


@pytest.mark.parametrize("extra_roles", [0, 15])
def test_dashboard_query_budget(client, tree, django_assert_max_num_queries, extra_roles):
    user = UserFactory()
    grant(user, tree["ohio"], Role.STATE_TRAINER)
    for n in range(extra_roles):
        grant(user, make_affiliate(f"OH-Q{n}", tree["ohio"]), Role.AFFILIATE_COORDINATOR)
    client.force_login(user)
    # Also the trainee checklist, certificates, observations and missing-code checks.
    with django_assert_max_num_queries(24):
        assert client.get(reverse("dashboard")).status_code == 200


def test_profile_saves_name_language_and_home_affiliate(client, tree, trainee):
    client.force_login(trainee)
    response = client.post(
        reverse("profile"),
        {
            "profile-full_name": "Tina M. Walker",
            "profile-preferred_language": "es",
            "save_profile": "",
        },
    )
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.full_name, trainee.preferred_language) == ("Tina M. Walker", "es")

    response = client.post(
        reverse("profile"), {"home-affiliate": tree["cleveland"].pk, "save_home": ""}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=trainee).affiliate == tree["cleveland"]
    content = client.get(reverse("dashboard")).content.decode()
    assert "Cleveland Peer Support" in content


def test_profile_refuses_a_state_as_home_and_keeps_nothing(client, tree, trainee):
    client.force_login(trainee)
    response = client.post(reverse("profile"), {"home-affiliate": tree["ohio"].pk, "save_home": ""})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Membership.objects.filter(user=trainee).exists()


def test_profile_refuses_an_empty_name(client, trainee):
    client.force_login(trainee)
    response = client.post(
        reverse("profile"),
        {"profile-full_name": "", "profile-preferred_language": "en", "save_profile": ""},
    )
    assert response.status_code == 400
    trainee.refresh_from_db()
    assert trainee.full_name == "Tina Walker"


def test_preferred_language_is_used_for_the_pages(client, trainee):
    trainee.preferred_language = "es"
    trainee.save()
    client.force_login(trainee)
    response = client.get(reverse("dashboard"))
    assert response.headers["Content-Language"] == "es"
    assert '<html lang="es">' in response.content.decode()


def test_not_found_and_forbidden_pages_use_the_site_layout(client, tree, cleveland_coordinator):
    assert "We could not find that page" in client.get("/no-such-page/").content.decode()
    client.force_login(cleveland_coordinator)
    held = cleveland_coordinator.role_grants.get()
    response = client.post(
        reverse("certification:role_grant_revoke", args=[tree["cleveland"].slug, held.pk])
    )
    assert response.status_code == 403
    assert "You cannot do this here" in response.content.decode()


def test_dashboard_points_to_training(client, trainee):
    from django.core.management import call_command

    call_command("seed_curriculum")
    client.force_login(trainee)
    content = client.get(reverse("dashboard")).content.decode()
    assert reverse("curriculum:my_training") in content
    assert 'href="/training/"' in content
