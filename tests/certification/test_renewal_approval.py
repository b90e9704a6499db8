"""Renewal by request, in programs whose renewals need a trainer's approval.

Proves: the holder (and only the holder) asks once the window is open and the requirements
are met, and can no longer renew alone; one request waits at a time (in the database too);
trainers of the state and national staff, never the holder, approve (which renews, from the
old end date or from today once expired) or decline with a reason the holder is sent; the
history shows the request, the renewal or the refusal; the holder may ask again after a
refusal. The pages: "Ask for renewal" and "Waiting for a trainer's approval" on My
certificates, the request with Approve and Decline on the certificate's staff page.
"""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from certification.errors import DomainError
from certification.models import (
    CertificationAction,
    CertificationStatus,
    RenewalRequest,
    RenewalRequestStatus,
    Role,
)
from certification.services import certificates as svc
from certification.services import renewals
from certification.services.conduct import conduct_draft, conduct_publish
from curriculum.models import ProgramPage
from tests.factories import UserFactory, grant

from .conftest import issue, postgresql_only

S, A, R = CertificationStatus, CertificationAction, RenewalRequestStatus
DAY = datetime.date(2026, 3, 10)  # issued; valid through March 10, 2028
IN_WINDOW = datetime.date(2028, 1, 15)
REASON = "Complete the boundaries refresher first"


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(15)), tick=False)


@pytest.fixture
def approval_program(program):
    ProgramPage.objects.filter(pk=program.pk).update(renewal_needs_approval=True)
    program.refresh_from_db()
    return program


@pytest.fixture
def certificate(tree, approval_program, trainee):
    return issue(trainee, approval_program, tree["cleveland"], issued_on=DAY)


@pytest.fixture
def texas_trainer(tree):
    user = UserFactory(full_name="Theo Grant")
    grant(user, tree["texas"], Role.STATE_TRAINER)
    return user


@pytest.fixture
def someone(db):
    return UserFactory(full_name="Sam Other")


def ask(certificate, holder):
    with at(IN_WINDOW):
        return renewals.renewal_request(actor=holder, certification=certificate)


