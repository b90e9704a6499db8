"""Who is told of a new fidelity concern, and what each is told.

A report reaches two audiences. The reporter (signed in, or anyone through the public form)
gets an acknowledgement with the reference and a link to follow the status without an account.
The affiliate's coordinators and the state's trainers hear that a concern arrived, so nothing
waits unseen; the facilitator it is about is never told from here, and a confidential
reporter's identity is left out of the reviewers' email. Emails go out through `tasks.notify`
once the report is saved.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from ...models import Role
from ...selectors.organizations import role_holder_emails
from ...tasks import notify


def status_path(concern) -> str:
    """Where a reporter follows the status of their report, with no account needed."""
    return reverse("certification:concern_status_public", args=[concern.status_token])


def concern_path(concern) -> str:
    return reverse("certification:concern_detail", args=[concern.reference])


def lookup_path() -> str:
    """Where a reporter who lost the status link finds their report by reference and email."""
    return reverse("certification:concern_status_lookup")


def _excluded_people(concern) -> list:
    """The facilitator a concern is about: its certificate's holder or, while it is not
    linked, anyone with the name the reporter gave (as `permissions.is_concern_subject`)."""
    if concern.subject_id is not None:
        return [concern.subject_id]
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(full_name__iexact=concern.subject_name.strip())
        .values_list("pk", flat=True)
    )


def reviewer_emails(concern) -> list[str]:
    """Who hears of a new concern: the affiliate's coordinators and the state's trainers
    (active grants), never the facilitator it is about. National staff see every concern in
    their lists but are not emailed each one."""
    affiliate, excluded = concern.affiliate, _excluded_people(concern)
    coordinators = role_holder_emails(
        Role.AFFILIATE_COORDINATOR, on_path=affiliate.path, exclude_user_ids=excluded
    )
    trainers = role_holder_emails(
        Role.STATE_TRAINER, on_path=affiliate.state_path, exclude_user_ids=excluded
    )
    return sorted(set(coordinators) | set(trainers))


def acknowledge_reporter(concern, actor):
    """Tell the reporter we have their report: its reference and the status link."""
    email = actor.email if actor is not None else concern.reporter_email
    name = (actor.full_name if actor is not None else concern.reporter_name) or ""
    notify(
        to=[email],
        subject=_("We received your report (%(reference)s)") % {"reference": concern.reference},
        template="certification/email/concern_received.txt",
        context={
            "reporter_name": name,
            "reference": concern.reference,
            "program": concern.program.title,
            "number": concern.certification.display_number if concern.is_linked else "",
            "described": concern.reported_as,
            "status_path": status_path(concern),
            "lookup_path": lookup_path(),
        },
    )


def tell_reviewers(concern):
    """Tell the concern's reviewers (`reviewer_emails`) that it arrived."""
    notify(
        to=reviewer_emails(concern),
        subject=_("New fidelity concern %(reference)s") % {"reference": concern.reference},
        template="certification/email/concern_new.txt",
        context={
            "reference": concern.reference,
            "facilitator": concern.subject.full_name if concern.is_linked else "",
            "described": concern.reported_as,
            "program": concern.program.title,
            "number": concern.certification.display_number if concern.is_linked else "",
            "affiliate": concern.affiliate.name,
            "category": concern.get_category_display(),
            "setting": concern.get_setting_display(),
            "happened_on": concern.happened_on,
            "confidential": concern.reporter_is_confidential,
            "reporter": _reporter_label(concern),
            "path": concern_path(concern),
        },
    )


def _reporter_label(concern) -> str:
    if concern.reporter_is_confidential:
        return ""
    if concern.reporter is not None:
        return concern.reporter.full_name
    return concern.reporter_name or _("Someone without an account, who left no name")
