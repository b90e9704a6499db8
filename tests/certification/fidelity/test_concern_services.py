"""Concern services: reporting (routing, attachments, emails), the workflow and its refusals,
and outcomes applied to the certification with its history."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.errors import DomainError
from certification.models import (
    CertificationAction,
    CertificationStatus,
    Concern,
    ConcernAction,
    ConcernAttachment,
    ConcernEvent,
    ConcernStatus,
    DecertificationCase,
    ImprovementPlan,
    SystemCause,
)
from certification.models.fidelity import MAX_ATTACHMENT_BYTES
from certification.services.certificates import certification_leave
from certification.services.fidelity import concerns as svc
from certification.services.fidelity.attachments import sniff_type
from certification.services.fidelity.concern_notices import reviewer_emails
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
TEXT = "Notes from the group, in my words: café.".encode()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def report(certification, actor=None, **overrides):
    fields = {
        "category": "boundaries",
        "what_happened": "Gave out a personal phone number and met a member alone.",
        "happened_on": datetime.date(2025, 1, 10),
        "setting": "group",
        "reporter_email": "" if actor else "worried@example.org",
    }
    fields.update(overrides)
    return svc.concern_report(actor=actor, certification=certification, **fields)


def future(days=30):
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=days)


def actions(concern):
    return list(concern.events.values_list("action", flat=True))


# --- reporting ---------------------------------------------------------------------------


def test_public_report_is_routed_to_the_certificates_affiliate_and_program(
    certification, cleveland, program
):
    concern = report(certification, reporter_name="Pat Doe", reporter_phone="555-0100")
    assert concern.affiliate == cleveland
    assert concern.program.pk == program.pk
    assert concern.subject == certification.person
    assert concern.reporter is None
    assert concern.reporter_name == "Pat Doe"
    assert concern.status == ConcernStatus.RECEIVED
    assert concern.reference.startswith("FC-")
    event = concern.events.get()
    assert event.action == ConcernAction.RECEIVED
    assert event.actor is None


def test_signed_in_report_records_the_reporter(certification, outsider):
    concern = report(certification, actor=outsider)
    assert concern.reporter == outsider
    assert concern.events.get().actor == outsider


def test_acknowledgement_and_reviewer_emails(
    certification,
    cleveland_coordinator,
    dayton_coordinator,
    ohio_trainer,
    texas_trainer,
    national_staff,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = report(certification, reporter_name="Pat Doe")
    ack = [m for m in mail.outbox if m.to == ["worried@example.org"]]
    assert len(ack) == 1
    assert concern.reference in ack[0].subject
    assert f"/report/status/{concern.status_token}/" in ack[0].body
    assert "Frank" not in ack[0].body  # the reporter is not told more than they typed
    reviewers = [m for m in mail.outbox if m.to != ["worried@example.org"]]
    assert len(reviewers) == 1
    assert sorted(reviewers[0].to) == sorted([cleveland_coordinator.email, ohio_trainer.email])
    assert "Pat Doe" in reviewers[0].body
    assert f"/fidelity/concerns/{concern.reference}/" in reviewers[0].body


def test_confidential_reporter_is_not_named_to_reviewers_by_email(
    certification, cleveland_coordinator, ohio_trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(
            certification,
            reporter_name="Pat Doe",
            reporter_email="pat@example.org",
            reporter_is_confidential=True,
        )
    reviewer_mail = [m for m in mail.outbox if cleveland_coordinator.email in m.to]
    assert len(reviewer_mail) == 1
    assert "Pat Doe" not in reviewer_mail[0].body
    assert "pat@example.org" not in reviewer_mail[0].body
    assert "confidential" in reviewer_mail[0].body


def test_signed_in_reporter_gets_the_acknowledgement(
    certification, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = report(certification, actor=outsider)
    ack = [m for m in mail.outbox if m.to == [outsider.email]]
    assert len(ack) == 1 and concern.reference in ack[0].body


def test_reporter_cannot_report_themselves(certification, facilitator):
    with pytest.raises(DomainError, match="yourself"):
        report(certification, actor=facilitator)
    with pytest.raises(DomainError, match="yourself"):
        report(certification, reporter_email=facilitator.email.upper())
    assert not Concern.objects.exists()


@pytest.mark.parametrize("status", ["on_leave", "suspended"])
def test_live_but_not_active_certificates_can_be_reported(certification, ohio_trainer, status):
    if status == "on_leave":
        certification_leave(actor=certification.person, certification=certification)
    else:
        from certification.services.certificates import certification_suspend

        certification_suspend(actor=ohio_trainer, certification=certification, reason="r")
    certification.refresh_from_db()
    assert report(certification).status == ConcernStatus.RECEIVED


def test_ended_certificate_cannot_be_reported(certification):
    certification.status = CertificationStatus.EXPIRED
    certification.save()
    with pytest.raises(DomainError, match="not current"):
        report(certification)
    assert not Concern.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"category": "gossip"}, "category"),
        ({"setting": "moon"}, "setting"),
        ({"what_happened": "   "}, "what_happened"),
        ({"happened_on": datetime.date(2999, 1, 1)}, "happened_on"),
    ],
)
def test_report_fields_are_checked(certification, overrides, field):
    with pytest.raises(DomainError) as caught:
        report(certification, **overrides)
    assert field in caught.value.error_dict
    assert not Concern.objects.exists()


# --- attachments -------------------------------------------------------------------------


def test_attachments_are_stored_with_the_sniffed_type(certification):
    concern = report(
        certification,
        attachments=[
            upload("note.pdf", PDF, "text/html"),  # what the browser says does not count
            upload("photo.JPG", JPEG, "image/jpeg"),
            upload("notes.txt", TEXT, "text/plain"),
        ],
    )
    stored = list(concern.attachments.order_by("id"))
    assert [a.content_type for a in stored] == ["application/pdf", "image/jpeg", "text/plain"]
    assert [a.original_name for a in stored] == ["note.pdf", "photo.JPG", "notes.txt"]
    assert stored[0].file.read() == PDF
    assert "note" not in stored[0].file.name  # stored under a random name
    assert concern.events.get().details == {"attachments": 3}


@pytest.mark.parametrize(
    "files, message",
    [
        ([upload(f"f{i}.png", PNG) for i in range(4)], "up to 3 files"),
        ([upload("big.pdf", b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES)], "larger than 5 MB"),
        ([upload("empty.txt", b"")], "is empty"),
        ([upload("run.exe", b"MZ\x90\x00\x03\x00\x00\x00")], "is not a PDF"),
        ([upload("photo.png", b"MZ\x90\x00\x03\x00\xff\xfe")], "is not a PDF"),
        ([upload("fake.png", PDF, "image/png")], "is not a PDF"),  # type and name disagree
        ([upload("page.html", b"<script>alert(1)</script>", "text/plain")], "is not a PDF"),
        ([upload("latin1.txt", "caf\xe9".encode("latin-1"))], "is not a PDF"),
        ([upload("nul.txt", b"abc\x00def")], "is not a PDF"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_written(certification, files, message):
    with pytest.raises(DomainError, match=message) as caught:
        report(certification, attachments=files)
    assert "attachments" in caught.value.error_dict
    assert not Concern.objects.exists()
    assert not ConcernAttachment.objects.exists()


def test_sniff_type():
    assert sniff_type(PDF[:16], PDF) == "application/pdf"
    assert sniff_type(PNG[:16], PNG) == "image/png"
    assert sniff_type(JPEG[:16], JPEG) == "image/jpeg"
    assert sniff_type(TEXT[:16], TEXT) == "text/plain"
    assert sniff_type(b"\xff\xfe", b"\xff\xfe") is None


# --- the workflow ------------------------------------------------------------------------


def test_triage_sets_severity_and_owner(certification, ohio_trainer):
    concern = svc.concern_triage(
        actor=ohio_trainer, concern=report(certification), severity="high", owner=ohio_trainer
    )
    concern.refresh_from_db()
    assert (concern.status, concern.severity, concern.owner) == ("triaged", "high", ohio_trainer)
    event = concern.events.get(action=ConcernAction.TRIAGED)
    assert event.actor == ohio_trainer and event.details["severity"] == "high"


def test_owner_must_be_able_to_manage_the_concern(
    certification, ohio_trainer, cleveland_coordinator, texas_trainer, national_staff, facilitator
):
    concern = report(certification)
    for owner in (cleveland_coordinator, texas_trainer, facilitator):
        with pytest.raises(DomainError) as caught:
            svc.concern_triage(actor=ohio_trainer, concern=concern, severity="low", owner=owner)
        assert "owner" in caught.value.error_dict
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="low", owner=national_staff)
    concern.refresh_from_db()
    assert concern.owner == national_staff


@pytest.mark.parametrize(
    "who", ["cleveland_coordinator", "dayton_coordinator", "texas_trainer", "outsider"]
)
def test_only_trainers_of_the_state_and_national_staff_triage(
    certification, ohio_trainer, who, request
):
    concern = report(certification)
    with pytest.raises(PermissionDenied):
        svc.concern_triage(
            actor=request.getfixturevalue(who), concern=concern, severity="low", owner=ohio_trainer
        )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RECEIVED
    assert actions(concern) == ["received"]


def test_subject_may_not_manage_a_concern_about_themselves(certification, facilitator, ohio):
    from certification.models import Role
    from tests.factories import grant

    grant(facilitator, ohio, Role.STATE_TRAINER)
    concern = report(certification)
    with pytest.raises(PermissionDenied):
        svc.concern_triage(actor=facilitator, concern=concern, severity="low", owner=facilitator)
    with pytest.raises(PermissionDenied):
        svc.concern_note_add(actor=facilitator, concern=concern, text="hi")


def test_full_workflow_order_and_refusals(certification, ohio_trainer):
    concern = report(certification)
    with pytest.raises(DomainError, match="received cannot be put under review"):
        svc.concern_review_start(actor=ohio_trainer, concern=concern)
    with pytest.raises(DomainError, match="received cannot be resolved"):
        svc.concern_resolve(actor=ohio_trainer, concern=concern, outcome="no_action", summary="x")
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="medium", owner=ohio_trainer)
    with pytest.raises(DomainError, match="triaged cannot be resolved"):
        svc.concern_resolve(actor=ohio_trainer, concern=concern, outcome="no_action", summary="x")
    svc.concern_review_start(actor=ohio_trainer, concern=concern)
    with pytest.raises(DomainError, match="under review cannot be put under review"):
        svc.concern_review_start(actor=ohio_trainer, concern=concern)
    # A new owner or severity while under review keeps the status.
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="high", owner=ohio_trainer)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.UNDER_REVIEW
    svc.concern_resolve(
        actor=ohio_trainer, concern=concern, outcome="no_action", summary="Talked to all."
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RESOLVED and concern.resolved_at
    for call in (
        lambda: svc.concern_triage(
            actor=ohio_trainer, concern=concern, severity="low", owner=ohio_trainer
        ),
        lambda: svc.concern_note_add(actor=ohio_trainer, concern=concern, text="late"),
        lambda: svc.concern_resolve(
            actor=ohio_trainer, concern=concern, outcome="unfounded", summary="again"
        ),
    ):
        with pytest.raises(DomainError, match="resolved cannot"):
            call()
    assert actions(concern) == ["received", "triaged", "review_started", "triaged", "resolved"]


def test_notes_and_contacts_by_every_reviewer(
    certification, cleveland_coordinator, ohio_trainer, dayton_coordinator
):
    concern = report(certification)
    svc.concern_note_add(actor=cleveland_coordinator, concern=concern, text="Called the member.")
    svc.concern_note_add(
        actor=ohio_trainer, concern=concern, text="Spoke with Frank.", kind="contact"
    )
    with pytest.raises(PermissionDenied):
        svc.concern_note_add(actor=dayton_coordinator, concern=concern, text="nosy")
    with pytest.raises(DomainError):
        svc.concern_note_add(actor=ohio_trainer, concern=concern, text="  ")
    with pytest.raises(DomainError):
        svc.concern_note_add(actor=ohio_trainer, concern=concern, text="x", kind="gossip")
    assert actions(concern) == ["received", "note", "contact"]


def reviewing(certification, trainer, severity="high", **kwargs):
    concern = report(certification, **kwargs)
    svc.concern_triage(actor=trainer, concern=concern, severity=severity, owner=trainer)
    svc.concern_review_start(actor=trainer, concern=concern)
    concern.refresh_from_db()
    return concern


def test_every_change_writes_one_event_in_the_same_transaction(certification, ohio_trainer):
    concern = reviewing(certification, ohio_trainer)
    before = ConcernEvent.objects.count()
    with pytest.raises(DomainError):
        # The plan's date is in the past: nothing of the resolution is kept.
        svc.concern_resolve(
            actor=ohio_trainer,
            concern=concern,
            outcome="coaching",
            summary="Needs coaching.",
            plan_actions="Review the boundaries module.",
            plan_due_on=datetime.date(2000, 1, 1),
        )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.UNDER_REVIEW and not concern.outcome
    assert ConcernEvent.objects.count() == before
    assert not ImprovementPlan.objects.exists()


# --- suspension pending review -----------------------------------------------------------


def test_urgent_concern_suspends_pending_review_and_unfounded_reinstates(
    certification, ohio_trainer
):
    concern = reviewing(certification, ohio_trainer, severity="urgent")
    svc.concern_suspend_pending_review(
        actor=ohio_trainer, concern=concern, reason="Member at risk."
    )
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED
    suspend = certification.history.get(action=CertificationAction.SUSPEND)
    assert concern.reference in suspend.reason and suspend.actor == ohio_trainer
    event = concern.events.get(action=ConcernAction.SUSPENDED)
    assert event.details["certification_event"] == suspend.pk

    svc.concern_resolve(
        actor=ohio_trainer, concern=concern, outcome="unfounded", summary="Not what happened."
    )
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE
    reinstate = certification.history.get(action=CertificationAction.REINSTATE)
    assert concern.reference in reinstate.reason
    assert concern.events.get(action=ConcernAction.RESOLVED).details["reinstated"] is True


def test_safety_concern_may_suspend_the_day_it_arrives(certification, ohio_trainer):
    concern = report(certification, category="safety")
    svc.concern_suspend_pending_review(actor=ohio_trainer, concern=concern, reason="Safety.")
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RECEIVED


def test_suspension_pending_review_refusals(certification, ohio_trainer, cleveland_coordinator):
    concern = reviewing(certification, ohio_trainer, severity="high")
    with pytest.raises(DomainError, match="urgent"):
        svc.concern_suspend_pending_review(actor=ohio_trainer, concern=concern, reason="r")
    with pytest.raises(PermissionDenied):
        svc.concern_suspend_pending_review(actor=cleveland_coordinator, concern=concern, reason="r")
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="urgent", owner=ohio_trainer)
    with pytest.raises(DomainError) as caught:
        svc.concern_suspend_pending_review(actor=ohio_trainer, concern=concern, reason=" ")
    assert "reason" in caught.value.error_dict
    svc.concern_suspend_pending_review(actor=ohio_trainer, concern=concern, reason="r")
    with pytest.raises(DomainError, match="is suspended"):
        svc.concern_suspend_pending_review(actor=ohio_trainer, concern=concern, reason="again")
    certification.refresh_from_db()
    assert certification.history.filter(action=CertificationAction.SUSPEND).count() == 1


def test_unfounded_does_not_lift_a_later_unrelated_suspension(certification, ohio_trainer):
    from certification.services.certificates import (
        certification_reinstate,
        certification_suspend,
    )

    concern = reviewing(certification, ohio_trainer, severity="urgent")
    svc.concern_suspend_pending_review(actor=ohio_trainer, concern=concern, reason="r")
    certification_reinstate(actor=ohio_trainer, certification=certification, reason="ok")
    certification_suspend(actor=ohio_trainer, certification=certification, reason="other")
    svc.concern_resolve(actor=ohio_trainer, concern=concern, outcome="no_action", summary="s")
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED


# --- outcomes ----------------------------------------------------------------------------


def test_coaching_sets_an_improvement_plan(certification, ohio_trainer, facilitator):
    concern = reviewing(certification, ohio_trainer)
    due = future(45)
    svc.concern_resolve(
        actor=ohio_trainer,
        concern=concern,
        outcome="coaching",
        summary="Boundaries slipped.",
        plan_actions="Retake the Boundaries module; co-lead two groups.",
        plan_due_on=due,
    )
    concern.refresh_from_db()
    assert concern.outcome == "coaching"
    plan = ImprovementPlan.objects.get()
    assert (plan.concern, plan.facilitator, plan.due_on) == (concern, facilitator, due)
    assert actions(concern)[-2:] == ["plan_added", "resolved"]
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE


def test_coaching_needs_a_plan(certification, ohio_trainer):
    concern = reviewing(certification, ohio_trainer)
    with pytest.raises(DomainError) as caught:
        svc.concern_resolve(actor=ohio_trainer, concern=concern, outcome="coaching", summary="s")
    assert "plan_actions" in caught.value.error_dict
    with pytest.raises(DomainError) as caught:
        svc.concern_resolve(
            actor=ohio_trainer,
            concern=concern,
            outcome="coaching",
            summary="s",
            plan_actions="Do this.",
            plan_due_on=datetime.date(2000, 1, 1),
        )
    assert "plan_due_on" in caught.value.error_dict


def test_suspension_outcome_suspends_with_history(certification, ohio_trainer):
    concern = reviewing(certification, ohio_trainer)
    with pytest.raises(DomainError) as caught:
        svc.concern_resolve(actor=ohio_trainer, concern=concern, outcome="suspension", summary="s")
    assert "suspension_reason" in caught.value.error_dict
    svc.concern_resolve(
        actor=ohio_trainer,
        concern=concern,
        outcome="suspension",
        summary="Serious breach.",
        suspension_reason="Shared a member's health details.",
    )
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED
    event = certification.history.get(action=CertificationAction.SUSPEND)
    assert "Shared a member's health details." in event.reason
    assert concern.reference in event.reason


def test_suspension_outcome_keeps_a_suspension_pending_review(certification, ohio_trainer):
    concern = reviewing(certification, ohio_trainer, severity="urgent")
    svc.concern_suspend_pending_review(actor=ohio_trainer, concern=concern, reason="r")
    svc.concern_resolve(actor=ohio_trainer, concern=concern, outcome="suspension", summary="s")
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED
    assert certification.history.filter(action=CertificationAction.SUSPEND).count() == 1
    assert concern.events.get(action="resolved").details["already_suspended"] is True


def test_suspension_outcome_refused_on_leave(certification, ohio_trainer, facilitator):
    concern = reviewing(certification, ohio_trainer)
    certification_leave(actor=facilitator, certification=certification)
    with pytest.raises(DomainError, match="on leave"):
        svc.concern_resolve(
            actor=ohio_trainer,
            concern=concern,
            outcome="suspension",
            summary="s",
            suspension_reason="r",
        )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.UNDER_REVIEW


def test_decertification_case_outcome_opens_a_case(
    certification, ohio_trainer, django_capture_on_commit_callbacks
):
    concern = reviewing(certification, ohio_trainer)
    with pytest.raises(DomainError) as caught:
        svc.concern_resolve(
            actor=ohio_trainer, concern=concern, outcome="decertification_case", summary="s"
        )
    assert "allegation" in caught.value.error_dict
    with django_capture_on_commit_callbacks(execute=True):
        svc.concern_resolve(
            actor=ohio_trainer,
            concern=concern,
            outcome="decertification_case",
            summary="Repeated advice on medication.",
            allegation="Gave medication advice in three groups after coaching.",
        )
    case = DecertificationCase.objects.get()
    assert case.concern == concern and case.certification == certification
    assert actions(concern)[-2:] == ["case_opened", "resolved"]
    assert concern.events.get(action="resolved").details["case"] == case.pk
    assert any(certification.person.email in m.to for m in mail.outbox)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE  # until the case is decided


def test_resolve_checks_outcome_and_summary(certification, ohio_trainer):
    concern = reviewing(certification, ohio_trainer)
    with pytest.raises(DomainError) as caught:
        svc.concern_resolve(actor=ohio_trainer, concern=concern, outcome="shrug", summary="s")
    assert "outcome" in caught.value.error_dict
    with pytest.raises(DomainError) as caught:
        svc.concern_resolve(actor=ohio_trainer, concern=concern, outcome="no_action", summary="")
    assert "summary" in caught.value.error_dict


def test_national_staff_manage_any_concern(certification, national_staff):
    concern = reviewing(certification, national_staff)
    svc.concern_resolve(actor=national_staff, concern=concern, outcome="no_action", summary="s")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RESOLVED


def test_reviewer_emails_skip_revoked_grants_and_the_subject(
    certification, cleveland_coordinator, ohio_trainer, cleveland
):
    from certification.models import Role, RoleGrant
    from certification.services.organizations import role_revoke
    from tests.factories import grant

    grant(certification.person, cleveland, Role.AFFILIATE_COORDINATOR)
    gone = UserFactory()
    grant(gone, cleveland, Role.AFFILIATE_COORDINATOR)
    role_revoke(
        actor=None,
        system_cause=SystemCause.SETUP,
        grant=RoleGrant.objects.get(user=gone, organization=cleveland),
    )
    concern = report(certification)
    assert reviewer_emails(concern) == sorted([cleveland_coordinator.email, ohio_trainer.email])
