"""Concerns reported without a certificate number: the report, who sees it and is told, linking
it to a certificate, and what waits until it is linked."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from certification import permissions
from certification.errors import DomainError
from certification.models import (
    CertificationStatus,
    Concern,
    ConcernAction,
    ConcernStatus,
    Role,
)
from certification.selectors.fidelity import link_candidates
from certification.services.certificates import certification_suspend
from certification.services.fidelity import concerns as svc
from certification.services.fidelity.concern_links import concern_link
from tests.certification.conftest import issue
from tests.factories import UserFactory, grant

WHAT = "Told a member which blood pressure pill to take."


def describe(program_, affiliate_, **overrides):
    fields = {
        "actor": None,
        "subject_name": "Frank H.",
        "program": program_,
        "affiliate": affiliate_,
        "subject_place": "Tuesday group at the library",
        "category": "medical_advice",
        "what_happened": WHAT,
        "happened_on": None,
        "setting": "group",
        "reporter_email": "worried@example.org",
    }
    fields.update(overrides)
    return svc.concern_report(**fields)


@pytest.fixture
def unlinked(program, cleveland):
    return describe(program, cleveland)


# --- reporting -----------------------------------------------------------------------------


def test_described_report_belongs_to_the_chosen_affiliate_and_program(unlinked, program, cleveland):
    assert unlinked.certification is None and unlinked.subject is None
    assert unlinked.affiliate == cleveland and unlinked.program.pk == program.pk
    assert unlinked.subject_name == "Frank H."
    assert unlinked.subject_place == "Tuesday group at the library"
    assert not unlinked.is_linked and unlinked.reported_without_number
    assert unlinked.facilitator_label == (
        "Not linked yet: reported as Frank H., Tuesday group at the library"
    )
    assert unlinked.events.get().action == ConcernAction.RECEIVED


def test_described_report_emails_the_affiliate_and_state_without_the_narrative(
    program,
    cleveland,
    cleveland_coordinator,
    dayton_coordinator,
    ohio_trainer,
    texas_trainer,
    national_staff,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = describe(program, cleveland)
    ack = [m for m in mail.outbox if m.to == ["worried@example.org"]]
    assert len(ack) == 1
    assert concern.reference in ack[0].body
    assert f"/report/status/{concern.status_token}/" in ack[0].body
    assert "/report/status/\n" in ack[0].body  # the lookup by reference and email
    assert "certificate number" not in ack[0].body
    reviewers = [m for m in mail.outbox if m.to != ["worried@example.org"]]
    assert len(reviewers) == 1
    assert sorted(reviewers[0].to) == sorted([cleveland_coordinator.email, ohio_trainer.email])
    body = reviewers[0].body
    assert "Frank H., Tuesday group at the library" in body
    assert "did not know the certificate number" in body
    assert WHAT not in body


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"subject_name": "  "}, {"subject_name"}),
        ({"program": None}, {"program"}),
        ({"affiliate": None}, {"affiliate"}),
        (
            {"subject_name": "", "program": None, "affiliate": None},
            {"subject_name", "program", "affiliate"},
        ),
        ({"subject_name": "x" * 201}, {"subject_name"}),
        ({"subject_place": "x" * 201}, {"subject_place"}),
    ],
)
def test_described_report_needs_name_program_and_affiliate(program, cleveland, overrides, fields):
    with pytest.raises(DomainError) as error:
        describe(program, cleveland, **overrides)
    assert set(error.value.message_dict) == fields
    assert not Concern.objects.exists()


def test_described_report_refuses_a_state_an_inactive_affiliate_and_an_unpublished_program(
    program, cleveland, ohio
):
    with pytest.raises(DomainError) as error:
        describe(program, ohio)
    assert set(error.value.message_dict) == {"affiliate"}
    cleveland.is_active = False
    cleveland.save(update_fields=["is_active"])
    with pytest.raises(DomainError):
        describe(program, cleveland)
    cleveland.is_active = True
    cleveland.save(update_fields=["is_active"])
    program.unpublish()
    with pytest.raises(DomainError) as error:
        describe(program, cleveland)
    assert set(error.value.message_dict) == {"program"}
    assert not Concern.objects.exists()


def test_a_report_is_by_certificate_or_by_description_not_both(certification, program, cleveland):
    with pytest.raises(DomainError):
        describe(program, cleveland, certification=certification)
    assert not Concern.objects.exists()


# --- who sees it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("cleveland_coordinator", True),
        ("ohio_trainer", True),
        ("national_staff", True),
        ("dayton_coordinator", False),
        ("texas_trainer", False),
        ("outsider", False),
    ],
)
def test_unlinked_concern_is_seen_by_the_reviewers_of_its_affiliate(unlinked, request, who, sees):
    user = request.getfixturevalue(who)
    assert permissions.concerns_visible_to(user).filter(pk=unlinked.pk).exists() is sees
    assert permissions.can_view_concern(user, unlinked) is sees


def test_a_reviewer_with_the_reported_name_neither_sees_nor_hears_of_it(
    program, cleveland, django_capture_on_commit_callbacks
):
    namesake = UserFactory(full_name="Frank H.")
    grant(namesake, cleveland, Role.AFFILIATE_COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        concern = describe(program, cleveland, subject_name="frank h.")
    assert not permissions.concerns_visible_to(namesake).filter(pk=concern.pk).exists()
    assert not permissions.can_view_concern(namesake, concern)
    assert not any(namesake.email in message.to for message in mail.outbox)


# --- linking -------------------------------------------------------------------------------


def test_trainer_links_the_concern_to_the_certificate(unlinked, certification, ohio_trainer):
    concern = concern_link(actor=ohio_trainer, concern=unlinked, certification=certification)
    concern.refresh_from_db()
    assert concern.certification == certification
    assert concern.subject == certification.person
    assert concern.subject_name == "Frank H."  # the reporter's words are kept
    event = concern.events.get(action=ConcernAction.LINKED)
    assert event.actor == ohio_trainer
    assert event.details["number"] == certification.display_number
    assert concern.facilitator_label == "Frank Hollis"


def test_a_concern_is_linked_once(unlinked, certification, ohio_trainer, program, cleveland):
    concern_link(actor=ohio_trainer, concern=unlinked, certification=certification)
    other = issue(UserFactory(full_name="Frank Hale"), program, cleveland)
    with pytest.raises(DomainError, match="already linked"):
        concern_link(actor=ohio_trainer, concern=unlinked, certification=other)
    by_number = svc.concern_report(
        actor=None,
        certification=certification,
        category="boundaries",
        what_happened="x",
        happened_on=None,
        setting="group",
    )
    with pytest.raises(DomainError, match="already linked"):
        concern_link(actor=ohio_trainer, concern=by_number, certification=other)


def test_only_those_who_may_triage_link(
    unlinked, certification, cleveland_coordinator, texas_trainer
):
    for user in (cleveland_coordinator, texas_trainer):
        with pytest.raises(PermissionDenied):
            concern_link(actor=user, concern=unlinked, certification=certification)
    assert not Concern.objects.get(pk=unlinked.pk).is_linked


def test_link_refuses_another_program_another_state_and_ended_certificates(
    unlinked, ohio_trainer, national_staff, cleveland, austin
):
    from curriculum.models import ProgramPage

    other_program = ProgramPage(title="Class Teacher", slug="class-teacher", validity_months=24)
    unlinked.program.get_parent().add_child(instance=other_program)
    elsewhere = issue(UserFactory(), other_program, cleveland)
    with pytest.raises(DomainError, match="Class Teacher"):
        concern_link(actor=ohio_trainer, concern=unlinked, certification=elsewhere)
    in_texas = issue(UserFactory(), unlinked.program, austin)
    with pytest.raises(DomainError, match="another state"):
        concern_link(actor=national_staff, concern=unlinked, certification=in_texas)
    with pytest.raises(DomainError, match="could not find"):
        concern_link(actor=ohio_trainer, concern=unlinked, certification=in_texas)
    with pytest.raises(DomainError, match="could not find"):
        concern_link(actor=ohio_trainer, concern=unlinked, certification=None)
    ended = issue(UserFactory(), unlinked.program, cleveland)
    ended.status = CertificationStatus.EXPIRED
    ended.save(update_fields=["status"])
    with pytest.raises(DomainError, match="expired"):
        concern_link(actor=ohio_trainer, concern=unlinked, certification=ended)
    assert not Concern.objects.get(pk=unlinked.pk).is_linked
    assert not unlinked.events.filter(action=ConcernAction.LINKED).exists()


def test_link_refuses_the_reviewers_own_certificate_and_the_reporters(
    program, cleveland, ohio_trainer, outsider
):
    concern = describe(program, cleveland, subject_name="Tomas Alvarez Jr")
    own = issue(ohio_trainer, program, cleveland)
    with pytest.raises(DomainError, match="your own certificate"):
        concern_link(actor=ohio_trainer, concern=concern, certification=own)
    mine = describe(program, cleveland, actor=outsider, reporter_email="")
    reporters = issue(outsider, program, cleveland)
    with pytest.raises(DomainError, match="reporter"):
        concern_link(actor=ohio_trainer, concern=mine, certification=reporters)


def test_link_within_the_state_moves_the_concern_to_the_certificates_affiliate(
    unlinked, program, dayton, dayton_coordinator, ohio_trainer, django_capture_on_commit_callbacks
):
    at_dayton = issue(UserFactory(full_name="Frank Hale"), program, dayton)
    with django_capture_on_commit_callbacks(execute=True):
        concern = concern_link(actor=ohio_trainer, concern=unlinked, certification=at_dayton)
    concern.refresh_from_db()
    assert concern.affiliate == dayton
    event = concern.events.get(action=ConcernAction.LINKED)
    assert event.details["reported_affiliate"] == "Cleveland Peer Support"
    moved = [m for m in mail.outbox if dayton_coordinator.email in m.to]
    assert len(moved) == 1 and unlinked.reference in moved[0].subject
    assert permissions.can_view_concern(dayton_coordinator, concern)


def test_resolved_concern_cannot_be_linked(unlinked, certification, ohio_trainer):
    svc.concern_triage(actor=ohio_trainer, concern=unlinked, severity="low", owner=ohio_trainer)
    svc.concern_review_start(actor=ohio_trainer, concern=unlinked)
    svc.concern_resolve(
        actor=ohio_trainer, concern=unlinked, outcome="unfounded", summary="Not our facilitator."
    )
    with pytest.raises(DomainError, match="resolved"):
        concern_link(actor=ohio_trainer, concern=unlinked, certification=certification)


def test_link_candidates_match_the_reported_name_in_the_program_and_state(
    unlinked, certification, program, dayton, austin, ohio_trainer, cleveland_coordinator
):
    at_dayton = issue(UserFactory(full_name="Frank Hale"), program, dayton)
    issue(UserFactory(full_name="Frank Austin"), program, austin)  # another state
    issue(UserFactory(full_name="Olive Marsh"), program, dayton)  # another name
    assert link_candidates(ohio_trainer, unlinked) == [certification, at_dayton]
    # A coordinator sees only their affiliate's roster.
    assert link_candidates(cleveland_coordinator, unlinked) == [certification]
    concern_link(actor=ohio_trainer, concern=unlinked, certification=certification)
    assert link_candidates(ohio_trainer, Concern.objects.get(pk=unlinked.pk)) == []


# --- what waits for the link ---------------------------------------------------------------


def test_suspension_pending_review_waits_for_the_link(unlinked, certification, ohio_trainer):
    svc.concern_triage(actor=ohio_trainer, concern=unlinked, severity="urgent", owner=ohio_trainer)
    with pytest.raises(DomainError, match="Link this concern"):
        svc.concern_suspend_pending_review(actor=ohio_trainer, concern=unlinked, reason="Risk.")
    concern_link(actor=ohio_trainer, concern=unlinked, certification=certification)
    svc.concern_suspend_pending_review(actor=ohio_trainer, concern=unlinked, reason="Risk.")
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED


@pytest.mark.parametrize("outcome", ["coaching", "suspension", "decertification_case"])
def test_outcomes_that_act_on_a_certificate_wait_for_the_link(unlinked, ohio_trainer, outcome):
    svc.concern_triage(actor=ohio_trainer, concern=unlinked, severity="high", owner=ohio_trainer)
    svc.concern_review_start(actor=ohio_trainer, concern=unlinked)
    with pytest.raises(DomainError) as error:
        svc.concern_resolve(
            actor=ohio_trainer,
            concern=unlinked,
            outcome=outcome,
            summary="Summary.",
            plan_actions="Retake Boundaries.",
            plan_due_on=timezone.localdate() + datetime.timedelta(days=30),
            allegation="Medical advice.",
            suspension_reason="Risk.",
        )
    assert set(error.value.message_dict) == {"outcome"}
    assert Concern.objects.get(pk=unlinked.pk).status == ConcernStatus.UNDER_REVIEW


@pytest.mark.parametrize("outcome", ["unfounded", "no_action"])
def test_unfounded_or_no_action_needs_no_link(unlinked, ohio_trainer, outcome):
    svc.concern_triage(actor=ohio_trainer, concern=unlinked, severity="low", owner=ohio_trainer)
    svc.concern_review_start(actor=ohio_trainer, concern=unlinked)
    concern = svc.concern_resolve(
        actor=ohio_trainer, concern=unlinked, outcome=outcome, summary="Not a facilitator of ours."
    )
    assert concern.status == ConcernStatus.RESOLVED and not concern.is_linked


def test_after_the_link_coaching_sets_a_plan(unlinked, certification, ohio_trainer, facilitator):
    concern_link(actor=ohio_trainer, concern=unlinked, certification=certification)
    svc.concern_triage(actor=ohio_trainer, concern=unlinked, severity="low", owner=ohio_trainer)
    svc.concern_review_start(actor=ohio_trainer, concern=unlinked)
    svc.concern_resolve(
        actor=ohio_trainer,
        concern=unlinked,
        outcome="coaching",
        summary="Coaching agreed.",
        plan_actions="Retake Scope.",
        plan_due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert unlinked.plans.get().facilitator == facilitator


def test_suspended_certificate_does_not_confuse_an_unlinked_resolution(
    unlinked, certification, ohio_trainer
):
    certification_suspend(actor=ohio_trainer, certification=certification, reason="Other matter.")
    svc.concern_triage(actor=ohio_trainer, concern=unlinked, severity="low", owner=ohio_trainer)
    svc.concern_review_start(actor=ohio_trainer, concern=unlinked)
    svc.concern_resolve(actor=ohio_trainer, concern=unlinked, outcome="unfounded", summary="No.")
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED
