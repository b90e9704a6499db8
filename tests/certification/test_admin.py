"""The organization tree in the Wagtail admin: national staff add and rename nodes through the
same services (parent rules and history included); nobody deletes; nobody else gets in."""

from django.urls import reverse

from certification.models import HistoryAction, HistoryEntry, Organization, OrganizationKind


def test_national_staff_see_the_tree_in_order(client, tree, national_staff):
    client.force_login(national_staff)
    response = client.get(reverse("organizations:index"))
    assert response.status_code == 200
    content = response.content.decode()
    positions = [
        content.index(name)
        for name in (
            "National Peer Support Alliance",
            "Peer Support Ohio",
            "Cleveland Peer Support",
            "Columbus Family Network",
            "Peer Support Texas",
            "Austin Peer Support",
        )
    ]
    assert positions == sorted(positions)


def test_national_staff_add_an_affiliate_under_a_state(client, tree, national_staff):
    client.force_login(national_staff)
    response = client.post(
        reverse("organizations:add"),
        {
            "kind": OrganizationKind.AFFILIATE,
            "parent": tree["ohio"].pk,
            "name": "Dayton Peer Support",
            "short_code": "oh-day",
            "slug": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    dayton = Organization.objects.get(short_code="OH-DAY")
    assert dayton.get_parent() == tree["ohio"]
    assert dayton.slug == "oh-day-dayton-peer-support"
    assert HistoryEntry.objects.filter(
        action=HistoryAction.ORGANIZATION_CREATED, organization=dayton, actor=national_staff
    ).exists()


def test_affiliate_under_the_national_node_is_refused_with_a_message(client, tree, national_staff):
    client.force_login(national_staff)
    before = Organization.objects.count()
    response = client.post(
        reverse("organizations:add"),
        {
            "kind": OrganizationKind.AFFILIATE,
            "parent": tree["national"].pk,
            "name": "Misplaced",
            "short_code": "MIS",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "An affiliate must be placed under a state organization." in response.content.decode()
    assert Organization.objects.count() == before


def test_rename_goes_through_the_service_with_history(client, tree, national_staff):
    client.force_login(national_staff)
    ohio = tree["ohio"]
    response = client.post(
        reverse("organizations:edit", args=[ohio.pk]),
        {"name": "Ohio Peer Network", "short_code": "OH", "slug": ohio.slug, "is_active": "on"},
    )
    assert response.status_code == 302
    ohio.refresh_from_db()
    assert ohio.name == "Ohio Peer Network"
    change = HistoryEntry.objects.get(action=HistoryAction.ORGANIZATION_CHANGED)
    assert change.details["changed"] == {"name": ["Peer Support Ohio", "Ohio Peer Network"]}


def test_nobody_deletes_an_organization(client, tree, national_staff):
    client.force_login(national_staff)
    url = reverse("organizations:delete", args=[tree["houston"].pk])
    assert client.get(url).status_code in (302, 403)
    client.post(url)
    assert Organization.objects.filter(pk=tree["houston"].pk).exists()


def test_state_trainers_cannot_manage_the_tree(client, tree, ohio_trainer):
    client.force_login(ohio_trainer)
    response = client.get(reverse("organizations:index"))
    assert response.status_code in (302, 403)
    response = client.post(
        reverse("organizations:add"),
        {
            "kind": OrganizationKind.AFFILIATE,
            "parent": tree["ohio"].pk,
            "name": "X",
            "short_code": "X",
        },
    )
    assert response.status_code in (302, 403)
    assert not Organization.objects.filter(short_code="X").exists()
