"""factory_boy factories for the people and organizations tests need."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from certification.models import Organization, OrganizationKind
from certification.services.organizations import organization_create, role_grant

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified email address who can sign in with `PASSWORD`."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def make_national(name="National Peer Support Alliance", code="NAT"):
    existing = Organization.objects.filter(kind=OrganizationKind.NATIONAL).first()
    if existing:
        return existing
    return organization_create(
        actor=None, kind=OrganizationKind.NATIONAL, name=name, short_code=code
    )


def make_state(code, name=None, national=None):
    return organization_create(
        actor=None,
        kind=OrganizationKind.STATE,
        name=name or f"State {code}",
        short_code=code,
        parent=national or make_national(),
    )


def make_affiliate(code, state, name=None):
    return organization_create(
        actor=None,
        kind=OrganizationKind.AFFILIATE,
        name=name or f"Affiliate {code}",
        short_code=code,
        parent=state,
    )


def grant(user, organization, role):
    return role_grant(actor=None, user=user, organization=organization, role=role)
