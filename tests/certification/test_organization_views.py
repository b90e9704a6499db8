"""Organization pages through the real views: who sees what, and granting roles by form."""

import pytest
from django.urls import reverse

from certification.models import HistoryAction, HistoryEntry, Role, RoleGrant
from tests.factories import UserFactory, grant, make_affiliate


def detail_url(organization):
    return reverse("certification:organization_detail", args=[organization.slug])


def test_anonymous_visitors_are_sent_to_sign_in(client, tree):
    response = client.get(detail_url(tree["ohio"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_trainer_sees_own_state_and_its_affiliates(client, tree, ohio_trainer):
    client.force_login(ohio_trainer)
    response = client.get(detail_url(tree["ohio"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Cleveland Peer Support" in content
    assert "Columbus Family Network" in content
    assert "Tomas Alvarez" in content


@pytest.mark.parametrize("code", ["texas", "austin", "national"])
def test_trainer_gets_not_found_outside_their_state(client, tree, ohio_trainer, code):
    client.force_login(ohio_trainer)
    assert client.get(detail_url(tree[code])).status_code == 404


def test_list_shows_exactly_the_visible_organizations(client, tree, cleveland_coordinator):
    client.force_login(cleveland_coordinator)
    content = client.get(reverse("certification:organization_list")).content.decode()
    assert "Cleveland Peer Support" in content
    assert "Columbus Family Network" not in content
    assert "Peer Support Ohio" not in content


def test_trainer_grants_a_coordinator_role_by_form(client, tree, ohio_trainer):
    person = UserFactory(email="new.coordinator@example.org", full_name="Dana Lee")
    client.force_login(ohio_trainer)

    response = client.post(
        detail_url(tree["columbus"]),
        {"email": "New.Coordinator@example.org", "role": Role.AFFILIATE_COORDINATOR},
        follow=True,
    )

    assert response.status_code == 200
    assert "Dana Lee is now Affiliate coordinator of Columbus Family Network." in (
        response.content.decode()
    )
    assert RoleGrant.objects.active().filter(user=person, organization=tree["columbus"]).exists()
    assert HistoryEntry.objects.filter(
        action=HistoryAction.ROLE_GRANTED, actor=ohio_trainer, subject=person
    ).exists()


def test_unknown_email_gets_a_clear_message_and_changes_nothing(client, tree, ohio_trainer):
    client.force_login(ohio_trainer)
    before = RoleGrant.objects.count()
    response = client.post(
        detail_url(tree["columbus"]),
        {"email": "nobody@example.org", "role": Role.AFFILIATE_COORDINATOR},
    )
    assert response.status_code == 400
    assert "No one with this email has a Trellis account yet" in response.content.decode()
    assert RoleGrant.objects.count() == before


def test_trainer_is_not_offered_roles_they_cannot_grant(client, tree, ohio_trainer):
    client.force_login(ohio_trainer)
    content = client.get(detail_url(tree["ohio"])).content.decode()
    # On the state node itself a trainer may grant nothing (state trainer is national's call).
    assert "Give someone a role" not in content
    response = client.post(
        detail_url(tree["ohio"]),
        {"email": ohio_trainer.email, "role": Role.STATE_TRAINER},
    )
    assert response.status_code == 403


def test_coordinator_cannot_grant(client, tree, cleveland_coordinator):
    client.force_login(cleveland_coordinator)
    assert "Give someone a role" not in client.get(detail_url(tree["cleveland"])).content.decode()
    response = client.post(
        detail_url(tree["cleveland"]),
        {"email": cleveland_coordinator.email, "role": Role.AFFILIATE_COORDINATOR},
    )
    assert response.status_code == 403


def test_revoke_through_the_page(client, tree, ohio_trainer, cleveland_coordinator):
    held = cleveland_coordinator.role_grants.get()
    client.force_login(ohio_trainer)
    revoke = reverse("certification:role_grant_revoke", args=[tree["cleveland"].slug, held.pk])
    asked = client.post(revoke)
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Remove Carla Reyes&#x27;s role?" in text
    assert "Carla Reyes will no longer be Affiliate coordinator of Cleveland Peer Support" in text
    assert "No one is emailed." in text
    assert f'href="{detail_url(tree["cleveland"])}">Go back</a>' in text
    held.refresh_from_db()
    assert held.revoked_at is None  # the first POST only asks
    response = client.post(revoke, {"confirmed": "yes"}, follow=True)
    assert "Carla Reyes no longer holds the role Affiliate coordinator here." in (
        response.content.decode()
    )
    held.refresh_from_db()
    assert held.revoked_by == ohio_trainer


def test_revoke_is_refused_to_the_coordinator_themselves(client, tree, cleveland_coordinator):
    held = cleveland_coordinator.role_grants.get()
    client.force_login(cleveland_coordinator)
    response = client.post(
        reverse("certification:role_grant_revoke", args=[tree["cleveland"].slug, held.pk]),
        {"confirmed": "yes"},
    )
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.revoked_at is None


def test_the_last_national_staff_member_cannot_be_removed_and_the_page_says_why(
    client, tree, national_staff
):
    held = national_staff.role_grants.get()
    client.force_login(national_staff)
    page = client.get(detail_url(tree["national"])).content.decode()
    assert "Nadia Brooks is the only national staff member left." in page
    assert "Remove role from Nadia Brooks" not in page
    revoke = reverse("certification:role_grant_revoke", args=[tree["national"].slug, held.pk])
    for data in ({}, {"confirmed": "yes"}):
        response = client.post(revoke, data, follow=True)
        assert "Nadia Brooks is the only national staff member left." in (response.content.decode())
        held.refresh_from_db()
        assert held.revoked_at is None

    second = UserFactory(full_name="Noor Haddad")
    grant(second, tree["national"], Role.NATIONAL_STAFF)
    page = client.get(detail_url(tree["national"])).content.decode()
    assert "only national staff member left" not in page
    assert "Remove role from Nadia Brooks" in page
    assert "Remove role from Noor Haddad" in page


def test_revoke_needs_post(client, tree, ohio_trainer, cleveland_coordinator):
    held = cleveland_coordinator.role_grants.get()
    client.force_login(ohio_trainer)
    url = reverse("certification:role_grant_revoke", args=[tree["cleveland"].slug, held.pk])
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("extra", [0, 25])
def test_organization_page_query_budget(
    client, tree, ohio_trainer, django_assert_max_num_queries, extra
):
    """The state page costs the same whether it has 2 or 27 affiliates and role holders."""
    for n in range(extra):
        affiliate = make_affiliate(f"OH-X{n}", tree["ohio"])
        grant(UserFactory(), affiliate, Role.AFFILIATE_COORDINATOR)
        grant(UserFactory(), tree["ohio"], Role.STATE_TRAINER)
    client.force_login(ohio_trainer)
    with django_assert_max_num_queries(12):
        response = client.get(detail_url(tree["ohio"]))
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("certification:organization_list")).status_code == 200