def test_editors_set_it_on_the_program_beside_its_validity(client, program, national_staff):
    assert program.renewal_needs_approval is False  # holders renew themselves by default
    client.force_login(national_staff)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[program.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Renewals need a trainer&#x27;s approval" in text
    assert 'name="renewal_needs_approval"' in text
    assert text.index('name="validity_months"') < text.index('name="renewal_needs_approval"')


# --- asking --------------------------------------------------------------------------------


def test_the_holder_asks_and_the_states_trainers_are_told(
    certificate, trainee, ohio_trainer, texas_trainer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(certificate, trainee)
    assert (request.status, request.requested_by, request.certification) == (
        R.PENDING,
        trainee,
        certificate,
    )
    assert (request.decided_by, request.decided_at, request.reason) == (None, None, "")
    certificate.refresh_from_db()
    assert (certificate.status, certificate.expires_on) == (S.ACTIVE, datetime.date(2028, 3, 10))
    event = certificate.history.last()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        A.RENEWAL_REQUESTED,
        S.ACTIVE,
        S.ACTIVE,
        trainee,
    )
    assert event.details == {"renewal_request": request.pk}
    [email] = mail.outbox
    assert email.to == [ohio_trainer.email]  # not the Texas trainer
    assert "Tina Walker" in email.body
    assert f"/certificates/{certificate.number}/" in email.body


def test_the_holder_can_no_longer_renew_alone(certificate, trainee):
    with at(IN_WINDOW), pytest.raises(ValidationError, match="a trainer approves each renewal"):
        renewals.certification_renew(actor=trainee, certification=certificate)
    certificate.refresh_from_db()
    assert certificate.expires_on == datetime.date(2028, 3, 10)
    assert certificate.history.count() == 1


@pytest.mark.parametrize(
    "who", ["someone", "cleveland_coordinator", "texas_trainer", "ohio_trainer", "national_staff"]
)
def test_only_the_holder_asks(certificate, request, who):
    with at(IN_WINDOW), pytest.raises(PermissionDenied):
        renewals.renewal_request(actor=request.getfixturevalue(who), certification=certificate)
    assert not RenewalRequest.objects.exists()


def test_asking_follows_the_renewal_rules(certificate, trainee, approval_program, national_staff):
    with at(datetime.date(2027, 12, 1)), pytest.raises(ValidationError, match="Renewal opens on"):
        renewals.renewal_request(actor=trainee, certification=certificate)
    conduct_publish(
        actor=national_staff,
        code=conduct_draft(
            actor=national_staff, program=approval_program, title="Code", text="Be kind."
        ),
    )
    with at(IN_WINDOW), pytest.raises(ValidationError, match="Sign the current code of conduct"):
        renewals.renewal_request(actor=trainee, certification=certificate)
    assert not RenewalRequest.objects.exists()


def test_a_suspended_certificate_cannot_be_asked_for(certificate, trainee, ohio_trainer):
    svc.certification_suspend(actor=ohio_trainer, certification=certificate, reason="r")
    with at(IN_WINDOW), pytest.raises(svc.TransitionRefused):
        renewals.renewal_request(actor=trainee, certification=certificate)


def test_a_program_without_approval_needs_no_request(tree, program, trainee):
    certificate = issue(trainee, program, tree["cleveland"], issued_on=DAY)
    with at(IN_WINDOW), pytest.raises(ValidationError, match="need no approval"):
        renewals.renewal_request(actor=trainee, certification=certificate)


def test_one_request_waits_at_a_time(certificate, trainee):
    first = ask(certificate, trainee)
    with at(IN_WINDOW), pytest.raises(ValidationError, match="already asked"):
        renewals.renewal_request(actor=trainee, certification=certificate)
    assert list(RenewalRequest.objects.all()) == [first]
    # The database holds it too, whatever code writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        RenewalRequest.objects.create(certification=certificate, requested_by=trainee)


# --- deciding ------------------------------------------------------------------------------


DECISIONS = {
    "approve": lambda actor, request: renewals.renewal_approve(
        actor=actor, renewal_request=request
    ),
    "decline": lambda actor, request: renewals.renewal_decline(
        actor=actor, renewal_request=request, reason=REASON
    ),
}


@pytest.mark.parametrize("decision", DECISIONS)
def test_who_may_decide(
    certificate,
    trainee,
    someone,
    cleveland_coordinator,
    texas_trainer,
    ohio_trainer,
    national_staff,
    decision,
):
    request = ask(certificate, trainee)
    with at(IN_WINDOW):
        for refused in (trainee, someone, cleveland_coordinator, texas_trainer, None):
            with pytest.raises(PermissionDenied):
                DECISIONS[decision](refused, request)
        request.refresh_from_db()
        assert request.status == R.PENDING
        for allowed in (ohio_trainer, national_staff):
            with transaction.atomic():
                decided = DECISIONS[decision](allowed, request)
                assert decided.decided_by == allowed
                transaction.set_rollback(True)


def test_approval_renews_from_the_old_end_and_is_recorded(
    certificate, trainee, ohio_trainer, django_capture_on_commit_callbacks
):
    request = ask(certificate, trainee)
    mail.outbox.clear()
    with at(IN_WINDOW), django_capture_on_commit_callbacks(execute=True):
        approved = renewals.renewal_approve(actor=ohio_trainer, renewal_request=request)
    assert (approved.status, approved.decided_by) == (R.APPROVED, ohio_trainer)
    assert approved.decided_at is not None
    assert approved.certification.expires_on == datetime.date(2030, 3, 10)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.expires_on) == (S.ACTIVE, datetime.date(2030, 3, 10))
    assert list(certificate.history.values_list("action", "actor")) == [
        (A.ISSUE, None),
        (A.RENEWAL_REQUESTED, trainee.pk),
        (A.RENEW, ohio_trainer.pk),
    ]
    assert certificate.history.last().details == {
        "expires_on": "2030-03-10",
        "renewal_request": request.pk,
    }
    [email] = mail.outbox
    assert email.to == [trainee.email]
    assert "March 10, 2030" in email.body
    with at(IN_WINDOW), pytest.raises(ValidationError, match="already decided: approved"):
        renewals.renewal_approve(actor=ohio_trainer, renewal_request=request)


