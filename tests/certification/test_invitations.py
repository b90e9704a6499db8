"""Invitations after they are sent: a coordinator sends one again or withdraws it, and the
invitation's page says where it stands, to the invited person signed in or not.

Proves: only people who may invite to the affiliate may resend or withdraw; sending again
mails the same link, at most once every few minutes, and writes history; a withdrawn link
says so and cannot be accepted; an accepted invitation cannot be withdrawn; the address may
be invited again after a withdrawal; the enrollments page offers both actions with a query
count that does not grow with the rows; the dashboard lists invitations waiting for the
person.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from certification.models import (
    Enrollment,
    EnrollmentInvitation,
    HistoryAction,
    HistoryEntry,
    Role,
)
from certification.services.enrollments import enrollment_invite, invitation_accept
from certification.services.invitations import (
    RESEND_INTERVAL,
    invitation_resend,
    invitation_withdraw,
)
from tests.factories import UserFactory, grant

INVITED = "rosa@example.org"


@pytest.fixture
def invitation(tree, program, cleveland_coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return enrollment_invite(
            actor=cleveland_coordinator, email=INVITED, program=program, affiliate=tree["cleveland"]
        )


def sent_a_while_ago(invitation):
    EnrollmentInvitation.objects.filter(pk=invitation.pk).update(
        last_sent_at=timezone.now() - RESEND_INTERVAL - timedelta(seconds=1)
    )
    invitation.refresh_from_db()


def invitation_path(message):
    return re.search(r"https?://[^/\s]+(/enroll/invitations/[0-9a-f-]+/)", message.body).group(1)


# --- services ------------------------------------------------------------------------------


def test_sending_again_mails_the_same_link_and_is_recorded(
    invitation, cleveland_coordinator, django_capture_on_commit_callbacks
):
    first = mail.outbox[-1]
    assert invitation.last_sent_at is not None
    sent_a_while_ago(invitation)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(actor=cleveland_coordinator, invitation=invitation)
    assert len(mail.outbox) == 2
    again = mail.outbox[-1]
    assert again.to == [INVITED]
    assert again.subject == first.subject
    assert invitation_path(again) == invitation_path(first)
    invitation.refresh_from_db()
    assert timezone.now() - invitation.last_sent_at < timedelta(seconds=30)
    entry = HistoryEntry.objects.get(action=HistoryAction.INVITATION_RESENT)
    assert entry.actor == cleveland_coordinator
    assert entry.organization == invitation.affiliate
    assert entry.details["invitation_id"] == invitation.pk


def test_sending_again_waits_a_few_minutes(invitation, cleveland_coordinator):
    with pytest.raises(ValidationError, match=r"You can send it again in 5 minutes"):
        invitation_resend(actor=cleveland_coordinator, invitation=invitation)
    assert len(mail.outbox) == 1
    assert not HistoryEntry.objects.filter(action=HistoryAction.INVITATION_RESENT).exists()


def test_only_people_who_may_invite_there_resend_or_withdraw(tree, invitation, trainee):
    columbus_coordinator = UserFactory()
    grant(columbus_coordinator, tree["columbus"], Role.AFFILIATE_COORDINATOR)
    sent_a_while_ago(invitation)
    for outsider in (trainee, columbus_coordinator):
        with pytest.raises(PermissionDenied):
            invitation_resend(actor=outsider, invitation=invitation)
        with pytest.raises(PermissionDenied):
            invitation_withdraw(actor=outsider, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None


def test_a_state_trainer_may_withdraw_in_their_state(invitation, ohio_trainer):
    invitation_withdraw(actor=ohio_trainer, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.withdrawn_by == ohio_trainer


def test_withdrawing_stops_the_link_and_the_address_may_be_invited_again(
    tree, program, invitation, cleveland_coordinator
):
    invitation_withdraw(actor=cleveland_coordinator, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert invitation.withdrawn_by == cleveland_coordinator
    entry = HistoryEntry.objects.get(action=HistoryAction.INVITATION_WITHDRAWN)
    assert entry.actor == cleveland_coordinator
    assert entry.details["email"] == INVITED

    person = UserFactory(email=INVITED)
    with pytest.raises(ValidationError, match="This invitation was withdrawn. Ask your"):
        invitation_accept(actor=person, invitation=invitation)
    assert not Enrollment.objects.exists()
    with pytest.raises(ValidationError, match="already withdrawn"):
        invitation_withdraw(actor=cleveland_coordinator, invitation=invitation)
    sent_a_while_ago(invitation)
    with pytest.raises(ValidationError, match="withdrawn"):
        invitation_resend(actor=cleveland_coordinator, invitation=invitation)

    again = enrollment_invite(
        actor=cleveland_coordinator,
        email=INVITED.upper(),
        program=program,
        affiliate=tree["cleveland"],
    )
    assert again.pk != invitation.pk
    assert invitation_accept(actor=person, invitation=again).person == person


def test_an_accepted_invitation_cannot_be_withdrawn_or_sent_again(
    invitation, cleveland_coordinator
):
    person = UserFactory(email=INVITED)
    invitation_accept(actor=person, invitation=invitation)
    with pytest.raises(ValidationError, match="already accepted, so it cannot be withdrawn"):
        invitation_withdraw(actor=cleveland_coordinator, invitation=invitation)
    sent_a_while_ago(invitation)
    with pytest.raises(ValidationError, match="already accepted"):
        invitation_resend(actor=cleveland_coordinator, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None


# --- the invitation's page -----------------------------------------------------------------


def page(client, invitation):
    return client.get(reverse("certification:invitation_accept", args=[invitation.token]))


def test_signed_out_the_page_asks_to_create_an_account_with_the_address_filled_in(
    client, invitation
):
    response = page(client, invitation)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Create an account to accept this invitation" in content
    assert "Carla Reyes of Cleveland Peer Support invites you to train in" in content
    path = reverse("certification:invitation_accept", args=[invitation.token])
    signup = re.search(r'href="(/accounts/signup/\?[^"]+)"', content).group(1)
    assert "email=rosa%40example.org" in signup
    assert f"next={path.replace('/', '%2F')}" in signup
    assert f'href="/accounts/login/?next={path.replace("/", "%2F")}"' in content
    assert "Accept and enroll" not in content
    # Posting signed out leads to sign-in, and back.
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Enrollment.objects.exists()


def test_the_page_for_the_invited_person_and_for_someone_else(client, invitation):
    client.force_login(UserFactory(email="someone.else@example.org"))
    content = page(client, invitation).content.decode()
    assert "but you are signed in as someone.else@example.org" in content
    assert "Accept and enroll" not in content

    client.force_login(UserFactory(email=INVITED))
    content = page(client, invitation).content.decode()
    assert "Accept and enroll" in content
    assert "Create an account" not in content.split("<main")[1]


def test_an_accepted_invitation_says_so(client, invitation):
    person = UserFactory(email=INVITED)
    invitation_accept(actor=person, invitation=invitation)
    content = page(client, invitation).content.decode()
    assert "This invitation was already accepted." in content
    assert "Create an account to accept" not in content
    client.force_login(person)
    content = page(client, invitation).content.decode()
    assert "This invitation was already accepted." in content
    assert "See your enrollments" in content


def test_a_withdrawn_invitation_says_so_signed_in_or_not(client, invitation, cleveland_coordinator):
    invitation_withdraw(actor=cleveland_coordinator, invitation=invitation)
    content = page(client, invitation).content.decode()
    assert "This invitation was withdrawn. Ask your coordinator." in content
    assert "Create an account to accept" not in content
    client.force_login(UserFactory(email=INVITED))
    content = page(client, invitation).content.decode()
    assert "This invitation was withdrawn. Ask your coordinator." in content
    assert "Accept and enroll" not in content
    response = client.post(
        reverse("certification:invitation_accept", args=[invitation.token]), follow=True
    )
    assert "This invitation was withdrawn. Ask your coordinator." in response.content.decode()
    assert not Enrollment.objects.exists()


# --- the organization's enrollments page ---------------------------------------------------


def enrollments_url(organization):
    return reverse("certification:organization_enrollments", args=[organization.slug])


def test_coordinator_sends_again_and_withdraws_from_the_enrollments_page(
    client, tree, invitation, cleveland_coordinator, django_capture_on_commit_callbacks
):
    client.force_login(cleveland_coordinator)
    content = client.get(enrollments_url(tree["cleveland"])).content.decode()
    assert "Send again" in content and "Withdraw" in content
    resend = reverse(
        "certification:invitation_resend", args=[tree["cleveland"].slug, invitation.pk]
    )
    withdraw = reverse(
        "certification:invitation_withdraw", args=[tree["cleveland"].slug, invitation.pk]
    )
    assert client.get(resend).status_code == 405

    too_soon = client.post(resend, follow=True).content.decode()
    assert "You can send it again in 5 minutes." in too_soon

    sent_a_while_ago(invitation)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(resend, follow=True).content.decode()
    assert "Invitation sent again to rosa@example.org." in sent
    assert len(mail.outbox) == 2

    withdrawn = client.post(withdraw, follow=True).content.decode()
    assert "The invitation to rosa@example.org is withdrawn." in withdrawn
    assert "Invitations not accepted yet" not in withdrawn


def test_other_affiliates_cannot_reach_the_invitation(client, tree, invitation):
    columbus_coordinator = UserFactory()
    grant(columbus_coordinator, tree["columbus"], Role.AFFILIATE_COORDINATOR)
    client.force_login(columbus_coordinator)
    for name in ("certification:invitation_resend", "certification:invitation_withdraw"):
        for slug in (tree["cleveland"].slug, tree["columbus"].slug):
            assert client.post(reverse(name, args=[slug, invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None


@pytest.mark.parametrize("count", [1, 6])
def test_enrollments_page_queries_do_not_grow_with_invitations(
    client, tree, program, cleveland_coordinator, count, django_assert_max_num_queries
):
    for number in range(count):
        enrollment_invite(
            actor=cleveland_coordinator,
            email=f"person{number}@example.net",
            program=program,
            affiliate=tree["cleveland"],
        )
    client.force_login(cleveland_coordinator)
    with django_assert_max_num_queries(14):
        content = client.get(enrollments_url(tree["cleveland"])).content.decode()
    assert content.count(">Send again<") == count


def test_the_dashboard_lists_invitations_waiting_for_the_person(
    client, invitation, cleveland_coordinator
):
    person = UserFactory(email="rosa.home@example.org")
    person.emailaddress_set.create(email=INVITED, verified=True, primary=False)
    client.force_login(person)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Invitations waiting for you" in content
    path = reverse("certification:invitation_accept", args=[invitation.token])
    assert f'href="{path}"' in content
    invitation_withdraw(actor=cleveland_coordinator, invitation=invitation)
    assert "Invitations waiting for you" not in client.get(reverse("dashboard")).content.decode()
