"""Enrollment: a trainee enrolls under an affiliate; coordinators see their affiliate's
enrollments and invite by email; accepting an invitation enrolls the person."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from certification import permissions
from certification.models import (
    Enrollment,
    EnrollmentInvitation,
    EnrollmentStatus,
    HistoryAction,
    HistoryEntry,
    Membership,
)
from certification.services.enrollments import (
    enrollment_create,
    enrollment_invite,
    invitation_accept,
)
from tests.factories import UserFactory, decertify_through_case


def test_trainee_enrolls_and_gets_a_home_affiliate_and_an_email(
    tree, program, trainee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrollment_create(
            actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"]
        )
    assert enrollment.status == EnrollmentStatus.IN_TRAINING
    assert Membership.objects.get(user=trainee).affiliate == tree["cleveland"]
    assert HistoryEntry.objects.filter(action=HistoryAction.ENROLLED, subject=trainee).exists()
    assert mail.outbox[-1].to == [trainee.email]
    assert "You are enrolled in Peer Mentor" in mail.outbox[-1].subject


def test_one_open_enrollment_per_program(tree, program, trainee):
    enrollment_create(actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"])
    with pytest.raises(ValidationError, match="already enrolled"):
        enrollment_create(actor=trainee, person=trainee, program=program, affiliate=tree["austin"])
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(
            person=trainee,
            program=program,
            affiliate=tree["austin"],
            enrolled_at=now,
            status_changed_at=now,
        )


def test_inactive_affiliates_and_unpublished_programs_are_refused(tree, program, trainee):
    tree["columbus"].is_active = False
    tree["columbus"].save()
    with pytest.raises(ValidationError, match="not taking new trainees"):
        enrollment_create(
            actor=trainee, person=trainee, program=program, affiliate=tree["columbus"]
        )
    with pytest.raises(ValidationError, match="Choose an affiliate"):
        enrollment_create(actor=trainee, person=trainee, program=program, affiliate=tree["ohio"])
    program.unpublish()
    with pytest.raises(ValidationError, match="open for training"):
        enrollment_create(actor=trainee, person=trainee, program=program, affiliate=tree["austin"])
    assert not Enrollment.objects.exists()


def test_staff_enroll_others_only_where_they_have_authority(
    tree, program, trainee, cleveland_coordinator
):
    enrollment_create(
        actor=cleveland_coordinator, person=trainee, program=program, affiliate=tree["cleveland"]
    )
    with pytest.raises(PermissionDenied):
        enrollment_create(
            actor=cleveland_coordinator,
            person=UserFactory(),
            program=program,
            affiliate=tree["columbus"],
        )


def test_enrollments_are_visible_to_the_person_and_the_affiliate_chain(
    tree, program, trainee, cleveland_coordinator, ohio_trainer
):
    enrollment = enrollment_create(
        actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"]
    )
    other_coordinator = UserFactory()
    from tests.factories import grant

    grant(other_coordinator, tree["columbus"], "affiliate_coordinator")
    texas_trainer = UserFactory()
    grant(texas_trainer, tree["texas"], "state_trainer")
    for user, sees in [
        (trainee, True),
        (cleveland_coordinator, True),
        (ohio_trainer, True),
        (other_coordinator, False),
        (texas_trainer, False),
    ]:
        assert permissions.can_view_enrollment(user, enrollment) is sees
        assert permissions.enrollments_visible_to(user).filter(pk=enrollment.pk).exists() is sees


def test_invitation_by_email_then_accepting_enrolls(
    client, tree, program, cleveland_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = enrollment_invite(
            actor=cleveland_coordinator,
            email="New.Person@example.org",
            program=program,
            affiliate=tree["cleveland"],
        )
    message = mail.outbox[-1]
    assert message.to == ["New.Person@example.org"]
    path = re.search(r"(/enroll/invitations/[0-9a-f-]+/)", message.body).group(1)

    person = UserFactory(email="new.person@example.org")
    client.force_login(person)
    page = client.get(path)
    assert "Cleveland Peer Support" in page.content.decode()
    response = client.post(path, follow=True)
    assert "You are enrolled in Peer Mentor with Cleveland Peer Support." in (
        response.content.decode()
    )
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.enrollment.person == person


def test_an_invitation_is_only_for_its_address(client, tree, program, cleveland_coordinator):
    invitation = enrollment_invite(
        actor=cleveland_coordinator,
        email="a@example.org",
        program=program,
        affiliate=tree["cleveland"],
    )
    stranger = UserFactory(email="b@example.org")
    with pytest.raises(PermissionDenied):
        invitation_accept(actor=stranger, invitation=invitation)
    assert not Enrollment.objects.exists()


def test_only_staff_of_the_affiliate_invite_and_twice_is_refused(
    tree, program, cleveland_coordinator, trainee
):
    with pytest.raises(PermissionDenied):
        enrollment_invite(
            actor=trainee, email="x@example.org", program=program, affiliate=tree["cleveland"]
        )
    with pytest.raises(PermissionDenied):
        enrollment_invite(
            actor=cleveland_coordinator,
            email="x@example.org",
            program=program,
            affiliate=tree["columbus"],
        )
    enrollment_invite(
        actor=cleveland_coordinator,
        email="x@example.org",
        program=program,
        affiliate=tree["cleveland"],
    )
    with pytest.raises(ValidationError, match="already has an invitation"):
        enrollment_invite(
            actor=cleveland_coordinator,
            email="X@example.org",
            program=program,
            affiliate=tree["cleveland"],
        )
    assert EnrollmentInvitation.objects.count() == 1


def test_enroll_page(client, tree, program, trainee):
    client.force_login(trainee)
    url = reverse("certification:enroll")
    assert "You are not enrolled in a program yet." in client.get(url).content.decode()
    missing = client.post(url, {"program": program.pk})
    assert missing.status_code == 400
    assert "This field is required." in missing.content.decode()
    done = client.post(url, {"program": program.pk, "affiliate": tree["cleveland"].pk}, follow=True)
    content = done.content.decode()
    assert "You are enrolled in Peer Mentor. Your dashboard shows your next steps." in content
    assert "In training" in content
    # The page leads on to the checklist, so a new trainee is never left without a next step.
    assert f'href="{reverse("dashboard")}">See your next steps</a>' in content
    again = client.post(url, {"program": program.pk, "affiliate": tree["cleveland"].pk})
    assert again.status_code == 400
    assert "already enrolled in Peer Mentor" in again.content.decode()


def test_coordinator_page_lists_enrollments_and_invites(
    client, tree, program, trainee, cleveland_coordinator, django_assert_max_num_queries
):
    enrollment_create(actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"])
    client.force_login(cleveland_coordinator)
    url = reverse("certification:organization_enrollments", args=[tree["cleveland"].slug])
    with django_assert_max_num_queries(10):
        content = client.get(url).content.decode()
    assert "Tina Walker" in content
    response = client.post(url, {"email": "friend@example.org", "program": program.pk}, follow=True)
    assert "Invitation sent to friend@example.org." in response.content.decode()
    assert "friend@example.org" in response.content.decode()
    assert (
        client.get(
            reverse("certification:organization_enrollments", args=[tree["columbus"].slug])
        ).status_code
        == 404
    )


def test_state_trainer_sees_the_whole_state_but_invites_only_on_an_affiliate(
    client, tree, program, trainee, ohio_trainer
):
    enrollment_create(actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"])
    client.force_login(ohio_trainer)
    url = reverse("certification:organization_enrollments", args=[tree["ohio"].slug])
    content = client.get(url).content.decode()
    assert "Tina Walker" in content and "Cleveland Peer Support" in content
    assert "Invite a trainee" not in content
    assert client.post(url, {"email": "a@example.org", "program": program.pk}).status_code == 403


def test_no_email_leaves_when_the_change_is_rolled_back(
    tree, program, trainee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                enrollment_create(
                    actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"]
                )
                raise RuntimeError("something later failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    assert not Enrollment.objects.exists()


def test_enrolling_again_waits_for_the_return_date(tree, program, trainee, ohio_trainer):
    import datetime

    from .conftest import issue

    certification = issue(trainee, program, tree["cleveland"])
    Enrollment.objects.filter(pk=certification.enrollment_id).update(status="certified")
    return_on = timezone.localdate() + datetime.timedelta(days=200)
    decertify_through_case(
        certification,
        actor=ohio_trainer,
        reason="Repeated advice on doses.",
        may_reenroll_on=return_on,
    )
    with pytest.raises(ValidationError, match="You may enroll in Peer Mentor again from"):
        enrollment_create(
            actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"]
        )
    import time_machine

    with time_machine.travel(return_on + datetime.timedelta(days=1)):
        enrollment_create(
            actor=trainee, person=trainee, program=program, affiliate=tree["cleveland"]
        )
