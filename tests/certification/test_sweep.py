"""The sweep with time travel: expiry, reminders 90/30/7 days ahead (each once), suspension
for an unsigned code of conduct and reinstatement on signing; idempotent and race-safe."""

import datetime
import threading
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from certification.models import Certification, CertificationStatus, ExpiryReminder
from certification.services.conduct import conduct_draft, conduct_publish, conduct_sign
from certification.services.sweep import CONDUCT_NOT_SIGNED, reminder_due, run_sweep

from .conftest import issue, postgresql_only

ISSUED = datetime.date(2026, 1, 15)  # valid through 2028-01-15 (24 months)


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(6)), tick=False)


def sweep_on(day, capture):
    with at(day), capture(execute=True):
        out = StringIO()
        call_command("certification_sweep", stdout=out)
    return out.getvalue()


@pytest.fixture
def certification(tree, program, trainee):
    with at(ISSUED):
        return issue(trainee, program, tree["cleveland"])


def test_reminder_thresholds():
    assert [reminder_due(d) for d in (120, 90, 60, 30, 29, 8, 7, 0, -1)] == [
        None,
        90,
        90,
        30,
        30,
        30,
        7,
        7,
        None,
    ]


def test_each_reminder_is_sent_once(certification, django_capture_on_commit_callbacks):
    end = certification.expires_on
    mail.outbox.clear()
    for days_before in range(100, 0, -1):  # one sweep a day for 100 days, some days twice
        sweep_on(end - datetime.timedelta(days=days_before), django_capture_on_commit_callbacks)
        if days_before % 10 == 0:
            sweep_on(end - datetime.timedelta(days=days_before), django_capture_on_commit_callbacks)
    reminders = [m for m in mail.outbox if "ends on" in m.subject]
    assert len(reminders) == 3
    assert sorted(
        ExpiryReminder.objects.filter(certification=certification).values_list(
            "days_before", flat=True
        )
    ) == [7, 30, 90]


def test_a_missed_day_still_sends_the_nearest_reminder_only(
    certification, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    sweep_on(
        certification.expires_on - datetime.timedelta(days=20), django_capture_on_commit_callbacks
    )
    assert [r.days_before for r in ExpiryReminder.objects.all()] == [30]
    assert len(mail.outbox) == 1


def test_expiry_after_the_date_passes(certification, django_capture_on_commit_callbacks):
    output = sweep_on(certification.expires_on, django_capture_on_commit_callbacks)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE  # valid through its last day
    output = sweep_on(
        certification.expires_on + datetime.timedelta(days=1), django_capture_on_commit_callbacks
    )
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.EXPIRED
    assert "1 expired" in output
    assert certification.history.last().actor is None
    output = sweep_on(
        certification.expires_on + datetime.timedelta(days=1), django_capture_on_commit_callbacks
    )
    assert "0 expired" in output
    assert certification.history.count() == 2


def test_unsigned_code_suspends_after_grace_and_signing_restores(
    certification, program, national_staff, trainee, django_capture_on_commit_callbacks
):
    published_on = datetime.date(2026, 6, 1)
    mail.outbox.clear()
    with at(published_on), django_capture_on_commit_callbacks(execute=True):
        code = conduct_publish(
            actor=national_staff,
            code=conduct_draft(actor=national_staff, program=program, title="v2", text="New text."),
        )
    assert mail.outbox[-1].to == [trainee.email]
    assert "Please sign the new code of conduct" in mail.outbox[-1].subject

    sweep_on(published_on + datetime.timedelta(days=29), django_capture_on_commit_callbacks)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE

    output = sweep_on(
        published_on + datetime.timedelta(days=31), django_capture_on_commit_callbacks
    )
    certification.refresh_from_db()
    assert "1 suspended" in output
    assert certification.status == CertificationStatus.SUSPENDED
    assert certification.history.last().reason == CONDUCT_NOT_SIGNED

    with at(published_on + datetime.timedelta(days=32)):
        conduct_sign(actor=trainee, code=code, typed_name=trainee.full_name, agreed=True)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE
    assert certification.suspended_for_conduct is None
    assert "Signed version 1" in certification.history.last().reason


def test_facilitator_dashboard_shows_the_signing_deadline(
    client, certification, program, national_staff, trainee
):
    with at(datetime.date(2026, 6, 1)):
        conduct_publish(
            actor=national_staff,
            code=conduct_draft(actor=national_staff, program=program, title="v2", text="New."),
        )
    client.force_login(trainee)
    content = client.get("/dashboard/").content.decode()
    assert "Sign by July 1, 2026 to keep your certification active." in content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_two_sweeps_at_once_send_one_reminder_and_expire_once(tree, program, trainee):
    with at(ISSUED):
        expiring = issue(trainee, program, tree["cleveland"])
        from tests.factories import UserFactory

        reminded = issue(UserFactory(), program, tree["cleveland"])
    Certification.objects.filter(pk=expiring.pk).update(expires_on=datetime.date(2027, 12, 1))
    barrier = threading.Barrier(2)
    reports = []

    def sweep():
        try:
            with at(datetime.date(2027, 12, 20)):
                barrier.wait()
                reports.append(run_sweep())
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(len(r.expired) for r in reports) == 1
    assert sum(len(r.reminded) for r in reports) == 1
    assert ExpiryReminder.objects.filter(certification=reminded).count() == 1
    assert expiring.history.filter(action="expire").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_the_sweep_racing_a_renewal_leaves_a_consistent_state(tree, program, trainee):
    """Whichever wins, the holder ends up renewed and the history is one unbroken chain."""
    from certification.services.renewals import certification_renew

    with at(ISSUED):
        certification = issue(trainee, program, tree["cleveland"])
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            with at(datetime.date(2028, 1, 16)):
                barrier.wait()
                run_sweep()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def renew():
        try:
            with at(datetime.date(2028, 1, 16)):
                barrier.wait()
                certification_renew(actor=trainee, certification=certification)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep), threading.Thread(target=renew)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE
    assert certification.expires_on in (datetime.date(2030, 1, 15), datetime.date(2030, 1, 16))
    events = list(certification.history.order_by("created_at", "id"))
    assert events[-1].action == "renew"
    for before, after in zip(events, events[1:], strict=False):
        assert after.from_status == before.to_status


