"""A coordinator's invitations after they are sent: send one again, or withdraw it.

An invitation is pending until the person accepts it or a coordinator withdraws it. People
lose emails, so a coordinator may send the same link again, though not more than once every
few minutes (a double click, or an impatient one, must not flood someone's inbox). A
withdrawn invitation's link stops working; accepted ones stay as they are, since the person
is enrolled by then.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import permissions
from ..errors import DomainError
from ..models import EnrollmentInvitation, HistoryAction, HistoryEntry
from ..tasks import notify

RESEND_INTERVAL = timedelta(minutes=5)


def send_invitation_email(invitation: EnrollmentInvitation) -> None:
    """The invitation email, first time or again: always the same link."""
    notify(
        to=[invitation.email],
        subject=_("An invitation to train in %(program)s") % {"program": invitation.program.title},
        template="certification/email/invited.txt",
        context={
            "inviter": invitation.invited_by.full_name,
            "program": invitation.program.title,
            "affiliate": invitation.affiliate.name,
            "accept_path": reverse("certification:invitation_accept", args=[invitation.token]),
        },
    )


def _locked(invitation: EnrollmentInvitation, *, actor) -> EnrollmentInvitation:
    if not permissions.can_invite_trainees(actor, invitation.affiliate):
        raise PermissionDenied(_("You cannot manage invitations for this affiliate."))
    return (
        EnrollmentInvitation.objects.select_for_update()
        .select_related("program", "affiliate", "invited_by")
        .get(pk=invitation.pk)
    )


def _check_pending(invitation: EnrollmentInvitation) -> None:
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation was already accepted."))
    if invitation.withdrawn_at is not None:
        raise DomainError(_("This invitation was withdrawn."))


@transaction.atomic
def invitation_resend(*, actor, invitation: EnrollmentInvitation) -> EnrollmentInvitation:
    """Send a pending invitation again, with the same link, for someone who lost the email."""
    invitation = _locked(invitation, actor=actor)
    _check_pending(invitation)
    now = timezone.now()
    last_sent = invitation.last_sent_at or invitation.created_at
    wait = last_sent + RESEND_INTERVAL - now
    if wait > timedelta(0):
        minutes = max(1, -(-int(wait.total_seconds()) // 60))
        raise DomainError(
            ngettext(
                "This invitation was sent to %(email)s a moment ago. "
                "You can send it again in %(minutes)d minute.",
                "This invitation was sent to %(email)s a moment ago. "
                "You can send it again in %(minutes)d minutes.",
                minutes,
            )
            % {"email": invitation.email, "minutes": minutes}
        )
    invitation.last_sent_at = now
    invitation.save(update_fields=["last_sent_at"])
    HistoryEntry.objects.create(
        action=HistoryAction.INVITATION_RESENT,
        actor=actor,
        organization=invitation.affiliate,
        details={
            "invitation_id": invitation.pk,
            "program_id": invitation.program_id,
            "email": invitation.email,
        },
    )
    send_invitation_email(invitation)
    return invitation


@transaction.atomic
def invitation_withdraw(*, actor, invitation: EnrollmentInvitation) -> EnrollmentInvitation:
    """Withdraw a pending invitation: its link stops working. The same address may be invited
    to the same program again later."""
    invitation = _locked(invitation, actor=actor)
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation was already accepted, so it cannot be withdrawn."))
    if invitation.withdrawn_at is not None:
        raise DomainError(_("This invitation was already withdrawn."))
    invitation.withdrawn_at = timezone.now()
    invitation.withdrawn_by = actor
    invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
    HistoryEntry.objects.create(
        action=HistoryAction.INVITATION_WITHDRAWN,
        actor=actor,
        organization=invitation.affiliate,
        details={
            "invitation_id": invitation.pk,
            "program_id": invitation.program_id,
            "email": invitation.email,
        },
    )
    return invitation
