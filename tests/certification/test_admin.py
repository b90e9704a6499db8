"""The Wagtail admin: national staff add and rename organization nodes through the same
services (parent rules and history included); nobody deletes; nobody else gets in. Readiness
rubric competencies are added and changed through their services too, with history, and a rule
the service refuses comes back on the form."""

from django.urls import reverse

from certification.errors import DomainError
from certification.models import (
    HistoryAction,
    HistoryEntry,
    Organization,
    OrganizationKind,
    RubricCompetency,
)
from certification.services.readiness import rubric_for


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


# --- readiness rubrics: the admin's forms call the rubric services --------------------------


def _competency_post(**fields):
    return {
        "name": "Ends a group on time",
        "description": "Keeps to the agreed time.",
        "threshold": "2",
        "sort_order": "",
        "is_active": "on",
        **fields,
    }


def test_adding_a_competency_in_the_admin_is_recorded(client, program, national_staff):
    client.force_login(national_staff)
    response = client.post(reverse("rubric_competencies:add"), _competency_post(program=program.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    competency = RubricCompetency.objects.get(name="Ends a group on time")
    entry = HistoryEntry.objects.get(action=HistoryAction.RUBRIC_COMPETENCY_ADDED)
    assert (entry.actor, entry.details["competency_id"]) == (national_staff, competency.pk)
    assert entry.details["default_list_written"] is True


def test_changing_a_competency_in_the_admin_records_before_and_after(
    client, program, national_staff
):
    competency = rubric_for(program)[0]
    client.force_login(national_staff)
    response = client.post(
        reverse("rubric_competencies:edit", args=[competency.pk]),
        _competency_post(name="Keeps clear boundaries", threshold="4", sort_order="0"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = HistoryEntry.objects.get(action=HistoryAction.RUBRIC_COMPETENCY_CHANGED)
    assert entry.actor == national_staff
    assert entry.details["changed"] == {
        "name": ["Keeps boundaries", "Keeps clear boundaries"],
        "description": [competency.description, "Keeps to the agreed time."],
        "threshold": [3, 4],
    }


def test_a_rule_the_service_refuses_shows_on_the_admin_form(
    client, program, national_staff, monkeypatch
):
    from certification.services.scored_items import ScoredItemList

    def refuse(self, **kwargs):
        raise DomainError("This rubric is being changed by someone else.")

    monkeypatch.setattr(ScoredItemList, "add", refuse)
    client.force_login(national_staff)
    response = client.post(reverse("rubric_competencies:add"), _competency_post(program=program.pk))
    assert response.status_code == 200
    assert "This rubric is being changed by someone else." in response.content.decode()
    assert not RubricCompetency.objects.filter(name="Ends a group on time").exists()
