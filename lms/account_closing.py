"""Closing an account: a person leaves Trellis and takes their personal details with them.

A person closes their own account from the profile, or national staff close it at the
person's request. What is personal goes (name, email, password, verified addresses, two-factor
keys, sessions, the free text they wrote in lessons, the name they typed to sign a code of
conduct, the contact details they left on concerns they reported); what the program must keep
stays, without their identity: certificate numbers (public verification answers "no longer
valid", with no name), certification and case history, concerns they reported (their content,
not who reported them), and what trainers recorded about their training. The row itself is
kept, anonymized, because that history points at it.

The closure is recorded as an `AccountClosure` (who closed it, when, why, which certificates
stopped being valid). Live certificates end with
their own status, "ended: account closed" (neither expired nor decertified, which would be
untrue), and a history row naming who closed the account. An account cannot be closed while a
decertification case about one of its certificates is open: leaving must not be a way around
the case's outcome.

The email address is freed: signing up again with it makes a new, empty account.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import permissions
from certification.errors import DomainError
from certification.models import (
    LIVE_STATUSES,
    OPEN_CASE_STATUSES,
    OPEN_ENROLLMENT_STATUSES,
    Certification,
    Concern,
    ConductSignature,
    DecertificationCase,
    Enrollment,
    EnrollmentInvitation,
    EnrollmentStatus,
    HistoryAction,
    HistoryEntry,
    RoleGrant,
)
from certification.services.certificates import certification_end_for_closed_account
from curriculum.models import ModuleProgress

from .models import AccountClosure

CLOSED_NAME = "Closed account"
CLOSED_EMAIL_DOMAIN = "closed.invalid"
ACCOUNT_CLOSED = "account closed"


def closed_email(person) -> str:
    """The address an anonymized account keeps: unique, and undeliverable by definition
    (`.invalid` is reserved, RFC 2606), so nothing is ever sent to it."""
    return f"closed-{person.pk}@{CLOSED_EMAIL_DOMAIN}"


def _refuse_if_roles(person):
    roles = list(RoleGrant.objects.active().filter(user=person).select_related("organization"))
    if roles:
        held = ", ".join(
            f"{grant.get_role_display()} ({grant.organization.name})" for grant in roles
        )
        raise DomainError(
            _(
                "This account holds a role: %(roles)s. National staff remove the role first, "
                "so someone else takes over its work; then the account can be closed."
            )
            % {"roles": held}
        )


def _refuse_if_open_case(person):
    if DecertificationCase.objects.filter(
        certification__person=person, status__in=OPEN_CASE_STATUSES
    ).exists():
        raise DomainError(
            _(
                "A decertification case about this account's certificate is still open. It "
                "must be decided, and any appeal heard, before the account can be closed."
            )
        )


def _withdraw_open_enrollments(person, actor):
    """Open enrollments end as withdrawn, each with its history row, so rosters do not count
    a person who has left as someone still in training."""
    for enrollment in Enrollment.objects.select_for_update().filter(
        person=person, status__in=OPEN_ENROLLMENT_STATUSES
    ):
        previous = enrollment.status
        enrollment.status = EnrollmentStatus.WITHDRAWN
        enrollment.status_changed_at = timezone.now()
        enrollment.save(update_fields=["status", "status_changed_at"])
        HistoryEntry.objects.create(
            action=HistoryAction.ENROLLMENT_STATUS,
            actor=actor,
            organization_id=enrollment.affiliate_id,
            subject=person,
            details={
                "enrollment_id": enrollment.pk,
                "status": EnrollmentStatus.WITHDRAWN,
                "from": previous,
                "reason": ACCOUNT_CLOSED,
            },
        )


def _forget_invitations(person, actor, old_email):
    """Invitations sent to the person's address stop carrying it; one still waiting is
    withdrawn (a new sign-up with the freed address starts afresh)."""
    now = timezone.now()
    sent_to_them = EnrollmentInvitation.objects.filter(email__iexact=old_email)
    sent_to_them.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=actor
    )
    EnrollmentInvitation.objects.filter(enrollment__person=person).update(
        email=closed_email(person)
    )
    sent_to_them.update(email=closed_email(person))


def _end_sign_in(person):
    """Verified addresses, linked sign-in providers, two-factor keys and every session go.

    An unusable password and `is_active=False` already refuse every session on its next
    request (Django checks the password hash a session was made with, and allauth and Django
    refuse inactive people); removing the rows makes it immediate and leaves nothing behind.
    """
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=person).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=person).delete()
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.filter(user=person).delete()
    if apps.is_installed("allauth.usersessions"):
        from allauth.usersessions.models import UserSession

        for session in UserSession.objects.filter(user=person):
            session.end()


def close_account(*, person, actor, reason: str = "") -> AccountClosure:
    """Close `person`'s account: anonymize it, disable sign-in, keep the record.

    `actor` is the person themself (their profile page checks their password) or national
    staff acting on the person's request (`reason` says so: "asked by phone on May 2").
    Refused while the person holds a role, and for an account already closed.
    """
    with transaction.atomic():
        User = get_user_model()
        # FOR NO KEY UPDATE: a second closing waits here, but rows others are writing that
        # point at the person (a trainer's assessment, its history) do not, so a certificate
        # being issued at this moment cannot deadlock with the closing.
        person = User.objects.select_for_update(no_key=True).get(pk=person.pk)
        if person.closed_at is not None:
            raise DomainError(_("This account is already closed."))
        if not permissions.can_close_account(actor, person):
            raise PermissionDenied
        _refuse_if_roles(person)
        now = timezone.now()
        old_email = person.email
        # Open enrollments are locked before live certificates are looked for, and those are
        # locked (ended) before open cases are: a trainer certifying the person, or staff
        # opening a case, at this moment either finish first and are seen here, or wait and
        # find the enrollment withdrawn or the certificate ended.
        _withdraw_open_enrollments(person, actor)
        live = list(
            Certification.objects.filter(person=person, status__in=LIVE_STATUSES)
            .select_related("person")
            .order_by("issued_on", "id")
        )
        for certification in live:
            certification_end_for_closed_account(actor=actor, certification=certification)
        _refuse_if_open_case(person)
        _forget_invitations(person, actor, old_email)
        # Concerns they reported keep what happened, in the reporter's words; who reported
        # it (name, email, phone) goes. The reporter link now points at an anonymous account.
        Concern.objects.filter(Q(reporter=person) | Q(reporter_email__iexact=old_email)).update(
            reporter_name="", reporter_email="", reporter_phone=""
        )
        ConductSignature.objects.filter(person=person).update(
            typed_name="", ip_address=None, user_agent=""
        )
        ModuleProgress.objects.filter(learner=person).update(scenario_responses={})
        _end_sign_in(person)
        person.groups.clear()
        person.user_permissions.clear()
        person.full_name = CLOSED_NAME
        person.email = closed_email(person)
        person.preferred_language = "en"
        person.is_active = False
        person.is_staff = False
        person.is_superuser = False
        person.closed_at = now
        person.set_unusable_password()
        person.save()
        return AccountClosure.objects.create(
            person=person,
            closed_by=actor,
            closed_at=now,
            reason=(reason or "").strip(),
            certificates_ended=[certification.number for certification in live],
        )
