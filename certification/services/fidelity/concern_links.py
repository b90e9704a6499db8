"""Linking a concern reported without a number to the facilitator's certificate.

A group member who reports "Felix, who runs the Tuesday group at the library" names a person,
a program and an affiliate, not a certificate. A reviewer who may triage the concern (a
trainer of the state or national staff) finds the certificate and links it; only then can the
review act on a certificate (suspend it, set a plan, open a case).

The rules, each refused with a domain error that says what to do:

- the concern is open and not linked yet (a link is never changed: a wrong link is a new
  concern's business, and the timeline must say one thing);
- the certificate is one the reviewer may see, is live (active, suspended or on leave, as a
  report by number requires) and is in the concern's program;
- it is held with the concern's affiliate **or another affiliate of the same state**. The
  reporter picked the affiliate from a list and may have picked the one where the group
  meets, not the one that holds the certificate; within a state the same trainers review
  both, so the link stays inside their authority. A certificate of another state is refused:
  its trainers, not this state's, answer for it. When the affiliate differs, the concern
  moves to the certificate's affiliate (a concern belongs to the affiliate of its
  certificate), and that affiliate's coordinators are told;
- never the reviewer's own certificate, nor the reporter's.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ... import permissions
from ...errors import DomainError
from ...models import LIVE_STATUSES, ConcernAction, Role
from ...selectors.organizations import role_holder_emails
from ...tasks import notify
from .concern_notices import concern_path
from .concerns import _event, _locked, _next_status, _require_manager

NOT_FOUND = gettext_lazy(
    "We could not find a current certificate with this number that you may see."
)


def _check_certificate(actor, concern, certification):
    if certification is None or not permissions.can_view_certification(actor, certification):
        raise DomainError({"number": NOT_FOUND})
    if certification.person_id == actor.pk:
        raise DomainError({"number": _("You cannot link a concern to your own certificate.")})
    if certification.status not in LIVE_STATUSES:
        raise DomainError(
            {
                "number": _("This certificate is %(status)s, so a concern cannot be linked to it.")
                % {"status": certification.get_status_display().lower()}
            }
        )
    if certification.program_id != concern.program_id:
        raise DomainError(
            {
                "number": _(
                    "This certificate is for %(certificate_program)s, but the report is about "
                    "%(program)s."
                )
                % {
                    "certificate_program": certification.program.title,
                    "program": concern.program.title,
                }
            }
        )
    if certification.affiliate.state_path != concern.affiliate.state_path:
        raise DomainError(
            {"number": _("This certificate is held in another state than the one reported.")}
        )
    reporter_email = (concern.reporter_email or "").strip().lower()
    if concern.reporter_id == certification.person_id or (
        reporter_email and reporter_email == certification.person.email.lower()
    ):
        raise DomainError({"number": _("The reporter cannot be the facilitator reported.")})
    # What the reviewer is offered (`permissions.linkable_certifications`) is what is accepted.
    if not permissions.linkable_certifications(actor, concern).filter(pk=certification.pk).exists():
        raise DomainError({"number": NOT_FOUND})


@transaction.atomic
def concern_link(*, actor, concern, certification):
    """Link a concern reported without a number to the facilitator's `certification`.

    Writes a "linked" entry in the timeline with the certificate, the holder and, when it
    moved, the affiliate the report first named. See the module for the rules.
    """
    _require_manager(actor, concern)
    concern = _locked(concern)
    _next_status(concern, "link")
    if concern.is_linked:
        raise DomainError(
            _("This concern is already linked to certificate %(number)s.")
            % {"number": concern.certification.display_number}
        )
    _check_certificate(actor, concern, certification)
    previous_affiliate = concern.affiliate
    concern.certification = certification
    concern.subject = certification.person
    concern.affiliate = certification.affiliate
    concern.save(update_fields=["certification", "subject", "affiliate"])
    details = {
        "certification": certification.pk,
        "number": certification.display_number,
        "holder": certification.person.full_name,
    }
    if previous_affiliate.pk != certification.affiliate_id:
        details["reported_affiliate"] = previous_affiliate.name
        _tell_new_affiliate(concern, previous_affiliate)
    _event(concern, ConcernAction.LINKED, actor, **details)
    return concern


def _tell_new_affiliate(concern, previous_affiliate):
    """The certificate's affiliate had not heard of the concern: tell its coordinators."""
    notify(
        to=role_holder_emails(
            Role.AFFILIATE_COORDINATOR,
            on_path=concern.affiliate.path,
            exclude_user_ids=[concern.subject_id],
        ),
        subject=_("Fidelity concern %(reference)s now belongs to your affiliate")
        % {"reference": concern.reference},
        template="certification/email/concern_moved.txt",
        context={
            "reference": concern.reference,
            "facilitator": concern.subject.full_name,
            "program": concern.program.title,
            "affiliate": concern.affiliate.name,
            "previous_affiliate": previous_affiliate.name,
            "path": concern_path(concern),
        },
    )