def test_an_expired_certificate_is_renewed_by_request_from_today(
    certificate, trainee, ohio_trainer
):
    after_end = datetime.date(2028, 4, 1)
    with at(after_end):
        svc.certification_expire(certification=certificate)
        certificate.refresh_from_db()
        assert certificate.status == S.EXPIRED
        request = renewals.renewal_request(actor=trainee, certification=certificate)
        assert certificate.history.last().to_status == S.EXPIRED
        renewals.renewal_approve(actor=ohio_trainer, renewal_request=request)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.expires_on) == (S.ACTIVE, datetime.date(2030, 4, 1))


def test_a_request_that_no_longer_meets_the_rules_is_not_approved(
    certificate, trainee, ohio_trainer, national_staff, approval_program
):
    request = ask(certificate, trainee)
    conduct_publish(
        actor=national_staff,
        code=conduct_draft(
            actor=national_staff, program=approval_program, title="Code", text="Be kind."
        ),
    )
    with at(IN_WINDOW), pytest.raises(ValidationError, match="Sign the current code"):
        renewals.renewal_approve(actor=ohio_trainer, renewal_request=request)
    request.refresh_from_db()
    assert request.status == R.PENDING
    certificate.refresh_from_db()
    assert certificate.expires_on == datetime.date(2028, 3, 10)


def test_decline_needs_a_reason_tells_the_holder_and_they_may_ask_again(
    certificate, trainee, ohio_trainer, django_capture_on_commit_callbacks
):
    request = ask(certificate, trainee)
    with at(IN_WINDOW), pytest.raises(ValidationError) as refused:
        renewals.renewal_decline(actor=ohio_trainer, renewal_request=request, reason="  ")
    assert "reason" in refused.value.message_dict
    mail.outbox.clear()
    with at(IN_WINDOW), django_capture_on_commit_callbacks(execute=True):
        declined = renewals.renewal_decline(
            actor=ohio_trainer, renewal_request=request, reason=REASON
        )
    assert (declined.status, declined.reason, declined.decided_by) == (
        R.DECLINED,
        REASON,
        ohio_trainer,
    )
    certificate.refresh_from_db()
    assert (certificate.status, certificate.expires_on) == (S.ACTIVE, datetime.date(2028, 3, 10))
    event = certificate.history.last()
    assert (event.action, event.from_status, event.to_status, event.reason, event.actor) == (
        A.RENEWAL_DECLINED,
        S.ACTIVE,
        S.ACTIVE,
        REASON,
        ohio_trainer,
    )
    [email] = mail.outbox
    assert email.to == [trainee.email]
    assert REASON in email.body
    with at(IN_WINDOW), pytest.raises(ValidationError, match="already decided: declined"):
        renewals.renewal_approve(actor=ohio_trainer, renewal_request=request)

    again = ask(certificate, trainee)
    assert again.status == R.PENDING
    assert RenewalRequest.objects.count() == 2


def test_a_trainer_never_approves_their_own_renewal(tree, approval_program, ohio_trainer):
    own = issue(ohio_trainer, approval_program, tree["cleveland"], issued_on=DAY)
    request = ask(own, ohio_trainer)
    with at(IN_WINDOW), pytest.raises(PermissionDenied):
        renewals.renewal_approve(actor=ohio_trainer, renewal_request=request)


def test_a_trainers_renewal_answers_a_waiting_request(certificate, trainee, national_staff):
    request = ask(certificate, trainee)
    with at(IN_WINDOW):
        renewals.certification_renew(actor=national_staff, certification=certificate)
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (R.APPROVED, national_staff)


# --- My certificates -----------------------------------------------------------------------


def mine():
    return reverse("certification:my_certificates")


def page(certification):
    return reverse("certification:certificate_detail", args=[certification.number])


def request_url(certification):
    return reverse("certification:certificate_renewal_request", args=[certification.number])


def test_before_the_window_the_holder_is_told_a_trainer_approves(client, certificate, trainee):
    with at(datetime.date(2027, 12, 1)):
        client.force_login(trainee)
        text = client.get(mine()).content.decode()
    assert "Renewal opens on December 11, 2027" in text
    assert "In this program a trainer of your state approves each renewal." in text
    assert "Ask for renewal</button>" not in text


