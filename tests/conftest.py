"""Shared fixtures: a small organization tree and one person per role."""

import pytest
from django.core.cache import cache
from django.test.utils import teardown_databases
from pytest_django.fixtures import _get_databases_for_setup

from certification.models import Role

from .database_template import set_up_databases
from .factories import UserFactory, grant, make_affiliate, make_national, make_state


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """pytest-django's test databases, each copied from one migrated template
    (tests/database_template.py) instead of migrated by every worker of every run."""
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        old_config = set_up_databases(aliases, serialized_aliases, verbosity)
    yield
    with django_db_blocker.unblock():
        teardown_databases(old_config, verbosity=verbosity)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test leaves the cache empty. The test cache lives as long as the process, while
    ids come back after a rolled-back test (SQLite): a two-factor code marked used, or a
    sign-in count, for user 5 in one test would otherwise meet user 5 of the next."""
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    """National → two states (OH, TX) → two affiliates each."""
    national = make_national()
    ohio = make_state("OH", "Peer Support Ohio", national)
    texas = make_state("TX", "Peer Support Texas", national)
    return {
        "national": national,
        "ohio": ohio,
        "texas": texas,
        "cleveland": make_affiliate("OH-CLE", ohio, "Cleveland Peer Support"),
        "columbus": make_affiliate("OH-COL", ohio, "Columbus Family Network"),
        "austin": make_affiliate("TX-AUS", texas, "Austin Peer Support"),
        "houston": make_affiliate("TX-HOU", texas, "Houston Family Network"),
    }


@pytest.fixture
def national_staff(tree):
    user = UserFactory(full_name="Nadia Brooks")
    grant(user, tree["national"], Role.NATIONAL_STAFF)
    return user


@pytest.fixture
def ohio_trainer(tree):
    user = UserFactory(full_name="Tomas Alvarez")
    grant(user, tree["ohio"], Role.STATE_TRAINER)
    return user


@pytest.fixture
def cleveland_coordinator(tree):
    user = UserFactory(full_name="Carla Reyes")
    grant(user, tree["cleveland"], Role.AFFILIATE_COORDINATOR)
    return user


@pytest.fixture
def trainee(db):
    return UserFactory(full_name="Tina Walker")
