"""Every history row names its cause: the person who did it, or the system job that did, never
both and never neither. Cascades name the person whose act set them off."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from certification.models import (
    CaseAction,
    CaseEvent,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    Concern,
    ConcernAction,
    ConcernEvent,
    ConcernOutcome,
    DecertificationCase,
    HistoryAction,
    HistoryEntry,
    SystemCause,
    caused_by,
)
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.enrollments import enrollment_create
from certification.services.fidelity.cases import case_decide, case_respond
from certification.services.fidelity.concerns import (
    concern_report,
    concern_resolve,
    concern_review_start,
    concern_triage,
)
from certification.services.sweep import run_sweep
from tests.factories import UserFactory, decertification_case

from .conftest import issue

User = get_user_model()
ISSUED = datetime.date(2026, 1, 15)
HISTORY_MODELS = (HistoryEntry, CertificationEvent, CaseEvent, ConcernEvent)


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(6)), tick=False)


@pytest.fixture
def certification(tree, program, trainee):
    with at(ISSUED):
        return issue(trainee, program, tree["cleveland"])


def public_report(certification):
    return concern_report(
        actor=None,
        certification=certification,
        category="boundaries",
        what_happened="Met a group member alone after the group.",
        happened_on=None,
        setting="group",
        reporter_email="worried@example.org",
    )


def row_fields(model, certification):
    """What one row of `model` needs besides its cause."""
    if model is HistoryEntry:
        return {"action": HistoryAction.ENROLLED}
    if model is CertificationEvent:
        return {
            "certification": certification,
            "action": CertificationAction.SUSPEND,
            "to_status": CertificationStatus.SUSPENDED,
        }
    if model is CaseEvent:
        case = decertification_case(
            certification,
            decided_by=UserFactory(),
            may_reenroll_on=datetime.date(2030, 1, 1),
        )
        return {"case": case, "action": CaseAction.OPENED}
    return {"concern": public_report(certification), "action": ConcernAction.NOTE}


# --- the rule, in the database ----------------------------------------------------------------


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda model: model.__name__)
def test_the_database_refuses_a_row_with_both_causes_or_neither(model, certification, trainee):
    fields = row_fields(model, certification)
    before = model.objects.count()
    for cause in ({"actor": trainee, "system_cause": SystemCause.SWEEP}, {"actor": None}):
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.create(**fields, **cause)
    assert model.objects.count() == before
    model.objects.create(**fields, actor=trainee)
    model.objects.create(**fields, system_cause=SystemCause.SWEEP)
    assert model.objects.count() == before + 2


def test_services_name_a_cause_before_writing(trainee):
    with pytest.raises(ValueError, match="not both"):
        caused_by(trainee, SystemCause.SWEEP)
    with pytest.raises(ValueError, match="who caused it"):
        caused_by(None, "")
    assert caused_by(None, "sweep") == {"actor": None, "system_cause": SystemCause.SWEEP}


# --- system jobs name themselves ----------------------------------------------------------


def test_the_sweep_names_itself_on_expiry_and_on_suspension(
    certification, program, national_staff, tree
):
    with at(datetime.date(2026, 6, 1)):
        conduct_publish(
            actor=national_staff,
            code=conduct_draft(actor=national_staff, program=program, title="v2", text="New."),
        )
    with at(datetime.date(2026, 7, 15)):
        assert run_sweep().suspended == [certification.number]
    later = issue(UserFactory(), program, tree["cleveland"])  # issued now, expires in 2 years
    with at(later.expires_on + datetime.timedelta(days=1)):
        assert later.number in run_sweep().expired
    suspended = certification.history.get(action=CertificationAction.SUSPEND)
    expired = later.history.get(action=CertificationAction.EXPIRE)
    for row in (suspended, expired):
        assert row.actor is None
        assert row.system_cause == SystemCause.SWEEP
        assert row.cause_label == "System (the nightly sweep)"


def test_a_public_report_names_the_public_form(certification):
    received = public_report(certification).events.get(action=ConcernAction.RECEIVED)
    assert received.actor is None
    assert received.system_cause == SystemCause.PUBLIC_REPORT


def test_the_staff_certificate_page_shows_the_system_job_by_name(
    client, certification, program, national_staff, ohio_trainer
):
    with at(datetime.date(2026, 6, 1)):
        conduct_publish(
            actor=national_staff,
            code=conduct_draft(actor=national_staff, program=program, title="v2", text="New."),
        )
    with at(datetime.date(2026, 7, 15)):
        run_sweep()
        client.force_login(ohio_trainer)
        url = reverse("certification:certificate_detail", args=[certification.number])
        text = client.get(url).content.decode()
    assert "System (the nightly sweep)" in text
    assert "by Trellis" not in text


# --- cascades name the person who set them off --------------------------------------------


def test_signing_that_lifts_a_suspension_names_the_signer(
    certification, program, national_staff, trainee
):
    with at(datetime.date(2026, 6, 1)):
        code = conduct_publish(
            actor=national_staff,
            code=conduct_draft(actor=national_staff, program=program, title="v2", text="New."),
        )
    with at(datetime.date(2026, 7, 15)):
        run_sweep()
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED
    with at(datetime.date(2026, 7, 16)):
        conduct_sign(actor=trainee, code=code, typed_name=trainee.full_name, agreed=True)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE
    reinstated = certification.history.get(action=CertificationAction.REINSTATE)
    assert reinstated.actor == trainee
    assert reinstated.system_cause == ""
    assert "Signed version 1" in reinstated.reason


def test_enrolling_names_the_enroller_on_the_new_home_affiliate(tree, program, trainee):
    enrollment_create(actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"])
    started = HistoryEntry.objects.get(action=HistoryAction.MEMBERSHIP_STARTED, subject=trainee)
    assert started.actor == trainee


# --- the whole demo, then the sweep: no row without its cause -----------------------------


def _carry_the_demo_concern_to_a_closed_case():
    """The demo's concern about Felix, through review to a decision nobody appeals."""
    trainer = User.objects.get(email="trainer@trellis.test")
    felix = User.objects.get(email="facilitator@trellis.test")
    concern = Concern.objects.get(subject=felix)
    concern_triage(actor=trainer, concern=concern, severity="high", owner=trainer)
    concern_review_start(actor=trainer, concern=concern)
    concern_resolve(
        actor=trainer,
        concern=concern,
        outcome=ConcernOutcome.DECERTIFICATION_CASE,
        summary="Medical advice again after coaching.",
        allegation="Advised a member to stop a medicine.",
    )
    case = DecertificationCase.objects.get(concern=concern)
    case_respond(actor=felix, case=case, response="I only shared my own experience.")
    return case_decide(
        actor=trainer,
        case=case,
        decision="decertify",
        reasons="The member's account is clear.",
        may_reenroll_on=datetime.date.today() + datetime.timedelta(days=365),
    )


def test_the_demo_and_the_sweep_leave_no_row_without_a_cause(db):
    call_command("seed_demo", stdout=io.StringIO())
    case = _carry_the_demo_concern_to_a_closed_case()
    with at(case.appeal_due_on + datetime.timedelta(days=1)):
        assert run_sweep().closed_cases == [case.pk]
    for model in HISTORY_MODELS:
        rows = list(model.objects.values_list("actor_id", "system_cause"))
        assert rows, f"the demo writes {model.__name__} rows"
        for actor_id, system_cause in rows:
            assert (actor_id is None) != (system_cause == ""), model.__name__
    system_causes = {
        cause
        for model in HISTORY_MODELS
        for cause in model.objects.exclude(system_cause="").values_list("system_cause", flat=True)
    }
    # Set-up data and the deadline are the system's; everything people did names them.
    assert system_causes == {SystemCause.SETUP, SystemCause.CASE_DEADLINE}
    closed = CaseEvent.objects.get(case=case, action=CaseAction.CLOSED)
    assert closed.system_cause == SystemCause.CASE_DEADLINE