def test_the_sweep_reports_unappealed_cases_closed(db, django_capture_on_commit_callbacks):
    output = sweep_on(datetime.date(2027, 1, 4), django_capture_on_commit_callbacks)
    assert "0 decertification cases closed unappealed" in output


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_two_sweeps_at_once_close_an_unappealed_case_once(tree, program, trainee, ohio_trainer):
    from certification.models import CaseStatus, Concern
    from certification.services.fidelity.cases import case_decide, case_open

    with at(ISSUED):
        certification = issue(trainee, program, tree["cleveland"])
        concern = Concern.objects.create(
            certification=certification,
            subject=trainee,
            affiliate=tree["cleveland"],
            program=program,
            category="boundaries",
            what_happened="Lent a member money.",
            setting="one_to_one",
            status="under_review",
            severity="high",
            owner=ohio_trainer,
        )
        case = case_open(actor=ohio_trainer, concern=concern, allegation="Boundaries.")
    with at(datetime.date(2026, 3, 1)):  # the 30-day response window has closed
        case = case_decide(
            actor=ohio_trainer,
            case=case,
            decision="decertify",
            reasons="Repeated boundary crossings.",
            may_reenroll_on=datetime.date(2027, 3, 1),
        )
    barrier = threading.Barrier(2)
    reports = []

    def sweep():
        try:
            with at(case.appeal_due_on + datetime.timedelta(days=1)):
                barrier.wait()
                reports.append(run_sweep())
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(len(r.closed_cases) for r in reports) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.events.filter(action="closed").count() == 1
    assert certification.history.filter(action="decertify").count() == 1


@pytest.mark.parametrize("needs_approval", [False, True])
def test_a_reminder_says_when_a_trainer_approves_renewals(
    certification, program, django_capture_on_commit_callbacks, needs_approval
):
    program.renewal_needs_approval = needs_approval
    program.save()
    mail.outbox.clear()
    sweep_on(
        certification.expires_on - datetime.timedelta(days=90), django_capture_on_commit_callbacks
    )
    (reminder,) = [m for m in mail.outbox if "ends on" in m.subject]
    assert ("a trainer approves each renewal" in reminder.body) == needs_approval
