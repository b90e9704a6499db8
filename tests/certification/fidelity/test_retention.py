"""The retention rule: files of concerns resolved long ago are deleted (the row and a record
stay), closed cases past their period lose their words (outcome and dates stay), per program,
idempotently, counted by the sweep."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from certification.models import (
    CaseAction,
    CaseEvent,
    CaseStatus,
    ConcernAction,
    ConcernAttachment,
    ConcernEvent,
    ConcernStatus,
    DecertificationCase,
)
from certification.services.retention import REDACTED, apply_retention
from certification.services.sweep import SweepReport, run_sweep
from tests.factories import decertification_case

START = datetime.datetime(2025, 3, 3, 12, tzinfo=datetime.UTC)


def _resolve(concern, when, owner):
    concern.status = ConcernStatus.RESOLVED
    concern.severity = "low"
    concern.owner = owner
    concern.outcome = "no_action"
    concern.resolved_at = when
    concern.save()


def _close(case, when):
    case.status = CaseStatus.CLOSED
    case.final_decision = case.decision
    case.closed_at = when
    case.save()


@pytest.fixture
def closed(certification, ohio_trainer):
    """A decertification case about Frank's certificate, closed on START, whose concern was
    resolved on START and carries one file."""
    with time_machine.travel(START, tick=False):
        case = decertification_case(
            certification,
            decided_by=ohio_trainer,
            may_reenroll_on=datetime.date(2026, 3, 3),
        )
        case.response = "FRANK-RESPONSE"
        case.save()
        # The timeline repeats the words, as the case services write it.
        CaseEvent.objects.create(
            case=case, action=CaseAction.OPENED, actor=ohio_trainer, text=case.allegation
        )
        CaseEvent.objects.create(
            case=case, action=CaseAction.RESPONDED, actor=certification.person, text=case.response
        )
        _close(case, timezone.now())
        _resolve(case.concern, timezone.now(), ohio_trainer)
        attachment = ConcernAttachment.objects.create(
            concern=case.concern,
            file=ContentFile(b"a note about the group", name="note.txt"),
            original_name="note.txt",
            content_type="text/plain",
            size=22,
        )
    return {"case": case, "attachment": attachment}


def _travel(days):
    return time_machine.travel(START + datetime.timedelta(days=days), tick=False)


def test_a_file_is_kept_until_its_period_ends(closed):
    with _travel(729):
        report = run_sweep()
    assert report.attachments_removed == []
    attachment = ConcernAttachment.objects.get()
    assert attachment.file and attachment.file.storage.exists(attachment.file.name)


def test_a_file_past_its_period_is_deleted_with_a_record(
    closed, django_capture_on_commit_callbacks
):
    attachment = closed["attachment"]
    name = attachment.file.name
    storage = attachment.file.storage
    with _travel(731), django_capture_on_commit_callbacks(execute=True):
        report = run_sweep()
    assert report.attachments_removed == [attachment.pk]
    assert not storage.exists(name)
    kept = ConcernAttachment.objects.get(pk=attachment.pk)  # the row stays
    assert not kept.file and kept.original_name == "note.txt" and kept.size == 22
    note = ConcernEvent.objects.get(concern=attachment.concern, details__retention=True)
    assert note.action == ConcernAction.NOTE and note.actor is None
    assert "note.txt" in note.text and note.details["file_removed"] == "note.txt"
    assert "concern files deleted" in str(report)


def test_a_closed_case_keeps_its_words_until_its_period_ends(closed):
    with _travel(2554):
        assert run_sweep().cases_redacted == []
    assert DecertificationCase.objects.get().response == "FRANK-RESPONSE"


def test_a_closed_case_past_its_period_keeps_outcome_and_dates_only(closed):
    case = closed["case"]
    steps_before = list(case.events.values_list("pk", "action", "actor_id", "created_at"))
    assert case.events.filter(text="FRANK-RESPONSE").exists()
    with _travel(2556):
        report = run_sweep()
    assert report.cases_redacted == [case.pk]
    redacted = DecertificationCase.objects.get(pk=case.pk)
    for name in ("allegation", "response", "decision_reasons"):
        assert getattr(redacted, name) == REDACTED
    assert redacted.appeal == "" and redacted.appeal_reasons == ""  # nothing was written
    assert (redacted.decision, redacted.final_decision) == (case.decision, case.decision)
    assert (redacted.opened_at, redacted.decided_at, redacted.closed_at) == (
        case.opened_at,
        case.decided_at,
        case.closed_at,
    )
    assert ConcernEvent.objects.filter(concern=case.concern, details__case=case.pk).count() == 1
    # The timeline keeps every step, cause and date; only the words it repeated are gone.
    assert list(case.events.values_list("pk", "action", "actor_id", "created_at")) == steps_before
    assert set(case.events.values_list("text", flat=True)) <= {"", REDACTED}


def test_the_rule_runs_once(closed, django_capture_on_commit_callbacks):
    with _travel(2600), django_capture_on_commit_callbacks(execute=True):
        first = run_sweep()
        second = run_sweep()
    assert (len(first.attachments_removed), len(first.cases_redacted)) == (1, 1)
    assert (second.attachments_removed, second.cases_redacted) == ([], [])
    assert ConcernEvent.objects.filter(details__retention=True).count() == 2


def test_each_program_sets_its_own_periods(closed, program):
    program.concern_attachment_retention_days = 30
    program.closed_case_retention_days = 365
    program.save()
    with _travel(366):
        report = run_sweep()
    assert len(report.attachments_removed) == 1 and len(report.cases_redacted) == 1


def test_open_cases_and_unresolved_concerns_are_never_touched(certification, ohio_trainer):
    with time_machine.travel(START, tick=False):
        case = decertification_case(
            certification, decided_by=ohio_trainer, may_reenroll_on=datetime.date(2026, 3, 3)
        )
        ConcernAttachment.objects.create(
            concern=case.concern,
            file=ContentFile(b"open", name="open.txt"),
            original_name="open.txt",
            content_type="text/plain",
            size=4,
        )
    report = SweepReport()
    with _travel(5000):
        apply_retention(report)  # the rest of the sweep would close the case by then
    assert (report.attachments_removed, report.cases_redacted) == ([], [])


def test_the_command_reports_the_counts(closed, capsys):
    with _travel(2600):
        call_command("certification_sweep")
    out = capsys.readouterr().out
    assert "1 concern files deleted" in out and "1 closed cases' words removed" in out


def test_a_deleted_file_is_no_longer_offered_for_download(client, closed, ohio_trainer):
    from django.urls import reverse

    attachment = closed["attachment"]
    with _travel(731):
        run_sweep()
    client.force_login(ohio_trainer)
    url = reverse(
        "certification:concern_attachment", args=[attachment.concern.reference, attachment.pk]
    )
    assert client.get(url).status_code == 404
    page = client.get(
        reverse("certification:concern_detail", args=[attachment.concern.reference])
    ).content.decode()
    assert "deleted by the retention rule" in page
