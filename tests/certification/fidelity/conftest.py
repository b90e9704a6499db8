"""Fidelity fixtures: one facilitator with an active certificate in Cleveland (Ohio), and one
person for every role that may or may not see what happens to it.

The tree comes from `tests/conftest.py` (`tree`: national → Ohio, Texas → two affiliates
each); Dayton is added as a second Ohio affiliate so "another affiliate in the same state"
reads plainly in tests.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from certification.models import Role
from tests.certification.conftest import issue
from tests.factories import UserFactory, grant, make_affiliate


@pytest.fixture
def ohio(tree):
    return tree["ohio"]


@pytest.fixture
def cleveland(tree):
    return tree["cleveland"]


@pytest.fixture
def dayton(tree):
    return make_affiliate("OH-DAY", tree["ohio"], "Dayton Peer Support")


@pytest.fixture
def texas(tree):
    return tree["texas"]


@pytest.fixture
def austin(tree):
    return tree["austin"]


@pytest.fixture
def facilitator(db):
    return UserFactory(full_name="Frank Hollis", email="frank.hollis@example.org")


@pytest.fixture
def certification(facilitator, program, cleveland):
    """Frank's active Peer Mentor certificate, held with the Cleveland affiliate."""
    return issue(facilitator, program, cleveland)


@pytest.fixture
def dayton_coordinator(dayton):
    user = UserFactory(full_name="Dana Okafor")
    grant(user, dayton, Role.AFFILIATE_COORDINATOR)
    return user


@pytest.fixture
def texas_trainer(texas):
    user = UserFactory(full_name="Terry Lindqvist")
    grant(user, texas, Role.STATE_TRAINER)
    return user


@pytest.fixture
def outsider(db):
    """Signed up, holds no role anywhere."""
    return UserFactory(full_name="Olive Marsh")


@pytest.fixture
def anonymous():
    """Someone without an account (the public report form, verification)."""
    return AnonymousUser()


# `cleveland_coordinator`, `ohio_trainer` and `national_staff` come from tests/conftest.py.
