"""Closing an account: personal details go, sign-in ends, the program's records stay without a
name, certificates answer "no longer valid", and nobody else is touched."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from certification.models import (
    CaseEvent,
    CaseStatus,
    Certification,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    Concern,
    ConductSignature,
    DecertificationCase,
    EnrollmentStatus,
    HistoryAction,
    HistoryEntry,
    Role,
)
from curriculum.models import ModuleProgress
from lms.account_closing import CLOSED_NAME, close_account, closed_email
from lms.models import AccountClosure
from tests.certification.conftest import program  # noqa: F401  (fixture)
from tests.factories import PASSWORD, UserFactory, grant

from .privacy_data import fill_every_kind

User = get_user_model()


@pytest.fixture
def people(tree, program, national_staff):  # noqa: F811
    alice = UserFactory(full_name="Alice Moreno", email="alice@example.org")
    bob = UserFactory(full_name="Bob Lindqvist", email="bob@example.org")
    common = {
        "program": program,
        "affiliate": tree["cleveland"],
        "state": tree["ohio"],
        "staff": national_staff,
    }
    records = {
        "alice": fill_every_kind(alice, tag="ALICE", **common),
        "bob": fill_every_kind(bob, tag="BOB", **common),
    }
    return {"alice": alice, "bob": bob, "records": records, "staff": national_staff}


# --- the service ----------------------------------------------------------------------------


def test_closing_anonymizes_every_personal_field_and_ends_sign_in(people):
    alice = people["alice"]
    closure = close_account(person=alice, actor=alice, reason="Moving away")
    alice.refresh_from_db()
    assert alice.full_name == CLOSED_NAME
    assert alice.email == closed_email(alice) and alice.email.endswith(".invalid")
    assert "alice" not in alice.email.lower()
    assert alice.preferred_language == "en"
    assert not alice.is_active and not alice.has_usable_password()
    assert alice.closed_at is not None
    assert not EmailAddress.objects.filter(user=alice).exists()
    assert not EmailAddress.objects.filter(email__iexact="alice@example.org").exists()
    signature = ConductSignature.objects.get(person=alice)
    assert signature.typed_name == "" and signature.ip_address is None
    assert signature.user_agent == ""
    assert ModuleProgress.objects.get(learner=alice).scenario_responses == {}
    assert closure == AccountClosure.objects.get(person=alice)
    assert closure.closed_by == alice and closure.reason == "Moving away"
    assert closure.certificates_ended == [people["records"]["alice"]["certification"].number]


def test_closing_keeps_history_and_reported_concerns_without_identity(people):
    alice = people["alice"]
    certification = people["records"]["alice"]["certification"]
    history_before = CertificationEvent.objects.filter(certification=certification).count()
    case_events_before = CaseEvent.objects.filter(case__certification=certification).count()
    close_account(person=alice, actor=alice)
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ENDED
    assert CertificationEvent.objects.filter(certification=certification).count() == (
        history_before + 1
    )
    assert CaseEvent.objects.filter(case__certification=certification).count() == (
        case_events_before
    )
    reported = Concern.objects.get(pk=people["records"]["alice"]["reported"].pk)
    assert reported.what_happened == "REPORTED-WORDS-ALICE"
    assert (reported.reporter_name, reported.reporter_email, reported.reporter_phone) == (
        "",
        "",
        "",
    )


@pytest.mark.parametrize("status", ["active", "suspended", "on_leave"])
def test_live_certificates_end_with_their_own_status_and_the_closer_named(people, status):
    alice, staff = people["alice"], people["staff"]
    certification = people["records"]["alice"]["certification"]
    Certification.objects.filter(pk=certification.pk).update(
        status=status, leave_started_on=timezone.localdate() if status == "on_leave" else None
    )
    close_account(person=alice, actor=staff, reason="Asked by phone")
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ENDED
    event = certification.history.last()
    assert (event.action, event.from_status, event.to_status) == (
        CertificationAction.ACCOUNT_CLOSED,
        status,
        CertificationStatus.ENDED,
    )
    assert event.actor == staff and event.system_cause == ""


def test_ended_certificates_show_as_ended_on_staff_pages(client, people):
    certification = people["records"]["alice"]["certification"]
    close_account(person=people["alice"], actor=people["alice"])
    client.force_login(people["staff"])
    page = client.get(reverse("certification:certificate_detail", args=[certification.number]))
    assert "Ended: account closed" in page.content.decode()


def test_an_open_decertification_case_stops_the_closing_and_changes_nothing(people):
    alice = people["alice"]
    certification = people["records"]["alice"]["certification"]
    DecertificationCase.objects.filter(certification=certification).update(
        status=CaseStatus.APPEAL_WINDOW, final_decision="", closed_at=None
    )
    with pytest.raises(ValidationError, match="decertification case .* is still open"):
        close_account(person=alice, actor=alice)
    alice.refresh_from_db()
    certification.refresh_from_db()
    assert alice.closed_at is None and alice.full_name == "Alice Moreno"
    assert certification.status == CertificationStatus.ACTIVE
    assert not AccountClosure.objects.filter(person=alice).exists()


def test_open_enrollments_are_withdrawn_with_their_history(people):
    alice = people["alice"]
    enrollment = people["records"]["alice"]["enrollment"]
    close_account(person=alice, actor=alice)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.WITHDRAWN
    entry = HistoryEntry.objects.get(action=HistoryAction.ENROLLMENT_STATUS, subject=alice)
    assert entry.actor == alice and entry.details["reason"] == "account closed"


def test_other_people_are_untouched(people):
    bob = people["bob"]
    close_account(person=people["alice"], actor=people["alice"])
    bob.refresh_from_db()
    assert (bob.full_name, bob.email, bob.is_active) == (
        "Bob Lindqvist",
        "bob@example.org",
        True,
    )
    assert bob.check_password(PASSWORD)
    assert EmailAddress.objects.filter(user=bob, verified=True).exists()
    assert ConductSignature.objects.get(person=bob).typed_name == "TYPED-BOB"
    assert Concern.objects.get(reporter=bob).reporter_name == "REPORTER-NAME-BOB"
    assert people["records"]["bob"]["enrollment"].status == EnrollmentStatus.IN_TRAINING


def test_verification_says_no_longer_valid_without_the_name(client, people):
    certification = people["records"]["alice"]["certification"]
    url = reverse("certification:verify_number", args=[certification.number])
    assert "Alice Moreno" in client.get(url).content.decode()
    close_account(person=people["alice"], actor=people["alice"])
    page = client.get(url).content.decode()
    assert "No longer valid" in page
    assert "Alice Moreno" not in page and CLOSED_NAME not in page
    assert "Peer Mentor" in page  # the program is still verifiable


def test_a_closed_account_cannot_sign_in_and_its_sessions_end(client, people):
    alice = people["alice"]
    client.force_login(alice)
    assert client.get(reverse("dashboard")).status_code == 200
    close_account(person=alice, actor=alice)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200  # the form again, with its error
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_signing_up_again_with_the_freed_address_makes_a_new_account(client, people, mailoutbox):
    alice = people["alice"]
    close_account(person=alice, actor=alice)
    response = client.post(
        reverse("account_signup"),
        {
            "email": "alice@example.org",
            "password1": "another-long-password-77",
            "password2": "another-long-password-77",
            "full_name": "Alice Moreno",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    fresh = User.objects.get(email="alice@example.org")
    assert fresh.pk != alice.pk and fresh.closed_at is None
    assert not fresh.certifications.exists()


def test_only_the_person_or_national_staff_may_close(people, cleveland_coordinator):
    with pytest.raises(PermissionDenied):
        close_account(person=people["alice"], actor=cleveland_coordinator)
    with pytest.raises(PermissionDenied):
        close_account(person=people["alice"], actor=people["bob"])
    assert User.objects.get(pk=people["alice"].pk).closed_at is None


def test_national_staff_close_at_the_persons_request(people, national_staff):
    closure = close_account(
        person=people["alice"], actor=national_staff, reason="Asked by phone on May 2"
    )
    assert closure.closed_by == national_staff and not closure.at_own_request_in_person


def test_a_role_holder_is_refused_until_the_role_is_removed(tree, national_staff):
    coordinator = UserFactory(full_name="Carla Reyes")
    grant(coordinator, tree["cleveland"], Role.AFFILIATE_COORDINATOR)
    with pytest.raises(ValidationError, match="holds a role"):
        close_account(person=coordinator, actor=national_staff)
    coordinator.refresh_from_db()
    assert coordinator.closed_at is None and coordinator.is_active


def test_an_account_is_closed_once(people, national_staff):
    close_account(person=people["alice"], actor=national_staff)
    with pytest.raises(ValidationError, match="already closed"):
        close_account(person=people["alice"], actor=national_staff)
    assert AccountClosure.objects.filter(person=people["alice"]).count() == 1


# --- the pages ------------------------------------------------------------------------------


def test_the_close_page_restates_the_effect_and_asks_for_the_password(client, people):
    client.force_login(people["alice"])
    response = client.get(reverse("close_my_account"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Close your account?" in page
    assert "Ended: account closed" in page
    assert 'type="password"' in page and "Yes, close my account" in page
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_password_or_a_missing_confirmation_changes_nothing(client, people):
    alice = people["alice"]
    client.force_login(alice)
    url = reverse("close_my_account")
    response = client.post(url, {"password": "not-my-password", "confirmed": "yes"})
    assert response.status_code == 400
    assert "That is not your password" in response.content.decode()
    response = client.post(url, {"password": PASSWORD})  # no "Yes, …" flag
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.closed_at is None and alice.is_active


def test_closing_through_the_page_signs_the_person_out(client, people):
    alice = people["alice"]
    client.force_login(alice)
    response = client.post(reverse("close_my_account"), {"password": PASSWORD, "confirmed": "yes"})
    assert response.status_code == 302 and response["Location"] == reverse("account_closed")
    assert "_auth_user_id" not in client.session
    alice.refresh_from_db()
    assert alice.closed_at is not None
    assert "Your account is closed" in client.get(reverse("account_closed")).content.decode()


def test_the_staff_page_is_for_national_staff_only(client, people, ohio_trainer):
    url = reverse("close_account_for_person", args=[people["alice"].pk])
    client.force_login(people["bob"])
    assert client.get(url).status_code == 404
    client.force_login(ohio_trainer)
    assert client.get(url).status_code == 404


def test_national_staff_close_through_the_page_with_a_confirmation(
    client, people, national_staff, django_assert_max_num_queries
):
    alice = people["alice"]
    url = reverse("close_account_for_person", args=[alice.pk])
    client.force_login(national_staff)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
    reason = "Asked by phone on May 2"
    response = client.post(url, {"reason": reason})
    assert response.status_code == 200
    assert "Close Alice Moreno&#x27;s account?" in response.content.decode()
    alice.refresh_from_db()
    assert alice.closed_at is None  # not before "Yes, close the account"
    response = client.post(url, {"reason": reason, "confirmed": "yes"})
    assert response.status_code == 302
    closure = AccountClosure.objects.get(person=alice)
    assert closure.closed_by == national_staff and closure.reason == reason
    assert client.get(url).status_code == 404  # closed accounts are not closable again


def test_the_admins_person_page_leads_to_closing(client, people, national_staff):
    from django.contrib.auth.models import Permission

    client.force_login(national_staff)
    national_staff.user_permissions.add(*Permission.objects.filter(codename="change_user"))
    alice = people["alice"]
    edit = reverse("wagtailusers_users:edit", args=[alice.pk])
    page = client.get(edit).content.decode()
    assert reverse("close_account_for_person", args=[alice.pk]) in page
    close_account(person=alice, actor=national_staff)
    page = client.get(edit).content.decode()
    assert "This account was closed on" in page
    assert reverse("close_account_for_person", args=[alice.pk]) not in page


def test_the_admin_cannot_reopen_a_closed_account(client, people, national_staff):
    """The admin's person form is read-only once an account is closed: ticking "active" and
    setting a password changes nothing."""
    from django.contrib.auth.models import Permission

    national_staff.user_permissions.add(*Permission.objects.filter(codename="change_user"))
    client.force_login(national_staff)
    alice = people["alice"]
    close_account(person=alice, actor=national_staff)
    alice.refresh_from_db()
    closed_email_address = alice.email
    client.post(
        reverse("wagtailusers_users:edit", args=[alice.pk]),
        {
            "email": "alice@example.org",
            "full_name": "Alice Moreno",
            "preferred_language": "",
            "is_active": "on",
            "password1": "a-new-password-2026",
            "password2": "a-new-password-2026",
        },
    )
    alice.refresh_from_db()
    assert not alice.is_active
    assert not alice.has_usable_password()
    assert alice.email == closed_email_address
    assert alice.full_name == CLOSED_NAME