def test_the_holder_asks_on_my_certificates_and_waits(client, certificate, trainee):
    with at(IN_WINDOW):
        client.force_login(trainee)
        text = client.get(mine()).content.decode()
        assert ">Ask for renewal</button>" in text
        assert ">Renew</button>" not in text
        response = client.post(request_url(certificate), follow=True)
    text = response.content.decode()
    assert "You asked for renewal." in text
    assert "You asked for renewal on January 15, 2028. Waiting for a trainer's approval" in text
    assert "Ask for renewal</button>" not in text
    assert "Renewal requested" in text  # the history
    assert RenewalRequest.objects.get().status == R.PENDING

    # Asking twice (say, from a second tab) is a message, not an error.
    with at(IN_WINDOW):
        response = client.post(request_url(certificate), follow=True)
    assert response.status_code == 200
    assert "You already asked for renewal." in response.content.decode()


def test_a_forced_renewal_by_the_holder_is_refused_with_a_message(client, certificate, trainee):
    with at(IN_WINDOW):
        client.force_login(trainee)
        response = client.post(
            reverse("certification:certificate_renew", args=[certificate.number]), follow=True
        )
    assert response.status_code == 200
    assert "In this program a trainer approves each renewal." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.expires_on == datetime.date(2028, 3, 10)


def test_only_the_holder_posts_a_request(client, certificate, ohio_trainer):
    with at(IN_WINDOW):
        client.force_login(ohio_trainer)
        assert client.post(request_url(certificate)).status_code == 404
        assert client.get(request_url(certificate)).status_code == 405
    assert not RenewalRequest.objects.exists()


# --- the staff page ------------------------------------------------------------------------


def test_the_trainer_approves_on_the_certificate_page(client, certificate, trainee, ohio_trainer):
    request = ask(certificate, trainee)
    with at(IN_WINDOW):
        client.force_login(ohio_trainer)
        text = client.get(page(certificate)).content.decode()
        assert "Renewal request" in text
        assert "Tina Walker asked on January 15, 2028 to renew this certificate." in text
        assert "it will be valid through March 10, 2030" in text
        assert '">Approve renewal</h3>' in text and '">Decline renewal</h3>' in text
        assert f'name="approve_renewal-request" value="{request.pk}"' in text
        response = client.post(
            page(certificate),
            {"action": "approve_renewal", "approve_renewal-request": request.pk},
            follow=True,
        )
    text = response.content.decode()
    assert "The renewal is approved. The certificate is now valid through March 10, 2030." in text
    assert "Renewal requested" in text
    assert "Renewal request approved; now valid through March 10, 2030." in text
    assert "Approve renewal</h3>" not in text
    certificate.refresh_from_db()
    assert certificate.expires_on == datetime.date(2030, 3, 10)


def test_the_trainer_declines_with_a_reason_and_the_holder_reads_it(
    client, certificate, trainee, ohio_trainer
):
    request = ask(certificate, trainee)
    with at(IN_WINDOW):
        client.force_login(ohio_trainer)
        response = client.post(
            page(certificate),
            {"action": "decline_renewal", "decline_renewal-request": request.pk},
        )
        assert response.status_code == 400
        assert "Give a reason. It is kept in the history." in response.content.decode()
        response = client.post(
            page(certificate),
            {
                "action": "decline_renewal",
                "decline_renewal-request": request.pk,
                "decline_renewal-reason": REASON,
            },
            follow=True,
        )
        text = response.content.decode()
        assert "The renewal request is declined." in text
        assert "Renewal declined" in text and REASON in text
        client.force_login(trainee)
        text = client.get(mine()).content.decode()
    assert REASON in text
    assert ">Ask for renewal</button>" in text  # they may ask again
    request.refresh_from_db()
    assert request.status == R.DECLINED


