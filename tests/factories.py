"""factory_boy factories for the people and organizations tests need."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from certification.models import Organization, OrganizationKind, SystemCause
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

    @factory.post_generation
    def authenticator(obj, create, extracted, **kwargs):
        # Staff and superusers can open the admin, so they have a second factor, as they must.
        if create and extracted is not False and (obj.is_staff or obj.is_superuser):
            give_authenticator(obj)


def make_national(name="National Peer Support Alliance", code="NAT"):
    existing = Organization.objects.filter(kind=OrganizationKind.NATIONAL).first()
    if existing:
        return existing
    return organization_create(
        actor=None,
        system_cause=SystemCause.SETUP,
        kind=OrganizationKind.NATIONAL,
        name=name,
        short_code=code,
    )


def make_state(code, name=None, national=None):
    return organization_create(
        actor=None,
        system_cause=SystemCause.SETUP,
        kind=OrganizationKind.STATE,
        name=name or f"State {code}",
        short_code=code,
        parent=national or make_national(),
    )


def make_affiliate(code, state, name=None):
    return organization_create(
        actor=None,
        system_cause=SystemCause.SETUP,
        kind=OrganizationKind.AFFILIATE,
        name=name or f"Affiliate {code}",
        short_code=code,
        parent=state,
    )


# Every test person who holds a role has an authenticator app with this secret, as staff must
# (lms/mfa_required.py); browser tests type codes from it (tests/e2e/signing_in.py).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


def give_authenticator(user, secret=TOTP_SECRET):
    """An active authenticator app for `user`, made with allauth's own API."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return user


def grant(user, organization, role, *, authenticator=True):
    """Give `user` a role, and (as staff must have one) an authenticator app, unless
    `authenticator=False` models someone who has not set one up yet."""
    result = role_grant(
        actor=None,
        system_cause=SystemCause.SETUP,
        user=user,
        organization=organization,
        role=role,
    )
    if authenticator:
        give_authenticator(user)
    return result


def decertification_case(certification, *, decided_by, may_reenroll_on):
    """A case about `certification` whose decision to decertify stands (its appeal window
    open), built directly: what `certification_decertify` requires before it ends a
    certificate. Tests that need a decertified certificate go through one."""
    from django.utils import timezone

    from certification.models import (
        CaseDecision,
        CaseStatus,
        Concern,
        ConcernCategory,
        ConcernSetting,
        DecertificationCase,
    )

    existing = (
        DecertificationCase.objects.filter(certification=certification)
        .exclude(status=CaseStatus.CLOSED)
        .first()
    )
    if existing is not None:
        return existing
    concern = Concern.objects.create(
        certification=certification,
        subject=certification.person,
        affiliate=certification.affiliate,
        program=certification.program,
        category=ConcernCategory.BOUNDARIES,
        what_happened="Lent a group member money, again after an improvement plan.",
        setting=ConcernSetting.GROUP,
    )
    today = timezone.localdate()
    return DecertificationCase.objects.create(
        concern=concern,
        certification=certification,
        status=CaseStatus.APPEAL_WINDOW,
        allegation="Lent a group member money after an improvement plan.",
        opened_by=decided_by,
        response_due_on=today,
        decision=CaseDecision.DECERTIFY,
        decision_reasons="The boundary was crossed again after the plan.",
        decided_by=decided_by,
        decided_at=timezone.now(),
        may_reenroll_on=may_reenroll_on,
        appeal_due_on=today,
    )


def decertify_through_case(certification, *, actor, reason, may_reenroll_on):
    """Decertify `certification` as a case's final decision does (see `decertification_case`)."""
    from certification.services.certificates import certification_decertify

    case = decertification_case(certification, decided_by=actor, may_reenroll_on=may_reenroll_on)
    return certification_decertify(
        actor=actor,
        certification=certification,
        reason=reason,
        may_reenroll_on=may_reenroll_on,
        case=case,
    )
