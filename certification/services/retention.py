"""Retention: personal content about concerns and cases is not kept longer than the program
needs it, and removing it leaves a record, never a silent gap.

Each program sets two periods on its page in the Wagtail admin ("Keeping personal
information"): how long files sent with a concern are kept after the concern is resolved, and
how long the words of a decertification case are kept after it closes. The daily sweep
(`sweep.py`) runs both steps; each is idempotent (what was removed is not removed again) and
locks its row, so two sweeps at once remove each thing once. docs/privacy.md is the rule in
plain words.

- A file past its period is deleted from the private store once the change is committed. Its
  row stays (file name, type, size, when it was sent) with the file cleared, and the concern's
  timeline gets a note saying which file the retention rule removed and when.
- A closed case past its period keeps its outcome, decisions and every date; its written
  allegation, response, reasons and appeal are replaced by `REDACTED`, in the case and in its
  timeline (the one change the timeline allows), and the concern it came from gets a note.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.models import ProgramPage

from ..models import (
    RETENTION_REDACTED,
    CaseEvent,
    CaseStatus,
    ConcernAction,
    ConcernAttachment,
    ConcernEvent,
    ConcernStatus,
    DecertificationCase,
    SystemCause,
    caused_by,
)

logger = logging.getLogger(__name__)

REDACTED = RETENTION_REDACTED
CASE_TEXT_FIELDS = ("allegation", "response", "decision_reasons", "appeal", "appeal_reasons")


def _note(concern_id, text, **details):
    """The concern timeline's record of what the retention rule removed (reviewers only)."""
    ConcernEvent.objects.create(
        concern_id=concern_id,
        action=ConcernAction.NOTE,
        text=text,
        details={"retention": True, **details},
        **caused_by(system_cause=SystemCause.SWEEP),
    )


def _delete_file(storage, name):
    try:
        storage.delete(name)
    except OSError:  # the row already says the file is gone; an operator removes the rest
        logger.exception("Retention could not delete %s from the private store", name)


def attachments_due(program, now):
    """Files of `program`'s concerns resolved longer ago than its retention period."""
    cutoff = now - datetime.timedelta(days=program.concern_attachment_retention_days)
    return ConcernAttachment.objects.filter(
        concern__program=program,
        concern__status=ConcernStatus.RESOLVED,
        concern__resolved_at__lt=cutoff,
    ).exclude(file="")


def remove_attachment(attachment_id, *, days) -> bool:
    """Delete one file by the retention rule and record it. False when it was gone already."""
    with transaction.atomic():
        attachment = ConcernAttachment.objects.select_for_update().filter(pk=attachment_id).first()
        if attachment is None or not attachment.file:
            return False
        storage, name = attachment.file.storage, attachment.file.name
        ConcernAttachment.objects.filter(pk=attachment.pk).update(file="")
        _note(
            attachment.concern_id,
            _(
                "The file “%(name)s” was deleted by the retention rule, %(days)s days after "
                "the concern was resolved."
            )
            % {"name": attachment.original_name, "days": days},
            attachment=attachment.pk,
            file_removed=attachment.original_name,
        )
        # Only once the record is committed: a failed commit leaves the file where it was.
        transaction.on_commit(lambda: _delete_file(storage, name))
    return True


def cases_due(program, now):
    """Closed cases of `program` past its retention period whose words are still there."""
    cutoff = now - datetime.timedelta(days=program.closed_case_retention_days)
    return DecertificationCase.objects.filter(
        certification__program=program, status=CaseStatus.CLOSED, closed_at__lt=cutoff
    ).exclude(allegation=REDACTED)


def redact_case(case_id, *, days) -> bool:
    """Replace a closed case's written content by `REDACTED`, keeping its outcome and dates.
    False when it was redacted already (or is not closed)."""
    with transaction.atomic():
        case = DecertificationCase.objects.select_for_update().filter(pk=case_id).first()
        if case is None or case.status != CaseStatus.CLOSED or case.allegation == REDACTED:
            return False
        # An empty field stays empty (nothing was written); the others keep a marker, which
        # also keeps the rule that a decision has reasons.
        changes = {name: REDACTED for name in CASE_TEXT_FIELDS if getattr(case, name)}
        DecertificationCase.objects.filter(pk=case.pk).update(**changes)
        # The timeline repeats those words (each step kept what was written); they go too.
        CaseEvent.objects.filter(case=case).redact_text()
        _note(
            case.concern_id,
            _(
                "The written content of the decertification case (allegation, response, "
                "reasons and appeal, in the case and its timeline) was removed by the "
                "retention rule, %(days)s days after the case closed. Its outcome, steps and "
                "dates are kept."
            )
            % {"days": days},
            case=case.pk,
        )
    return True


def apply_retention(report, now=None):
    """Both retention steps for every program; counts go into the sweep's `report`."""
    now = now or timezone.now()
    for program in ProgramPage.objects.all().only(
        "pk", "concern_attachment_retention_days", "closed_case_retention_days"
    ):
        days = program.concern_attachment_retention_days
        for attachment_id in attachments_due(program, now).values_list("pk", flat=True):
            if remove_attachment(attachment_id, days=days):
                report.attachments_removed.append(attachment_id)
        days = program.closed_case_retention_days
        for case_id in cases_due(program, now).values_list("pk", flat=True):
            if redact_case(case_id, days=days):
                report.cases_redacted.append(case_id)
