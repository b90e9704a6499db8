"""Authority granted on a node reaches every node below it, and nothing beside or above it;
a single check and a visible-to list agree and cost one query each, whatever the tree size."""

import pytest

from certification import permissions
from certification.models import Organization, Role, SystemCause
from certification.services.organizations import role_revoke
from tests.factories import UserFactory, grant, make_affiliate, make_national, make_state


def codes(queryset):
    return sorted(queryset.values_list("short_code", flat=True))


def test_state_trainer_reaches_every_affiliate_of_the_state(tree, ohio_trainer):
    for code in ("ohio", "cleveland", "columbus"):
        assert permissions.has_organization_permission(ohio_trainer, "assess_readiness", tree[code])
        assert permissions.can_view_organization(ohio_trainer, tree[code])
    assert codes(permissions.organizations_visible_to(ohio_trainer)) == ["OH", "OH-CLE", "OH-COL"]


def test_state_trainer_is_isolated_from_other_states_and_the_national_node(tree, ohio_trainer):
    for code in ("texas", "austin", "houston", "national"):
        assert not permissions.has_organization_permission(
            ohio_trainer, "assess_readiness", tree[code]
        )
        assert not permissions.can_view_organization(ohio_trainer, tree[code])


def test_coordinator_sees_only_their_affiliate(tree, cleveland_coordinator):
    assert codes(permissions.organizations_visible_to(cleveland_coordinator)) == ["OH-CLE"]
    assert not permissions.can_view_organization(cleveland_coordinator, tree["columbus"])
    assert not permissions.can_view_organization(cleveland_coordinator, tree["ohio"])
    # A coordinator's bundle has no certifying authority, even on their own affiliate.
    assert not permissions.has_organization_permission(
        cleveland_coordinator, "assess_readiness", tree["cleveland"]
    )


def test_national_staff_reach_the_whole_tree(tree, national_staff):
    assert codes(permissions.organizations_visible_to(national_staff)) == sorted(
        Organization.objects.values_list("short_code", flat=True)
    )
    assert permissions.can_manage_organizations(national_staff)


def test_people_without_roles_see_nothing(tree, trainee):
    assert not permissions.organizations_visible_to(trainee).exists()
    assert not permissions.can_view_organization(trainee, tree["cleveland"])
    assert not permissions.can_manage_organizations(trainee)


def test_inactive_people_lose_all_authority(tree, ohio_trainer):
    ohio_trainer.is_active = False
    ohio_trainer.save()
    assert not permissions.can_view_organization(ohio_trainer, tree["cleveland"])
    assert not permissions.organizations_visible_to(ohio_trainer).exists()


def test_revoked_role_removes_inherited_authority(tree, ohio_trainer):
    permission_grant = ohio_trainer.role_grants.get()
    role_revoke(actor=None, system_cause=SystemCause.SETUP, grant=permission_grant)
    assert not permissions.can_view_organization(ohio_trainer, tree["cleveland"])
    assert not permissions.organizations_visible_to(ohio_trainer).exists()


def test_check_and_list_always_agree(tree, ohio_trainer, cleveland_coordinator, national_staff):
    for user in (ohio_trainer, cleveland_coordinator, national_staff):
        visible = set(permissions.organizations_visible_to(user))
        for organization in Organization.objects.all():
            assert permissions.can_view_organization(user, organization) == (
                organization in visible
            )


def build_tree(states, affiliates_per_state):
    national = make_national()
    deepest = None
    for s in range(states):
        state = make_state(f"S{s}", national=national)
        for a in range(affiliates_per_state):
            deepest = make_affiliate(f"S{s}-A{a}", state)
    return national, deepest


@pytest.mark.parametrize(("states", "affiliates"), [(1, 1), (20, 14)])
def test_query_cost_does_not_grow_with_the_tree(db, django_assert_num_queries, states, affiliates):
    """1 + 1 + 1 = 3 nodes, and 1 + 20 + 280 = 301 nodes: the same single query each."""
    national, deepest = build_tree(states, affiliates)
    trainer = UserFactory()
    grant(trainer, deepest.get_parent(), Role.STATE_TRAINER)
    staff = UserFactory()
    grant(staff, national, Role.NATIONAL_STAFF)
    assert Organization.objects.count() == 1 + states + states * affiliates

    for user in (trainer, staff):
        with django_assert_num_queries(1):
            assert permissions.can_view_organization(user, deepest)
        with django_assert_num_queries(1):
            visible = list(permissions.organizations_visible_to(user))
        assert deepest in visible
    total = Organization.objects.count()
    with django_assert_num_queries(1):
        assert len(list(permissions.organizations_visible_to(staff))) == total
