"""Enrolling: a trainee enrolls themselves, or accepts a coordinator's invitation."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..errors import DomainError
from ..models import (
    LIVE_STATUSES,
    OPEN_ENROLLMENT_STATUSES,
    Certification,
    CertificationStatus,
    Enrollment,
    EnrollmentInvitation,
    HistoryAction,
    HistoryEntry,
    Membership,
    OrganizationKind,
    ReadinessAssessment,
    ReadinessDecision,
)
from ..tasks import notify
from .invitations import send_invitation_email
from .organizations import membership_set


def _check_affiliate(affiliate):
    if affiliate is None or affiliate.kind != OrganizationKind.AFFILIATE:
        raise DomainError({"affiliate": _("Choose an affiliate.")})
    if not affiliate.is_active:
        raise DomainError({"affiliate": _("This affiliate is not taking new trainees.")})


def _check_program(program):
    if program is None or not program.live:
        raise DomainError({"program": _("Choose a program that is open for training.")})


def _check_may_enroll_again(person, program):
    """After decertification or a "not yet ready" decision, a date says when to come back."""
    today = timezone.localdate()
    decertified = (
        Certification.objects.filter(
            person=person,
            program=program,
            status=CertificationStatus.DECERTIFIED,
            may_reenroll_on__gt=today,
        )
        .order_by("-may_reenroll_on")
        .first()
    )
    not_yet = (
        ReadinessAssessment.objects.filter(
            enrollment__person=person,
            enrollment__program=program,
            decision=ReadinessDecision.NOT_YET_READY,
            may_return_on__gt=today,
        )
        .order_by("-may_return_on")
        .first()
    )
    dates = [
        d
        for d in (decertified and decertified.may_reenroll_on, not_yet and not_yet.may_return_on)
        if d
    ]
    if dates:
        raise DomainError(
            _("You may enroll in %(program)s again from %(date)s.")
            % {"program": program.title, "date": max(dates).strftime("%B %-d, %Y")}
        )


@transaction.atomic
def enrollment_create(*, actor, person, program, affiliate) -> Enrollment:
    """Enroll `person` in `program` under `affiliate`.

    A person enrolls themselves; staff who manage enrollments for the affiliate may enroll
    someone. A person has one open enrollment per program. Someone with no home affiliate
    yet gets this one.
    """
    staff_enrolling = actor is not None and actor.pk != person.pk
    if staff_enrolling and not permissions.can_manage_enrollments(actor, affiliate):
        raise PermissionDenied(_("You cannot enroll people in this affiliate."))
    _check_program(program)
    _check_affiliate(affiliate)
    if not person.is_active:
        raise DomainError(_("This account is not active."))
    _check_may_enroll_again(person, program)
    if Certification.objects.filter(
        person=person, program=program, status__in=LIVE_STATUSES
    ).exists():
        raise DomainError(
            _("%(person)s already holds a current certificate in %(program)s.")
            % {"person": person, "program": program.title}
        )
    open_enrollment = (
        Enrollment.objects.filter(person=person, program=program)
        .filter(status__in=OPEN_ENROLLMENT_STATUSES)
        .first()
    )
    if open_enrollment is not None:
        raise DomainError(
            _("%(person)s is already enrolled in %(program)s.")
            % {"person": person, "program": program.title}
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                person=person,
                program=program,
                affiliate=affiliate,
                enrolled_at=now,
                status_changed_at=now,
                enrolled_by=actor,
            )
    except IntegrityError as error:  # a second click won the race
        raise DomainError(
            _("%(person)s is already enrolled in %(program)s.")
            % {"person": person, "program": program.title}
        ) from error
    if not Membership.objects.filter(user=person, ended_at__isnull=True).exists():
        # Whoever enrolls the person gives them their home affiliate too: the person
        # themselves, or staff who manage enrollments there (checked above).
        try:
            with transaction.atomic():
                membership_set(actor=actor, user=person, affiliate=affiliate)
        except IntegrityError:
            # Another enrollment of theirs, at the same moment, gave them one first.
            if not Membership.objects.filter(user=person, ended_at__isnull=True).exists():
                raise
    HistoryEntry.objects.create(
        action=HistoryAction.ENROLLED,
        actor=actor,
        organization=affiliate,
        subject=person,
        details={"enrollment_id": enrollment.pk, "program_id": program.pk},
    )
    notify(
        to=[person.email],
        subject=_("You are enrolled in %(program)s") % {"program": program.title},
        template="certification/email/enrolled.txt",
        context={
            "person_name": person.full_name,
            "program": program.title,
            "affiliate": affiliate.name,
            "my_training_path": reverse("curriculum:my_training"),
        },
    )
    return enrollment


@transaction.atomic
def enrollment_invite(*, actor, email: str, program, affiliate) -> EnrollmentInvitation:
    """Invite someone, by email, to enroll in `program` under `affiliate`.

    One pending invitation per address and program; after a withdrawal the address may be
    invited again. The link in the email works before the person has an account: it leads
    them through creating one (see `lms.adapters`).
    """
    if not permissions.can_manage_enrollments(actor, affiliate):
        raise PermissionDenied(_("You cannot invite people to this affiliate."))
    _check_program(program)
    _check_affiliate(affiliate)
    email = email.strip()
    already_invited = DomainError(
        {"email": _("This person already has an invitation to this program.")}
    )
    pending = EnrollmentInvitation.objects.filter(
        email__iexact=email, program=program, accepted_at__isnull=True, withdrawn_at__isnull=True
    )
    if pending.exists():
        raise already_invited
    if Enrollment.objects.filter(
        person__email__iexact=email,
        program=program,
        status__in=OPEN_ENROLLMENT_STATUSES,
    ).exists():
        raise DomainError({"email": _("This person is already enrolled in this program.")})
    try:
        with transaction.atomic():
            invitation = EnrollmentInvitation.objects.create(
                email=email,
                program=program,
                affiliate=affiliate,
                invited_by=actor,
                last_sent_at=timezone.now(),
            )
    except IntegrityError as error:  # a second click won the race
        raise already_invited from error
    HistoryEntry.objects.create(
        action=HistoryAction.INVITED,
        actor=actor,
        organization=affiliate,
        details={"invitation_id": invitation.pk, "program_id": program.pk, "email": email},
    )
    send_invitation_email(invitation)
    return invitation


@transaction.atomic
def invitation_accept(*, actor, invitation: EnrollmentInvitation) -> Enrollment:
    """Accept an invitation as the person it was sent to: this enrolls them."""
    invitation = EnrollmentInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation was already accepted."))
    if invitation.withdrawn_at is not None:
        raise DomainError(_("This invitation was withdrawn. Ask your coordinator."))
    if not permissions.can_accept_invitation(actor, invitation):
        raise PermissionDenied(
            _("This invitation was sent to another email address. Sign in with that address.")
        )
    enrollment = enrollment_create(
        actor=actor, person=actor, program=invitation.program, affiliate=invitation.affiliate
    )
    invitation.accepted_at = timezone.now()
    invitation.enrollment = enrollment
    invitation.save(update_fields=["accepted_at", "enrollment"])
    return enrollment