def test_a_page_opened_before_a_decision_does_not_decide_again(
    client, certificate, trainee, ohio_trainer, national_staff
):
    request = ask(certificate, trainee)
    with at(IN_WINDOW):
        renewals.renewal_decline(actor=national_staff, renewal_request=request, reason=REASON)
        newer = renewals.renewal_request(actor=trainee, certification=certificate)
        client.force_login(ohio_trainer)
        response = client.post(
            page(certificate),
            {"action": "approve_renewal", "approve_renewal-request": request.pk},
            follow=True,
        )
    assert "This renewal request was already decided: declined." in response.content.decode()
    newer.refresh_from_db()
    assert newer.status == R.PENDING


def test_what_stops_the_renewal_is_shown_and_approve_is_not_offered(
    client, certificate, trainee, ohio_trainer, national_staff, approval_program
):
    ask(certificate, trainee)
    conduct_publish(
        actor=national_staff,
        code=conduct_draft(
            actor=national_staff, program=approval_program, title="Code", text="Be kind."
        ),
    )
    with at(IN_WINDOW):
        client.force_login(ohio_trainer)
        text = client.get(page(certificate)).content.decode()
    assert "It cannot be renewed yet:" in text
    assert "<li>Sign the current code of conduct.</li>" in text
    assert '">Approve renewal</h3>' not in text
    assert '">Decline renewal</h3>' in text


def test_coordinators_see_the_request_but_do_not_decide(
    client, certificate, trainee, cleveland_coordinator
):
    request = ask(certificate, trainee)
    with at(IN_WINDOW):
        client.force_login(cleveland_coordinator)
        text = client.get(page(certificate)).content.decode()
        assert "Renewal request" in text and "Waiting for a trainer&#x27;s approval." in text
        assert "Approve renewal" not in text
        response = client.post(
            page(certificate),
            {"action": "approve_renewal", "approve_renewal-request": request.pk},
        )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == R.PENDING


def test_trainers_of_another_state_do_not_see_it(client, certificate, trainee, texas_trainer):
    request = ask(certificate, trainee)
    with at(IN_WINDOW):
        client.force_login(texas_trainer)
        response = client.post(
            page(certificate),
            {"action": "approve_renewal", "approve_renewal-request": request.pk},
        )
    assert response.status_code == 404


# --- query budgets -------------------------------------------------------------------------


def test_pages_with_a_waiting_request_stay_within_budget(
    client, certificate, trainee, ohio_trainer, django_assert_max_num_queries
):
    ask(certificate, trainee)
    with at(IN_WINDOW):
        client.force_login(trainee)
        with django_assert_max_num_queries(12):
            assert client.get(mine()).status_code == 200
        client.force_login(ohio_trainer)
        with django_assert_max_num_queries(16):
            assert client.get(page(certificate)).status_code == 200


# --- at the same moment (PostgreSQL) -------------------------------------------------------


def _at_once(*calls):
    """Run each call in its own thread and connection, released together; their errors."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            with at(IN_WINDOW):
                barrier.wait()
                call()
        except Exception as error:  # noqa: BLE001 - returned to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_asking_twice_at_once_makes_one_request(certificate, trainee):
    def asking():
        renewals.renewal_request(actor=trainee, certification=certificate)

    errors = _at_once(asking, asking)
    assert [type(error) for error in errors] == [DomainError]
    assert RenewalRequest.objects.filter(status=R.PENDING).count() == 1
    assert certificate.history.filter(action=A.RENEWAL_REQUESTED).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgresql_only
def test_approving_and_declining_at_once_decide_once(
    certificate, trainee, ohio_trainer, national_staff
):
    request = ask(certificate, trainee)
    errors = _at_once(
        lambda: renewals.renewal_approve(actor=ohio_trainer, renewal_request=request),
        lambda: renewals.renewal_decline(
            actor=national_staff, renewal_request=request, reason=REASON
        ),
    )
    assert len(errors) == 1 and "already decided" in str(errors[0])
    request.refresh_from_db()
    certificate.refresh_from_db()
    decided = certificate.history.filter(action__in=[A.RENEW, A.RENEWAL_DECLINED])
    assert decided.count() == 1
    renewed = request.status == R.APPROVED
    assert certificate.expires_on == (
        datetime.date(2030, 3, 10) if renewed else datetime.date(2028, 3, 10)
    )
