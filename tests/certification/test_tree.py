"""The organization tree's shape rules: national at the top, states under it, affiliates under
a state, and nothing else, enforced by the service with a clear message and by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from certification.models import (
    HistoryAction,
    HistoryEntry,
    Organization,
    OrganizationKind,
    SystemCause,
)
from certification.services.organizations import organization_create, organization_update
from tests.factories import make_affiliate, make_national, make_state


def test_state_under_national_and_affiliate_under_state(db):
    national = make_national()
    ohio = make_state("OH", national=national)
    cleveland = make_affiliate("OH-CLE", ohio)

    assert ohio.get_parent() == national
    assert cleveland.get_parent() == ohio
    national.refresh_from_db()
    assert [node.short_code for node in national.get_descendants()] == ["OH", "OH-CLE"]
    assert cleveland.state == ohio


@pytest.mark.parametrize(
    ("kind", "parent_code", "message"),
    [
        (OrganizationKind.AFFILIATE, "NAT", "An affiliate must be placed under a state"),
        (OrganizationKind.STATE, "OH", "A state organization must be placed under the national"),
        (
            OrganizationKind.STATE,
            "OH-CLE",
            "A state organization must be placed under the national",
        ),
        (OrganizationKind.AFFILIATE, "OH-CLE", "An affiliate must be placed under a state"),
        (OrganizationKind.NATIONAL, "NAT", "has no parent"),
        (OrganizationKind.STATE, None, "must be placed under the national"),
    ],
)
def test_wrong_parent_is_refused_with_a_clear_message(db, kind, parent_code, message):
    national = make_national()
    make_affiliate("OH-CLE", make_state("OH", national=national))
    parent = Organization.objects.get(short_code=parent_code) if parent_code else None
    before = Organization.objects.count()

    with pytest.raises(ValidationError) as error:
        organization_create(
            actor=None,
            system_cause=SystemCause.SETUP,
            kind=kind,
            name="New",
            short_code="NEW",
            parent=parent,
        )

    assert message.lower() in " ".join(error.value.messages).lower()
    assert Organization.objects.count() == before


def test_only_one_national_organization(db):
    make_national()
    with pytest.raises(ValidationError, match="already a national organization"):
        organization_create(
            actor=None,
            system_cause=SystemCause.SETUP,
            kind=OrganizationKind.NATIONAL,
            name="Other",
            short_code="NAT2",
        )


def test_short_codes_are_unique_whatever_the_case(db):
    make_state("OH")
    with pytest.raises(ValidationError, match="already uses this code"):
        make_state("oh")


def test_database_refuses_a_kind_at_the_wrong_depth(db):
    national = make_national()
    with pytest.raises(IntegrityError), transaction.atomic():
        national.add_child(kind=OrganizationKind.AFFILIATE, name="Wrong", short_code="X", slug="x")


def test_create_and_update_write_history(db):
    national = make_national()
    ohio = make_state("OH", national=national)
    organization_update(
        actor=None,
        system_cause=SystemCause.SETUP,
        organization=ohio,
        name="Ohio Peers",
        is_active=False,
    )

    actions = list(HistoryEntry.objects.filter(organization=ohio).values_list("action", flat=True))
    assert actions == [HistoryAction.ORGANIZATION_CHANGED, HistoryAction.ORGANIZATION_CREATED]
    change = HistoryEntry.objects.filter(action=HistoryAction.ORGANIZATION_CHANGED).get()
    assert change.details["changed"]["name"] == ["State OH", "Ohio Peers"]
    assert change.details["changed"]["is_active"] == [True, False]


def test_update_cannot_move_a_node(db):
    ohio = make_state("OH")
    with pytest.raises(ValidationError, match="cannot be changed"):
        organization_update(
            actor=None,
            system_cause=SystemCause.SETUP,
            organization=ohio,
            kind=OrganizationKind.AFFILIATE,
        )
