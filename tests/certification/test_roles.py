"""Granting and revoking roles: who may do it, what it writes, and what it refuses."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from certification import permissions
from certification.models import HistoryAction, HistoryEntry, Role, RoleGrant, SystemCause
from certification.services.organizations import (
    NATIONAL_STAFF_GROUP,
    membership_set,
    role_grant,
    role_revoke,
)
from tests.factories import UserFactory, grant

from .conftest import postgresql_only


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

    grant(UserFactory(), tree["national"], Role.NATIONAL_STAFF)  # never the last one
    role_revoke(actor=None, system_cause=SystemCause.SETUP, grant=national_staff.role_grants.get())
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


# --- the last national staff role holder ---------------------------------------------------


def test_the_last_national_staff_role_holder_cannot_be_removed(tree, national_staff):
    only = national_staff.role_grants.get()
    # Not by themselves, not by a setup command either.
    for cause in ({"actor": national_staff}, {"actor": None, "system_cause": SystemCause.SETUP}):
        with pytest.raises(ValidationError, match="only national staff member left"):
            role_revoke(grant=only, **cause)
    only.refresh_from_db()
    assert only.revoked_at is None
    assert national_staff.groups.filter(name=NATIONAL_STAFF_GROUP).exists()
    assert not HistoryEntry.objects.filter(action=HistoryAction.ROLE_REVOKED).exists()


def test_with_two_national_staff_one_may_go_then_the_other_stays(tree, national_staff):
    second = UserFactory(full_name="Noor Haddad")
    second_grant = grant(second, tree["national"], Role.NATIONAL_STAFF)
    role_revoke(actor=national_staff, grant=second_grant)
    second_grant.refresh_from_db()
    assert second_grant.revoked_by == national_staff
    with pytest.raises(ValidationError, match="Nadia Brooks is the only national staff"):
        role_revoke(actor=national_staff, grant=national_staff.role_grants.get())


def test_other_roles_may_all_be_removed(tree, national_staff, ohio_trainer):
    """The guard is for national staff only: a state may be left without a trainer."""
    role_revoke(actor=national_staff, grant=ohio_trainer.role_grants.get())
    assert not RoleGrant.objects.active().filter(role=Role.STATE_TRAINER).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_two_revokes_at_once_never_leave_no_national_staff(tree, national_staff):
    second = UserFactory(full_name="Noor Haddad")
    grant(second, tree["national"], Role.NATIONAL_STAFF)
    grants = list(RoleGrant.objects.active().filter(role=Role.NATIONAL_STAFF))
    barrier = threading.Barrier(2)
    outcomes = []

    def revoke(held):
        try:
            barrier.wait()
            role_revoke(actor=None, system_cause=SystemCause.SETUP, grant=held)
            outcomes.append("revoked")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=revoke, args=(held,)) for held in grants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "revoked"
    assert "only national staff member left" in sorted(outcomes)[0]
    assert RoleGrant.objects.active().filter(role=Role.NATIONAL_STAFF).count() == 1
