"""Granting and revoking roles: who may do it, what it writes, and what it refuses."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from certification import permissions
from certification.models import HistoryAction, HistoryEntry, Role, RoleGrant
from certification.services.organizations import (
    NATIONAL_STAFF_GROUP,
    membership_set,
    role_grant,
    role_revoke,
)
from tests.factories import UserFactory


def test_national_staff_grant_any_role_with_a_history_row(tree, national_staff):
    person = UserFactory()
    new_grant = role_grant(
        actor=national_staff, user=person, organization=tree["texas"], role=Role.STATE_TRAINER
    )

    assert new_grant.granted_by == national_staff
    assert permissions.can_view_organization(person, tree["austin"])
    entry = HistoryEntry.objects.filter(action=HistoryAction.ROLE_GRANTED, subject=person).get()
    assert entry.actor == national_staff
    assert entry.organization == tree["texas"]
    assert entry.details["role"] == Role.STATE_TRAINER


def test_state_trainer_appoints_coordinators_in_their_own_state_only(tree, ohio_trainer):
    person = UserFactory()
    role_grant(
        actor=ohio_trainer,
        user=person,
        organization=tree["columbus"],
        role=Role.AFFILIATE_COORDINATOR,
    )
    assert permissions.can_view_organization(person, tree["columbus"])

    with pytest.raises(PermissionDenied):
        role_grant(
            actor=ohio_trainer,
            user=UserFactory(),
            organization=tree["austin"],
            role=Role.AFFILIATE_COORDINATOR,
        )


@pytest.mark.parametrize("role", [Role.STATE_TRAINER, Role.NATIONAL_STAFF])
def test_state_trainer_cannot_grant_other_roles(tree, ohio_trainer, role):
    target = tree["ohio"] if role == Role.STATE_TRAINER else tree["national"]
    before = HistoryEntry.objects.count()
    with pytest.raises(PermissionDenied):
        role_grant(actor=ohio_trainer, user=UserFactory(), organization=target, role=role)
    assert HistoryEntry.objects.count() == before
    assert (
        not RoleGrant.objects.filter(organization=target, role=role)
        .exclude(user=ohio_trainer)
        .exists()
    )


def test_coordinators_and_trainees_cannot_grant(tree, cleveland_coordinator, trainee):
    for actor in (cleveland_coordinator, trainee):
        with pytest.raises(PermissionDenied):
            role_grant(
                actor=actor,
                user=UserFactory(),
                organization=tree["cleveland"],
                role=Role.AFFILIATE_COORDINATOR,
            )


def test_role_must_be_held_on_its_kind_of_node(tree, national_staff):
    with pytest.raises(ValidationError, match="held on a state organization"):
        role_grant(
            actor=national_staff,
            user=UserFactory(),
            organization=tree["cleveland"],
            role=Role.STATE_TRAINER,
        )


def test_the_same_role_twice_is_refused(tree, national_staff, ohio_trainer):
    with pytest.raises(ValidationError, match="already holds this role"):
        role_grant(
            actor=national_staff,
            user=ohio_trainer,
            organization=tree["ohio"],
            role=Role.STATE_TRAINER,
        )
    assert RoleGrant.objects.filter(user=ohio_trainer).count() == 1


def test_revoke_keeps_the_grant_and_writes_history(tree, national_staff, ohio_trainer):
    held = ohio_trainer.role_grants.get()
    role_revoke(actor=national_staff, grant=held)

    held.refresh_from_db()
    assert held.revoked_at is not None
    assert held.revoked_by == national_staff
    assert not permissions.can_view_organization(ohio_trainer, tree["ohio"])
    entry = HistoryEntry.objects.get(action=HistoryAction.ROLE_REVOKED)
    assert (entry.actor, entry.subject, entry.details["role"]) == (
        national_staff,
        ohio_trainer,
        Role.STATE_TRAINER,
    )
    with pytest.raises(ValidationError, match="already revoked"):
        role_revoke(actor=national_staff, grant=held)


def test_unauthorized_revoke_is_refused_and_changes_nothing(tree, ohio_trainer, trainee):
    held = ohio_trainer.role_grants.get()
    with pytest.raises(PermissionDenied):
        role_revoke(actor=trainee, grant=held)
    held.refresh_from_db()
    assert held.revoked_at is None
    assert permissions.can_view_organization(ohio_trainer, tree["cleveland"])


def test_revoking_one_role_keeps_authority_from_another(tree, national_staff):
    """Two roles on one person can share a permission; revoking one must not strip the other."""
    person = UserFactory()
    trainer_grant = role_grant(
        actor=national_staff, user=person, organization=tree["ohio"], role=Role.STATE_TRAINER
    )
    role_grant(
        actor=national_staff,
        user=person,
        organization=tree["cleveland"],
        role=Role.AFFILIATE_COORDINATOR,
    )
    role_revoke(actor=national_staff, grant=trainer_grant)

    assert permissions.can_view_organization(person, tree["cleveland"])
    assert not permissions.can_view_organization(person, tree["columbus"])


def test_national_staff_role_opens_the_admin_and_closes_it_on_revoke(tree, national_staff):
    assert national_staff.groups.filter(name=NATIONAL_STAFF_GROUP).exists()
    assert national_staff.has_perm("wagtailadmin.access_admin")

    role_revoke(actor=None, grant=national_staff.role_grants.get())
    national_staff.refresh_from_db()
    assert not national_staff.groups.filter(name=NATIONAL_STAFF_GROUP).exists()


def test_membership_is_separate_from_authority(tree, trainee):
    membership_set(actor=trainee, user=trainee, affiliate=tree["cleveland"])
    assert not permissions.can_view_organization(trainee, tree["cleveland"])

    second = membership_set(actor=trainee, user=trainee, affiliate=tree["austin"])
    assert second.affiliate == tree["austin"]
    assert trainee.memberships.filter(ended_at__isnull=True).get() == second
    assert trainee.memberships.count() == 2
    assert list(HistoryEntry.objects.filter(subject=trainee).values_list("action", flat=True)) == [
        HistoryAction.MEMBERSHIP_STARTED,
        HistoryAction.MEMBERSHIP_ENDED,
        HistoryAction.MEMBERSHIP_STARTED,
    ]


def test_membership_only_in_an_active_affiliate_and_by_the_person_or_staff(
    tree, trainee, cleveland_coordinator
):
    with pytest.raises(ValidationError, match="must be an affiliate"):
        membership_set(actor=trainee, user=trainee, affiliate=tree["ohio"])
    with pytest.raises(PermissionDenied):
        membership_set(actor=UserFactory(), user=trainee, affiliate=tree["cleveland"])
    membership_set(actor=cleveland_coordinator, user=trainee, affiliate=tree["cleveland"])
    assert trainee.memberships.get().affiliate == tree["cleveland"]


def test_national_staff_may_edit_and_publish_pages_but_trainers_may_not(
    tree, national_staff, ohio_trainer
):
    from wagtail.models import Page

    home = Page.objects.get(depth=2)
    staff_perms = home.permissions_for_user(national_staff)
    assert staff_perms.can_edit() and staff_perms.can_publish() and staff_perms.can_add_subpage()
    trainer_perms = home.permissions_for_user(ohio_trainer)
    assert not trainer_perms.can_edit()
