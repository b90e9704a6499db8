"""A security key's answer that is not what a key sends (posted by hand, or cut short) is a
wrong key: the page says so and nothing is added, never a server error.

Found by the form fuzzing tests (`tests/property/test_forms_allauth.py`): allauth read an
answer without `rawId` with python-fido2, whose KeyError became a 500
(`lms/security_key_forms.py`).
"""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

from .security_key import SoftwareSecurityKey, options_on

ADD_KEY = reverse("mfa_add_webauthn")
AUTHENTICATE = reverse("mfa_authenticate")
# A 500 before: fido2 raised KeyError reading it (allauth turns only TypeError and ValueError
# into a refusal).
MALFORMED = [{"id": "AAAA"}, {"type": "public-key", "id": "AAAA", "response": {}}]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def visitor(db):
    return Client(HTTP_HOST="localhost", raise_request_exception=True)


@pytest.mark.parametrize("answer", MALFORMED)
def test_adding_a_key_with_a_malformed_answer_adds_nothing(visitor, answer):
    person = UserFactory()
    visitor.force_login(person)
    visitor.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    visitor.get(ADD_KEY)
    response = visitor.post(ADD_KEY, {"name": "Office key", "credential": json.dumps(answer)})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=person).exists()


@pytest.mark.parametrize("answer", MALFORMED)
def test_signing_in_with_a_malformed_answer_signs_nobody_in(visitor, answer):
    person = UserFactory()
    visitor.force_login(person)
    visitor.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    key = SoftwareSecurityKey()
    options = options_on(visitor.get(ADD_KEY).content.decode())
    visitor.post(ADD_KEY, {"name": "Office key", "credential": json.dumps(key.register(options))})
    visitor.logout()
    visitor.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    visitor.get(AUTHENTICATE)
    response = visitor.post(AUTHENTICATE, {"credential": json.dumps(answer)})
    assert response.status_code == 200
    assert "_auth_user_id" not in visitor.session
