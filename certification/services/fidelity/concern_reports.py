"""Reporting a fidelity concern: about a certificate, or about a facilitator described in words.

Anyone may report: signed in (`actor` is the reporter) or through the public form (`actor` is
None). Most reporters know the facilitator, not the number on their certificate: a group
member knows "Felix, who runs the Tuesday group at the library". So a report comes in one of
two shapes:

- **by certificate**: a live certificate (active, suspended or on leave), never the
  reporter's own. The concern belongs to the certificate's affiliate and program as they are
  now;
- **by description**: the facilitator's name, the program and the affiliate the reporter chose
  (an active affiliate, from a list), and optionally the group or place. The concern belongs to
  that affiliate and program, so it reaches the same reviewers (the affiliate's coordinators
  and the state's trainers); a reviewer links it to a certificate later (`concern_links.py`).

Either way the reporter is sent an acknowledgement with the reference and a status link, and
the reviewers are told (`concern_notices.py`), without the narrative.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...errors import DomainError, require_text
from ...models import (
    LIVE_STATUSES,
    Concern,
    ConcernAction,
    ConcernCategory,
    ConcernEvent,
    ConcernSetting,
    Organization,
    OrganizationKind,
    SystemCause,
    caused_by,
)
from .attachments import check_attachments, files_removed_on_failure, store_attachments
from .concern_notices import acknowledge_reporter, tell_reviewers

MAX_TEXT = 10_000
MAX_NAME = 200


def reportable_programs():
    """The programs a concern may be reported in: every live program."""
    from curriculum.models import ProgramPage

    return ProgramPage.objects.live().order_by("title")


def reportable_affiliates():
    """The affiliates a report without a number may name: every active affiliate, with its
    state (for grouping the list by state)."""
    return Organization.objects.filter(kind=OrganizationKind.AFFILIATE, is_active=True).order_by(
        "path"
    )


def _clean_report(category, what_happened, happened_on, setting):
    if category not in ConcernCategory.values:
        raise DomainError({"category": _("Choose what the concern is about.")})
    if setting not in ConcernSetting.values:
        raise DomainError({"setting": _("Choose where it happened.")})
    what_happened = require_text(
        what_happened,
        "what_happened",
        _("Tell us what happened, in your own words."),
        max_length=MAX_TEXT,
    )
    if happened_on is not None and happened_on > timezone.localdate():
        raise DomainError({"happened_on": _("The date cannot be in the future.")})
    return what_happened


def _by_certificate(actor, certification, reporter_email) -> dict:
    if certification.status not in LIVE_STATUSES:
        raise DomainError(
            _("This certificate is not current, so a concern cannot be reported about it.")
        )
    subject = certification.person
    if actor is not None and actor.pk == certification.person_id:
        raise DomainError(_("You cannot report a concern about yourself."))
    if actor is None and reporter_email and reporter_email.lower() == subject.email.lower():
        raise DomainError(_("You cannot report a concern about yourself."))
    return {
        "certification": certification,
        "subject": subject,
        "affiliate": certification.affiliate,
        "program": certification.program,
    }


def _by_description(subject_name, program, affiliate, subject_place) -> dict:
    """The facilitator as described: every part is checked, and all errors are given at once
    so the reporter fixes them in one go."""
    errors = {}
    name = (subject_name or "").strip()
    if not name:
        errors["subject_name"] = _("Give the facilitator's name, as you know it.")
    elif len(name) > MAX_NAME:
        errors["subject_name"] = _("Keep this under %(count)s characters.") % {"count": MAX_NAME}
    if program is None or not reportable_programs().filter(pk=program.pk).exists():
        errors["program"] = _("Choose the program the facilitator leads.")
    if affiliate is None or not reportable_affiliates().filter(pk=affiliate.pk).exists():
        errors["affiliate"] = _("Choose the local affiliate that runs the group or class.")
    place = (subject_place or "").strip()
    if len(place) > MAX_NAME:
        errors["subject_place"] = _("Keep this under %(count)s characters.") % {"count": MAX_NAME}
    if errors:
        raise DomainError(errors)
    return {
        "subject_name": name,
        "subject_place": place,
        "affiliate": affiliate,
        "program": program,
    }


def _filed_with(submission_token, actor):
    """The report already filed from the form with this token, if any. Only its reporter (or,
    for the public form, someone else without an account) sends the same form again."""
    earlier = Concern.objects.filter(status_token=submission_token).first()
    if earlier is not None and earlier.reporter_id != (actor.pk if actor is not None else None):
        raise DomainError(_("This form was already sent. Open the form again to send a report."))
    return earlier


@files_removed_on_failure
@transaction.atomic
def concern_report(
    *,
    actor,
    category,
    what_happened,
    happened_on,
    setting,
    certification=None,
    subject_name="",
    program=None,
    affiliate=None,
    subject_place="",
    reporter_is_confidential=False,
    reporter_name="",
    reporter_email="",
    reporter_phone="",
    attachments=(),
    submission_token=None,
) -> Concern:
    """Report a concern about the holder of a live `certification`, or, without a number,
    about a facilitator named `subject_name` in `program` at `affiliate` (optionally met at
    `subject_place`).

    `actor` is the signed-in reporter, or None for the public form (then the optional name,
    email and phone are how the program can reach them). The reporter is sent an
    acknowledgement with the reference and a status link; the affiliate's coordinators and the
    state's trainers are told, without the reporter's identity when it is confidential.

    `submission_token` (a UUID) is the report form's token: sent twice, by a double click
    or a page sent again, it returns the report already filed instead of filing another. It
    becomes the report's status token, unique in the database, so two requests at once
    still file one report.

    Files are written inside the transaction; if the report is not saved (the store is full
    or read-only, or anything later fails, even the commit), they are removed again.
    """
    if actor is not None and not actor.is_authenticated:
        actor = None
    if submission_token is not None:
        earlier = _filed_with(submission_token, actor)
        if earlier is not None:
            return earlier
    reporter_email = (reporter_email or "").strip()
    described = any(
        (str(subject_name or "").strip(), program, affiliate, str(subject_place or "").strip())
    )
    if certification is not None and described:
        raise DomainError(
            _("Give either the certificate number or a description of the facilitator.")
        )
    if certification is not None:
        about = _by_certificate(actor, certification, reporter_email)
    else:
        about = _by_description(subject_name, program, affiliate, subject_place)
    what_happened = _clean_report(category, what_happened, happened_on, setting)
    files = check_attachments(attachments)
    try:
        with transaction.atomic():
            concern = Concern.objects.create(
                **about,
                **({"status_token": submission_token} if submission_token is not None else {}),
                reporter=actor,
                reporter_name=(reporter_name or "").strip()[:200],
                reporter_email=reporter_email[:254],
                reporter_phone=(reporter_phone or "").strip()[:40],
                reporter_is_confidential=bool(reporter_is_confidential),
                category=category,
                what_happened=what_happened,
                happened_on=happened_on,
                setting=setting,
            )
    except IntegrityError:
        # The same form sent twice at once: the other request filed it first.
        earlier = _filed_with(submission_token, actor) if submission_token is not None else None
        if earlier is None:
            raise
        return earlier
    store_attachments(concern, files)
    ConcernEvent.objects.create(
        concern=concern,
        action=ConcernAction.RECEIVED,
        # Through the public form no person is known: the report itself is the cause.
        **caused_by(actor, "" if actor is not None else SystemCause.PUBLIC_REPORT),
        details={"attachments": len(files)},
    )
    acknowledge_reporter(concern, actor)
    tell_reviewers(concern)
    return concern
